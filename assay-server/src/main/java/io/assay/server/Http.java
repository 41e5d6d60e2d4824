package io.assay.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.platform.audit.AuditService;
import io.assay.platform.auth.Principal;
import io.javalin.http.Context;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** What every handler needs: the caller, JSON in and out, parameters, cursors. */
public final class Http {

    public static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new Jdk8Module())
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    static final String PRINCIPAL = "assay.principal";
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    private Http() {
    }

    /** The signed-in caller; the route's access rule guarantees there is one. */
    public static Principal caller(Context ctx) {
        Principal p = ctx.attribute(PRINCIPAL);
        if (p == null) {
            throw AssayException.of(ErrorCode.FORBIDDEN, "Sign in first.").build();
        }
        return p;
    }

    public static Optional<Principal> optionalCaller(Context ctx) {
        return Optional.ofNullable(ctx.attribute(PRINCIPAL));
    }

    public static AuditService.Origin origin(Context ctx) {
        return new AuditService.Origin(Optional.of(RequestIds.of(ctx)), Optional.ofNullable(ctx.ip()));
    }

    public static void json(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw AssayException.internal("Could not write the response", e);
        }
    }

    /** The request body as a JSON object; a clear 400 when it is missing or not JSON. */
    public static JsonNode body(Context ctx) {
        String text = ctx.body();
        if (text.isBlank()) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "The request needs a JSON body.")
                    .hint("Send Content-Type: application/json with an object, see /api/v1/docs.").build();
        }
        try {
            JsonNode n = JSON.readTree(text.getBytes(StandardCharsets.UTF_8));
            if (n == null || !n.isObject()) {
                throw AssayException.of(ErrorCode.INVALID_INPUT, "The request body must be a JSON object.").build();
            }
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "The request body is not valid JSON: "
                            + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")")
                    .detail("line", e.getLocation().getLineNr()).detail("column", e.getLocation().getColumnNr())
                    .hint("Fix the JSON there.").build();
        } catch (IOException e) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "The request body could not be read: " + e.getMessage()).build();
        }
    }

    public static String requiredText(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull() || !v.isTextual() || v.asText().isBlank()) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "The field '" + field + "' is required and must be text.")
                    .detail("parameter", field).build();
        }
        return v.asText();
    }

    public static Optional<String> optionalText(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "The field '" + field + "' must be text.").detail("parameter", field).build();
        }
        return Optional.of(v.asText());
    }

    public static OptionalLong optionalLong(JsonNode body, String field, long min, long max) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return OptionalLong.empty();
        }
        if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "The field '" + field + "' must be a whole number from " + min + " to " + max + ".")
                    .detail("parameter", field).build();
        }
        return OptionalLong.of(v.asLong());
    }

    public static Optional<Boolean> optionalBool(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isBoolean()) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "The field '" + field + "' must be true or false.").detail("parameter", field).build();
        }
        return Optional.of(v.asBoolean());
    }

    public static Optional<String> query(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
    }

    public static boolean flag(Context ctx, String name) {
        Optional<String> v = query(ctx, name);
        if (v.isEmpty()) {
            return false;
        }
        return switch (v.get().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw AssayException.of(ErrorCode.INVALID_INPUT, "The parameter '" + name + "' must be true or false, not '" + v.get() + "'.")
                    .detail("parameter", name).build();
        };
    }

    /** The page size: {@code limit}, 1 to {@value #MAX_LIMIT}, default {@value #DEFAULT_LIMIT}. */
    public static int limit(Context ctx) {
        OptionalInt n = intParam(ctx, "limit", 1, MAX_LIMIT);
        return n.orElse(DEFAULT_LIMIT);
    }

    public static OptionalInt intParam(Context ctx, String name, int min, int max) {
        Optional<String> v = query(ctx, name);
        if (v.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            int n = Integer.parseInt(v.get().trim());
            if (n >= min && n <= max) {
                return OptionalInt.of(n);
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw AssayException.of(ErrorCode.INVALID_INPUT, "The parameter '" + name + "' must be a whole number from " + min + " to " + max + ".")
                .detail("parameter", name).build();
    }

    /** A cursor is the opaque form of the last item's key on the previous page. */
    public static String cursor(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    public static Optional<String> cursorKey(Context ctx) {
        return query(ctx, "cursor").map(c -> {
            try {
                return new String(Base64.getUrlDecoder().decode(c), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw AssayException.of(ErrorCode.INVALID_INPUT, "The cursor '" + c + "' is not one this server gave.")
                        .hint("Pass the nextCursor of the previous page unchanged.").detail("parameter", "cursor").build();
            }
        });
    }

    /** A page of items and the cursor of the next one (null when this is the last). */
    public static <T> Map<String, Object> page(List<T> items, int limit, java.util.function.Function<T, String> key,
                                               java.util.function.Function<T, Object> view) {
        List<Object> out = items.stream().limit(limit).map(view).toList();
        String next = items.size() > limit ? cursor(key.apply(items.get(limit - 1))) : null;
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("items", out);
        body.put("nextCursor", next);
        return body;
    }
}
