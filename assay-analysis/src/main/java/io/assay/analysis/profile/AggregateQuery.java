package io.assay.analysis.profile;

import io.assay.engine.QueryOptions;
import io.assay.engine.RowStream;
import io.assay.engine.Session;
import io.assay.engine.SqlStatement;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One SELECT of many aggregates over one relation, each paired with where its value goes: the way
 * the analysis computes every cheap metric of every column in a single scan.
 */
final class AggregateQuery {

    private final List<String> expressions = new ArrayList<>();
    private final List<Consumer<Object>> sinks = new ArrayList<>();
    private final List<Object> params = new ArrayList<>();

    /** Adds an aggregate expression; its value is handed to {@code sink} once the query ran. */
    AggregateQuery add(String expression, Consumer<Object> sink) {
        expressions.add(expression);
        sinks.add(sink);
        return this;
    }

    /** Adds an aggregate with bind parameters (in the order their {@code ?} appear). */
    AggregateQuery add(String expression, List<Object> expressionParams, Consumer<Object> sink) {
        params.addAll(expressionParams);
        return add(expression, sink);
    }

    boolean isEmpty() {
        return expressions.isEmpty();
    }

    int size() {
        return expressions.size();
    }

    /** Runs {@code SELECT aggregates FROM relation} and hands each value to its sink. */
    void run(Session session, String relation, QueryOptions options) {
        if (expressions.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < expressions.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(expressions.get(i)).append(" AS a").append(i);
        }
        sql.append(" FROM ").append(relation);
        try (RowStream rows = session.query(new SqlStatement(sql.toString(), params), options)) {
            if (!rows.next()) {
                return;
            }
            for (int i = 0; i < sinks.size(); i++) {
                sinks.get(i).accept(rows.get(i));
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
