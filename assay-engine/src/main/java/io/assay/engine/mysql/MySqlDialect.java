package io.assay.engine.mysql;

import io.assay.engine.Dialect;
import io.assay.engine.TimeGrain;

import java.util.Objects;

/**
 * The SQL spelling of MariaDB (10.6 and later) and MySQL 8. Neither has ordered-set or approximate
 * aggregates: distinct counts are exact, and a quantile is read off the sorted values of a
 * {@code GROUP_CONCAT} (exact, but it holds a group's values in the server's memory, up to the
 * session's {@code group_concat_max_len}). Regular expressions are made case-sensitive with
 * {@code (?-i)}, since {@code REGEXP} otherwise follows the column's case-insensitive collation.
 * Literals avoid backslashes, which {@code NO_BACKSLASH_ESCAPES} would change the meaning of.
 */
public final class MySqlDialect implements Dialect {

    /** A decimal number as {@code CAST(... AS DOUBLE)} reads it, surrounding blanks allowed. */
    private static final String NUMBER = "'^[[:space:]]*[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?[[:space:]]*$'";

    /** An ISO date whose month and day are in range; the days of the month are checked separately. */
    private static final String ISO_DATE = "'^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'";

    private final String database;

    /** @param database the database the connection uses, which plays the part of the default schema */
    public MySqlDialect(String database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public String quoteIdentifier(String name) {
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("identifier contains a NUL character");
        }
        return '`' + name.replace("`", "``") + '`';
    }

    @Override
    public String defaultSchema() {
        return database;
    }

    /** Characters, not bytes ({@code length} counts bytes here). */
    @Override
    public String length(String expr) {
        return "CHAR_LENGTH(" + expr + ")";
    }

    @Override
    public String approxDistinct(String expr) {
        return "count(DISTINCT " + expr + ")";
    }

