package io.assay.analysis.profile;

import io.assay.analysis.model.Histogram;
import io.assay.analysis.model.ValueCount;
import io.assay.engine.Dialect;
import io.assay.engine.QueryOptions;
import io.assay.engine.RowStream;
import io.assay.engine.Session;
import io.assay.engine.SqlStatement;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The second scan, one query with GROUPING SETS: the value counts of every low-cardinality column
 * (top values, and their exact distinct count) and the equal-width bins of every numeric and
 * temporal column (histograms), all in one pass over the data.
 */
final class GroupedScan {

    /** Columns with at most this many distinct values get their full value counts. */
    static final long LOW_CARDINALITY = 200;
    static final int TOP_VALUES = 10;
    static final int BINS = 20;

    private final Dialect dialect;

    GroupedScan(Dialect dialect) {
        this.dialect = dialect;
    }

    void run(Session session, String relation, List<ColumnStats> stats, QueryOptions options) {
        List<Key> keys = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        for (ColumnStats c : stats) {
            if (!c.isScalar() || c.count == 0) {
                continue;
            }
            String col = c.expr(dialect);
            if (c.distinct <= LOW_CARDINALITY) {
                keys.add(new Key(c, false, col, 0, 0));
            }
            if ((c.isNumeric() || c.isTemporal()) && c.min != null && c.max != null) {
                double lo = c.isNumeric() ? ((Number) c.min).doubleValue() : epochSeconds(c.min);
                double hi = c.isNumeric() ? ((Number) c.max).doubleValue() : epochSeconds(c.max);
                if (Double.isFinite(lo) && Double.isFinite(hi) && hi > lo) {
                    double width = (hi - lo) / BINS;
                    String value = c.isNumeric() ? "CAST(" + col + " AS DOUBLE)" : dialect.epochSeconds(col);
                    // NULL stays NULL (least() would put it in the last bin).
                    keys.add(new Key(c, true, "CASE WHEN " + col + " IS NOT NULL THEN least(CAST(floor((" + value
                            + " - ?) / ?) AS INTEGER), " + (BINS - 1) + ") END", lo, width));
                    params.add(lo);
                    params.add(width);
                }
            }
        }
        if (keys.isEmpty()) {
            return;
        }
        StringBuilder inner = new StringBuilder("SELECT ");
        StringBuilder outer = new StringBuilder("SELECT ");
        StringBuilder sets = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) {
            inner.append(i == 0 ? "" : ", ").append(keys.get(i).expression()).append(" AS k").append(i);
            outer.append("k").append(i).append(", GROUPING(k").append(i).append(") AS g").append(i).append(", ");
            sets.append(i == 0 ? "" : ", ").append("(k").append(i).append(')');
        }
        outer.append("count(*) AS n FROM (").append(inner).append(" FROM ").append(relation).append(") AS t GROUP BY GROUPING SETS (")
                .append(sets).append(')');
        List<Map<Object, Long>> counts = new ArrayList<>();
        keys.forEach(k -> counts.add(new java.util.HashMap<>()));
        try (RowStream rows = session.query(new io.assay.engine.SqlStatement(outer.toString(), params), options)) {
            while (rows.next()) {
                for (int i = 0; i < keys.size(); i++) {
                    if (((Number) rows.get(2 * i + 1)).longValue() == 0) {
                        Object value = rows.get(2 * i);
                        counts.get(i).merge(value == null ? NullKey.INSTANCE : value,
                                ((Number) rows.get(2 * keys.size())).longValue(), Long::sum);
                        break;
                    }
                }
            }
        }
        for (int i = 0; i < keys.size(); i++) {
            Key k = keys.get(i);
            Map<Object, Long> groups = counts.get(i);
            groups.remove(NullKey.INSTANCE);
            if (k.bins()) {
                k.column().histogram = histogram(groups, k.low(), k.width());
            } else {
                k.column().distinct = groups.size();
                k.column().distinctExact = true;
                k.column().valuesCounted = true;
                if (k.column().isText()) {
                    countSpecialValues(k.column(), groups);
                }
                k.column().topValues = groups.entrySet().stream()
                        .sorted(Map.Entry.<Object, Long>comparingByValue(Comparator.reverseOrder())
                                .thenComparing(e -> String.valueOf(e.getKey())))
                        .limit(TOP_VALUES)
                        .map(e -> new ValueCount(Profiles.text(e.getKey()), e.getValue()))
                        .toList();
            }
        }
    }

    /** Empty, blank and placeholder values of a text column, exactly, from all its value counts. */
    private static void countSpecialValues(ColumnStats c, Map<Object, Long> groups) {
        groups.forEach((value, n) -> {
            String text = String.valueOf(value);
            if (text.isEmpty()) {
                c.empty += n;
            } else if (text.isBlank()) {
                c.blank += n;
            }
            if (Placeholders.TEXT.contains(text.trim().toLowerCase(java.util.Locale.ROOT))) {
                c.placeholders += n;
            }
        });
    }

    private static Histogram histogram(Map<Object, Long> groups, double low, double width) {
        Map<Integer, Long> byBin = new TreeMap<>();
        groups.forEach((bin, n) -> byBin.put(((Number) bin).intValue(), n));
        List<Double> edges = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        for (int b = 0; b < BINS; b++) {
            edges.add(low + b * width);
            counts.add(byBin.getOrDefault(b, 0L));
        }
        edges.add(low + BINS * width);
        return new Histogram(edges, counts);
    }

    /** Seconds since the epoch of a date or timestamp value read from the engine. */
    static double epochSeconds(Object v) {
        if (v instanceof LocalDate d) {
            return d.toEpochDay() * 86_400.0;
        }
        if (v instanceof LocalDateTime t) {
            return t.toEpochSecond(ZoneOffset.UTC) + t.getNano() / 1e9;
        }
        if (v instanceof OffsetDateTime t) {
            return t.toEpochSecond() + t.getNano() / 1e9;
        }
        return Double.NaN;
    }

    /** One grouping key: a column's values, or its histogram bin. */
    private record Key(ColumnStats column, boolean bins, String expression, double low, double width) {
    }

    /** Stands for SQL NULL among group keys. */
    private enum NullKey { INSTANCE }
}
