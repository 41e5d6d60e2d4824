package io.assay.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.analysis.chart.ChartRecommender;
import io.assay.engine.AssayException;
import io.assay.engine.Column;
import io.assay.engine.ErrorCode;
import io.assay.engine.RowStream;
import io.assay.platform.ask.AskPlan;
import io.assay.platform.auth.Principal;
import io.assay.platform.catalog.DatasetName;
import io.assay.platform.export.ResultWriter;
import io.assay.platform.export.Values;
import io.assay.platform.query.QueryOutcome;
import io.assay.platform.query.QueryOutput;
import io.assay.platform.query.QueryRequest;
import io.assay.platform.task.TaskContext;
import io.assay.platform.workspace.Workspace;
import io.assay.server.Http;
import io.assay.server.Route;
import io.javalin.http.Context;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Questions in plain English ({@code assay ask}, MCP's {@code ask}): the SQL chosen, what it means, the result (run
 * through the query pipeline like any query) and the chart recommended for it; and each dataset's synonyms.
 */
public final class AskApi {

    private static final int MAX_ROWS = 1000;

    private final Workspace ws;

    public AskApi(Workspace ws) {
        this.ws = ws;
    }

    public List<Route> routes() {
        return List.of(Route.post("/api/v1/ask", Route.Access.SIGNED_IN, this::ask),
                Route.get("/api/v1/datasets/{name}/synonyms", Route.Access.SIGNED_IN, this::synonyms),
                Route.put("/api/v1/datasets/{name}/synonyms/{phrase}", Route.Access.SIGNED_IN, this::putSynonym),
                Route.delete("/api/v1/datasets/{name}/synonyms/{phrase}", Route.Access.SIGNED_IN, this::removeSynonym));
    }

    private void ask(Context ctx) {
        JsonNode b = Http.body(ctx);
        Principal caller = Http.caller(ctx);
        String question = Http.requiredText(b, "question");
        List<DatasetName> among = new ArrayList<>();
        JsonNode ds = b.get("datasets");
        if (ds != null && !ds.isNull()) {
            if (!ds.isArray()) {
                throw AssayException.of(ErrorCode.INVALID_INPUT, "datasets must be a list of dataset names.").detail("parameter", "datasets").build();
            }
            ds.forEach(d -> among.add(DatasetName.of(d.asText(), "datasets")));
        }
        boolean sqlOnly = b.path("sqlOnly").asBoolean(false);
        int maxRows = (int) Http.optionalLong(b, "maxRows", 1, MAX_ROWS).orElse(MAX_ROWS);
        Optional<String> edited = Http.optionalText(b, "sql");
        Map<String, Object> out = new LinkedHashMap<>();
        String sql;
        if (edited.isPresent()) {
            // The SQL as the person edited it in the page: run for the question, governed like any query.
            sql = edited.get();
            out.put("sql", sql);
            out.put("edited", true);
        } else {
            AskPlan plan = ws.ask().plan(caller, question, among, Http.origin(ctx), TaskContext.silent());
            sql = plan.sql();
            out.put("dataset", plan.dataset());
            out.put("sql", sql);
            out.put("explanation", plan.explanation());
            out.put("source", plan.source());
            out.put("matched", plan.matched());
            out.put("notes", plan.notes());
        }
        if (!sqlOnly) {
            List<List<Object>> rows = new ArrayList<>();
            List<Column>[] cols = new List[] {List.of()};
            ResultWriter collect = (RowStream s, OutputStream o) -> {
                cols[0] = s.columns();
                while (s.next()) {
                    List<Object> r = new ArrayList<>();
                    for (int i = 0; i < s.columns().size(); i++) {
                        r.add(Values.toJson(s.get(i)));
                    }
                    rows.add(r);
                }
                return rows.size();
            };
            QueryOutcome o = ws.ask().run(caller, question, new QueryRequest(sql, Optional.empty(), OptionalLong.of(maxRows)),
                    new QueryOutput.Stream(c -> collect, OutputStream.nullOutputStream(), QueryOutput.Delivery.RESPONSE), Http.origin(ctx),
                    TaskContext.silent());
            List<Column> columns = o.columns().isEmpty() ? cols[0] : o.columns();
            List<Map<String, Object>> cs = new ArrayList<>();
            List<ChartRecommender.Field> fields = new ArrayList<>();
            for (Column c : columns) {
                cs.add(Map.of("name", c.name(), "type", c.type().nativeName()));
                fields.add(ChartRecommender.Field.of(c.name(), c.type().nativeName(), OptionalLong.empty()));
            }
            out.put("columns", cs);
            out.put("rows", rows);
            out.put("rowCount", rows.size());
            out.put("truncated", o.truncated());
            out.put("elapsedMs", o.elapsed().toMillis());
            if (!fields.isEmpty()) {
                ChartRecommender.Recommendation r = ChartRecommender.recommend(fields);
                Map<String, Object> chart = new LinkedHashMap<>();
                chart.put("type", r.type().id());
                chart.put("x", r.x().orElse(null));
                chart.put("y", r.y().orElse(null));
                chart.put("reason", r.reason());
                out.put("chart", chart);
            }
        }
        Http.json(ctx, 200, out);
    }

    private void synonyms(Context ctx) {
        Http.json(ctx, 200, view(ws.ask().synonyms(Http.caller(ctx), DatasetName.of(ctx.pathParam("name"), "name"))));
    }

    private void putSynonym(Context ctx) {
        JsonNode b = Http.body(ctx);
        Http.json(ctx, 200, view(ws.ask().putSynonym(Http.caller(ctx), DatasetName.of(ctx.pathParam("name"), "name"), ctx.pathParam("phrase"),
                Http.requiredText(b, "expression"), Http.origin(ctx))));
    }

    private void removeSynonym(Context ctx) {
        Http.json(ctx, 200, view(ws.ask().removeSynonym(Http.caller(ctx), DatasetName.of(ctx.pathParam("name"), "name"), ctx.pathParam("phrase"),
                Http.origin(ctx))));
    }

    private static Map<String, Object> view(Map<String, String> synonyms) {
        List<Map<String, String>> items = new ArrayList<>();
        synonyms.forEach((p, e) -> items.add(Map.of("phrase", p, "expression", e)));
        return Map.of("items", items);
    }

}
