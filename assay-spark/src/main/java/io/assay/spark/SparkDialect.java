package io.assay.spark;

import io.assay.engine.Dialect;
import io.assay.engine.RelationRef;
import io.assay.engine.TimeGrain;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Spark SQL's spelling (Spark 4, ANSI mode on, as it is by default).
 *
 * <p>Exact and approximate figures: {@link #quantile} is Spark's exact {@code percentile} (linear interpolation
 * between ranks, the same as {@code percentile_cont}); {@link #approxQuantile} is {@code percentile_approx} with an
 * accuracy of {@value #QUANTILE_ACCURACY}, whose answer is a value of the column whose rank is within
 * {@code 1/accuracy} (0.01 %) of the rows from the exact rank; {@link #approxDistinct} is
 * {@code approx_count_distinct}, HyperLogLog++ with a relative standard deviation of
 * {@value #DISTINCT_RELATIVE_SD} (exact for small counts, below about a hundred values, where it counts linearly).
 *
 * <p>Identifiers are quoted with back-ticks (Spark reads double quotes as text). String constants escape
 * back-slashes and quotes with a back-slash, as Spark's lexer reads them.
 */
public final class SparkDialect implements Dialect {

    /** {@code percentile_approx}'s accuracy: the rank error is at most 1/accuracy of the rows. */
    public static final int QUANTILE_ACCURACY = 10_000;
    /** {@code approx_count_distinct}'s relative standard deviation. */
    public static final double DISTINCT_RELATIVE_SD = 0.01;

    /** The seed of the repeatable TABLESAMPLE: the same rows on every run over the same files. */
    static final long SAMPLE_SEED = 20_240_601L;

    private static final String NUMBER = "'^[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?$'";
    private static final String ISO_DATE = "'^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'";

    private final String defaultSchema;

    public SparkDialect() {
        this("default");
    }

    SparkDialect(String defaultSchema) {
        this.defaultSchema = defaultSchema;
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
        return defaultSchema;
    }

    @Override
    public String qualify(RelationRef ref) {
        return quoteIdentifier(ref.schema()) + "." + quoteIdentifier(ref.name());
    }

    @Override
    public String approxDistinct(String expr) {
        return "approx_count_distinct(" + expr + ", " + DISTINCT_RELATIVE_SD + ")";
    }

    @Override
    public String quantile(String expr, double p) {
        return "percentile(" + expr + ", " + probability(p) + ")";
    }

    @Override
    public String approxQuantile(String expr, double p) {
        return "percentile_approx(" + expr + ", " + probability(p) + ", " + QUANTILE_ACCURACY + ")";
    }

    @Override
    public String quantiles(String expr, double[] ps, boolean approximate) {
        StringBuilder list = new StringBuilder("array(");
        for (int i = 0; i < ps.length; i++) {
            list.append(i == 0 ? "" : ", ").append(probability(ps[i]));
        }
        list.append(')');
        return approximate
                ? "percentile_approx(" + expr + ", " + list + ", " + QUANTILE_ACCURACY + ")"
                : "percentile(" + expr + ", " + list + ")";
    }

    @Override
    public String castToDouble(String expr) {
        return "CAST(" + expr + " AS DOUBLE)";
    }

    @Override
    public Optional<String> isInfinite(String doubleExpr) {
        return Optional.of("(" + doubleExpr + " = CAST('Infinity' AS DOUBLE) OR " + doubleExpr + " = CAST('-Infinity' AS DOUBLE))");
    }

    /** A pattern decides, as on PostgreSQL: Spark's own cast would also take {@code NaN}, {@code Infinity} and {@code 1d}. */
    @Override
    public String tryCastDouble(String expr) {
        String text = "trim(" + castToText(expr) + ")";
        return "(CASE WHEN " + text + " RLIKE " + NUMBER + " THEN try_cast(" + text + " AS DOUBLE) END)";
    }

    /** ISO dates only ({@code 2024-03-01}); Spark's own cast would also take {@code 2024} or {@code 2024-3-1 10:00}. */
    @Override
    public String tryCastDate(String expr) {
        String text = "trim(" + castToText(expr) + ")";
        return "(CASE WHEN " + text + " RLIKE " + ISO_DATE + " AND substr(" + text + ", 1, 4) <> '0000' THEN try_cast("
                + text + " AS DATE) END)";
    }

    @Override
    public String length(String expr) {
        return "char_length(" + expr + ")";
    }

    /** Spark's {@code regexp_replace} replaces every match (it takes no flags). */
    @Override
    public String shapePattern(String expr) {
        return "regexp_replace(regexp_replace(regexp_replace(" + expr + ", '[A-Z]', 'A'), '[a-z]', 'a'), '[0-9]', '9')";
    }

    /** Seconds since the epoch; the engine's sessions run in UTC, so dates and plain timestamps count from UTC midnight. */
    @Override
    public String epochSeconds(String expr) {
        return "(CAST(unix_micros(CAST(" + expr + " AS TIMESTAMP)) AS DOUBLE) / 1000000.0)";
    }

    /** Rows ordered by a hash of their whole content: the same rows on every run, whatever the partitioning. */
    @Override
    public String sample(String relationSql, long rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("sample size must be positive: " + rows);
        }
        return "(SELECT * EXCEPT (`assay_sample_hash`) FROM (SELECT *, xxhash64(to_json(struct(*))) AS `assay_sample_hash` FROM "
                + relationSql + " AS sampled) AS hashed ORDER BY `assay_sample_hash` LIMIT " + rows + ")";
    }

    /**
     * Spark's {@code TABLESAMPLE (p PERCENT) REPEATABLE (seed)}: each partition draws its rows with a seeded generator
     * in one parallel pass, the same rows on every run over the same files and partitioning.
     */
    @Override
    public String sample(String relationSql, long rows, long total) {
        if (total <= rows) {
            return "(SELECT * FROM " + relationSql + ")";
        }
        double percent = Math.min(100.0, 100.0 * rows / total);
        return "(SELECT * FROM " + relationSql + " TABLESAMPLE (" + String.format(Locale.ROOT, "%.6f", percent)
                + " PERCENT) REPEATABLE (" + SAMPLE_SEED + "))";
    }

    /**
     * {@code xxhash64} over the values, each followed by whether it is NULL: Spark's hashes skip NULLs, and the flags
     * keep {@code (1, NULL)} and {@code (NULL, 1)} apart.
     */
    @Override
    public Optional<String> rowHash(List<String> expressions) {
        StringBuilder b = new StringBuilder("xxhash64(");
        for (int i = 0; i < expressions.size(); i++) {
            String e = expressions.get(i);
            b.append(i == 0 ? "" : ", ").append(e).append(", isnull(").append(e).append(')');
        }
        return Optional.of(b.append(')').toString());
    }

    /** Truncates as a timestamp without time zone, so that dates and timestamps give the same type (and wall clock). */
    @Override
    public String dateTrunc(TimeGrain grain, String expr) {
        return "CAST(date_trunc('" + grain.name() + "', CAST(" + expr + " AS TIMESTAMP_NTZ)) AS TIMESTAMP_NTZ)";
    }

    /** {@code RLIKE} finds a match anywhere (Java regular expressions): anchored here to the whole value. */
    @Override
    public String regexFullMatch(String expr, String patternParameter) {
        return "(" + expr + " RLIKE concat('^(?:', " + patternParameter + ", ')$'))";
    }

    @Override
    public String stringLiteral(String constant) {
        return "'" + constant.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    @Override
    public String castToText(String expr) {
        return "CAST(" + expr + " AS STRING)";
    }

    @Override
    public String integerSeries(String column, String rowsExpr) {
        return "(SELECT id AS " + quoteIdentifier(column) + " FROM range(CAST(" + rowsExpr + " AS BIGINT)))";
    }

    /** The low 32 bits of {@code xxhash64} of the keys, scaled into [0, 1). */
    @Override
    public String uniformHash(String... keyExprs) {
        StringBuilder keys = new StringBuilder();
        for (int i = 0; i < keyExprs.length; i++) {
            keys.append(i == 0 ? "" : ", ").append(castToText(keyExprs[i]));
        }
        return "(CAST(pmod(xxhash64(" + keys + "), 4294967296) AS DOUBLE) / 4294967296.0)";
    }

    @Override
    public String addDays(String dateExpr, String daysExpr) {
        return "date_add(CAST(" + dateExpr + " AS DATE), CAST(" + daysExpr + " AS INT))";
    }

    @Override
    public String addSeconds(String timestampExpr, String secondsExpr) {
        return "timestampadd(SECOND, CAST(" + secondsExpr + " AS BIGINT), CAST(" + timestampExpr + " AS TIMESTAMP_NTZ))";
    }

    @Override
    public String binaryType() {
        return "BINARY";
    }

    private static String probability(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("quantile must be within 0..1: " + p);
        }
        return Double.toString(p);
    }
}
