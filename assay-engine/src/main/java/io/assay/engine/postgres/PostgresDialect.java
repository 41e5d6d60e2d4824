package io.assay.engine.postgres;

import io.assay.engine.Dialect;
import io.assay.engine.TimeGrain;

import java.util.Locale;

/**
 * PostgreSQL's SQL spelling. Exact quantiles come from the ordered-set aggregate
 * {@code percentile_cont}; there is no built-in approximate one, nor an approximate distinct count.
 */
public final class PostgresDialect implements Dialect {

    /** A decimal number as PostgreSQL's {@code double precision} input accepts it, surrounding blanks allowed. */
    private static final String NUMBER = "'^[[:space:]]*[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?[[:space:]]*$'";

    /** An ISO date whose month and day are in range; the days of the month are checked separately. */
    private static final String ISO_DATE = "'^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'";

    @Override
    public String defaultSchema() {
        return "public";
    }

    @Override
    public String approxDistinct(String expr) {
        return "count(DISTINCT " + expr + ")";
    }

    @Override
    public String quantile(String expr, double p) {
        return "percentile_cont(" + probability(p) + ") WITHIN GROUP (ORDER BY " + expr + ")";
    }

    @Override
    public String quantiles(String expr, double[] ps, boolean approximate) {
        StringBuilder list = new StringBuilder("CAST(ARRAY[");
        for (int i = 0; i < ps.length; i++) {
            list.append(i == 0 ? "" : ", ").append(probability(ps[i]));
        }
        return "percentile_cont(" + list + "] AS double precision[])) WITHIN GROUP (ORDER BY " + expr + ")";
    }

    @Override
    public String tryCastDouble(String expr) {
        String text = castToText(expr);
        return "(CASE WHEN " + text + " ~ " + NUMBER + " THEN CAST(" + text + " AS double precision) END)";
    }

    /** A guarded cast: the pattern rules out non-dates, the last day of the month rules out 31 February. */
    @Override
    public String tryCastDate(String expr) {
        String text = "trim(" + castToText(expr) + ")";
        String lastDay = "extract(day FROM make_date(CAST(substr(" + text + ", 1, 4) AS integer), CAST(substr(" + text
                + ", 6, 2) AS integer), 1) + interval '1 month - 1 day')";
        return "(CASE WHEN " + text + " ~ " + ISO_DATE + " AND substr(" + text + ", 1, 4) <> '0000' AND CAST(substr("
                + text + ", 9, 2) AS integer) <= " + lastDay + " THEN CAST(" + text + " AS date) END)";
    }

    @Override
    public String epochSeconds(String expr) {
        return "CAST(extract(epoch FROM " + expr + ") AS double precision)";
    }

    /** Rows ordered by a hash of their whole content: the same rows on every run, whatever the physical order. */
    @Override
    public String sample(String relationSql, long rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("sample size must be positive: " + rows);
        }
        return "(SELECT * FROM " + relationSql + " AS sampled ORDER BY md5(CAST(sampled AS text)) LIMIT " + rows + ")";
    }

    /** Truncates on {@code timestamp} (without time zone), so that dates and timestamps give the same type. */
    @Override
    public String dateTrunc(TimeGrain grain, String expr) {
        return "date_trunc('" + grain.name().toLowerCase(Locale.ROOT) + "', CAST(" + expr + " AS timestamp))";
    }

    @Override
    public String regexFullMatch(String expr, String patternParameter) {
        return "(" + expr + " ~ ('^(?:' || " + patternParameter + " || ')$'))";
    }

    @Override
    public String castToText(String expr) {
        return "CAST(" + expr + " AS text)";
    }

    @Override
    public String integerSeries(String column, String rowsExpr) {
        return "(SELECT g AS " + quoteIdentifier(column) + " FROM generate_series(CAST(0 AS bigint), CAST(" + rowsExpr
                + " AS bigint) - 1) AS g)";
    }

    /** The first 32 bits of an MD5 of the keys, scaled into [0, 1). */
    @Override
    public String uniformHash(String... keyExprs) {
        StringBuilder keys = new StringBuilder();
        for (int i = 0; i < keyExprs.length; i++) {
            keys.append(i == 0 ? "" : ", ").append(castToText(keyExprs[i]));
        }
        return "(CAST(CAST(CAST(('x' || substr(md5(concat_ws('|', " + keys + ")), 1, 8)) AS bit(32)) AS bigint) "
                + "& 4294967295 AS double precision) / 4294967296.0)";
    }

    @Override
    public String addDays(String dateExpr, String daysExpr) {
        return "(CAST(" + dateExpr + " AS date) + CAST(" + daysExpr + " AS integer))";
    }

    @Override
    public String addSeconds(String timestampExpr, String secondsExpr) {
        return "(CAST(" + timestampExpr + " AS timestamp) + CAST(" + secondsExpr + " AS bigint) * interval '1 second')";
    }

    private static String probability(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("quantile must be within 0..1: " + p);
        }
        return Double.toString(p);
    }

    @Override
    public String binaryType() {
        return "BYTEA";
    }
}
