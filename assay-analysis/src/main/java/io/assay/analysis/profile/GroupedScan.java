package io.assay.analysis.profile;

import io.assay.analysis.model.Correlation;
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
 * (top values, their exact distinct count, empty and placeholder values), the equal-width bins of
 * every numeric and temporal column (histograms), and the contingency tables of pairs of categories
 * (their association, Cramér's V), all in one pass over the data.
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

    /** Categories with at most this many values take part in pairwise association (Cramér's V). */
    static final long ASSOCIATION_CARDINALITY = 50;
    static final int MAX_ASSOCIATED_COLUMNS = 8;

    void run(Session session, String relation, List<ColumnStats> stats, List<Correlation> correlations, QueryOptions options) {
        List<Key> keys = new ArrayList<>();
        List<Integer> categoryKeys = new ArrayList<>();
        GroupingSets sets = new GroupingSets();
        for (ColumnStats c : stats) {
            if (!c.isScalar() || c.count == 0) {
                continue;
            }
            String col = c.expr(dialect);
            if (c.distinct <= LOW_CARDINALITY) {
                keys.add(new Key(c, false, 0, 0));
                int key = sets.key(col);
                sets.set(key);
                if ((c.isText() || c.kind == io.assay.analysis.model.ColumnKind.BOOLEAN) && c.distinct >= 2
                        && c.distinct <= ASSOCIATION_CARDINALITY && categoryKeys.size() < MAX_ASSOCIATED_COLUMNS) {
                    categoryKeys.add(key);
                }
            }
            if ((c.isNumeric() || c.isTemporal()) && c.min != null && c.max != null) {
                double lo = c.isNumeric() ? ((Number) c.min).doubleValue() : epochSeconds(c.min);
                double hi = c.isNumeric() ? ((Number) c.max).doubleValue() : epochSeconds(c.max);
                if (Double.isFinite(lo) && Double.isFinite(hi) && hi > lo) {
                    double width = (hi - lo) / BINS;
                    String value = c.isNumeric() ? dialect.castToDouble(col) : dialect.epochSeconds(col);
                    keys.add(new Key(c, true, lo, width));
                    // NULL stays NULL (least() would put it in the last bin).
                    sets.set(sets.key("CASE WHEN " + col + " IS NOT NULL THEN least(floor((" + value
                            + " - ?) / ?), " + (BINS - 1) + ") END", lo, width));
                }
            }
        }
        // Pairs of categories come after the single keys: set keys.size() + p is pair p.
        List<int[]> pairs = new ArrayList<>();
        for (int i = 0; i < categoryKeys.size(); i++) {
            for (int j = i + 1; j < categoryKeys.size(); j++) {
                pairs.add(new int[] {categoryKeys.get(i), categoryKeys.get(j)});
                sets.set(categoryKeys.get(i), categoryKeys.get(j));
            }
        }
        List<Map<Object, Long>> counts = new ArrayList<>();
        keys.forEach(k -> counts.add(new java.util.HashMap<>()));
        List<Contingency> tables = new ArrayList<>();
        pairs.forEach(p -> tables.add(new Contingency()));
        // One key per single set, added in step: set i groups by key i.
        sets.run(session, options, relation, "1", "count(*)", null, List.of(), (set, values, n) -> {
            long count = ((Number) n).longValue();
            if (set < keys.size()) {
                counts.get(set).merge(values[set] == null ? NullKey.INSTANCE : values[set], count, Long::sum);
            } else {
                int[] pair = pairs.get(set - keys.size());
                tables.get(set - keys.size()).add(values[pair[0]], values[pair[1]], count);
            }
        });
        for (int p = 0; p < pairs.size(); p++) {
            double v = tables.get(p).cramersV();
            if (Double.isFinite(v)) {
                correlations.add(new Correlation(keys.get(pairs.get(p)[0]).column().name(),
                        keys.get(pairs.get(p)[1]).column().name(), "cramers_v", v));
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

    /**
     * Empty, blank and placeholder values of a text column, exactly, from all its value counts. A word that is also an
     * ordinary value ("None", "NA") is a placeholder only where it contrasts with the column's other values.
     */
    static void countSpecialValues(ColumnStats c, Map<Object, Long> groups) {
        groups.forEach((value, n) -> {
            String text = String.valueOf(value);
            if (text.isEmpty()) {
                c.empty += n;
            } else if (text.isBlank()) {
                c.blank += n;
            }
            String word = text.trim().toLowerCase(java.util.Locale.ROOT);
            if (Placeholders.TEXT.contains(word) && Placeholders.conventionalCase(text.trim())
                    && (!Placeholders.AMBIGUOUS.contains(word) || Placeholders.contrasts(text, groups))) {
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

    /** Counts of value pairs of two categories, and their association. */
    private static final class Contingency {
        private final Map<Object, Map<Object, Long>> cells = new java.util.HashMap<>();

        void add(Object a, Object b, long n) {
            if (a != null && b != null) {
                cells.computeIfAbsent(a, x -> new java.util.HashMap<>()).merge(b, n, Long::sum);
            }
        }

        /** Rows a category needs on average for an association measured over it to mean anything. */
        static final int MIN_ROWS_PER_CATEGORY = 5;

        /**
         * Cramér's V: √(χ² / (n · (min(rows, columns) − 1))), 0 for independence, 1 for one determining the other; not a
         * number where there are too few rows per category to tell.
         */
        double cramersV() {
            Map<Object, Long> rowTotals = new java.util.HashMap<>();
            Map<Object, Long> colTotals = new java.util.HashMap<>();
            long n = 0;
            for (Map.Entry<Object, Map<Object, Long>> row : cells.entrySet()) {
                for (Map.Entry<Object, Long> cell : row.getValue().entrySet()) {
                    rowTotals.merge(row.getKey(), cell.getValue(), Long::sum);
                    colTotals.merge(cell.getKey(), cell.getValue(), Long::sum);
                    n += cell.getValue();
                }
            }
            int k = Math.min(rowTotals.size(), colTotals.size());
            if (n == 0 || k < 2) {
                return Double.NaN;
            }
            // Like the chi-squared test it comes from, V says nothing where categories hold a row or two each: a column
            // of distinct values "determines" every other. It needs about five rows per category of the larger column.
            if (n < MIN_ROWS_PER_CATEGORY * Math.max(rowTotals.size(), colTotals.size())) {
                return Double.NaN;
            }
            double chi2 = 0;
            for (Map.Entry<Object, Long> r : rowTotals.entrySet()) {
                Map<Object, Long> row = cells.getOrDefault(r.getKey(), Map.of());
                for (Map.Entry<Object, Long> c : colTotals.entrySet()) {
                    double expected = (double) r.getValue() * c.getValue() / n;
                    double observed = row.getOrDefault(c.getKey(), 0L);
                    chi2 += (observed - expected) * (observed - expected) / expected;
                }
            }
            return Math.sqrt(chi2 / (n * (double) (k - 1)));
        }
    }

    /** One grouping key: a column's values, or its histogram bin. */
    private record Key(ColumnStats column, boolean bins, double low, double width) {
    }

    /** Stands for SQL NULL among group keys. */
    private enum NullKey { INSTANCE }
}
