package io.assay.analysis.profile;

import io.assay.analysis.model.AnalysisMode;
import io.assay.analysis.model.Correlation;
import io.assay.engine.Dialect;
import io.assay.engine.QueryOptions;
import io.assay.engine.Session;

import java.util.List;
import java.util.OptionalDouble;

import static io.assay.analysis.profile.AggregateQuery.asDouble;
import static io.assay.analysis.profile.AggregateQuery.asLong;

/**
 * The first scan, in one query, as DuckDB's SUMMARIZE does it: for every column its count,
 * approximate distinct count, min and max; for numbers mean, deviation and quantiles (one sketch per
 * column). In full mode the same scan also counts zeros, negatives, sentinel numbers, text lengths,
 * the moments for skewness, and the correlations of numeric pairs.
 */
final class WideScan {

    /** Numeric columns beyond this many are left out of pairwise correlation. */
    static final int MAX_CORRELATED_COLUMNS = 24;

    /** Up to this many rows, quantiles are computed exactly: it costs little, and small data deserves exact answers. */
    static final long EXACT_QUANTILES_UP_TO = 1_000_000;

    private final Dialect dialect;
    private final boolean exactQuantiles;

    private final boolean quantileLists;

    /**
     * @param engine      the engine the scan runs on (its dialect and what it can do)
     * @param rowEstimate the table's rows as the catalog estimates them, to choose exact or approximate quantiles
     */
    WideScan(io.assay.engine.Engine engine, java.util.OptionalLong rowEstimate) {
        this.dialect = engine.dialect();
        this.quantileLists = engine.can(io.assay.engine.Capability.QUANTILE_LISTS);
        this.exactQuantiles = rowEstimate.isPresent() && rowEstimate.getAsLong() <= EXACT_QUANTILES_UP_TO
                || !engine.can(io.assay.engine.Capability.APPROX_QUANTILES);
    }

    private String quantile(String expr, double p) {
        return exactQuantiles ? dialect.quantile(expr, p) : dialect.approxQuantile(expr, p);
    }

    /** The quantiles every numeric column gets, from one sketch: 5th percentile, quartiles, 95th percentile. */
    private static final double[] QUANTILES = {0.05, 0.25, 0.5, 0.75, 0.95};

    /** Fills {@code stats}; answers the row count and, in full mode, adds numeric correlations. */
    long run(Session session, String relation, List<ColumnStats> stats, AnalysisMode mode, List<Correlation> correlations,
             QueryOptions options) {
        boolean full = mode == AnalysisMode.FULL;
        AggregateQuery q = new AggregateQuery();
        long[] rows = new long[1];
        q.add("count(*)", v -> rows[0] = asLong(v));
        for (ColumnStats c : stats) {
            if (!c.isScalar()) {
                // Nested values (STRUCT, LIST, MAP) and blobs: counted, and their distinct values counted by their text.
                String col = c.expr(dialect);
                q.add("count(" + col + ")", v -> c.count = asLong(v));
                q.add(dialect.approxDistinct(dialect.castToText(col)), v -> c.distinct = asLong(v));
                continue;
            }
            addCommon(q, c);
            if (c.isNumeric()) {
                addNumeric(q, c, full);
            } else if (c.isText() && full) {
                addText(q, c);
            } else if (c.isTemporal() && full) {
                String col = c.expr(dialect);
                String sentinel = "CAST(" + col + " AS DATE) IN (" + String.join(", ", Placeholders.DATES) + ")";
                q.add(dialect.countIf(sentinel), v -> c.placeholders = asLong(v));
                q.add("min(CASE WHEN " + sentinel + " THEN NULL ELSE " + col + " END)", v -> c.minOther = v);
                q.add("max(CASE WHEN " + sentinel + " THEN NULL ELSE " + col + " END)", v -> c.maxOther = v);
                // The span insights over time cut their series to, taken here rather than in a scan of its own.
                String epoch = dialect.epochSeconds(col);
                c.epochExact = exactQuantiles;
                q.add("min(" + epoch + ")", v -> c.epochMin = asDouble(v));
                q.add("max(" + epoch + ")", v -> c.epochMax = asDouble(v));
                q.add(quantile(epoch, 0.01), v -> c.epochP01 = asDouble(v));
                q.add(quantile(epoch, 0.99), v -> c.epochP99 = asDouble(v));
            }
        }
        if (full) {
            List<ColumnStats> numeric = stats.stream().filter(ColumnStats::isNumeric).limit(MAX_CORRELATED_COLUMNS).toList();
            for (int i = 0; i < numeric.size(); i++) {
                for (int j = i + 1; j < numeric.size(); j++) {
                    String a = numeric.get(i).name();
                    String b = numeric.get(j).name();
                    q.add(dialect.correlation(asDoubleExpr(a), asDoubleExpr(b)), v -> {
                        double r = asDouble(v);
                        if (!Double.isNaN(r)) {
                            correlations.add(new Correlation(a, b, "pearson", Math.max(-1, Math.min(1, r))));
                        }
                    });
                }
            }
        }
        q.run(session, relation, options);
        stats.forEach(Placeholders::keepIsolatedSentinels);
        return rows[0];
    }

