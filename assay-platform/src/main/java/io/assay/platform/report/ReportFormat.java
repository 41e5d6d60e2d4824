package io.assay.platform.report;

import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The forms an analysis report is rendered in, each with its file extension and media type. */
public enum ReportFormat {
    /** One self-contained page with interactive charts that works offline. */
    HTML("html", "text/html; charset=utf-8"),
    /** The full result as JSON, described by {@code analysis-result.schema.json}. */
    JSON("json", "application/json"),
    /** A workbook with one sheet per section. */
    XLSX("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    /** A short summary for terminals and README files. */
    MARKDOWN("md", "text/markdown; charset=utf-8"),
    /** A document to print or send: the report's sections with its charts as images, fonts embedded. */
    PDF("pdf", "application/pdf");

    private final String extension;
    private final String mediaType;

    ReportFormat(String extension, String mediaType) {
        this.extension = extension;
        this.mediaType = mediaType;
    }

    /** The file extension without its dot: {@code html}, {@code json}, {@code xlsx}, {@code md}, {@code pdf}. */
    public String extension() {
        return extension;
    }

    /**
     * Whether an analysis run writes this format with its result; the others (PDF, which takes a while to lay out) are made
     * from the kept result the first time they are asked for.
     */
    public boolean writtenWithRun() {
        return this != PDF;
    }

    /** The media type to send the report with. */
    public String mediaType() {
        return mediaType;
    }

    /**
     * The format a file name asks for by its extension (case-insensitive).
     *
     * @throws AssayException INVALID_INPUT, detail {@code parameter=out}, when the extension is none of ours
     */
    public static ReportFormat fromFileName(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        for (ReportFormat format : values()) {
            if (lower.endsWith("." + format.extension)) {
                return format;
            }
        }
        throw AssayException.of(ErrorCode.INVALID_INPUT, "cannot tell the report format of '" + fileName + "'")
                .detail("parameter", "out")
                .hint("name the report file with one of the extensions " + extensions())
                .build();
    }

    private static String extensions() {
        return Arrays.stream(values()).map(f -> "." + f.extension).collect(Collectors.joining(", "));
    }
}
