package io.assay.analysis.profile;

import io.assay.analysis.model.Histogram;
import io.assay.analysis.model.ValueCount;
import io.assay.analysis.sql.GroupingSets;
import io.assay.engine.Dialect;
import io.assay.engine.QueryOptions;
import io.assay.engine.Session;

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
        GroupingSets sets = new GroupingSets();
        for (ColumnStats c : stats) {
            if (!c.isScalar() || c.count == 0) {
                continue;
            }
            String col = c.expr(dialect);
            if (c.distinct <= LOW_CARDINALITY) {
                keys.add(new Key(c, false, 0, 0));
                sets.set(sets.key(col));
            }
            if ((c.isNumeric() || c.isTemporal()) && c.min != null && c.max != null) {
                double lo = c.isNumeric() ? ((Number) c.min).doubleValue() : epochSeconds(c.min);
                double hi = c.isNumeric() ? ((Number) c.max).doubleValue() : epochSeconds(c.max);
                if (Double.isFinite(lo) && Double.isFinite(hi) && hi > lo) {
                    double width = (hi - lo) / BINS;
                    String value = c.isNumeric() ? "CAST(" + col + " AS DOUBLE)" : dialect.epochSeconds(col);
                    keys.add(new Key(c, true, lo, width));
                    // NULL stays NULL (least() would put it in the last bin).
                    sets.set(sets.key("CASE WHEN " + col + " IS NOT NULL THEN least(CAST(floor((" + value
                            + " - ?) / ?) AS INTEGER), " + (BINS - 1) + ") END", lo, width));
                }
            }
        }
        List<Map<Object, Long>> counts = new ArrayList<>();
        keys.forEach(k -> counts.add(new java.util.HashMap<>()));
        // One key per set, added in step: set i groups by key i.
        sets.run(session, options, relation, "1", "count(*)", null, List.of(), (set, values, n) ->
                counts.get(set).merge(values[set] == null ? NullKey.INSTANCE : values[set], ((Number) n).longValue(), Long::sum));
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
    private record Key(ColumnStats column, boolean bins, double low, double width) {
    }

    /** Stands for SQL NULL among group keys. */
    private enum NullKey { INSTANCE }
}
