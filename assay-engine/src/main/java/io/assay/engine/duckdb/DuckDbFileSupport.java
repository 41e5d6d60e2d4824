package io.assay.engine.duckdb;

import io.assay.engine.AssayException;
import io.assay.engine.Column;
import io.assay.engine.ErrorCode;
import io.assay.engine.ExportFormat;
import io.assay.engine.FileFormat;
import io.assay.engine.FileSource;
import io.assay.engine.FileSupport;
import io.assay.engine.LoadResult;
import io.assay.engine.LoadResult.Rejection;
import io.assay.engine.QueryOptions;
import io.assay.engine.RelationInfo;
import io.assay.engine.RelationRef;
import io.assay.engine.RowStream;
import io.assay.engine.Session;
import io.assay.engine.SqlStatement;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Loads CSV, JSON and Parquet files with DuckDB's own readers (read_csv, read_json, read_parquet)
 * and writes results with COPY. The file never passes through Java.
 */
final class DuckDbFileSupport implements FileSupport {

    private static final Logger LOG = LoggerFactory.getLogger(DuckDbFileSupport.class);

    /** Engine-neutral option key → DuckDB read_csv parameter and the kind of value it takes. */
    private static final Map<String, Param> CSV_OPTIONS = new LinkedHashMap<>();
    private static final Map<String, Param> JSON_OPTIONS = new LinkedHashMap<>();
    private static final int REJECTION_SAMPLE = 5;
    /** The most of an offending value an error message quotes. */
    private static final int EXCERPT = 80;
    /** A line of an engine message longer than this quotes data, not just a place. */
    private static final int LONG_LINE = 300;
    /** DuckDB's advice when a line is longer than its reader takes: the size that would do. */
    private static final java.util.regex.Pattern MAX_LINE_SIZE = java.util.regex.Pattern.compile("max_line_size\\s*=\\s*(\\d+)");
    /** A number written with a decimal comma, optionally with dots grouping the thousands: 1.234,56 or -7,5. */
    private static final String DECIMAL_COMMA_NUMBER = "[-+]?(\\d{1,3}(\\.\\d{3})+|\\d+)(,\\d+)?";
    /** Rows of the first pass of type refinement: enough to rule out almost every wrong spelling. */
    private static final int REFINE_PREFIX_ROWS = 1_000;
    /** Text columns checked for NUL bytes in one statement: one scan for most tables, and SQL of bounded size for wide ones. */
    private static final int NUL_CHECK_BATCH = 200;
    /** Rows read as written to look for decimals a DOUBLE does not keep: DuckDB's CSV sniffer samples as many. */
    private static final int DIGITS_SAMPLE_ROWS = 20_480;
    /** Significant digits that tell any two DOUBLEs apart; a decimal written with more loses some when read as one. */
    private static final int DOUBLE_DIGITS = 17;
    /** Working names of the columns a GeoJSON feature gives besides its properties (renamed when loaded). */
    private static final String FEATURE_ID = "__assay_feature_id";
    private static final String FEATURE_PROPERTIES = "__assay_feature_properties";
    private static final String FEATURE_GEOMETRY = "__assay_feature_geometry";
    /** A whole number as written: 12345678901234567890123456789. */
    private static final String WHOLE_NUMBER = "[-+]?\\d+";
    /** A decimal number written without an exponent: -12.50, .5, 7. */
    private static final String PLAIN_DECIMAL = "[-+]?(\\d+\\.?\\d*|\\.\\d+)";
    /** Date and timestamp spellings recognised in text columns, most specific first; the first that fits every value wins. */
    private static final List<String> TEMPORAL_FORMATS = List.of(
            "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M",
            "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M",
            "%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y", "%m/%d/%Y", "%d/%m/%Y", "%b %d %Y", "%d %b %Y", "%B %d, %Y", "%b %Y");

    static {
        CSV_OPTIONS.put("delimiter", new Param("delim", Value.TEXT, "field separator, such as , ; | or \\t"));
        CSV_OPTIONS.put("quote", new Param("quote", Value.TEXT, "quote character"));
        CSV_OPTIONS.put("escape", new Param("escape", Value.TEXT, "escape character inside quotes"));
        CSV_OPTIONS.put("header", new Param("header", Value.BOOLEAN, "first line holds column names (true/false)"));
        CSV_OPTIONS.put("encoding", new Param("encoding", Value.ENCODING, "utf-8, utf-16 or latin-1"));
        CSV_OPTIONS.put("decimal_separator", new Param("decimal_separator", Value.TEXT, "decimal separator: . or ,"));
        CSV_OPTIONS.put("date_format", new Param("dateformat", Value.TEXT, "date format, such as %d.%m.%Y"));
        CSV_OPTIONS.put("timestamp_format", new Param("timestampformat", Value.TEXT, "timestamp format, such as %Y-%m-%d %H:%M"));
        CSV_OPTIONS.put("skip", new Param("skip", Value.INTEGER, "lines to skip before the header"));
        CSV_OPTIONS.put("null", new Param("nullstr", Value.TEXT, "text that stands for a missing value"));
        CSV_OPTIONS.put("comment", new Param("comment", Value.TEXT, "comment character"));
        CSV_OPTIONS.put("sample_size", new Param("sample_size", Value.INTEGER, "rows read to detect types (-1: the whole file)"));
        CSV_OPTIONS.put("all_varchar", new Param("all_varchar", Value.BOOLEAN, "load every column as text (true/false)"));
        CSV_OPTIONS.put("max_line_size", new Param("max_line_size", Value.INTEGER, "longest line in bytes (default 2000000)"));
        JSON_OPTIONS.put("format", new Param("format", Value.TEXT, "auto, array or newline_delimited"));
        JSON_OPTIONS.put("date_format", new Param("dateformat", Value.TEXT, "date format, such as %d.%m.%Y"));
        JSON_OPTIONS.put("timestamp_format", new Param("timestampformat", Value.TEXT, "timestamp format"));
        JSON_OPTIONS.put("sample_size", new Param("sample_size", Value.INTEGER, "objects read to detect types (-1: all)"));
    }

    private final DuckDbEngine engine;

    DuckDbFileSupport(DuckDbEngine engine) {
        this.engine = engine;
    }

    @Override
    public Map<String, String> options(FileFormat format) {
        Map<String, String> out = new LinkedHashMap<>();
        optionsFor(format).forEach((k, p) -> out.put(k, p.description()));
        return out;
    }

    @Override
    public LoadResult load(Session session, FileSource source, RelationRef target, Optional<RelationRef> rejects) {
        Map<String, Param> known = optionsFor(source.format());
        for (String key : source.options().keySet()) {
            if (!known.containsKey(key)) {
                throw AssayException.of(ErrorCode.INVALID_INPUT,
                                "Unknown " + source.format() + " import option '" + key + "'.")
                        .hint(known.isEmpty() ? source.format() + " files take no options."
                                : "Known options: " + String.join(", ", known.keySet()) + ".")
                        .detail("parameter", key)
                        .build();
            }
        }
        return switch (source.format()) {
            case CSV -> loadCsv(session, source, target, rejects);
            case JSON -> loadSimple(session, source, target, rejects, "read_json", withDefault(source.options(), "format", "auto"));
            case PARQUET -> loadSimple(session, source, target, rejects, "read_parquet", Map.of());
        };
    }

