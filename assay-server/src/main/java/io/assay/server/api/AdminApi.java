package io.assay.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.platform.audit.AuditRecord;
import io.assay.platform.audit.AuditService;
import io.assay.platform.auth.ApiToken;
import io.assay.platform.auth.Role;
import io.assay.platform.auth.User;
import io.assay.platform.workspace.Workspace;
import io.assay.server.Http;
import io.assay.server.Route;
import io.assay.server.Views;
import io.javalin.http.Context;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Users (admins), API tokens (everyone's own), and the audit log (admins). Every change is audited. */
public final class AdminApi {

    private final Workspace ws;

    public AdminApi(Workspace ws) {
        this.ws = ws;
    }

    public List<Route> routes() {
        return List.of(
                Route.get("/api/v1/users", Route.Access.ADMIN, this::users),
                Route.post("/api/v1/users", Route.Access.ADMIN, this::createUser),
                Route.get("/api/v1/users/{name}", Route.Access.ADMIN, ctx -> Http.json(ctx, 200, Views.user(ws.users().require(ctx.pathParam("name"))))),
                Route.patch("/api/v1/users/{name}", Route.Access.ADMIN, this::updateUser),
                Route.delete("/api/v1/users/{name}", Route.Access.ADMIN, this::deleteUser),
                Route.get("/api/v1/tokens", Route.Access.SIGNED_IN, this::tokens),
                Route.post("/api/v1/tokens", Route.Access.SIGNED_IN, this::createToken),
                Route.delete("/api/v1/tokens/{id}", Route.Access.SIGNED_IN, this::revokeToken),
                Route.get("/api/v1/audit", Route.Access.ADMIN, this::audit));
    }

    private void users(Context ctx) {
        int limit = Http.limit(ctx);
        Optional<String> after = Http.cursorKey(ctx);
        List<User> all = ws.users().list().stream().filter(u -> after.isEmpty() || u.name().compareTo(after.get()) > 0).toList();
        Http.json(ctx, 200, Http.page(all, limit, User::name, Views::user));
    }

    private void createUser(Context ctx) {
        JsonNode b = Http.body(ctx);
        User u = ws.accounts().createUser(Http.caller(ctx), Http.requiredText(b, "name"), Role.parse(Http.requiredText(b, "role"), "role"),
                Http.requiredText(b, "password"), Http.origin(ctx));
        ctx.header("Location", "/api/v1/users/" + u.name());
        Http.json(ctx, 201, Views.user(u));
    }

    private void updateUser(Context ctx) {
        JsonNode b = Http.body(ctx);
        Optional<Role> role = Http.optionalText(b, "role").map(r -> Role.parse(r, "role"));
        User u = ws.accounts().updateUser(Http.caller(ctx), ctx.pathParam("name"), role, Http.optionalBool(b, "disabled"),
                Http.optionalText(b, "password"), Http.origin(ctx));
        Http.json(ctx, 200, Views.user(u));
    }

    private void deleteUser(Context ctx) {
        ws.accounts().deleteUser(Http.caller(ctx), ctx.pathParam("name"), Http.origin(ctx));
        ctx.status(204);
    }

    private void tokens(Context ctx) {
        int limit = Http.limit(ctx);
        Optional<String> after = Http.cursorKey(ctx);
        List<ApiToken> all = ws.tokens().list(Http.caller(ctx));
        int from = after.map(a -> {
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).id().equals(a)) {
                    return i + 1;
                }
            }
            return all.size();
        }).orElse(0);
        Http.json(ctx, 200, Http.page(all.subList(from, all.size()), limit, ApiToken::id, Views::token));
    }

    private void createToken(Context ctx) {
        JsonNode b = Http.body(ctx);
        Optional<Role> role = Http.optionalText(b, "role").map(r -> Role.parse(r, "role"));
        OptionalLong days = Http.optionalLong(b, "expiresInDays", 1, 3650);
        ApiToken.Created t = ws.accounts().createToken(Http.caller(ctx), Http.requiredText(b, "name"), role,
                days.isPresent() ? Optional.of(Duration.ofDays(days.getAsLong())) : Optional.empty(), Http.origin(ctx));
        Map<String, Object> body = new LinkedHashMap<>(Views.token(t.token()));
        body.put("secret", t.secret());
        ctx.header("Cache-Control", "no-store");
        Http.json(ctx, 201, body);
    }

    private void revokeToken(Context ctx) {
        ws.accounts().revokeToken(Http.caller(ctx), ctx.pathParam("id"), Http.origin(ctx));
        ctx.status(204);
    }

    private void audit(Context ctx) throws Exception {
        AuditService.Filter filter = new AuditService.Filter(Http.query(ctx, "actor"), Http.query(ctx, "action"), Http.query(ctx, "target"),
                Http.query(ctx, "outcome"), time(ctx, "from"), time(ctx, "to"), Http.query(ctx, "tokenId"));
        String format = Http.query(ctx, "format").orElse("json");
        if (format.equals("csv")) {
            ws.audit().record(AuditService.event(Http.caller(ctx), "audit.export").origin(Http.origin(ctx)));
            ctx.contentType("text/csv; charset=utf-8");
            ctx.header("Content-Disposition", "attachment; filename=\"assay-audit.csv\"");
            Writer w = new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8);
            ws.audit().exportCsv(filter, w);
            w.flush();
            return;
        }
        if (!format.equals("json")) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "The audit log comes as json or csv, not '" + format + "'.")
                    .detail("parameter", "format").build();
        }
        int limit = Http.limit(ctx);
        OptionalLong before = Http.cursorKey(ctx).map(k -> {
            try {
                return OptionalLong.of(Long.parseLong(k));
            } catch (NumberFormatException e) {
                throw AssayException.of(ErrorCode.INVALID_INPUT, "The cursor is not one this server gave.").detail("parameter", "cursor").build();
            }
        }).orElse(OptionalLong.empty());
        List<AuditRecord> records = ws.audit().find(filter, before, limit + 1);
        Http.json(ctx, 200, Http.page(records, limit, r -> String.valueOf(r.id()), Views::audit));
    }

    private static Optional<Instant> time(Context ctx, String name) {
        return Http.query(ctx, name).map(s -> {
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e) {
                throw AssayException.of(ErrorCode.INVALID_INPUT, "'" + s + "' is not an ISO-8601 time such as 2026-12-01T00:00:00Z.")
                        .detail("parameter", name).build();
            }
        });
    }
}
