package io.assay.analysis.insight;

import io.assay.analysis.model.AnomalyInsight.Contributor;
import io.assay.analysis.sql.GroupingSets;
import io.assay.engine.Dialect;
import io.assay.engine.QueryOptions;
import io.assay.engine.Session;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which category values drove an anomaly: in a window of buckets around it, the engine breaks the
 * measure down by each category column (one query, GROUPING SETS); a value's usual level is its
 * median over the window's other buckets. Values that moved beyond a proportional share of the
 * anomaly's change, in its direction, are its contributors: when everything fell alike (an outage)
 * there are none, when one region tripled it stands out.
 */
final class Contributors {

    static final int MAX_COLUMNS = 4;
    static final long MAX_VALUES = 30;
    static final int WINDOW = 14;
    static final int TOP = 3;
    /** A contributor must account for at least this share of the anomaly's difference. */
    static final double SIGNIFICANT = 0.1;

    private final Session session;
    private final QueryOptions options;
    private final Dialect dialect;
    private final String relation;
    private final String time;
    private final Grain grain;
    private final List<String> columns;
    private final String filter;
    private final List<Object> filterParams;

    Contributors(Session session, QueryOptions options, String relation, String quotedTime, Grain grain, List<String> columns) {
        this(session, options, relation, quotedTime, grain, columns, "", List.of());
    }

    /** With a condition every row must also meet ({@code filter}, SQL with {@code ?} parameters; empty for none). */
    Contributors(Session session, QueryOptions options, String relation, String quotedTime, Grain grain, List<String> columns,
                 String filter, List<Object> filterParams) {
        this.filter = filter;
        this.filterParams = filterParams;
        this.session = session;
        this.options = options;
        this.dialect = session.engine().dialect();
        this.relation = relation;
        this.time = quotedTime;
        this.grain = grain;
        this.columns = columns;
    }

    /**
     * The values that moved most with the anomaly at bucket {@code index}.
     *
     * @param difference the anomaly's value minus its expected value
     * @param measure    the measure's SQL (summed), or empty for row counts
     */
    List<Contributor> explain(Buckets buckets, int index, double difference, Optional<String> measure) {
        if (columns.isEmpty() || difference == 0) {
            return List.of();
        }
        long[] starts = buckets.starts();
        int from = Math.max(0, index - WINDOW);
        int to = Math.min(starts.length - 1, index + WINDOW);
        long end = grain.next(starts[to]);

        GroupingSets sets = new GroupingSets();
        int bucket = sets.key(grain.bucketSql(dialect, time));
        int[] keys = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            keys[i] = sets.key(dialect.castToText(dialect.quoteIdentifier(columns.get(i))));
            sets.set(bucket, keys[i]);
        }
        // column → value → bucket start → measure
        List<Map<String, Map<Long, Double>>> byColumn = new ArrayList<>();
        columns.forEach(c -> byColumn.add(new HashMap<>()));
        // On the column itself, not a function of it, so that the engine reads only the window's row groups.
        List<Object> whereParams = new ArrayList<>(List.of(Grain.dateTime(starts[from]), Grain.dateTime(end)));
        whereParams.addAll(filterParams);
        sets.run(session, options, relation, measure.orElse("1"), "sum(m)",
                time + " >= ? AND " + time + " < ?" + (filter.isEmpty() ? "" : " AND " + filter), whereParams, (set, values, m) -> {
                    String value = values[keys[set]] == null ? "NULL" : (String) values[keys[set]];
                    byColumn.get(set).computeIfAbsent(value, v -> new HashMap<>())
                            .put(Grain.epochSecond(values[bucket]), m == null ? 0 : ((Number) m).doubleValue());
                });
        // What every value would do if it moved in proportion to the whole: its usual level scaled by the
        // anomaly's total over the usual total. A contributor is what moved beyond that.
        double usualTotal = 0;
        double actualTotal = 0;
        List<Contributor> all = new ArrayList<>();
        List<double[]> levels = new ArrayList<>();
        List<String[]> names = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            for (Map.Entry<String, Map<Long, Double>> e : byColumn.get(i).entrySet()) {
                double actual = e.getValue().getOrDefault(starts[index], 0.0);
                double[] others = new double[to - from];
                int k = 0;
                for (int j = from; j <= to; j++) {
                    if (j != index) {
                        others[k++] = e.getValue().getOrDefault(starts[j], 0.0);
                    }
                }
                double usual = median(Arrays.copyOf(others, k));
                if (i == 0) {
                    usualTotal += usual;
                    actualTotal += actual;
                }
                levels.add(new double[] {actual, usual});
                names.add(new String[] {columns.get(i), e.getKey()});
            }
        }
        double scale = usualTotal == 0 ? 1 : actualTotal / usualTotal;
        for (int n = 0; n < levels.size(); n++) {
            double actual = levels.get(n)[0];
            double usual = levels.get(n)[1];
            double excess = actual - usual * scale;
            if (Math.signum(excess) == Math.signum(difference) && Math.abs(excess) >= SIGNIFICANT * Math.abs(difference)) {
                all.add(new Contributor(names.get(n)[0], names.get(n)[1], actual, usual, excess, excess / difference));
            }
        }
        return all.stream().sorted(Comparator.comparingDouble((Contributor c) -> Math.abs(c.delta())).reversed()).limit(TOP).toList();
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return 0;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