    private LoadResult loadCsv(Session session, FileSource source, RelationRef target, Optional<RelationRef> rejects) {
        Map<String, String> options = new LinkedHashMap<>(source.options());
        Map<String, String> effective = sniff(source, options);
        createFromCsv(session, source, target, options, List.of());
        long rejected = countRejects(session);
        if (rejected > 0 && !options.containsKey("sample_size") && onlyCastErrors(session)) {
            // The sniffer typed a column from the first rows and a later row disagreed: look at the whole file instead.
            options.put("sample_size", "-1");
            session.execute(SqlStatement.of("DROP TABLE " + engine.dialect().qualify(target)));
            createFromCsv(session, source, target, options, List.of());
            rejected = countRejects(session);
            effective.put("sample_size", "-1");
        }
        List<String> notes = new ArrayList<>();
        // Where the user named the decimal separator, numbers as written are theirs to spell: not read again.
        List<String> inexact = options.containsKey("decimal_separator") ? List.of() : inexactNumberColumns(session, target, columns -> {
            Map<String, String> asText = new LinkedHashMap<>(options);
            asText.remove("all_varchar");
            return readerCall("SELECT " + quoted(columns) + " FROM read_csv", source.path(), asText, CSV_OPTIONS,
                    ", all_varchar = true, ignore_errors = true");
        });
        if (!inexact.isEmpty()) {
            // Numbers a DOUBLE does not hold: read those columns again as written, then keep them exact.
            session.execute(SqlStatement.of("DROP TABLE " + engine.dialect().qualify(target)));
            createFromCsv(session, source, target, options, inexact);
            rejected = countRejects(session);
            notes.addAll(settleNumbers(session, target, inexact));
        }
        List<Rejection> sample = rejected > 0 ? rejectionSample(session) : List.of();
        if (rejects.isPresent()) {
            createRejects(session, rejects.get(), "SELECT line, coalesce(column_name, '') AS column_name, "
                    + "error_message AS error, csv_line AS raw_line FROM temp.assay_reject_errors ORDER BY line");
        }
        session.execute(SqlStatement.of("DROP TABLE IF EXISTS temp.assay_reject_errors"));
        session.execute(SqlStatement.of("DROP TABLE IF EXISTS temp.assay_reject_scans"));
        removeNulBytes(session, target, notes);
        if (!"true".equals(options.get("all_varchar"))) {
            boolean numbers = !options.containsKey("decimal_separator");
            refineTextColumns(session, target, effective, numbers, numbers && !",".equals(effective.get("delimiter")), notes);
        }
        return result(session, target, rejected, sample, effective, notes);
    }

    /**
     * Asks DuckDB's sniffer what it sees, for the record of the import (delimiter, header, date formats).
     * It runs in a session of its own, outside the import's transaction, and is best effort: a file the
     * sniffer cannot make sense of is reported precisely by the load that follows.
     */
    private Map<String, String> sniff(FileSource source, Map<String, String> options) {
        Map<String, String> effective = new LinkedHashMap<>(options);
        SqlStatement sql = readerCall("SELECT \"Delimiter\", \"Quote\", \"HasHeader\", \"DateFormat\", \"TimestampFormat\" FROM sniff_csv",
                source.path(), options, CSV_OPTIONS, ", ignore_errors = true");
        try (Session session = engine.openSession(); RowStream rows = session.query(sql)) {
            if (rows.next()) {
                putIfAbsent(effective, "delimiter", rows.get(0));
                putIfAbsent(effective, "quote", rows.get(1));
                putIfAbsent(effective, "header", rows.get(2));
                putIfAbsent(effective, "date_format", rows.get(3));
                putIfAbsent(effective, "timestamp_format", rows.get(4));
            }
        } catch (AssayException e) {
            LOG.debug("sniffing {} failed; the load will say what is wrong", source.path(), e);
        }
        return effective;
    }

    private static void putIfAbsent(Map<String, String> map, String key, Object value) {
        if (value != null && !"(empty)".equals(value) && !String.valueOf(value).isEmpty()) {
            map.putIfAbsent(key, String.valueOf(value));
        }
    }

    /** Reads the CSV file into {@code target}; the columns named in {@code asText} as they are written. */
    private void createFromCsv(Session session, FileSource source, RelationRef target, Map<String, String> options,
                               List<String> asText) {
        session.execute(SqlStatement.of("DROP TABLE IF EXISTS temp.assay_reject_errors"));
        session.execute(SqlStatement.of("DROP TABLE IF EXISTS temp.assay_reject_scans"));
        Map<String, String> types = new LinkedHashMap<>();
        asText.forEach(c -> types.put(c, "VARCHAR"));
        SqlStatement sql = readerCall("CREATE TABLE " + engine.dialect().qualify(target) + " AS SELECT * FROM read_csv",
                source.path(), options, CSV_OPTIONS, structOf("types", types),
                ", store_rejects = true, rejects_table = 'assay_reject_errors', rejects_scan = 'assay_reject_scans'");
        try {
            session.execute(sql);
        } catch (AssayException e) {
            throw unreadable(source, e);
        }
    }

    private static long countRejects(Session session) {
        try (RowStream rows = session.query(SqlStatement.of("SELECT count(*) FROM temp.assay_reject_errors"))) {
            rows.next();
            return ((Number) rows.get(0)).longValue();
        }
    }

    private static boolean onlyCastErrors(Session session) {
        try (RowStream rows = session.query(SqlStatement.of(
                "SELECT count(*) FILTER (WHERE error_type <> 'CAST') FROM temp.assay_reject_errors"))) {
            rows.next();
            return ((Number) rows.get(0)).longValue() == 0;
        }
    }

    private static List<Rejection> rejectionSample(Session session) {
        List<Rejection> out = new ArrayList<>();
        try (RowStream rows = session.query(SqlStatement.of(
                "SELECT line, coalesce(column_name, ''), error_message, coalesce(csv_line, '') FROM temp.assay_reject_errors "
                        + "ORDER BY line LIMIT " + REJECTION_SAMPLE))) {
            while (rows.next()) {
                out.add(new Rejection(((Number) rows.get(0)).longValue(), (String) rows.get(1),
                        excerptLongLines((String) rows.get(2)), excerpt((String) rows.get(3))));
            }
        }
        return out;
    }

