package io.assay.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.analysis.insight.MetricAnomalies;
import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.engine.TimeGrain;
import io.assay.platform.catalog.DatasetName;
import io.assay.platform.task.TaskContext;
import io.assay.platform.workspace.Workspace;
import io.assay.server.Http;
import io.assay.server.Route;
import io.assay.server.Views;
import io.javalin.http.Context;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Questions about the data answered on demand, the same services MCP and the command line use: anomalies
 * of a metric over time ({@code detect_anomalies}, {@code assay anomalies}) and columns found across
 * the datasets ({@code search_columns}, {@code assay columns}).
 */
public final class InsightApi {

    private final Workspace ws;

    public InsightApi(Workspace ws) {
        this.ws = ws;
    }

    public List<Route> routes() {
        return List.of(Route.post("/api/v1/datasets/{name}/anomalies", Route.Access.SIGNED_IN, this::anomalies),
                Route.get("/api/v1/columns", Route.Access.SIGNED_IN, this::columns));
    }

    /** Columns of the datasets the caller may read, by name, SQL type or semantic type. */
    private void columns(Context ctx) {
        int limit = Http.intParam(ctx, "limit", 1, 1000).orElse(100);
        List<Object> items = ws.datasets().searchColumns(Http.caller(ctx), Http.query(ctx, "q"), Http.query(ctx, "type"),
                Http.query(ctx, "semanticType"), limit).stream().map(m -> (Object) Views.columnMatch(m)).toList();
        Http.json(ctx, 200, java.util.Map.of("items", items));
    }

    private void anomalies(Context ctx) {
        JsonNode b = Http.body(ctx);
        Optional<String> measure = Http.optionalText(b, "measure");
        Optional<MetricAnomalies.Aggregate> aggregate = Http.optionalText(b, "aggregate")
                .map(a -> choice(a, "aggregate", List.of("sum", "avg", "count"))).map(a -> MetricAnomalies.Aggregate.valueOf(a.toUpperCase(Locale.ROOT)));
        Optional<TimeGrain> grain = Http.optionalText(b, "grain")
                .map(g -> choice(g, "grain", List.of("minute", "hour", "day", "week", "month", "quarter", "year")))
                .map(g -> TimeGrain.valueOf(g.toUpperCase(Locale.ROOT)));
        List<MetricAnomalies.Condition> filter = new ArrayList<>();
        JsonNode f = b.get("filter");
        if (f != null && !f.isNull()) {
            if (!f.isArray()) {
                throw AssayException.of(ErrorCode.INVALID_INPUT, "filter must be a list of {column, op, value}.").detail("parameter", "filter").build();
            }
            int i = 0;
            for (JsonNode c : f) {
                String where = "filter[" + i++ + "]";
                if (!c.isObject()) {
                    throw AssayException.of(ErrorCode.INVALID_INPUT, where + " must be an object {column, op, value}.").detail("parameter", where).build();
                }
                JsonNode v = c.get("value");
                List<Object> values = new ArrayList<>();
                if (v != null && !v.isNull()) {
                    if (v.isArray()) {
                        v.forEach(x -> values.add(QueryApi.value(x, where + ".value")));
                    } else {
                        values.add(QueryApi.value(v, where + ".value"));
                    }
                }
                filter.add(new MetricAnomalies.Condition(Http.requiredText(c, "column"), MetricAnomalies.Op.parse(Http.requiredText(c, "op")), values));
            }
        }
        List<String> breakdown = new ArrayList<>();
        JsonNode by = b.get("breakdown");
        if (by != null && !by.isNull()) {
            if (!by.isArray()) {
                throw AssayException.of(ErrorCode.INVALID_INPUT, "breakdown must be a list of column names.").detail("parameter", "breakdown").build();
            }
            by.forEach(x -> breakdown.add(x.asText()));
        }
        int max = (int) Http.optionalLong(b, "maxAnomalies", 1, 50).orElse(MetricAnomalies.DEFAULT_MAX_ANOMALIES);
        OptionalLong timeoutMs = Http.optionalLong(b, "timeoutMs", 1, Duration.ofDays(1).toMillis());
        MetricAnomalies.Spec spec = new MetricAnomalies.Spec(Http.optionalText(b, "timeColumn"), measure, aggregate, grain, filter, breakdown, max);
        DatasetName dataset = DatasetName.of(ctx.pathParam("name"), "name");
        MetricAnomalies.Result r = ws.insights().anomalies(Http.caller(ctx), dataset, spec,
                timeoutMs.isPresent() ? Optional.of(Duration.ofMillis(timeoutMs.getAsLong())) : Optional.empty(), Http.origin(ctx),
                TaskContext.silent());
        Http.json(ctx, 200, Views.metricAnomalies(dataset.value(), r));
    }

    private static String choice(String value, String parameter, List<String> allowed) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (!allowed.contains(v)) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "'" + value + "' is not a valid " + parameter + ".")
                    .hint("Give one of " + String.join(", ", allowed) + ".").detail("parameter", parameter).build();
        }
        return v;
    }
}
