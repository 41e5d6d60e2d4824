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
    private final List<List<Object>> params = new ArrayList<>();

    /** Adds a key expression (with its bind parameters, in order); answers its index. */
    public int key(String expression, Object... keyParams) {
        keys.add(expression);
        params.add(new ArrayList<>(Arrays.asList(keyParams)));
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
     * [WHERE where]) GROUP BY GROUPING SETS (...)} and hands every group to {@code sink}. The sets are run
     * {@value #MAX_SETS} at a time (grouping sets cost an engine more than their number: 860 sets over 50 rows took 8.6 s at 64 a query, 1.4 s at 8; 32 keeps a table of ordinary width to one or two scans), each query holding only the keys its sets use, so that the SQL and its
     * planning stay bounded however many columns a table has (one query for a table of ordinary width).
     * The key values handed to the sink are valid only during the call.
     *
     * @param measure     the value aggregated as {@code m} (use {@code 1} with {@code count(*)})
     * @param aggregate   the aggregate over {@code m}, such as {@code count(*)} or {@code sum(m)}
     * @param where       a condition on the relation, or null
     * @param whereParams bind parameters of the condition
     */
    public void run(Session session, QueryOptions options, String relation, String measure, String aggregate, String where,
                    List<Object> whereParams, GroupSink sink) {
        int batch = 0;
        while (batch < sets.size()) {
            // Sets in this batch: up to MAX_SETS, and no more keys than MAX_KEYS (a set always fits alone).
            java.util.TreeSet<Integer> used = new java.util.TreeSet<>();
            int end = batch;
            while (end < sets.size() && end - batch < MAX_SETS) {
                java.util.TreeSet<Integer> more = new java.util.TreeSet<>(used);
                for (int k : sets.get(end)) {
                    more.add(k);
                }
                if (end > batch && more.size() > MAX_KEYS) {
                    break;
                }
                used = more;
                end++;
            }
            runBatch(session, options, relation, measure, aggregate, where, whereParams, batch, end,
                    used.stream().mapToInt(Integer::intValue).toArray(), sink);
            batch = end;
        }
    }

    /** Grouping sets per query. */
    static final int MAX_SETS = 32;
    /** Key expressions per query (a batch of sets is cut short before it needs more). */
    static final int MAX_KEYS = 64;

    private void runBatch(Session session, QueryOptions options, String relation, String measure, String aggregate,
                          String where, List<Object> whereParams, int firstSet, int endSet, int[] used, GroupSink sink) {
        // Local position of every global key the batch uses.
        java.util.Map<Integer, Integer> local = new java.util.HashMap<>();
        StringBuilder inner = new StringBuilder("SELECT ");
        StringBuilder outer = new StringBuilder("SELECT ");
        List<Object> all = new ArrayList<>();
        for (int i = 0; i < used.length; i++) {
            local.put(used[i], i);
            inner.append(keys.get(used[i])).append(" AS k").append(i).append(", ");
            outer.append("k").append(i).append(", GROUPING(k").append(i).append(") AS g").append(i).append(", ");
            all.addAll(params.get(used[i]));
        }
        inner.append(measure).append(" AS m FROM ").append(relation);
        if (where != null) {
            inner.append(" WHERE ").append(where);
        }
        all.addAll(whereParams);
        outer.append(aggregate).append(" FROM (").append(inner).append(") AS t GROUP BY GROUPING SETS (");
        // Which set a group belongs to, by the bit mask of the local keys it is grouped by.
        java.util.Map<java.util.BitSet, Integer> bySignature = new java.util.HashMap<>();
        List<int[]> localSets = new ArrayList<>();
        for (int s = firstSet; s < endSet; s++) {
            int[] set = sets.get(s);
            int[] localSet = new int[set.length];
            java.util.BitSet signature = new java.util.BitSet();
            outer.append(s == firstSet ? "(" : ", (");
            for (int j = 0; j < set.length; j++) {
                localSet[j] = local.get(set[j]);
                signature.set(localSet[j]);
                outer.append(j == 0 ? "" : ", ").append('k').append(localSet[j]);
            }
            outer.append(')');
            localSets.add(localSet);
            bySignature.putIfAbsent(signature, s);
        }
        outer.append(')');
        Object[] values = new Object[keys.size()];
        if (!session.engine().can(Capability.GROUPING_SETS)) {
            runSetBySet(session, options, inner.toString(), aggregate, all, firstSet, localSets, used, values, sink);
            return;
        }
        int n = used.length;
        try (RowStream rows = session.query(new SqlStatement(outer.toString(), all), options)) {
            while (rows.next()) {
                java.util.BitSet grouped = new java.util.BitSet(n);
                for (int i = 0; i < n; i++) {
                    values[used[i]] = rows.get(2 * i);
                    if (((Number) rows.get(2 * i + 1)).longValue() == 0) {
                        grouped.set(i);
                    }
                }
                Integer set = bySignature.get(grouped);
                if (set == null) {
                    throw new IllegalStateException("a group matches no grouping set");
                }
                sink.accept(set, values, rows.get(2 * n));
            }
        } finally {
            java.util.Arrays.fill(values, null);
        }
    }

    /** For engines without GROUPING SETS: one GROUP BY per set, over the same inner query. */
    private void runSetBySet(Session session, QueryOptions options, String inner, String aggregate, List<Object> params,
                             int firstSet, List<int[]> localSets, int[] used, Object[] values, GroupSink sink) {
        for (int s = 0; s < localSets.size(); s++) {
            int[] set = localSets.get(s);
            StringBuilder keysSql = new StringBuilder();
            for (int j = 0; j < set.length; j++) {
                keysSql.append(j == 0 ? "" : ", ").append('k').append(set[j]);
            }
            String sql = "SELECT " + keysSql + ", " + aggregate + " FROM (" + inner + ") AS t GROUP BY " + keysSql;
            try (RowStream rows = session.query(new SqlStatement(sql, params), options)) {
                while (rows.next()) {
                    for (int k : used) {
                        values[k] = null;
                    }
                    for (int j = 0; j < set.length; j++) {
                        values[used[set[j]]] = rows.get(j);
                    }
                    sink.accept(firstSet + s, values, rows.get(set.length));
                }
            }
        }
    }
}