    /**
     * Gives text columns the type their values show, where every value agrees: numbers written with
     * a decimal comma (1.234,56), with dots grouping the thousands (1.234.567) or with commas grouping
     * them (1,004,401,000 or 1,234.50) become BIGINT or DECIMAL (HUGEINT or DOUBLE where they need it),
     * and dates or timestamps in a common format (2001/01/01 00:47, Jan 1 2000, 01.02.2024) become DATE or
     * TIMESTAMP. A column with any value that does not fit stays text, so nothing is lost. A spelling of
     * numbers needs evidence besides fitting: a decimal comma is considered only where the file is not
     * comma separated (the convention of the countries that write numbers so); dots grouping thousands
     * need a value with two groups or more (1.234.567: 1.234 alone could be a decimal); commas grouping
     * thousands need a value with a comma. Where two spellings fit, the decimal comma wins, as before.
     *
     * <p>Two passes keep it cheap: every spelling is tried on the first rows, which can only rule
     * spellings out; the whole table is then checked for the few that survive (usually none).
     *
     * @param numbers      whether to try spellings of numbers at all (not when the user named the decimal separator)
     * @param decimalComma whether a decimal comma is likely (the file is not comma separated)
     * @param notes        where a note of each number spelling read is added
     */
    private void refineTextColumns(Session session, RelationRef target, Map<String, String> effective, boolean numbers,
                                   boolean decimalComma, List<String> notes) {
        RelationInfo info = session.describe(target).orElseThrow();
        List<Candidate> all = new ArrayList<>();
        for (Column c : info.columns()) {
            if (c.type().isText()) {
                if (numbers) {
                    if (decimalComma) {
                        all.add(new Candidate(c.name(), NumberSpelling.DECIMAL_COMMA, null));
                    }
                    all.add(new Candidate(c.name(), NumberSpelling.DOTS_GROUPING, null));
                    all.add(new Candidate(c.name(), NumberSpelling.COMMAS_GROUPING, null));
                }
                TEMPORAL_FORMATS.forEach(f -> all.add(new Candidate(c.name(), null, f)));
            }
        }
        if (all.isEmpty()) {
            return;
        }
        String prefix = "(SELECT * FROM " + engine.dialect().qualify(target) + " LIMIT " + REFINE_PREFIX_ROWS + ")";
        List<Candidate> survivors = fullyMatching(session, prefix, all);
        if (survivors.isEmpty()) {
            return;
        }
        List<Candidate> confirmed = fullyMatching(session, engine.dialect().qualify(target), survivors);
        Map<String, Candidate> chosen = new LinkedHashMap<>();
        for (Candidate c : confirmed) {
            chosen.putIfAbsent(c.column(), c); // numbers first (decimal comma before grouping commas), then formats by specificity
        }
        Map<NumberSpelling, List<String>> read = new java.util.EnumMap<>(NumberSpelling.class);
        for (Candidate c : chosen.values()) {
            String q = engine.dialect().quoteIdentifier(c.column());
            String conversion;
            if (c.number() != null) {
                boolean commaDecimals = c.number() != NumberSpelling.COMMAS_GROUPING;
                String plain = commaDecimals ? "replace(replace(trim(" + q + "), '.', ''), ',', '.')" : "replace(trim(" + q + "), ',', '')";
                String type = numberType(session, target, plain);
                conversion = type + " USING CAST(" + plain + " AS " + type + ")";
                if (c.number() == NumberSpelling.DECIMAL_COMMA) {
                    effective.put("decimal_separator", ",");
                }
                read.computeIfAbsent(c.number(), k -> new ArrayList<>()).add("'" + c.column() + "' (" + type + ")");
            } else {
                boolean dateOnly = !c.format().contains("%H");
                // The format is one of ours, a constant: safe to write as a literal.
                String parse = "strptime(trim(" + q + "), '" + c.format() + "')";
                conversion = dateOnly ? "DATE USING CAST(" + parse + " AS DATE)" : "TIMESTAMP USING " + parse;
                effective.putIfAbsent(dateOnly ? "date_format" : "timestamp_format", c.format());
            }
            session.execute(SqlStatement.of("ALTER TABLE " + engine.dialect().qualify(target) + " ALTER " + q
                    + " SET DATA TYPE " + conversion));
        }
        List<String> grouping = new ArrayList<>();
        if (read.containsKey(NumberSpelling.DOTS_GROUPING)) {
            grouping.add("numbers with '.' grouping thousands and ',' before decimals (1.234.567,8) read as numbers in column"
                    + plural(read.get(NumberSpelling.DOTS_GROUPING)));
        }
        if (read.containsKey(NumberSpelling.COMMAS_GROUPING)) {
            grouping.add("numbers with ',' grouping thousands (1,004,401,000 or 1,234.5) read as numbers in column"
                    + plural(read.get(NumberSpelling.COMMAS_GROUPING)));
        }
        notes.addAll(grouping);
    }

    private static String plural(List<String> columns) {
        return (columns.size() == 1 ? " " : "s ") + String.join(", ", columns);
    }

    /**
     * The type that holds every value of {@code plainNumber} (a number as SQL casts it: 1234567.89):
     * BIGINT for whole numbers of up to 18 digits, DECIMAL(18 or 38, scale) for decimals, HUGEINT or DOUBLE
     * beyond.
     */
    private String numberType(Session session, RelationRef target, String plainNumber) {
        long intDigits;
        long scale;
        try (RowStream rows = session.query(SqlStatement.of("SELECT coalesce(max(length(ltrim(split_part(ltrim(" + plainNumber
                + ", '+-'), '.', 1), '0'))), 0), coalesce(max(length(split_part(" + plainNumber + ", '.', 2))), 0) FROM "
                + engine.dialect().qualify(target)))) {
            rows.next();
            intDigits = ((Number) rows.get(0)).longValue();
            scale = ((Number) rows.get(1)).longValue();
        }
        if (scale == 0) {
            return intDigits <= 18 ? "BIGINT" : intDigits <= 38 ? "HUGEINT" : "DOUBLE";
        }
        return intDigits + scale <= 18 ? "DECIMAL(18, " + scale + ")" : intDigits + scale <= 38 ? "DECIMAL(38, " + scale + ")" : "DOUBLE";
    }

