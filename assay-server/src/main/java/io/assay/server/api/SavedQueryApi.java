package io.assay.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.platform.auth.Principal;
import io.assay.platform.saved.QueryParameter;
import io.assay.platform.saved.SavedQuery;
import io.assay.platform.saved.SavedQueryService;
import io.assay.platform.workspace.Workspace;
import io.assay.server.Http;
import io.assay.server.Route;
import io.assay.server.Views;
import io.javalin.http.Context;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Saved queries: the caller's own; each may declare typed parameters, whose values a run gives. */
public final class SavedQueryApi {

    private final Workspace ws;

    public SavedQueryApi(Workspace ws) {
        this.ws = ws;
    }

    public List<Route> routes() {
        return List.of(
                Route.get("/api/v1/saved-queries", Route.Access.SIGNED_IN, this::list),
                Route.post("/api/v1/saved-queries", Route.Access.SIGNED_IN, this::create),
                Route.get("/api/v1/saved-queries/{id}", Route.Access.SIGNED_IN,
                        ctx -> Http.json(ctx, 200, Views.savedQuery(ws.savedQueries().get(Http.caller(ctx), ctx.pathParam("id"))))),
                Route.put("/api/v1/saved-queries/{id}", Route.Access.SIGNED_IN, this::update),
                Route.delete("/api/v1/saved-queries/{id}", Route.Access.SIGNED_IN, ctx -> {
                    ws.savedQueries().delete(Http.caller(ctx), ctx.pathParam("id"));
                    ctx.status(204);
                }),
                Route.post("/api/v1/saved-queries/{id}/run", Route.Access.SIGNED_IN, this::run));
    }

    private void list(Context ctx) {
        int limit = Http.limit(ctx);
        List<SavedQuery> items = ws.savedQueries().list(Http.caller(ctx), Http.cursorKey(ctx), limit + 1);
        Http.json(ctx, 200, Http.page(items, limit, SavedQuery::id, Views::savedQuery));
    }

    private void create(Context ctx) {
        JsonNode b = Http.body(ctx);
        SavedQuery q = ws.savedQueries().create(Http.caller(ctx), Http.requiredText(b, "name"), Http.requiredText(b, "sql"),
                Http.optionalText(b, "description"), parameters(b.get("parameters")));
        ctx.header("Location", "/api/v1/saved-queries/" + q.id());
        Http.json(ctx, 201, Views.savedQuery(q));
    }

    private void update(Context ctx) {
        JsonNode b = Http.body(ctx);
        Http.json(ctx, 200, Views.savedQuery(ws.savedQueries().update(Http.caller(ctx), ctx.pathParam("id"), Http.requiredText(b, "name"),
                Http.requiredText(b, "sql"), Http.optionalText(b, "description"), parameters(b.get("parameters")))));
    }

    /** Runs a saved query with the values in {@code params} (by name), answering as {@code POST /api/v1/query} does (paged too). */
    private void run(Context ctx) {
        Instant started = Instant.now();
        Principal p = Http.caller(ctx);
        JsonNode b = ctx.body().isBlank() ? Http.JSON.createObjectNode() : Http.body(ctx);
        SavedQueryService.Prepared prepared = ws.savedQueries().prepare(p, ctx.pathParam("id"), values(b.get("params")));
        QueryApi.answer(ws, ctx, p, prepared.request(QueryApi.timeout(b), QueryApi.maxRows(b)), Formats.of(ctx, Http.optionalText(b, "format")),
                QueryApi.pageSize(b), prepared.event(p, Http.origin(ctx)), started);
    }

    /** The declared parameters: an array of {name, type, default, required}. */
    static List<QueryParameter> parameters(JsonNode array) {
        if (array == null || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "parameters must be an array of {name, type, default, required}.")
                    .detail("parameter", "parameters").build();
        }
        List<QueryParameter> out = new ArrayList<>();
        for (JsonNode p : array) {
            String name = Http.requiredText(p, "name");
            JsonNode d = p.get("default");
            if (d != null && !d.isNull() && !d.isValueNode()) {
                throw AssayException.of(ErrorCode.INVALID_INPUT, "The default of parameter '" + name + "' must be a string, number or boolean.")
                        .detail("parameter", name).build();
            }
            JsonNode required = p.get("required");
            if (required != null && !required.isNull() && !required.isBoolean()) {
                throw AssayException.of(ErrorCode.INVALID_INPUT, "required of parameter '" + name + "' must be true or false.")
                        .detail("parameter", name).build();
            }
            out.add(new QueryParameter(name, QueryParameter.Type.of(Http.requiredText(p, "type"), name),
                    d == null || d.isNull() ? Optional.empty() : Optional.of(d.asText()), required != null && required.asBoolean()));
        }
        return out;
    }

    /** The values of a run: an object of parameter names to strings, numbers, booleans or null. */
    private static Map<String, Object> values(JsonNode params) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (params == null || params.isNull()) {
            return values;
        }
        if (!params.isObject()) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "params must be an object of parameter names to values, such as {\"region\": \"North\"}.")
                    .detail("parameter", "params").build();
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            values.put(e.getKey(), QueryApi.value(e.getValue(), e.getKey()));
        }
        return values;
    }
}
