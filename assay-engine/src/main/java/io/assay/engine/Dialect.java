package io.assay.engine;

/**
 * How one engine spells SQL. All SQL text outside an engine module is produced through this
 * interface, so the same analysis runs on every engine. Methods take SQL expressions (already
 * quoted where they are identifiers) and return SQL expressions; values never pass through here,
 * they are bind parameters.
 */
public interface Dialect {

    /**
     * Quotes an identifier so that any name (quotes, spaces, keywords, unicode) is safe; standard SQL
     * double quotes, inner ones doubled.
     */
    default String quoteIdentifier(String name) {
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("identifier contains a NUL character");
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** The schema an unqualified relation name resolves to. */
    String defaultSchema();

    /** A relation's fully qualified, quoted name. */
    default String qualify(RelationRef ref) {
        return quoteIdentifier(ref.schema()) + "." + quoteIdentifier(ref.name());
    }

    /** The clause that caps a query's rows, such as {@code LIMIT 10}. */
    default String limitClause(long rows) {
        return "LIMIT " + rows;
    }

    /** Approximate count of distinct non-null values, exact where the engine has nothing cheaper. */
    String approxDistinct(String expr);

    /** The {@code p}-quantile (0..1) of a numeric expression, exact or approximate per engine. */
    String quantile(String expr, double p);

    /** A cheap approximate {@code p}-quantile (0..1); engines without one give the exact quantile. */
    default String approxQuantile(String expr, double p) {
        return quantile(expr, p);
    }

    /**
     * Several quantiles of one numeric expression at once, as one aggregate that yields a list (read as
     * a {@code java.util.List} of numbers in the order of {@code ps}): one sketch or sort serves them all.
     * Only engines with {@link Capability#QUANTILE_LISTS} have it; the others throw
     * {@link UnsupportedOperationException}, and callers ask for each {@link #quantile} instead.
     *
     * @param approximate whether an approximate (cheaper) computation is acceptable
     */
    String quantiles(String expr, double[] ps, boolean approximate);

    /** Counts the rows where {@code condition} holds (standard SQL; DuckDB's FILTER is the same). */
    default String countIf(String condition) {
        return "count(CASE WHEN " + condition + " THEN 1 END)";
    }

    /** The expression as a double-precision number. */
    default String castToDouble(String expr) {
        return "CAST(" + expr + " AS DOUBLE PRECISION)";
    }

    /** Pearson's correlation of two numeric expressions over the rows where both are present. */
    default String correlation(String x, String y) {
        return "corr(" + x + ", " + y + ")";
    }

    /** True where a double is +∞ or −∞; empty where the engine's doubles cannot hold infinity. */
    default java.util.Optional<String> isInfinite(String doubleExpr) {
        return java.util.Optional.of("(" + doubleExpr + " = CAST('Infinity' AS DOUBLE PRECISION) OR " + doubleExpr
                + " = CAST('-Infinity' AS DOUBLE PRECISION))");
    }

    /** The expression as a DOUBLE, or NULL where it does not convert (instead of failing the query). */
    String tryCastDouble(String expr);

    /** The expression as a DATE, or NULL where it does not convert. */
    String tryCastDate(String expr);

    /** Character length of a text expression. */
    default String length(String expr) {
        return "length(" + expr + ")";
    }

    /**
     * The shape of a text value: upper-case letters as {@code A}, lower-case as {@code a}, digits as
     * {@code 9}, everything else kept ({@code "Main 12"} → {@code "Aaaa 99"}).
     */
    default String shapePattern(String expr) {
        return "regexp_replace(regexp_replace(regexp_replace(" + expr + ", '[A-Z]', 'A', 'g'), '[a-z]', 'a', 'g'), "
                + "'[0-9]', '9', 'g')";
    }

    /** Seconds since 1970-01-01 of a date or timestamp, as a DOUBLE. */
    String epochSeconds(String expr);

    /**
     * A relation of about {@code rows} rows sampled from {@code relationSql}, the same rows on every
     * run; the whole relation when it is smaller.
     */
    String sample(String relationSql, long rows);

    /**
     * A relation of about {@code rows} rows sampled from {@code relationSql}, which is known to hold {@code total} rows:
     * the same rows on every run, the whole relation when it is no larger. Knowing the total lets an engine draw each row
     * with probability {@code rows / total} in one parallel pass instead of keeping a reservoir (which must read every
     * row on one thread); the sample's size then varies by about ±√rows.
     */
    default String sample(String relationSql, long rows, long total) {
        return total <= rows ? "(SELECT * FROM " + relationSql + ")" : sample(relationSql, rows);
    }

    /** An expression that orders rows as they are stored (insertion order), where the engine has one. */
    default java.util.Optional<String> storageOrder() {
        return java.util.Optional.empty();
    }

    /**
     * A 64-bit hash of a row's values (NULLs hashing alike, as DISTINCT compares them), where the engine has one:
     * counting distinct hashes is one narrow aggregate instead of a DISTINCT over every column. Two different rows
     * share a hash with a chance of about n²/2⁶⁵ over n rows (under one in a hundred thousand at 10 million rows).
     */
    default java.util.Optional<String> rowHash(java.util.List<String> expressions) {
        return java.util.Optional.empty();
    }

    /** Truncates a date or timestamp to the start of its {@code grain}. */
    String dateTrunc(TimeGrain grain, String expr);

    /** True where {@code expr} fully matches the regular expression given as a bind parameter. */
    String regexFullMatch(String expr, String patternParameter);

    /**
     * A statement that keeps the rows of {@code select} in a temporary table of the session named {@code name}, where the
     * engine has temporary tables that a read needs no privilege to make (empty elsewhere). A seeded sample is drawn on
     * one thread so that it is the same on every run: kept once, the queries over it run in parallel.
     */
    default java.util.Optional<String> createTemporaryTable(String name, String select) {
        return java.util.Optional.empty();
    }

    /**
     * A string constant of the program's own (a regular expression, a placeholder word) as an SQL literal. Constants
     * written into the SQL let the engine prepare them once (a regular expression compiled once, not per row); values
     * from users are bound as parameters, never written with this.
     */
    default String stringLiteral(String constant) {
        return "'" + constant.replace("'", "''") + "'";
    }

    /** Casts any expression to text. */
    String castToText(String expr);

    /** The expression (text such as {@code 2025-03-31}, or a date) as a DATE. */
    default String castToDate(String expr) {
        return "CAST(" + expr + " AS DATE)";
    }

    /** The expression as a truth value. */
    default String castToBoolean(String expr) {
        return "CAST(" + expr + " AS BOOLEAN)";
    }

    /**
     * A relation of {@code rows} consecutive integers 0..rows-1 in a column named {@code column},
     * the seed of generated data.
     */
    String integerSeries(String column, String rowsExpr);

    /**
     * A deterministic pseudo-random number in [0, 1) from the given key expressions: the same keys
     * give the same number on every run, whatever the parallelism.
     */
    String uniformHash(String... keyExprs);

    /** {@code dateExpr} plus {@code daysExpr} days, as a date. */
    String addDays(String dateExpr, String daysExpr);

    /** {@code timestampExpr} plus {@code secondsExpr} seconds, as a timestamp. */
    String addSeconds(String timestampExpr, String secondsExpr);

    /** The SQL type of a column of raw bytes. */
    default String binaryType() {
        return "BLOB";
    }
}