    /**
     * A GeoJSON FeatureCollection ({"type": "FeatureCollection", "features": [...]}), which a JSON reader
     * loads as one row, becomes one row per feature: the feature's properties as columns, its id (when
     * features have one) and its geometry as GeoJSON text. The collection's other members (name, crs,
     * bbox) are left out, and a note says what was done.
     */
    private void featuresAsRows(Session session, RelationRef target, List<String> notes) {
        Map<String, Column> columns = new LinkedHashMap<>();
        session.describe(target).orElseThrow().columns().forEach(c -> columns.put(c.name(), c));
        Column features = columns.get("features");
        Column type = columns.get("type");
        if (features == null || type == null || !type.type().isText()
                || !features.type().nativeName().toUpperCase(Locale.ROOT).startsWith("STRUCT(")
                || !features.type().nativeName().endsWith("[]")) {
            return;
        }
        String table = engine.dialect().qualify(target);
        List<Object> keys;
        try (RowStream rows = session.query(SqlStatement.of("SELECT count(*), count(*) FILTER (WHERE \"type\" = 'FeatureCollection'), "
                + "CAST(json_keys(to_json(any_value(features[1]))) AS VARCHAR[]) FROM " + table))) {
            rows.next();
            if (((Number) rows.get(0)).longValue() != 1 || ((Number) rows.get(1)).longValue() != 1) {
                return;
            }
            Object k = rows.get(2);
            keys = k instanceof java.sql.Array a ? List.of(arrayOf(a)) : k instanceof List<?> l ? List.copyOf(l) : List.of();
        }
        String features1 = "(SELECT unnest(features) AS f FROM " + table + ")";
        boolean structProperties = false;
        if (keys.contains("properties")) {
            try (RowStream rows = session.query(SqlStatement.of("SELECT typeof(f.properties) FROM " + features1 + " LIMIT 1"))) {
                structProperties = rows.next() && String.valueOf(rows.get(0)).startsWith("STRUCT(");
            }
        }
        StringJoiner select = new StringJoiner(", ", "SELECT ", " FROM " + features1);
        if (keys.contains("id")) {
            select.add("f.id AS " + engine.dialect().quoteIdentifier(FEATURE_ID));
        }
        if (structProperties) {
            select.add("unnest(f.properties)");
        } else if (keys.contains("properties")) {
            select.add("CAST(to_json(f.properties) AS VARCHAR) AS " + engine.dialect().quoteIdentifier(FEATURE_PROPERTIES));
        }
        if (keys.contains("geometry")) {
            select.add("CAST(to_json(f.geometry) AS VARCHAR) AS " + engine.dialect().quoteIdentifier(FEATURE_GEOMETRY));
        }
        RelationRef flat = new RelationRef(target.schema(), target.name() + "_features");
        session.execute(SqlStatement.of("CREATE TABLE " + engine.dialect().qualify(flat) + " AS " + select));
        session.execute(SqlStatement.of("DROP TABLE " + table));
        session.execute(SqlStatement.of("ALTER TABLE " + engine.dialect().qualify(flat) + " RENAME TO "
                + engine.dialect().quoteIdentifier(target.name())));
        java.util.Set<String> taken = new java.util.HashSet<>();
        session.describe(target).orElseThrow().columns().forEach(c -> taken.add(c.name().toLowerCase(Locale.ROOT)));
        Map<String, String> names = new LinkedHashMap<>();
        for (String internal : List.of(FEATURE_ID, FEATURE_PROPERTIES, FEATURE_GEOMETRY)) {
            if (taken.contains(internal)) {
                String plain = internal.substring("__assay_feature_".length());
                String name = taken.contains(plain) ? "feature_" + plain : plain;
                session.execute(SqlStatement.of("ALTER TABLE " + table + " RENAME COLUMN " + engine.dialect().quoteIdentifier(internal)
                        + " TO " + engine.dialect().quoteIdentifier(name)));
                taken.add(name);
                names.put(plain, name);
            }
        }
        long rows;
        try (RowStream r = session.query(SqlStatement.of("SELECT count(*) FROM " + table))) {
            r.next();
            rows = ((Number) r.get(0)).longValue();
        }
        List<String> other = new ArrayList<>(columns.keySet());
        other.removeAll(List.of("type", "features"));
        notes.add(String.format(Locale.ROOT, "a GeoJSON FeatureCollection: one row per feature (%,d), %s%s%s", rows,
                structProperties ? "its properties as columns" : names.containsKey("properties") ? "its properties as JSON text in column '"
                        + names.get("properties") + "'" : "no properties",
                names.containsKey("geometry") ? " and its geometry as GeoJSON text in column '" + names.get("geometry") + "'" : "",
                other.isEmpty() ? "" : "; the collection's " + String.join(", ", other) + " not imported"));
    }

    private static Object[] arrayOf(java.sql.Array a) {
        try {
            return (Object[]) a.getArray();
        } catch (java.sql.SQLException e) {
            throw AssayException.internal("Cannot read a list the engine gave", e);
        }
    }

    private static boolean isGeometry(Column c) {
        return c.type().nativeName().toUpperCase(Locale.ROOT).startsWith("GEOMETRY");
    }

    /** Geometry columns (the engine's own reading of GeoJSON) become GeoJSON text, which every tool reads. */
    private void geometriesAsGeoJson(Session session, RelationRef target, List<String> notes) {
        for (Column c : session.describe(target).orElseThrow().columns()) {
            if (isGeometry(c)) {
                String q = engine.dialect().quoteIdentifier(c.name());
                session.execute(SqlStatement.of("ALTER TABLE " + engine.dialect().qualify(target) + " ALTER " + q
                        + " SET DATA TYPE VARCHAR USING CAST(ST_AsGeoJSON(" + q + ") AS VARCHAR)"));
                notes.add("column '" + c.name() + "': geometries kept as GeoJSON text");
            }
        }
    }

    /**
     * JSON columns that hold only scalars (the reader's answer to a field that is sometimes a string,
     * sometimes a number) become plain text, strings without their quotes; columns with objects or
     * arrays stay JSON.
     */
    private void scalarJsonToText(Session session, RelationRef target) {
        List<Column> json = session.describe(target).orElseThrow().columns().stream()
                .filter(c -> c.type().kind() == io.assay.engine.ColumnType.Kind.JSON).toList();
        if (json.isEmpty()) {
            return;
        }
        StringJoiner select = new StringJoiner(", ", "SELECT ", " FROM " + engine.dialect().qualify(target));
        for (Column c : json) {
            select.add("count(*) FILTER (WHERE json_type(" + engine.dialect().quoteIdentifier(c.name()) + ") IN ('OBJECT', 'ARRAY'))");
        }
        List<String> scalar = new ArrayList<>();
        try (RowStream rows = session.query(SqlStatement.of(select.toString()))) {
            rows.next();
            for (int i = 0; i < json.size(); i++) {
                if (((Number) rows.get(i)).longValue() == 0) {
                    scalar.add(json.get(i).name());
                }
            }
        }
        for (String name : scalar) {
            String q = engine.dialect().quoteIdentifier(name);
            session.execute(SqlStatement.of("ALTER TABLE " + engine.dialect().qualify(target) + " ALTER " + q
                    + " SET DATA TYPE VARCHAR USING json_extract_string(" + q + ", '$')"));
        }
    }

