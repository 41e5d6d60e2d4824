package io.assay.analysis.profile;

import io.assay.engine.QueryOptions;
import io.assay.engine.RowStream;
import io.assay.engine.Session;
import io.assay.engine.SqlStatement;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Many aggregates over one relation, each paired with where its value goes: the way the analysis
 * computes every cheap metric of every column in as few scans as possible. A SELECT holds at most
 * {@link #MAX_EXPRESSIONS} aggregates: engines plan a select list in time that grows faster than its
 * length (DuckDB took 75 s to plan 5,000 aggregates over 50 rows, and overflowed a native stack on
 * more), so a wide table is read in several bounded queries rather than one unbounded one. A table
 * of up to about twenty columns still takes one scan.
 */
final class AggregateQuery {

    /** Aggregates per SELECT: bounded SQL text and planning time, whatever the table's width. */
    static final int MAX_EXPRESSIONS = 256;

    private final List<String> expressions = new ArrayList<>();
    private final List<Consumer<Object>> sinks = new ArrayList<>();
    private final List<List<Object>> params = new ArrayList<>();
    private final int maxExpressions;

    AggregateQuery() {
        this(MAX_EXPRESSIONS);
    }

    AggregateQuery(int maxExpressions) {
        if (maxExpressions < 1) {
            throw new IllegalArgumentException("maxExpressions must be at least 1");
        }
        this.maxExpressions = maxExpressions;
    }

    /** Adds an aggregate expression; its value is handed to {@code sink} once the query ran. */
    AggregateQuery add(String expression, Consumer<Object> sink) {
        return add(expression, List.of(), sink);
    }

    /** Adds an aggregate with bind parameters (in the order their {@code ?} appear). */
    AggregateQuery add(String expression, List<Object> expressionParams, Consumer<Object> sink) {
        expressions.add(expression);
        sinks.add(sink);
        params.add(new ArrayList<>(expressionParams));
        return this;
    }

    boolean isEmpty() {
        return expressions.isEmpty();
    }

    int size() {
        return expressions.size();
    }

    /** How many SELECTs {@link #run} will issue. */
    int batches() {
        return (expressions.size() + maxExpressions - 1) / maxExpressions;
    }

    /**
     * Runs {@code SELECT aggregates FROM relation}, in batches of at most {@code maxExpressions}
     * aggregates, and hands each value to its sink, in the order the aggregates were added.
     */
    void run(Session session, String relation, QueryOptions options) {
        for (int from = 0; from < expressions.size(); from += maxExpressions) {
            runBatch(session, relation, options, from, Math.min(expressions.size(), from + maxExpressions));
        }
    }

    private void runBatch(Session session, String relation, QueryOptions options, int from, int to) {
        StringBuilder sql = new StringBuilder("SELECT ");
        List<Object> bound = new ArrayList<>();
        for (int i = from; i < to; i++) {
            sql.append(i == from ? "" : ", ").append(expressions.get(i)).append(" AS a").append(i - from);
            bound.addAll(params.get(i));
        }
        sql.append(" FROM ").append(relation);
        try (RowStream rows = session.query(new SqlStatement(sql.toString(), bound), options)) {
            if (!rows.next()) {
                return;
            }
            for (int i = from; i < to; i++) {
                sinks.get(i).accept(rows.get(i - from));
            }
        }
    }

    static long asLong(Object v) {
        return v == null ? 0 : ((Number) v).longValue();
    }

    static double asDouble(Object v) {
        return v == null ? Double.NaN : ((Number) v).doubleValue();
    }
}
