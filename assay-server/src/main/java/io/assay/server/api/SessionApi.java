package io.assay.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.platform.audit.AuditService;
import io.assay.platform.auth.SessionService;
import io.assay.platform.auth.UserService;
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
                Route.delete("/api/v1/session", Route.Access.OPTIONAL, this::signOut));
    }

    private void signIn(Context ctx) {
        String address = ctx.ip();
        if (!ws.signInThrottle().tryAcquire(address)) {
            ws.audit().record(AuditService.anonymous("session.signin").denied("too many attempts from " + address).origin(Http.origin(ctx)));
            throw AssayException.of(ErrorCode.LIMIT_EXCEEDED, "Too many sign-in attempts from this address.")
                    .hint("Wait a minute and try again.").detail("limit", "sign-in")
                    .detail("retryAfterSeconds", ws.signInThrottle().window().toSeconds()).build();
        }
        JsonNode body = Http.body(ctx);
        String name = Http.requiredText(body, "name");
        String password = Http.requiredText(body, "password");
        UserService.SignInResult result = ws.users().signIn(name, password);
        if (result instanceof UserService.SignInResult.Ok ok) {
            SessionService.Started s = ws.sessions().start(ok.user());
            ctx.header("Set-Cookie", Authenticator.COOKIE + "=" + s.cookieValue() + "; Path=/; HttpOnly; SameSite=Strict; Max-Age="
                    + ws.sessions().ttl().toSeconds() + (ctx.scheme().equals("https") ? "; Secure" : ""));
            ws.audit().record(AuditService.event(s.session().principal(), "session.signin").target(name).origin(Http.origin(ctx)));
            Http.json(ctx, 200, view(ok.user(), s.session()));
            return;
        }
        if (result instanceof UserService.SignInResult.Locked locked) {
            ws.audit().record(AuditService.anonymous("session.signin").target(name).denied("locked out").origin(Http.origin(ctx)));
            throw AssayException.of(ErrorCode.LIMIT_EXCEEDED, "Too many failed sign-ins for this name; it is locked for now.")
                    .hint("Try again in " + Math.max(1, locked.retryAfter().toMinutes()) + " minute(s), or ask an admin to reset the password.")
                    .detail("limit", "sign-in").detail("retryAfterSeconds", Math.max(1, locked.retryAfter().toSeconds())).build();
        }
        ws.audit().record(AuditService.anonymous("session.signin").target(name).denied("wrong name or password").origin(Http.origin(ctx)));
        throw new Authenticator.Unauthorized("The name or password is wrong.");
    }

    private void current(Context ctx) {
        SessionService.WebSession s = Authenticator.webSession(ctx).orElseThrow(() ->
                new Authenticator.Unauthorized("This request is authenticated by a token, not a browser session."));
        Http.json(ctx, 200, view(ws.users().require(s.principal().name()), s));
    }

    private void signOut(Context ctx) {
        String cookie = ctx.cookie(Authenticator.COOKIE);
        if (cookie != null) {
            Http.optionalCaller(ctx).ifPresent(p -> ws.audit().record(AuditService.event(p, "session.signout").origin(Http.origin(ctx))));
            ws.sessions().end(cookie);
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