    /**
     * Columns whose numbers a reader may have changed on the way in: floating-point columns holding an
     * infinity (a number beyond a DOUBLE's range, such as 1.5e400) or a whole number of 2^53 or more
     * (where a DOUBLE no longer holds every digit), and columns of arbitrary-precision integers. One scan.
     */
    private List<String> inexactNumberColumns(Session session, RelationRef target,
                                              java.util.function.Function<List<String>, SqlStatement> asWritten) {
        List<Column> columns = session.describe(target).orElseThrow().columns();
        List<String> out = new ArrayList<>();
        List<Column> floats = new ArrayList<>();
        for (Column c : columns) {
            String type = c.type().nativeName().toUpperCase(Locale.ROOT);
            if (type.equals("BIGNUM") || type.equals("VARINT")) {
                out.add(c.name());
            } else if (type.equals("DOUBLE") || type.equals("FLOAT") || type.equals("REAL")) {
                floats.add(c);
            }
        }
        if (floats.isEmpty()) {
            return out;
        }
        StringJoiner select = new StringJoiner(", ", "SELECT ", " FROM " + engine.dialect().qualify(target));
        for (Column c : floats) {
            String q = engine.dialect().quoteIdentifier(c.name());
            select.add("count(*) FILTER (WHERE isinf(" + q + ") OR (abs(" + q + ") >= 9007199254740992 AND " + q + " = trunc(" + q + ")))");
        }
        List<String> held = new ArrayList<>();
        try (RowStream rows = session.query(SqlStatement.of(select.toString()))) {
            rows.next();
            for (int i = 0; i < floats.size(); i++) {
                (((Number) rows.get(i)).longValue() > 0 ? out : held).add(floats.get(i).name());
            }
        }
        if (asWritten != null) {
            out.addAll(moreDigitsThanADouble(held, asWritten));
        }
        return out;
    }

    /**
     * Of the DOUBLE columns {@code columns}, those whose decimals are written with more significant digits than a
     * DOUBLE keeps (17; trailing zeros of a fraction do not count): 3.14159265358979323846 would silently become
     * 3.141592653589793. What was written is gone once read as a DOUBLE, so the file is read again as written, on the
     * rows its sniffer samples to choose types ({@value #DIGITS_SAMPLE_ROWS}): a whole second read would cost as much as
     * the import. A column that shows such digits only later is read as DOUBLE.
     */
    private List<String> moreDigitsThanADouble(List<String> columns, java.util.function.Function<List<String>, SqlStatement> asWritten) {
        if (columns.isEmpty()) {
            return List.of();
        }
        SqlStatement sample = asWritten.apply(columns);
        StringJoiner select = new StringJoiner(", ", "SELECT ", " FROM (" + sample.sql() + " LIMIT " + DIGITS_SAMPLE_ROWS + ") AS r");
        for (String c : columns) {
            String t = "trim(CAST(" + engine.dialect().quoteIdentifier(c) + " AS VARCHAR))";
            String digits = "ltrim(replace(CASE WHEN contains(" + t + ", '.') THEN rtrim(" + t + ", '0') ELSE " + t + " END, '.', ''), '+-0')";
            select.add("coalesce(max(length(" + digits + ")) FILTER (WHERE regexp_full_match(" + t + ", '" + PLAIN_DECIMAL + "')), 0)");
        }
        List<String> out = new ArrayList<>();
        // In a session of its own: a sample that cannot be read must not abort the import's transaction.
        try (Session own = engine.openSession(); RowStream rows = own.query(new SqlStatement(select.toString(), sample.params()))) {
            rows.next();
            for (int i = 0; i < columns.size(); i++) {
                if (((Number) rows.get(i)).longValue() > DOUBLE_DIGITS) {
                    out.add(columns.get(i));
                }
            }
        } catch (AssayException e) {
            // The load already read the file; a sample that cannot be read as written changes nothing.
            LOG.debug("could not read a sample of the file as written", e);
        }
        return out;
    }

    /**
     * Gives number columns read as written (text) the type that keeps every value exact: HUGEINT for
     * whole numbers of up to 38 digits, DECIMAL(38, s) for decimals of up to 38 digits; a column with a
     * value no such type holds (beyond a DOUBLE's range, or more than 38 digits) stays text, and the
     * notes say which value; a column whose values a DOUBLE holds as well as it ever does goes back to
     * DOUBLE. Answers the notes.
     */
    private List<String> settleNumbers(Session session, RelationRef target, List<String> columns) {
        List<String> notes = new ArrayList<>();
        String table = engine.dialect().qualify(target);
        for (String column : columns) {
            String t = "trim(" + engine.dialect().quoteIdentifier(column) + ")";
            String digits = "ltrim(ltrim(" + t + ", '+-'), '0')";
            // Infinite as a DOUBLE though not written as infinity (inf, -Infinity are kept as they are).
            String outOfRange = "isinf(TRY_CAST(" + t + " AS DOUBLE)) AND NOT regexp_full_match(lower(" + t + "), '[-+]?inf(inity)?')";
            SqlStatement stats = new SqlStatement("SELECT count(" + t + "), "
                    + "count(*) FILTER (WHERE regexp_full_match(" + t + ", ?)), "
                    + "count(TRY_CAST(" + t + " AS HUGEINT)), "
                    + "count(*) FILTER (WHERE regexp_full_match(" + t + ", ?)), "
                    + "coalesce(max(length(split_part(" + digits + ", '.', 1))), 0), "
                    + "coalesce(max(length(split_part(" + t + ", '.', 2))), 0), "
                    + "count(*) FILTER (WHERE " + outOfRange + "), "
                    + "min(" + t + ") FILTER (WHERE " + outOfRange + "), "
                    + "max(length(" + t + ")), "
                    + "arg_max(" + t + ", length(" + t + ")) FROM " + table,
                    List.of(WHOLE_NUMBER, PLAIN_DECIMAL));
            long nonNull;
            long whole;
            long huge;
            long plain;
            long intDigits;
            long scale;
            long infinite;
            String infiniteExample;
            String longest;
            try (RowStream rows = session.query(stats)) {
                rows.next();
                nonNull = ((Number) rows.get(0)).longValue();
                whole = ((Number) rows.get(1)).longValue();
                huge = ((Number) rows.get(2)).longValue();
                plain = ((Number) rows.get(3)).longValue();
                intDigits = ((Number) rows.get(4)).longValue();
                scale = ((Number) rows.get(5)).longValue();
                infinite = ((Number) rows.get(6)).longValue();
                infiniteExample = (String) rows.get(7);
                longest = (String) rows.get(9);
            }
            String q = engine.dialect().quoteIdentifier(column);
            String name = "'" + column + "'";
            String conversion = null;
            if (whole == nonNull && huge == nonNull) {
                conversion = "HUGEINT USING CAST(" + t + " AS HUGEINT)";
                notes.add("column " + name + ": whole numbers too large for a DOUBLE to hold exactly, kept exact as HUGEINT");
            } else if (plain == nonNull && intDigits + scale <= 38) {
                String type = "DECIMAL(38, " + scale + ")";
                conversion = type + " USING CAST(" + t + " AS " + type + ")";
                notes.add("column " + name + ": numbers with more digits than a DOUBLE holds, kept exact as " + type);
            } else if (infinite > 0) {
                notes.add(String.format(Locale.ROOT, "column %s kept as text: %,d value%s beyond the range of a DOUBLE "
                                + "(such as %s), which would have become infinity", name, infinite, infinite == 1 ? " is" : "s are",
                        excerpt(infiniteExample)));
            } else if (plain == nonNull) {
                notes.add("column " + name + " kept as text: numbers of more than 38 digits (such as " + excerpt(longest)
                        + "), which no number type here keeps exact");
            } else {
                conversion = "DOUBLE USING CAST(" + t + " AS DOUBLE)";
            }
            if (conversion != null) {
                session.execute(SqlStatement.of("ALTER TABLE " + table + " ALTER " + q + " SET DATA TYPE " + conversion));
            }
        }
        return notes;
    }

