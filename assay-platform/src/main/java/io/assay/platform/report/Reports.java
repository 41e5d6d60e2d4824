package io.assay.platform.report;

import io.assay.analysis.model.AnalysisResult;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * The report renderers in one place: a {@link ReportWriter} per {@link ReportFormat}, and atomic writing of a
 * report file whose format follows from its extension.
 */
public final class Reports {

    private final Clock clock;

    /** Reports stamped with the current time. */
    public Reports() {
        this(Clock.systemUTC());
    }

    /** Reports stamped with {@code clock}'s time where a format shows when it was generated (HTML, XLSX, PDF). */
    public Reports(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public ReportWriter writer(ReportFormat format) {
        return switch (format) {
            case HTML -> new HtmlReportWriter(clock);
            case JSON -> new JsonReportWriter();
            case XLSX -> new XlsxReportWriter(clock);
            case MARKDOWN -> new MarkdownReportWriter();
            case PDF -> new PdfReportWriter(clock);
        };
    }

    /**
     * Writes the report to {@code file} in the format its extension names. The file appears whole or not at
     * all: it is written to a temporary file in the same folder and then moved into place atomically.
     *
     * @return the absolute path written
     * @throws io.assay.engine.AssayException INVALID_INPUT when the extension is not a report format's
     */
    public Path write(AnalysisResult result, Path file) throws IOException {
        ReportWriter writer = writer(ReportFormat.fromFileName(file.getFileName().toString()));
        return AtomicFiles.write(file, out -> writer.write(result, out));
    }
}
