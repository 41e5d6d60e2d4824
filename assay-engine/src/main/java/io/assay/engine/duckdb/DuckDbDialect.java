package io.assay.engine.duckdb;

import io.assay.engine.Dialect;
import io.assay.engine.TimeGrain;

import java.util.Locale;

/** DuckDB's SQL spelling. */
public final class DuckDbDialect implements Dialect {

    @Override
    public String defaultSchema() {
        return "main";
    }

    @Override
    public String approxDistinct(String expr) {
        return "approx_count_distinct(" + expr + ")";
    }

    @Override
    public String quantile(String expr, double p) {
        checkProbability(p);
        return "quantile_cont(" + expr + ", " + p + ")";
    }

    @Override
    public String approxQuantile(String expr, double p) {
        checkProbability(p);
        return "approx_quantile(" + expr + ", " + p + ")";
    }

    @Override
    public String quantiles(String expr, double[] ps, boolean approximate) {
        StringBuilder list = new StringBuilder("[");
        for (int i = 0; i < ps.length; i++) {
            checkProbability(ps[i]);
            list.append(i == 0 ? "" : ", ").append(ps[i]);
        }
        return (approximate ? "approx_quantile(" : "quantile_cont(") + expr + ", " + list + "])";
    }

    @Override
    public String countIf(String condition) {
        return "count(*) FILTER (WHERE " + condition + ")";
    }

    @Override
    public java.util.Optional<String> isInfinite(String doubleExpr) {
        return java.util.Optional.of("isinf(" + doubleExpr + ")");
    }

    @Override
    public String tryCastDouble(String expr) {
        return "TRY_CAST(" + expr + " AS DOUBLE)";
    }

    @Override
    public String tryCastDate(String expr) {
        return "TRY_CAST(" + expr + " AS DATE)";
    }

    @Override
    public String epochSeconds(String expr) {
        return "CAST(epoch(" + expr + ") AS DOUBLE)";
    }

    @Override
    public String sample(String relationSql, long rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("sample size must be positive: " + rows);
        }
        return "(SELECT * FROM " + relationSql + " USING SAMPLE reservoir(" + rows + " ROWS) REPEATABLE (42))";
    }

    /** Bernoulli sampling: each row drawn on its own with the same seed, in parallel (a reservoir runs on one thread). */
    @Override
    public String sample(String relationSql, long rows, long total) {
        if (rows < 1) {
            throw new IllegalArgumentException("sample size must be positive: " + rows);
        }
        if (total <= rows) {
            return "(SELECT * FROM " + relationSql + ")";
        }
        String percent = new java.math.BigDecimal(100.0 * rows / total).round(new java.math.MathContext(8)).stripTrailingZeros().toPlainString();
        return "(SELECT * FROM " + relationSql + " USING SAMPLE bernoulli(" + percent + "%) REPEATABLE (42))";
    }

    @Override
    public java.util.Optional<String> createTemporaryTable(String name, String select) {
        return java.util.Optional.of("CREATE TEMPORARY TABLE " + quoteIdentifier(name) + " AS " + select);
    }

    @Override
    public java.util.Optional<String> storageOrder() {
        return java.util.Optional.of("rowid");
    }

    @Override
    public java.util.Optional<String> rowHash(java.util.List<String> expressions) {
        return java.util.Optional.of("hash(" + String.join(", ", expressions) + ")");
    }

    @Override
    public String dateTrunc(TimeGrain grain, String expr) {
        return "date_trunc('" + grain.name().toLowerCase(Locale.ROOT) + "', " + expr + ")";
    }

    @Override
    public String regexFullMatch(String expr, String patternParameter) {
        return "regexp_full_match(" + expr + ", " + patternParameter + ")";
    }

    @Override
    public String castToText(String expr) {
        return "CAST(" + expr + " AS VARCHAR)";
    }

    @Override
    public String integerSeries(String column, String rowsExpr) {
        return "(SELECT range AS " + quoteIdentifier(column) + " FROM range(" + rowsExpr + "))";
    }

    @Override
    public String uniformHash(String... keyExprs) {
        // hash() is stable across runs and threads; a prime modulus spreads it evenly over [0, 1).
        return "((hash(" + String.join(", ", keyExprs) + ") % 1000000007) / 1000000007.0)";
    }

    @Override
    public String addDays(String dateExpr, String daysExpr) {
        return "(CAST(" + dateExpr + " AS DATE) + CAST(" + daysExpr + " AS INTEGER))";
    }

    @Override
    public String addSeconds(String timestampExpr, String secondsExpr) {
        return "(CAST(" + timestampExpr + " AS TIMESTAMP) + to_seconds(CAST(" + secondsExpr + " AS BIGINT)))";
    }

    static void checkProbability(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("quantile must be within 0..1: " + p);
        }
    }
}
