package io.assay.analysis.insight;

import io.assay.analysis.model.AnomalyInsight.Contributor;
import io.assay.engine.Dialect;
import io.assay.engine.QueryOptions;
import io.assay.engine.RowStream;
import io.assay.engine.Session;
import io.assay.engine.SqlStatement;

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

    Contributors(Session session, QueryOptions options, String relation, String quotedTime, Grain grain, List<String> columns) {
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

        StringBuilder inner = new StringBuilder("SELECT " + dialect.dateTrunc(grain.grain(), time) + " AS b");
        StringBuilder outer = new StringBuilder("SELECT b");
        StringBuilder sets = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            inner.append(", ").append(dialect.castToText(dialect.quoteIdentifier(columns.get(i)))).append(" AS k").append(i);
            outer.append(", k").append(i).append(", GROUPING(k").append(i).append(") AS g").append(i);
            sets.append(i == 0 ? "" : ", ").append("(b, k").append(i).append(')');
        }
        inner.append(", ").append(measure.orElse("1")).append(" AS m FROM ").append(relation).append(" WHERE ")
                .append(dialect.epochSeconds(time)).append(" >= ? AND ").append(dialect.epochSeconds(time)).append(" < ?");
        outer.append(", sum(m) FROM (").append(inner).append(") AS w GROUP BY GROUPING SETS (").append(sets).append(')');

        // column → value → bucket start → measure
        List<Map<String, Map<Long, Double>>> byColumn = new ArrayList<>();
        columns.forEach(c -> byColumn.add(new HashMap<>()));
        try (RowStream rows = session.query(SqlStatement.of(outer.toString(), (double) starts[from], (double) end), options)) {
            while (rows.next()) {
                long bucket = Grain.epochSecond(rows.get(0));
                for (int i = 0; i < columns.size(); i++) {
                    if (((Number) rows.get(2 + 2 * i)).longValue() == 0) {
                        String value = rows.get(1 + 2 * i) == null ? "NULL" : (String) rows.get(1 + 2 * i);
                        Object m = rows.get(1 + 2 * columns.size());
                        byColumn.get(i).computeIfAbsent(value, v -> new HashMap<>())
                                .put(bucket, m == null ? 0 : ((Number) m).doubleValue());
                        break;
                    }
                }
            }
        }
        // What every value would do if it moved in proportion to the whole: its usual level scaled by the
        // anomaly's total over the usual total. A contributor is what moved beyond that.
        double usualTotal = 0;
        double actualTotal = 0;
        List<Contributor> all = new ArrayList<>();
        List<double[]> levels = new ArrayList<>();
        List<String[]> keys = new ArrayList<>();
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
                keys.add(new String[] {columns.get(i), e.getKey()});
            }
        }
        double scale = usualTotal == 0 ? 1 : actualTotal / usualTotal;
        for (int n = 0; n < levels.size(); n++) {
            double actual = levels.get(n)[0];
            double usual = levels.get(n)[1];
            double excess = actual - usual * scale;
            if (Math.signum(excess) == Math.signum(difference) && Math.abs(excess) >= SIGNIFICANT * Math.abs(difference)) {
                all.add(new Contributor(keys.get(n)[0], keys.get(n)[1], actual, usual, excess, excess / difference));
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
