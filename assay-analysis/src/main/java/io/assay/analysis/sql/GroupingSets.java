package io.assay.analysis.sql;

import io.assay.engine.Capability;
import io.assay.engine.QueryOptions;
import io.assay.engine.RowStream;
import io.assay.engine.Session;
import io.assay.engine.SqlStatement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Many GROUP BYs in one scan: {@code GROUP BY GROUPING SETS ((k0), (k1), (b, k2), ...)} over key
 * expressions, read back set by set. The analysis counts the values of every low-cardinality
 * column, bins every histogram, or breaks a measure down by every category this way, in one pass
 * over the data instead of one per column. Engines without GROUPING SETS ({@link Capability#GROUPING_SETS})
 * get one GROUP BY per set: the same answer, in more scans.
 */
public final class GroupingSets {

    private final List<String> keys = new ArrayList<>();
    private final List<int[]> sets = new ArrayList<>();
    private final List<Object> params = new ArrayList<>();

    /** Adds a key expression (with its bind parameters, in order); answers its index. */
    public int key(String expression, Object... keyParams) {
        keys.add(expression);
        params.addAll(Arrays.asList(keyParams));
        return keys.size() - 1;
    }

    /** Adds a grouping set of the given keys; answers its index. */
    public int set(int... keyIndexes) {
        sets.add(keyIndexes.clone());
        return sets.size() - 1;
    }

    public boolean isEmpty() {
        return sets.isEmpty();
    }

    /** Receives one group: which set it belongs to, the values of all keys (those outside the set are null), and the aggregate. */
    @FunctionalInterface
    public interface GroupSink {
        void accept(int set, Object[] keyValues, Object aggregate);
    }

    /**
     * Runs {@code SELECT keys, GROUPING(...), aggregate FROM (SELECT key expressions, measure AS m FROM relation
     * [WHERE where]) GROUP BY GROUPING SETS (...)} and hands every group to {@code sink}.
     *
     * @param measure     the value aggregated as {@code m} (use {@code 1} with {@code count(*)})
     * @param aggregate   the aggregate over {@code m}, such as {@code count(*)} or {@code sum(m)}
     * @param where       a condition on the relation, or null
     * @param whereParams bind parameters of the condition
     */
    public void run(Session session, QueryOptions options, String relation, String measure, String aggregate, String where,
                    List<Object> whereParams, GroupSink sink) {
        if (sets.isEmpty()) {
            return;
        }
        StringBuilder inner = new StringBuilder("SELECT ");
        StringBuilder outer = new StringBuilder("SELECT ");
        for (int i = 0; i < keys.size(); i++) {
            inner.append(keys.get(i)).append(" AS k").append(i).append(", ");
            outer.append("k").append(i).append(", GROUPING(k").append(i).append(") AS g").append(i).append(", ");
        }
        inner.append(measure).append(" AS m FROM ").append(relation);
        if (where != null) {
            inner.append(" WHERE ").append(where);
        }
        outer.append(aggregate).append(" FROM (").append(inner).append(") AS t GROUP BY GROUPING SETS (");
        for (int s = 0; s < sets.size(); s++) {
            outer.append(s == 0 ? "(" : ", (");
            int[] set = sets.get(s);
            for (int j = 0; j < set.length; j++) {
                outer.append(j == 0 ? "" : ", ").append('k').append(set[j]);
            }
            outer.append(')');
        }
        outer.append(')');
        List<Object> all = new ArrayList<>(params);
        all.addAll(whereParams);
        int n = keys.size();
        if (!session.engine().can(Capability.GROUPING_SETS)) {
            runSetBySet(session, options, inner.toString(), aggregate, all, sink);
            return;
        }
        try (RowStream rows = session.query(new SqlStatement(outer.toString(), all), options)) {
            while (rows.next()) {
                Object[] values = new Object[n];
                boolean[] grouped = new boolean[n];
                for (int i = 0; i < n; i++) {
                    values[i] = rows.get(2 * i);
                    grouped[i] = ((Number) rows.get(2 * i + 1)).longValue() == 0;
                }
                sink.accept(setOf(grouped), values, rows.get(2 * n));
            }
        }
    }

    /** For engines without GROUPING SETS: one GROUP BY per set, over the same inner query. */
    private void runSetBySet(Session session, QueryOptions options, String inner, String aggregate, List<Object> params,
                             GroupSink sink) {
        for (int s = 0; s < sets.size(); s++) {
            int[] set = sets.get(s);
            StringBuilder keysSql = new StringBuilder();
            for (int j = 0; j < set.length; j++) {
                keysSql.append(j == 0 ? "" : ", ").append('k').append(set[j]);
            }
            String sql = "SELECT " + keysSql + ", " + aggregate + " FROM (" + inner + ") AS t GROUP BY " + keysSql;
            try (RowStream rows = session.query(new SqlStatement(sql, params), options)) {
                while (rows.next()) {
                    Object[] values = new Object[keys.size()];
                    for (int j = 0; j < set.length; j++) {
                        values[set[j]] = rows.get(j);
                    }
                    sink.accept(s, values, rows.get(set.length));
                }
            }
        }
    }

    /** The set whose keys are exactly the grouped ones. */
    private int setOf(boolean[] grouped) {
        for (int s = 0; s < sets.size(); s++) {
            int[] set = sets.get(s);
            int count = 0;
            boolean match = true;
            for (int k : set) {
                match &= grouped[k];
                count++;
            }
            int groupedCount = 0;
            for (boolean g : grouped) {
                groupedCount += g ? 1 : 0;
            }
            if (match && count == groupedCount) {
                return s;
            }
        }
        throw new IllegalStateException("a group matches no grouping set");
    }
}
