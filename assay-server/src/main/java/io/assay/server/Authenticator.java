package io.assay.server;

import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.platform.audit.AuditService;
import io.assay.platform.auth.Principal;
import io.assay.platform.auth.SessionService;
import io.assay.platform.store.Ids;
import io.assay.platform.workspace.Workspace;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Finds the caller of a request: a bearer API token, or the browser session cookie. Requests that
 * change state through a cookie must carry the session's CSRF token in {@code X-CSRF-Token}, which a
 * page on another site cannot read, so a forged form post is refused.
 */
public final class Authenticator {

    public static final String COOKIE = "assay_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String SESSION = "assay.webSession";

    private final Workspace ws;

    public Authenticator(Workspace ws) {
        this.ws = ws;
    }

    /** Not signed in, or a bad token: 401. */
    public static final class Unauthorized extends RuntimeException {
        public Unauthorized(String message) {
            super(message);
        }
    }

    /**
     * Establishes the caller as the route's access rule asks; throws {@link Unauthorized} or FORBIDDEN.
     * Every refusal here is audited (as {@code request.unauthorized}, {@code request.csrf} or
     * {@code request.forbidden}, naming the caller when it is known), like refusals deeper down.
     */
    void authenticate(Context ctx, Route.Access access) {
        if (access == Route.Access.PUBLIC) {
            return;
        }
        Optional<Principal> caller = Optional.empty();
        String authorization = ctx.header("Authorization");
        if (access == Route.Access.METRICS && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && isMetricsToken(authorization.substring(7).trim())) {
            return; // a scrape: not audited, as a request every few seconds would drown the log
        }
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw unauthorized(ctx, "Only bearer tokens are accepted in the Authorization header.");
            }
            caller = ws.tokens().authenticate(authorization.substring(7).trim());
            if (caller.isEmpty()) {
                throw unauthorized(ctx, "The API token is unknown, revoked or expired.");
            }
        } else {
            Optional<SessionService.WebSession> s = ws.sessions().find(ctx.cookie(COOKIE));
            if (s.isPresent()) {
                String method = ctx.method().name();
                if (!method.equals("GET") && !method.equals("HEAD") && !s.get().csrfMatches(ctx.header(CSRF_HEADER))) {
                    AssayException e = AssayException.of(ErrorCode.FORBIDDEN, "This request changes something but lacks the session's CSRF token.")
                            .hint("Send the csrfToken from POST or GET /api/v1/session in the X-CSRF-Token header.")
                            .detail("parameter", CSRF_HEADER).build();
                    ws.audit().record(AuditService.event(s.get().principal(), "request.csrf").target(request(ctx)).failed(e).origin(Http.origin(ctx)));
                    throw e;
                }
                ctx.attribute(SESSION, s.get());
                caller = Optional.of(s.get().principal());
            }
        }
        caller.ifPresent(p -> ctx.attribute(Http.PRINCIPAL, p));
        if (caller.isEmpty() && access != Route.Access.OPTIONAL) {
            throw unauthorized(ctx, "Sign in first: send a bearer API token, or sign in with POST /api/v1/session.");
        }
        if ((access == Route.Access.ADMIN || access == Route.Access.METRICS) && !caller.get().isAdmin()) {
            AssayException e = AssayException.of(ErrorCode.FORBIDDEN, "Only an admin may do this; " + caller.get().name() + " acts as "
                    + (caller.get().role() == io.assay.platform.auth.Role.ANALYST ? "an " : "a ") + caller.get().role().id() + ".")
                    .hint("Ask an admin.").build();
            ws.audit().record(AuditService.event(caller.get(), "request.forbidden").target(request(ctx)).failed(e).origin(Http.origin(ctx)));
            throw e;
        }
    }

    /** Compares digests in constant time, so the comparison tells a guesser nothing of how close it came. */
    private boolean isMetricsToken(String presented) {
        return ws.config().server().metricsToken().map(expected -> java.security.MessageDigest.isEqual(
                Ids.sha256(expected).getBytes(StandardCharsets.US_ASCII), Ids.sha256(presented).getBytes(StandardCharsets.US_ASCII)))
                .orElse(false);
    }

    private Unauthorized unauthorized(Context ctx, String why) {
        ws.audit().record(AuditService.anonymous("request.unauthorized").target(request(ctx)).denied(why).origin(Http.origin(ctx)));
        return new Unauthorized(why);
    }

    /** The request as the audit names it: method and path, without the query string. */
    private static String request(Context ctx) {
        return ctx.method().name() + " " + ctx.path();
    }

    public static Optional<SessionService.WebSession> webSession(Context ctx) {
        return Optional.ofNullable(ctx.attribute(SESSION));
    }
}