    /**
     * The {@code p}-quantile with linear interpolation between the two nearest ranks, as
     * {@code percentile_cont} computes it: the values are sorted into one {@code GROUP_CONCAT}, and the
     * ranks {@code floor(h)} and {@code ceil(h)}, {@code h = p (n - 1)}, are cut out of it.
     */
    @Override
    public String quantile(String expr, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("quantile must be within 0..1: " + p);
        }
        String value = "CAST(" + expr + " AS DOUBLE)";
        String sorted = "GROUP_CONCAT(" + value + " ORDER BY " + value + " SEPARATOR ',')";
        String h = p + " * (count(" + expr + ") - 1)";
        String lower = rank(sorted, "FLOOR(" + h + ")");
        String upper = rank(sorted, "CEIL(" + h + ")");
        return "(CASE WHEN count(" + expr + ") > 0 THEN " + lower + " + (" + h + " - FLOOR(" + h + ")) * (" + upper
                + " - " + lower + ") END)";
    }

    /** The value at 0-based {@code rank} of a comma-separated sorted list. */
    private static String rank(String sorted, String rank) {
        return "CAST(SUBSTRING_INDEX(SUBSTRING_INDEX(" + sorted + ", ',', " + rank + " + 1), ',', -1) AS DOUBLE)";
    }

    /** There are no list values to carry several quantiles at once; callers ask for each {@link #quantile}. */
    @Override
    public String quantiles(String expr, double[] ps, boolean approximate) {
        throw new UnsupportedOperationException("MariaDB and MySQL have no list values: ask for each quantile on its own");
    }

    @Override
    public String castToDouble(String expr) {
        return "CAST(" + expr + " AS DOUBLE)";
    }

    /** MySQL and MariaDB have no corr(): Pearson's r from the sums over the rows where both are present. */
    @Override
    public String correlation(String x, String y) {
        String both = x + " IS NOT NULL AND " + y + " IS NOT NULL";
        String n = "sum(CASE WHEN " + both + " THEN 1 ELSE 0 END)";
        String sx = "sum(CASE WHEN " + both + " THEN " + x + " END)";
        String sy = "sum(CASE WHEN " + both + " THEN " + y + " END)";
        String sxy = "sum(CASE WHEN " + both + " THEN " + x + " * " + y + " END)";
        String sxx = "sum(CASE WHEN " + both + " THEN " + x + " * " + x + " END)";
        String syy = "sum(CASE WHEN " + both + " THEN " + y + " * " + y + " END)";
        return "((" + n + " * " + sxy + " - " + sx + " * " + sy + ") / NULLIF(sqrt((" + n + " * " + sxx + " - " + sx + " * " + sx
                + ") * (" + n + " * " + syy + " - " + sy + " * " + sy + ")), 0))";
    }

    /** MariaDB's doubles cannot hold infinity. */
    @Override
    public java.util.Optional<String> isInfinite(String doubleExpr) {
        return java.util.Optional.empty();
    }

    @Override
    public String tryCastDouble(String expr) {
        String text = castToText(expr);
        return "(CASE WHEN " + text + " REGEXP " + NUMBER + " THEN CAST(TRIM(" + text + ") AS DOUBLE) END)";
    }

    /** A guarded cast: the pattern rules out non-dates, the last day of the month rules out 31 February. */
    @Override
    public String tryCastDate(String expr) {
        String text = "TRIM(" + castToText(expr) + ")";
        return "(CASE WHEN " + text + " REGEXP " + ISO_DATE + " AND SUBSTRING(" + text + ", 1, 4) <> '0000' AND "
                + "CAST(SUBSTRING(" + text + ", 9, 2) AS UNSIGNED) <= DAYOFMONTH(LAST_DAY(CONCAT(SUBSTRING(" + text
                + ", 1, 7), '-01'))) THEN CAST(" + text + " AS DATE) END)";
    }

    @Override
    public String shapePattern(String expr) {
        return "REGEXP_REPLACE(REGEXP_REPLACE(REGEXP_REPLACE(" + expr + ", '(?-i)[A-Z]', 'A'), '(?-i)[a-z]', 'a'), "
                + "'[0-9]', '9')";
    }

    /** Counted from the epoch as a plain difference, so neither the session's time zone nor 1970 limit it. */
    @Override
    public String epochSeconds(String expr) {
        return "CAST(TIMESTAMPDIFF(MICROSECOND, TIMESTAMP '1970-01-01 00:00:00', " + expr + ") / 1e6 AS DOUBLE)";
    }

    /** A seeded random order: the same rows on every run while the table's scan order stays the same. */
    @Override
    public String sample(String relationSql, long rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("sample size must be positive: " + rows);
        }
        return "(SELECT * FROM " + relationSql + " ORDER BY RAND(42) LIMIT " + rows + ")";
    }

    /** Always a DATETIME (the start of the bucket), whether the input is a date or a timestamp. */
    @Override
    public String dateTrunc(TimeGrain grain, String expr) {
        String day = "CAST(" + expr + " AS DATE)";
        return switch (grain) {
            case SECOND -> "CAST(DATE_FORMAT(" + expr + ", '%Y-%m-%d %H:%i:%s') AS DATETIME)";
            case MINUTE -> "CAST(DATE_FORMAT(" + expr + ", '%Y-%m-%d %H:%i:00') AS DATETIME)";
            case HOUR -> "CAST(DATE_FORMAT(" + expr + ", '%Y-%m-%d %H:00:00') AS DATETIME)";
            case DAY -> "CAST(" + day + " AS DATETIME)";
            case WEEK -> "CAST(DATE_SUB(" + day + ", INTERVAL WEEKDAY(" + day + ") DAY) AS DATETIME)";
            case MONTH -> "CAST(DATE_FORMAT(" + expr + ", '%Y-%m-01') AS DATETIME)";
            case QUARTER -> "CAST(MAKEDATE(YEAR(" + expr + "), 1) + INTERVAL (QUARTER(" + expr + ") - 1) QUARTER AS DATETIME)";
            case YEAR -> "CAST(MAKEDATE(YEAR(" + expr + "), 1) AS DATETIME)";
        };
    }

    /** MySQL reads a backslash in a string literal as an escape (unless NO_BACKSLASH_ESCAPES): doubled, it stays one. */
    @Override
    public String stringLiteral(String constant) {
        return "'" + constant.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    @Override
    public String regexFullMatch(String expr, String patternParameter) {
        return "(" + castToText(expr) + " REGEXP CONCAT('(?-i)^(?:', " + patternParameter + ", ')$'))";
    }

    /** MySQL has no BOOLEAN type to cast to: its truth values are the integers 1 and 0. */
    @Override
    public String castToBoolean(String expr) {
        return "CAST(" + expr + " AS SIGNED)";
    }

    @Override
    public String castToText(String expr) {
        return "CAST(" + expr + " AS CHAR)";
    }

    /**
     * A recursive CTE; the engine raises the server's recursion limit for its sessions (MariaDB's
     * {@code max_recursive_iterations}, 1000 by default).
     */
    @Override
    public String integerSeries(String column, String rowsExpr) {
        return "(WITH RECURSIVE series (n, total) AS (SELECT CAST(0 AS SIGNED), CAST(" + rowsExpr + " AS SIGNED) "
                + "UNION ALL SELECT n + 1, total FROM series WHERE n + 1 < total) "
                + "SELECT n AS " + quoteIdentifier(column) + " FROM series WHERE n < total)";
    }

    /** CRC-32 of the keys, scaled into [0, 1). */
    @Override
    public String uniformHash(String... keyExprs) {
        return "(CRC32(CONCAT_WS('|', " + String.join(", ", keyExprs) + ")) / 4294967296e0)";
    }

    @Override
    public String addDays(String dateExpr, String daysExpr) {
        return "DATE_ADD(CAST(" + dateExpr + " AS DATE), INTERVAL (" + daysExpr + ") DAY)";
    }

    @Override
    public String addSeconds(String timestampExpr, String secondsExpr) {
        return "(CAST(" + timestampExpr + " AS DATETIME(6)) + INTERVAL (" + secondsExpr + ") SECOND)";
    }
}
