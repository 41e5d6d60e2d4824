package io.assay.platform.imports;

import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Looks at the head of a file and tells what it is: the format (by name and by content), whether it
 * is gzip-compressed, its text encoding and, for delimited text, the delimiter. Reads at most
 * {@value #SAMPLE_BYTES} bytes; the engine's own sniffer then works out header and types.
 */
public final class FileSniffer {

    static final int SAMPLE_BYTES = 256 * 1024;
    private static final char[] DELIMITERS = {',', ';', '\t', '|'};
    private static final int SAMPLE_LINES = 200;

    private FileSniffer() {
    }

    /**
     * What the sniffer found.
     *
     * @param format     the format
     * @param compressed true for gzip
     * @param encoding   utf-8, utf-16 or latin-1 (text formats only)
     * @param delimiter  the delimiter of delimited text, when one stood out
     * @param nulBytes   where the first NUL byte of a text file is, when its head holds any
     */
    public record Sniffed(SourceFormat format, boolean compressed, Optional<String> encoding, Optional<Character> delimiter,
                          Optional<NulBytes> nulBytes) {

        public Sniffed(SourceFormat format, boolean compressed, Optional<String> encoding, Optional<Character> delimiter) {
            this(format, compressed, encoding, delimiter, Optional.empty());
        }
    }

    public static Sniffed sniff(Path file) {
        byte[] head = readHead(file, false);
        boolean gzip = head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String inner = gzip ? name.replaceFirst("\\.(gz|gzip)$", "") : name;
        if (gzip) {
            head = readHead(file, true);
        }
        if (startsWith(head, "PAR1")) {
            return new Sniffed(SourceFormat.PARQUET, false, Optional.empty(), Optional.empty());
        }
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            if (inner.endsWith(".xlsx") || inner.endsWith(".xlsm") || !hasDataExtension(inner)) {
                return new Sniffed(SourceFormat.XLSX, false, Optional.empty(), Optional.empty());
            }
        }
        if (inner.endsWith(".parquet") || inner.endsWith(".pq")) {
            // Named Parquet but without the magic bytes: let the engine say precisely what is wrong.
            return new Sniffed(SourceFormat.PARQUET, false, Optional.empty(), Optional.empty());
        }
        if (inner.endsWith(".xls")) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, file + " is an old binary Excel file (.xls), which Assay does not read.")
                    .hint("Save it as .xlsx or CSV from Excel or LibreOffice and import that.")
                    .detail("file", file.toString())
                    .build();
        }
        Optional<NulBytes> nul = Optional.empty();
        Optional<String> detected = detectEncoding(head);
        if (detected.isEmpty()) {
            // Text with NUL bytes in it (padding, a crashed writer) is still text: it is read without them.
            nul = NulBytes.find(head);
            if (nul.isPresent()) {
                byte[] stripped = NulBytes.strip(head);
                detected = stripped.length == 0 ? Optional.empty() : detectEncoding(stripped);
                if (detected.isPresent()) {
                    head = stripped;
                } else {
                    nul = Optional.empty();
                }
            }
        }
        String encoding = detected.orElseThrow(() -> AssayException.of(ErrorCode.INVALID_INPUT,
                        file + " is not a data file Assay can read: it is neither text (CSV, JSON) nor Parquet or XLSX.")
                .hint("Import CSV/TSV, JSON/NDJSON, Parquet or XLSX files (optionally .gz compressed).")
                .detail("file", file.toString())
                .build());
        String text = decode(head, encoding);
        String trimmed = text.stripLeading().replace("\uFEFF", "");
        SourceFormat format;
        if (inner.endsWith(".ndjson") || inner.endsWith(".jsonl")) {
            format = SourceFormat.NDJSON;
        } else if (inner.endsWith(".json")) {
            format = SourceFormat.JSON;
        } else if (hasDataExtension(inner)) {
            format = SourceFormat.CSV;
        } else if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            format = SourceFormat.JSON;
        } else {
            format = SourceFormat.CSV;
        }
        if (format == SourceFormat.JSON && looksNewlineDelimited(trimmed)) {
            format = SourceFormat.NDJSON;
        }
        Optional<Character> delimiter = Optional.empty();
        if (format == SourceFormat.CSV) {
            delimiter = inner.endsWith(".tsv") || inner.endsWith(".tab") ? Optional.of('\t') : detectDelimiter(text);
        }
        return new Sniffed(format, gzip, Optional.of(encoding), delimiter, nul);
    }

    /**
     * JSON text written one object a line: the first line is a whole object and the next non-blank line
     * starts another. A pretty-printed object or an array of objects does not look so.
     */
    static boolean looksNewlineDelimited(String text) {
        String[] lines = text.split("\r?\n", 3);
        if (lines.length < 2) {
            return false;
        }
        String first = lines[0].strip();
        String rest = (lines[1] + (lines.length > 2 ? "\n" + lines[2] : "")).stripLeading();
        return first.length() > 1 && first.startsWith("{") && first.endsWith("}") && rest.startsWith("{");
    }

    private static boolean hasDataExtension(String name) {
        return name.matches(".*\\.(csv|tsv|tab|txt|dat)$");
    }

    private static byte[] readHead(Path file, boolean gunzip) {
        try (InputStream raw = Files.newInputStream(file); InputStream in = gunzip ? new GZIPInputStream(raw) : raw) {
            return in.readNBytes(SAMPLE_BYTES);
        } catch (IOException e) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "Cannot read " + file + ": " + e.getMessage())
                    .hint(gunzip ? "The file looks gzip-compressed but does not decompress; it may be truncated."
                            : "Check that the file exists and is readable.")
                    .detail("file", file.toString())
                    .cause(e)
                    .build();
        }
    }

    private static boolean startsWith(byte[] head, String magic) {
        byte[] m = magic.getBytes(StandardCharsets.US_ASCII);
        if (head.length < m.length) {
            return false;
        }
        for (int i = 0; i < m.length; i++) {
            if (head[i] != m[i]) {
                return false;
            }
        }
        return true;
    }

    /** UTF-8 (with or without BOM), UTF-16 (BOM or the zero-byte pattern of ASCII text), else Latin-1 for text; empty for binary. */
    static Optional<String> detectEncoding(byte[] head) {
        if (head.length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF) {
            return Optional.of("utf-8");
        }
        if (head.length >= 2 && (((head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xFE)
                || ((head[0] & 0xff) == 0xFE && (head[1] & 0xff) == 0xFF))) {
            return Optional.of("utf-16");
        }
        int zeros = 0;
        int controls = 0;
        for (byte b : head) {
            int c = b & 0xff;
            if (c == 0) {
                zeros++;
            } else if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') {
                controls++;
            }
        }
        if (head.length >= 4 && zeros > head.length / 3 && zeros < head.length * 2 / 3 && controls == 0) {
            return Optional.of("utf-16");
        }
        if (zeros > 0 || controls > head.length / 100 + 1) {
            return Optional.empty();
        }
        // The sample may end inside a multi-byte character: ignore up to 3 trailing bytes.
        int end = head.length;
        for (int cut = 0; cut <= 3 && end - cut >= 0; cut++) {
            if (isUtf8(head, end - cut)) {
                return Optional.of("utf-8");
            }
            if (head.length < SAMPLE_BYTES) {
                break;
            }
        }
        return Optional.of("latin-1");
    }

    private static boolean isUtf8(byte[] bytes, int length) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static String decode(byte[] head, String encoding) {
        Charset cs = switch (encoding) {
            case "utf-16" -> StandardCharsets.UTF_16;
            case "latin-1" -> StandardCharsets.ISO_8859_1;
            default -> StandardCharsets.UTF_8;
        };
        return new String(head, cs);
    }

    /**
     * The candidate delimiter that splits the sample's lines into the same number (more than one) of
     * fields most consistently; quotes are respected, so quoted delimiters and newlines do not count.
     */
    static Optional<Character> detectDelimiter(String text) {
        List<String> records = records(text);
        if (records.size() > 1 && !text.endsWith("\n") && text.length() >= SAMPLE_BYTES - 4) {
            records.remove(records.size() - 1); // cut off by the sample's end
        }
        if (records.isEmpty()) {
            return Optional.empty();
        }
        Character best = null;
        double bestScore = 0;
        for (char d : DELIMITERS) {
            Map<Integer, Integer> counts = new HashMap<>();
            for (String r : records) {
                counts.merge(fieldCount(r, d), 1, Integer::sum);
            }
            int modeFields = 0;
            int modeLines = 0;
            for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
                if (e.getValue() > modeLines || (e.getValue() == modeLines && e.getKey() > modeFields)) {
                    modeFields = e.getKey();
                    modeLines = e.getValue();
                }
            }
            if (modeFields < 2) {
                continue;
            }
            // Consistency first; more fields breaks ties between equally consistent candidates.
            double score = (double) modeLines / records.size() + modeFields * 1e-6;
            if (score > bestScore) {
                bestScore = score;
                best = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Splits text into records at newlines outside double quotes; at most {@value #SAMPLE_LINES}. */
    private static List<String> records(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length() && out.size() < SAMPLE_LINES; i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if ((c == '\n' || c == '\r') && !quoted) {
                if (!cur.isEmpty()) {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
            } else {
                cur.append(c);
            }
        }
        if (!cur.isEmpty() && out.size() < SAMPLE_LINES) {
            out.add(cur.toString());
        }
        return out;
    }

    private static int fieldCount(String record, char delimiter) {
        int fields = 1;
        boolean quoted = false;
        for (int i = 0; i < record.length(); i++) {
            char c = record.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == delimiter && !quoted) {
                fields++;
            }
        }
        return fields;
    }
}