    /** A way to read a text column: a spelling of numbers, or (number null) a temporal format. */
    private record Candidate(String column, NumberSpelling number, String format) {
    }

    /** Spellings of numbers that a reader leaves as text. */
    private enum NumberSpelling {
        /** 1.234,56 and -7,5: a decimal comma, dots grouping the thousands or not. */
        DECIMAL_COMMA(DECIMAL_COMMA_NUMBER, ","),
        /** 1.234.567 (a decimal comma allowed): dots grouping the thousands, shown by a value with two groups or more. */
        DOTS_GROUPING(DECIMAL_COMMA_NUMBER, "^[-+]?\\d{1,3}(\\.\\d{3}){2,}(,\\d+)?$"),
        /** 1,004,401,000 and 1,234.56: commas grouping the thousands, a decimal point. */
        COMMAS_GROUPING("[-+]?(\\d{1,3}(,\\d{3})+|\\d+)(\\.\\d+)?", ",");

        private final String pattern;
        /** What at least one value must show: a text to contain, or (starting with ^) a pattern to match. */
        private final String evidence;

        NumberSpelling(String pattern, String evidence) {
            this.pattern = pattern;
            this.evidence = evidence;
        }
    }

    /**
     * The candidates every non-null value of {@code relation} fits, in one scan. Columns with no value
     * fit nothing, and decimal-comma numbers need at least one comma (else they are plain integers).
     */
    private List<Candidate> fullyMatching(Session session, String relation, List<Candidate> candidates) {
        StringJoiner select = new StringJoiner(", ", "SELECT ", " FROM " + relation + " AS r");
        List<Object> params = new ArrayList<>();
        for (Candidate c : candidates) {
            String t = "trim(" + engine.dialect().quoteIdentifier(c.column()) + ")";
            select.add("count(" + t + ")");
            if (c.number() != null) {
                select.add("count(*) FILTER (WHERE regexp_full_match(" + t + ", ?))");
                params.add(c.number().pattern);
                if (c.number().evidence.startsWith("^")) {
                    select.add("count(*) FILTER (WHERE regexp_matches(" + t + ", ?))");
                } else {
                    select.add("count(*) FILTER (WHERE contains(" + t + ", ?))");
                }
                params.add(c.number().evidence);
            } else {
                // A literal format is compiled once; as a parameter DuckDB would parse it for every row.
                // The formats are our own constants (TEMPORAL_FORMATS), never input.
                select.add("count(try_strptime(" + t + ", '" + c.format() + "'))");
            }
        }
        List<Candidate> out = new ArrayList<>();
        try (RowStream rows = session.query(new SqlStatement(select.toString(), params))) {
            rows.next();
            int at = 0;
            for (Candidate c : candidates) {
                long nonNull = ((Number) rows.get(at++)).longValue();
                long fitting = ((Number) rows.get(at++)).longValue();
                boolean evidence = c.number() == null || ((Number) rows.get(at++)).longValue() > 0;
                if (nonNull > 0 && fitting == nonNull && evidence) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    private LoadResult loadSimple(Session session, FileSource source, RelationRef target, Optional<RelationRef> rejects,
                                  String reader, Map<String, String> options) {
        SqlStatement sql = readerCall("CREATE TABLE " + engine.dialect().qualify(target) + " AS SELECT * FROM " + reader,
                source.path(), options, optionsFor(source.format()), "");
        try {
            session.execute(sql);
        } catch (AssayException e) {
            throw unreadable(source, e);
        }
        List<String> notes = new ArrayList<>();
        if (source.format() == FileFormat.JSON) {
            // A reader that made geometries of a GeoJSON file has read it its own way: it is not read again.
            boolean geometries = session.describe(target).orElseThrow().columns().stream().anyMatch(DuckDbFileSupport::isGeometry);
            List<String> inexact = geometries ? List.of() : inexactNumberColumns(session, target, null);
            if (!inexact.isEmpty()) {
                // Numbers a DOUBLE does not hold: read again with those fields as written, then keep them exact.
                Map<String, String> types = new LinkedHashMap<>();
                for (Column c : session.describe(target).orElseThrow().columns()) {
                    types.put(c.name(), inexact.contains(c.name()) ? "VARCHAR" : c.type().nativeName());
                }
                session.execute(SqlStatement.of("DROP TABLE " + engine.dialect().qualify(target)));
                try {
                    session.execute(readerCall("CREATE TABLE " + engine.dialect().qualify(target) + " AS SELECT * FROM " + reader,
                            source.path(), options, optionsFor(source.format()), structOf("columns", types), ""));
                } catch (AssayException e) {
                    throw unreadable(source, e);
                }
                notes.addAll(settleNumbers(session, target, inexact));
            }
            if (!geometries) {
                noteRoundedJsonDecimals(session, source, options, target, notes);
            }
            featuresAsRows(session, target, notes);
            geometriesAsGeoJson(session, target, notes);
            scalarJsonToText(session, target);
            refineTextColumns(session, target, options, true, false, notes);
        }
        // These readers load a file whole or not at all, so there is never a rejected row to keep.
        rejects.ifPresent(r -> createRejects(session, r,
                "SELECT CAST(NULL AS BIGINT) AS line, '' AS column_name, '' AS error, '' AS raw_line WHERE false"));
        return result(session, target, 0, List.of(), options, notes);
    }

    /**
     * The JSON reader parses every number within a DOUBLE's range as a DOUBLE, even where its text reads back only as
     * text of the DOUBLE: a decimal written with more significant digits than a DOUBLE keeps cannot be kept exact here.
     * It is said instead, for each DOUBLE column whose values, as written in the objects the reader samples, have more.
     */
    private void noteRoundedJsonDecimals(Session session, FileSource source, Map<String, String> options, RelationRef target,
                                         List<String> notes) {
        List<String> doubles = session.describe(target).orElseThrow().columns().stream()
                .filter(c -> c.type().nativeName().equalsIgnoreCase("DOUBLE")).map(Column::name).toList();
        List<String> rounded = moreDigitsThanADouble(doubles, columns -> {
            StringJoiner select = new StringJoiner(", ", "SELECT ", " FROM read_json_objects");
            List<Object> params = new ArrayList<>();
            for (String c : columns) {
                // The number after the key, as written in the object's text (a key of a nested object may match too:
                // it is then only said of more columns than needed).
                select.add("regexp_extract(json, ?, 1) AS " + engine.dialect().quoteIdentifier(c));
                params.add("\"\\Q" + c.replace("\\E", "") + "\\E\"\\s*:\\s*(" + PLAIN_DECIMAL + ")[\\s,}]");
            }
            Map<String, String> format = new LinkedHashMap<>();
            if (options.containsKey("format")) {
                format.put("format", options.get("format"));
            }
            SqlStatement call = readerCall("", source.path(), format, JSON_OPTIONS, "");
            List<Object> all = new ArrayList<>(params);
            all.addAll(call.params());
            return new SqlStatement(select + call.sql(), all);
        });
        for (String c : rounded) {
            notes.add("column '" + c + "': decimals written with more significant digits than a DOUBLE keeps (17) were read as "
                    + "DOUBLE and rounded; to keep them exact, write them as strings or import the data as CSV");
        }
    }

    private String quoted(List<String> columns) {
        return columns.stream().map(engine.dialect()::quoteIdentifier).collect(java.util.stream.Collectors.joining(", "));
    }

    /** The rejects table always has the same four columns: line, column_name, error, raw_line. */
    private void createRejects(Session session, RelationRef rejects, String select) {
        session.execute(SqlStatement.of("CREATE TABLE " + engine.dialect().qualify(rejects) + " AS " + select));
    }

    private LoadResult result(Session session, RelationRef target, long rejected, List<Rejection> sample,
                              Map<String, String> effective, List<String> notes) {
        long rows;
        try (RowStream r = session.query(SqlStatement.of("SELECT count(*) FROM " + engine.dialect().qualify(target)))) {
            r.next();
            rows = ((Number) r.get(0)).longValue();
        }
        List<Column> columns = session.describe(target).map(RelationInfo::columns).orElse(List.of());
        return new LoadResult(rows, rejected, sample, columns, effective, notes);
    }

    /** {@code prefix(?, key = ?, ...)} with the path and every option as bind parameters. */
    private static SqlStatement readerCall(String prefix, Path path, Map<String, String> options, Map<String, Param> known,
                                           String suffix) {
        return readerCall(prefix, path, options, known, new SqlStatement("", List.of()), suffix);
    }

    /**
     * {@code prefix(?, key = ?, ... <typed> suffix)}: {@code typed} is an argument of column types made by
     * {@link #structOf}, with its own bind parameters.
     */
    private static SqlStatement readerCall(String prefix, Path path, Map<String, String> options, Map<String, Param> known,
                                           SqlStatement typed, String suffix) {
        StringBuilder sql = new StringBuilder(prefix).append("(?");
        List<Object> params = new ArrayList<>();
        params.add(path.toString());
        for (Map.Entry<String, String> option : options.entrySet()) {
            Param p = known.get(option.getKey());
            sql.append(", ").append(p.duckdbName()).append(" = ?");
            params.add(p.value().parse(option.getKey(), option.getValue()));
        }
        sql.append(typed.sql()).append(suffix).append(')');
        params.addAll(typed.params());
        return new SqlStatement(sql.toString(), params);
    }

    /**
     * {@code , key = struct_pack("column" := ?, ...)}: column names quoted as identifiers, the type names
     * bound as values (the readers take column types as a struct of type names).
     */
    private SqlStatement structOf(String key, Map<String, String> types) {
        if (types.isEmpty()) {
            return new SqlStatement("", List.of());
        }
        StringJoiner fields = new StringJoiner(", ", ", " + key + " = struct_pack(", ")");
        types.keySet().forEach(c -> fields.add(engine.dialect().quoteIdentifier(c) + " := ?"));
        return new SqlStatement(fields.toString(), List.copyOf(types.values()));
    }

    private static AssayException unreadable(FileSource source, AssayException e) {
        if (e.code() == ErrorCode.CANCELLED || e.code() == ErrorCode.TIMEOUT || e.code() == ErrorCode.LIMIT_EXCEEDED) {
            return e;
        }
        String engineMessage = e.getMessage();
        int cut = engineMessage.indexOf("\n\nLINE ");
        if (cut > 0) {
            engineMessage = engineMessage.substring(0, cut);
        }
        // DuckDB appends the reader's settings (file = ..., delimiter = ... (Auto-Detected)): the user set none of them.
        int settings = engineMessage.indexOf("\n\n  file = ");
        if (settings > 0) {
            engineMessage = engineMessage.substring(0, settings);
        }
        engineMessage = excerptLongLines(engineMessage);
        java.util.regex.Matcher lineSize = MAX_LINE_SIZE.matcher(engineMessage);
        if (source.format() == FileFormat.CSV && lineSize.find()) {
            return AssayException.of(ErrorCode.INVALID_INPUT,
                            "Could not read " + source.path() + " as CSV: " + longLineMessage(source.path(), engineMessage))
                    .hint("A line of the file is longer than the reader takes by default. If the file is right (a long "
                            + "text in one field), import it with the reader option max_line_size=" + lineSize.group(1)
                            + "; else check its quoting: an unclosed quote runs to the end of the file.")
                    .remedy("max-line-size", "maxLineSize", lineSize.group(1))
                    .detail("file", source.path().toString())
                    .detail("parameter", "max_line_size")
                    .cause(e)
                    .build();
        }
        String hint = switch (source.format()) {
            case CSV -> "Check the file's delimiter, quoting and encoding; override what was detected with a reader option "
                    + "such as delimiter=';' (or quote, header, encoding, date_format).";
            case JSON -> "The file must hold a JSON array of objects or one JSON object per line; fix it at the place named.";
            case PARQUET -> "The file is not a complete Parquet file (it may be truncated); export it again from its source.";
        };
        return AssayException.of(ErrorCode.INVALID_INPUT,
                        "Could not read " + source.path() + " as " + displayName(source.format()) + ": " + engineMessage.trim())
                .hint(hint)
                .remedy(source.format() == FileFormat.CSV ? java.util.Optional.of(new AssayException.Remedy("reader-option", java.util.Map.of()))
                        : java.util.Optional.empty())
                .detail("file", source.path().toString())
                .cause(e)
                .build();
    }

    /**
     * Takes the NUL bytes (0x00) out of the text values that hold any, and notes where they were. NUL is never text: it
     * comes from padding, a crashed writer or a binary field. The import looks for NUL bytes at the head of a file
     * and reads such a file without them; those further on reach the table as part of a value, and leave it here.
     * They are removed, not replaced, as at the head: {@code 12\0} reads as 12 once its column's type is refined.
     */
    private void removeNulBytes(Session session, RelationRef target, List<String> notes) {
        List<Column> text = session.describe(target).orElseThrow().columns().stream().filter(c -> c.type().isText()).toList();
        String table = engine.dialect().qualify(target);
        for (int from = 0; from < text.size(); from += NUL_CHECK_BATCH) {
            List<Column> batch = text.subList(from, Math.min(text.size(), from + NUL_CHECK_BATCH));
            StringJoiner select = new StringJoiner(", ", "SELECT ", " FROM " + table);
            for (Column c : batch) {
                String q = engine.dialect().quoteIdentifier(c.name());
                select.add("count(*) FILTER (WHERE contains(" + q + ", chr(0)))");
                select.add("coalesce(sum(length(" + q + ") - length(replace(" + q + ", chr(0), ''))), 0)");
            }
            long[] values = new long[batch.size()];
            long[] bytes = new long[batch.size()];
            try (RowStream rows = session.query(SqlStatement.of(select.toString()))) {
                rows.next();
                for (int i = 0; i < batch.size(); i++) {
                    values[i] = ((Number) rows.get(2 * i)).longValue();
                    bytes[i] = ((Number) rows.get(2 * i + 1)).longValue();
                }
            }
            for (int i = 0; i < batch.size(); i++) {
                if (values[i] == 0) {
                    continue;
                }
                String q = engine.dialect().quoteIdentifier(batch.get(i).name());
                session.execute(SqlStatement.of("UPDATE " + table + " SET " + q + " = replace(" + q + ", chr(0), '') WHERE contains("
                        + q + ", chr(0))"));
                notes.add(String.format(Locale.ROOT, "removed %,d NUL byte%s (0x00) from %,d value%s of column '%s'; the values are kept without them",
                        bytes[i], bytes[i] == 1 ? "" : "s", values[i], values[i] == 1 ? "" : "s", batch.get(i).name()));
            }
        }
    }

    /**
     * What to say of a line longer than the reader takes. The engine numbers it by the records it had read when it
     * stopped (line 1 when the long line is among the rows it samples first), so the line is found here by reading
     * the file, a buffer at a time; the engine's words stand where the file cannot be read again.
     */
    private static String longLineMessage(Path path, String engineMessage) {
        java.util.regex.Matcher limit = java.util.regex.Pattern.compile("Maximum line size of (\\d+) bytes").matcher(engineMessage);
        if (!limit.find()) {
            return engineMessage.trim();
        }
        long max = Long.parseLong(limit.group(1));
        long line = 1;
        long length = 0;
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        byte[] buf = new byte[1 << 16];
        try (java.io.InputStream raw = java.nio.file.Files.newInputStream(path);
             java.io.InputStream in = name.endsWith(".gz") || name.endsWith(".gzip") ? new java.util.zip.GZIPInputStream(raw, 1 << 16) : raw) {
            int read;
            while ((read = in.read(buf)) > 0) {
                for (int i = 0; i < read; i++) {
                    if (buf[i] == '\n') {
                        if (length > max) {
                            return longLine(line, length, max, engineMessage);
                        }
                        line++;
                        length = 0;
                    } else {
                        length++;
                    }
                }
            }
            if (length > max) {
                return longLine(line, length, max, engineMessage);
            }
        } catch (java.io.IOException e) {
            LOG.debug("could not read {} again to place its long line", path, e);
        }
        return engineMessage.trim();
    }

    private static String longLine(long line, long length, long max, String engineMessage) {
        String begins = engineMessage.lines().filter(l -> l.startsWith("Original Line: ")).findFirst()
                .map(l -> "\nIt begins: " + l.substring("Original Line: ".length())).orElse("");
        return String.format(Locale.ROOT, "line %,d is %,d bytes long, more than the %,d bytes the reader takes (max_line_size).%s",
                line, length, max, begins);
    }

    /**
     * The engine's message with every line longer than {@value #LONG_LINE} characters cut to its first
     * {@value #EXCERPT}: an engine quotes the offending line whole, and one huge field would flood the
     * terminal. Lines of ordinary length (a message naming a long path) stay whole.
     */
    static String excerptLongLines(String message) {
        StringBuilder out = new StringBuilder();
        for (String line : message.split("\n", -1)) {
            if (!out.isEmpty()) {
                out.append('\n');
            }
            out.append(line.length() > LONG_LINE ? excerpt(line) : line);
        }
        return out.toString();
    }

    /**
     * At most {@value #EXCERPT} characters of a value, marked when cut. (How long the value was is not
     * said: what the engine hands over may itself be cut.)
     */
    static String excerpt(String value) {
        if (value.length() <= EXCERPT) {
            return value;
        }
        return value.substring(0, EXCERPT) + "… (cut)";
    }

    private static String displayName(FileFormat format) {
        return switch (format) {
            case CSV -> "CSV";
            case JSON -> "JSON";
            case PARQUET -> "Parquet";
        };
    }

    private static Map<String, Param> optionsFor(FileFormat format) {
        return switch (format) {
            case CSV -> CSV_OPTIONS;
            case JSON -> JSON_OPTIONS;
            case PARQUET -> Map.of();
        };
    }

    private static Map<String, String> withDefault(Map<String, String> options, String key, String value) {
        Map<String, String> out = new LinkedHashMap<>(options);
        out.putIfAbsent(key, value);
        return out;
    }

    @Override
    public Set<ExportFormat> exportFormats() {
        return EnumSet.allOf(ExportFormat.class);
    }

    @Override
    public long export(Session session, SqlStatement query, Path out, ExportFormat format, QueryOptions options) {
        String spec = switch (format) {
            case CSV -> "FORMAT csv, HEADER true";
            case PARQUET -> "FORMAT parquet, COMPRESSION zstd";
            case NDJSON -> "FORMAT json";
        };
        List<Object> params = new ArrayList<>(query.params());
        params.add(out.toString());
        SqlStatement copy = new SqlStatement("COPY (" + query.sql() + ") TO ? (" + spec + ")", params);
        return session.execute(copy, options);
    }

    /** How a reader parameter is spelled in DuckDB and what values it takes. */
    private record Param(String duckdbName, Value value, String description) {
    }

    /** Value kinds of reader options, each checked before it reaches the engine. */
    private enum Value {
        TEXT, BOOLEAN, INTEGER, ENCODING;

        Object parse(String key, String raw) {
            String v = raw.trim();
            switch (this) {
                case BOOLEAN -> {
                    String b = v.toLowerCase(Locale.ROOT);
                    if (b.equals("true") || b.equals("false")) {
                        return Boolean.parseBoolean(b);
                    }
                    throw bad(key, raw, "true or false");
                }
                case INTEGER -> {
                    try {
                        return Long.parseLong(v);
                    } catch (NumberFormatException e) {
                        throw bad(key, raw, "a whole number");
                    }
                }
                case ENCODING -> {
                    String enc = v.toLowerCase(Locale.ROOT).replace("_", "-");
                    return switch (enc) {
                        case "utf-8", "utf8" -> "utf-8";
                        case "utf-16", "utf16", "utf-16le", "utf-16be" -> "utf-16";
                        case "latin-1", "latin1", "iso-8859-1", "iso8859-1", "windows-1252", "cp1252" -> "latin-1";
                        default -> throw bad(key, raw, "utf-8, utf-16 or latin-1");
                    };
                }
                default -> {
                    // A tab may be spelled \t on a command line.
                    return raw.equals("\\t") ? "\t" : raw;
                }
            }
        }

        private static AssayException bad(String key, String raw, String expected) {
            return AssayException.of(ErrorCode.INVALID_INPUT, "Import option " + key + "='" + raw + "' is not valid.")
                    .hint("Give " + expected + ".")
                    .detail("parameter", key)
                    .build();
        }
    }
}
