package io.assay.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.platform.connect.Connection;
import io.assay.platform.connect.ConnectionCheck;
import io.assay.platform.workspace.Workspace;
import io.assay.server.Http;
import io.assay.server.Route;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Connections to the users' own databases, for admins: list, add (checked first), test, remove. */
public final class ConnectionApi {

    private final Workspace ws;

    public ConnectionApi(Workspace ws) {
        this.ws = ws;
    }

    public List<Route> routes() {
        return List.of(
                Route.get("/api/v1/connections", Route.Access.ADMIN, this::list),
                Route.post("/api/v1/connections", Route.Access.ADMIN, this::add),
                Route.post("/api/v1/connections/{name}/test", Route.Access.ADMIN, this::test),
                Route.delete("/api/v1/connections/{name}", Route.Access.ADMIN, this::remove));
    }

    private void list(Context ctx) {
        Http.json(ctx, 200, Map.of("items", ws.connections().list(Http.caller(ctx)).stream().map(ConnectionApi::view).toList()));
    }

    private void add(Context ctx) {
        JsonNode b = Http.body(ctx);
        Connection c = ws.connections().add(Http.caller(ctx), Http.requiredText(b, "name"), Http.requiredText(b, "url"),
                Http.optionalText(b, "user"), Http.optionalText(b, "password"), Http.origin(ctx));
        ctx.header("Location", "/api/v1/connections/" + c.name());
        Http.json(ctx, 201, view(c));
    }

    private void test(Context ctx) {
        ConnectionCheck check = ws.connections().test(Http.caller(ctx), ctx.pathParam("name"), Http.origin(ctx));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", check.name());
        m.put("kind", check.kind());
        m.put("roundTripMs", check.roundTrip().toNanos() / 1_000_000.0);
        m.put("serverVersion", check.serverVersion().orElse(null));
        Http.json(ctx, 200, m);
    }

    private void remove(Context ctx) {
        ws.connections().remove(Http.caller(ctx), ctx.pathParam("name"), Http.origin(ctx));
        ctx.status(204);
    }

    private static Map<String, Object> view(Connection c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("kind", c.kind());
        m.put("url", c.url());
        m.put("user", c.user().orElse(null));
        m.put("createdAt", c.createdAt().toString());
        return m;
    }
}
