package io.assay.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.platform.auth.Principal;
import io.assay.platform.saved.ObjectGrants;
import io.assay.platform.saved.SavedChart;
import io.assay.platform.saved.SavedChartService;
import io.assay.platform.workspace.Workspace;
import io.assay.server.Http;
import io.assay.server.Route;
import io.assay.server.Views;
import io.javalin.http.Context;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Saved charts ("questions"): owned, shared with users, roles or everyone, listed and searched, run with their last result kept. */
public final class SavedChartApi {

    private final Workspace ws;

    public SavedChartApi(Workspace ws) {
        this.ws = ws;
    }

    public List<Route> routes() {
        return List.of(
                Route.get("/api/v1/saved-charts", Route.Access.SIGNED_IN, this::list),
                Route.post("/api/v1/saved-charts", Route.Access.SIGNED_IN, this::create),
                Route.get("/api/v1/saved-charts/{id}", Route.Access.SIGNED_IN, ctx -> {
                    Principal p = Http.caller(ctx);
                    Http.json(ctx, 200, view(p, ws.savedCharts().get(p, ctx.pathParam("id"))));
                }),
                Route.put("/api/v1/saved-charts/{id}", Route.Access.SIGNED_IN, this::update),
                Route.delete("/api/v1/saved-charts/{id}", Route.Access.SIGNED_IN, ctx -> {
                    ws.savedCharts().delete(Http.caller(ctx), ctx.pathParam("id"), Http.origin(ctx));
                    ctx.status(204);
                }),
                Route.post("/api/v1/saved-charts/{id}/run", Route.Access.SIGNED_IN, this::run),
                Route.put("/api/v1/saved-charts/{id}/grants/{grantee}", Route.Access.SIGNED_IN, ctx -> {
                    JsonNode b = Http.body(ctx);
                    ObjectGrants.Grant g = ws.savedCharts().grant(Http.caller(ctx), ctx.pathParam("id"), ctx.pathParam("grantee"),
                            ObjectGrants.Access.parse(Http.requiredText(b, "access")), Http.origin(ctx));
                    Http.json(ctx, 200, grant(g));
                }),
                Route.delete("/api/v1/saved-charts/{id}/grants/{grantee}", Route.Access.SIGNED_IN, ctx -> {
                    ws.savedCharts().revoke(Http.caller(ctx), ctx.pathParam("id"), ctx.pathParam("grantee"), Http.origin(ctx));
                    ctx.status(204);
                }));
    }

    private void list(Context ctx) {
        Principal p = Http.caller(ctx);
        int limit = Http.limit(ctx);
        List<SavedChart> items = ws.savedCharts().list(p, Http.query(ctx, "q"), Http.cursorKey(ctx), limit + 1);
        Http.json(ctx, 200, Http.page(items, limit, SavedChart::id, c -> view(p, c)));
    }

    private void create(Context ctx) {
        Principal p = Http.caller(ctx);
        SavedChart c = ws.savedCharts().create(p, draft(Http.body(ctx)), Http.origin(ctx));
        ctx.header("Location", "/api/v1/saved-charts/" + c.id());
        Http.json(ctx, 201, view(p, c));
    }

    private void update(Context ctx) {
        Principal p = Http.caller(ctx);
        Http.json(ctx, 200, view(p, ws.savedCharts().update(p, ctx.pathParam("id"), draft(Http.body(ctx)), Http.origin(ctx))));
    }

    private void run(Context ctx) {
        Principal p = Http.caller(ctx);
        JsonNode b = ctx.body().isBlank() ? Http.JSON.createObjectNode() : Http.body(ctx);
        boolean refresh = Http.optionalBool(b, "refresh").orElse(false);
        Http.json(ctx, 200, result(ws.savedCharts().run(p, ctx.pathParam("id"), values(b.get("params"), "params"), refresh, Http.origin(ctx))));
    }

    /** A chart's content from a request body; a field that is wrong is named. */
    static SavedChart.Draft draft(JsonNode b) {
        return new SavedChart.Draft(Http.requiredText(b, "name"), Http.optionalText(b, "description"), Http.optionalText(b, "savedQueryId"),
                Http.optionalText(b, "sql"), SavedQueryApi.parameters(b.get("parameters")), SavedChartService.spec(b.get("spec")));
    }

    /** Values by name: an object of names to strings, numbers, booleans or null. */
    static Map<String, Object> values(JsonNode params, String field) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (params == null || params.isNull()) {
            return values;
        }
        if (!params.isObject()) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, field + " must be an object of parameter names to values, such as {\"region\": \"North\"}.")
                    .detail("parameter", field).build();
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            values.put(e.getKey(), QueryApi.value(e.getValue(), e.getKey()));
        }
        return values;
    }

    Map<String, Object> view(Principal p, SavedChart c) {
        return chart(c, ws.savedCharts().rights(p, c));
    }

    public static Map<String, Object> chart(SavedChart c, SavedChartService.Rights rights) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("name", c.name());
        m.put("description", c.description().orElse(null));
        m.put("owner", c.owner());
        m.put("savedQueryId", c.savedQueryId().orElse(null));
        m.put("sql", c.sql().orElse(null));
        m.put("parameters", c.parameters().stream().map(Views::queryParameter).toList());
        m.put("spec", spec(c));
        m.put("access", rights.manage() ? "owner" : rights.write() ? "write" : "read");
        m.put("createdAt", Views.time(c.createdAt()));
        m.put("updatedAt", Views.time(c.updatedAt()));
        m.put("lastRunAt", c.lastRunAt().map(Views::time).orElse(null));
        return m;
    }

    static Map<String, Object> spec(SavedChart c) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", c.spec().type().id());
        s.put("x", c.spec().x().orElse(null));
        s.put("y", c.spec().y());
        s.put("series", c.spec().series().orElse(null));
        s.put("aggregation", c.spec().aggregation().id());
        s.put("colors", c.spec().colors());
        s.put("title", c.spec().title().orElse(null));
        return s;
    }

    public static Map<String, Object> result(SavedChartService.ChartResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("chartId", r.chartId());
        m.put("columns", Views.columns(r.columns()));
        m.put("rows", r.rows());
        m.put("figure", r.figure().orElse(null));
        m.put("truncated", r.truncated());
        m.put("cached", r.cached());
        m.put("computedAt", Views.time(r.computedAt()));
        return m;
    }

    static Map<String, Object> grant(ObjectGrants.Grant g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("grantee", g.grantee());
        m.put("access", g.access().id());
        return m;
    }
}