    private void addCommon(AggregateQuery q, ColumnStats c) {
        String col = c.expr(dialect);
        q.add("count(" + col + ")", v -> c.count = asLong(v));
        q.add(dialect.approxDistinct(col), v -> c.distinct = asLong(v));
        q.add("min(" + col + ")", v -> c.min = v);
        q.add("max(" + col + ")", v -> c.max = v);
    }

    private void addNumeric(AggregateQuery q, ColumnStats c, boolean full) {
        String col = c.expr(dialect);
        String d = asDoubleExpr(c.name());
        q.add("avg(" + d + ")", v -> c.mean = asDouble(v));
        q.add("stddev_samp(" + d + ")", v -> c.stddev = asDouble(v));
        if (quantileLists) {
            q.add(dialect.quantiles(d, QUANTILES, !exactQuantiles), v -> {
                if (v instanceof java.util.List<?> qs && qs.size() == QUANTILES.length) {
                    c.p05 = asDouble(qs.get(0));
                    c.q1 = asDouble(qs.get(1));
                    c.median = asDouble(qs.get(2));
                    c.q3 = asDouble(qs.get(3));
                    c.p95 = asDouble(qs.get(4));
                }
            });
        } else {
            q.add(quantile(d, 0.05), v -> c.p05 = asDouble(v));
            q.add(quantile(d, 0.25), v -> c.q1 = asDouble(v));
            q.add(quantile(d, 0.5), v -> c.median = asDouble(v));
            q.add(quantile(d, 0.75), v -> c.q3 = asDouble(v));
            q.add(quantile(d, 0.95), v -> c.p95 = asDouble(v));
        }
        if (!full) {
            return;
        }
        q.add("sum(" + d + ")", v -> c.sum = asDouble(v));
        q.add(dialect.countIf(col + " = 0"), v -> c.zeros = asLong(v));
        q.add(dialect.countIf(col + " < 0"), v -> c.negatives = asLong(v));
        if (c.column.type().kind() == io.assay.engine.ColumnType.Kind.FLOAT) {
            dialect.isInfinite(d).ifPresent(inf -> q.add(dialect.countIf(inf), v -> c.infinities = asLong(v)));
        }
        String sentinel = col + " IN (" + Placeholders.questionMarks(Placeholders.NUMBERS.size()) + ")";
        q.add(dialect.countIf(sentinel), Placeholders.NUMBERS, v -> c.placeholders = asLong(v));
        q.add("min(CASE WHEN " + sentinel + " THEN NULL ELSE " + d + " END)", Placeholders.NUMBERS, v -> c.minOther = v);
        q.add("max(CASE WHEN " + sentinel + " THEN NULL ELSE " + d + " END)", Placeholders.NUMBERS, v -> c.maxOther = v);
        // Skewness from central moments: E[(x-m)^3] / sd^3, with E[(x-m)^3] = E[x^3] - 3mE[x^2] + 2m^3.
        double[] moments = new double[3];
        q.add("avg(" + d + " * " + d + ")", v -> moments[0] = asDouble(v));
        q.add("avg(" + d + " * " + d + " * " + d + ")", v -> moments[1] = asDouble(v));
        q.add("stddev_pop(" + d + ")", v -> {
            moments[2] = asDouble(v);
            double m = c.mean;
            double third = moments[1] - 3 * m * moments[0] + 2 * m * m * m;
            double sd = moments[2];
            c.skewness = sd > 0 && Double.isFinite(third) ? OptionalDouble.of(third / (sd * sd * sd)) : OptionalDouble.empty();
        });
    }

    private void addText(AggregateQuery q, ColumnStats c) {
        String col = c.expr(dialect);
        String len = dialect.length(col);
        q.add("min(" + len + ")", v -> c.minLength = asLong(v));
        q.add("max(" + len + ")", v -> c.maxLength = asLong(v));
        q.add("avg(" + len + ")", v -> c.meanLength = asDouble(v));
        // Empty, blank and placeholder values are counted later: from the exact value counts for
        // low-cardinality columns, by the detail scan for the others.
    }

    private String asDoubleExpr(String column) {
        return dialect.castToDouble(dialect.quoteIdentifier(column));
    }
}
