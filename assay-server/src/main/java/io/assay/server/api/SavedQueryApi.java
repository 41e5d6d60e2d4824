package io.assay.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.platform.saved.SavedQuery;
import io.assay.platform.workspace.Workspace;
import io.assay.server.Http;
import io.assay.server.Route;
import io.assay.server.Views;
import io.javalin.http.Context;

import java.util.List;

/** Saved queries: the caller's own. */
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
                }));
    }

    private void list(Context ctx) {
        int limit = Http.limit(ctx);
        List<SavedQuery> items = ws.savedQueries().list(Http.caller(ctx), Http.cursorKey(ctx), limit + 1);
        Http.json(ctx, 200, Http.page(items, limit, SavedQuery::id, Views::savedQuery));
    }

    private void create(Context ctx) {
        JsonNode b = Http.body(ctx);
        SavedQuery q = ws.savedQueries().create(Http.caller(ctx), Http.requiredText(b, "name"), Http.requiredText(b, "sql"),
                Http.optionalText(b, "description"));
        ctx.header("Location", "/api/v1/saved-queries/" + q.id());
        Http.json(ctx, 201, Views.savedQuery(q));
    }

    private void update(Context ctx) {
        JsonNode b = Http.body(ctx);
        Http.json(ctx, 200, Views.savedQuery(ws.savedQueries().update(Http.caller(ctx), ctx.pathParam("id"), Http.requiredText(b, "name"),
                Http.requiredText(b, "sql"), Http.optionalText(b, "description"))));
    }
}
