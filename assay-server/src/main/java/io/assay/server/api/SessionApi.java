package io.assay.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.platform.auth.SessionService;
import io.assay.platform.workspace.Workspace;
import io.assay.server.Authenticator;
import io.assay.server.Http;
import io.assay.server.Route;
import io.assay.server.Views;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Signing in and out of the browser session. */
public final class SessionApi {

    private final Workspace ws;

    public SessionApi(Workspace ws) {
        this.ws = ws;
    }

    public List<Route> routes() {
        return List.of(
                Route.post("/api/v1/session", Route.Access.PUBLIC, this::signIn),
                Route.get("/api/v1/session", Route.Access.SIGNED_IN, this::current),
                Route.delete("/api/v1/session", Route.Access.OPTIONAL, this::signOut),
                Route.put("/api/v1/session/password", Route.Access.SIGNED_IN, this::changePassword));
    }

    private void signIn(Context ctx) {
        JsonNode body = Http.body(ctx);
        String name = Http.requiredText(body, "name");
        SessionService.Started s = ws.accounts().signIn(name, Http.requiredText(body, "password"), ctx.ip(), Http.origin(ctx))
                .orElseThrow(() -> new Authenticator.Unauthorized("The name or password is wrong."));
        ctx.header("Set-Cookie", Authenticator.COOKIE + "=" + s.cookieValue() + "; Path=/; HttpOnly; SameSite=Strict; Max-Age="
                + ws.sessions().ttl().toSeconds() + (ctx.scheme().equals("https") ? "; Secure" : ""));
        Http.json(ctx, 200, view(ws.users().require(name), s.session()));
    }

    private void changePassword(Context ctx) {
        JsonNode body = Http.body(ctx);
        ws.accounts().changeOwnPassword(Http.caller(ctx), Http.requiredText(body, "currentPassword"), Http.requiredText(body, "newPassword"),
                Http.origin(ctx));
        ctx.header("Set-Cookie", Authenticator.COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
        ctx.status(204);
    }

    private void current(Context ctx) {
        SessionService.WebSession s = Authenticator.webSession(ctx).orElseThrow(() ->
                new Authenticator.Unauthorized("This request is authenticated by a token, not a browser session."));
        Http.json(ctx, 200, view(ws.users().require(s.principal().name()), s));
    }

    private void signOut(Context ctx) {
        String cookie = ctx.cookie(Authenticator.COOKIE);
        if (cookie != null) {
            ws.accounts().signOut(Http.optionalCaller(ctx), cookie, Http.origin(ctx));
        }
        ctx.header("Set-Cookie", Authenticator.COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
        ctx.status(204);
    }

    private static Map<String, Object> view(io.assay.platform.auth.User user, SessionService.WebSession s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("user", Views.user(user));
        m.put("csrfToken", s.csrfToken());
        m.put("expiresAt", Views.time(s.expiresAt()));
        return m;
    }
}
