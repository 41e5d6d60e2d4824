package io.assay.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * RFC 9457 problem details: every error of the API is {@code application/problem+json} with the
 * HTTP status its {@link ErrorCode} maps to, the message, the hint, where it went wrong (details)
 * and the request id to find it in the log.
 */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://assay.dev/problems/";

    private Problems() {
    }

    /** The HTTP status for an error: its code's, except a limit on concurrency, which is 429. */
    public static int status(AssayException e) {
        if (e.code() == ErrorCode.LIMIT_EXCEEDED && "concurrent-queries".equals(e.details().get("limit"))) {
            return 429;
        }
        if (e.code() == ErrorCode.LIMIT_EXCEEDED && "sign-in".equals(e.details().get("limit"))) {
            return 429;
        }
        return status(e.code());
    }

    public static void send(Context ctx, ObjectMapper json, AssayException e) {
        int status = status(e);
        String code = e.code().name();
        Object retry = e.details().get("retryAfterSeconds");
        if (retry != null) {
            ctx.header("Retry-After", String.valueOf(retry));
        }
        send(ctx, json, status, code, e.getMessage(), ApiHints.of(e).orElse(null), e.details(), e.remedy());
    }

    public static void send(Context ctx, ObjectMapper json, int status, String code, String detail, String hint, Map<String, Object> details) {
        send(ctx, json, status, code, detail, hint, details, java.util.Optional.empty());
    }

    private static void send(Context ctx, ObjectMapper json, int status, String code, String detail, String hint, Map<String, Object> details,
                             java.util.Optional<io.assay.engine.AssayException.Remedy> remedy) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + typeOf(status, code));
        body.put("title", title(status));
        body.put("status", status);
        body.put("detail", detail == null ? title(status) : detail);
        body.put("instance", ctx.path());
        body.put("code", code);
        if (hint != null) {
            body.put("hint", hint);
        }
        // The remedy as a code too, for a client (the web page) that words it for its own users.
        remedy.ifPresent(r -> {
            Map<String, Object> params = new LinkedHashMap<>();
            r.params().forEach((k, v) -> params.put(k, String.valueOf(v)));
            body.put("remedy", Map.of("id", r.id(), "params", params));
        });
        if (details != null && !details.isEmpty()) {
            Map<String, Object> d = new LinkedHashMap<>();
            details.forEach((k, v) -> d.put(k, v instanceof Number || v instanceof Boolean ? v : String.valueOf(v)));
            body.put("details", d);
        }
        body.put("requestId", RequestIds.of(ctx));
        try {
            ctx.status(status).contentType(MEDIA_TYPE).result(json.writeValueAsBytes(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            ctx.status(500).result("{}");
        }
    }

    private static String typeOf(int status, String code) {
        return switch (status) {
            case 401 -> "unauthorized";
            case 429 -> "too-many-requests";
            case 413 -> "payload-too-large";
            default -> code.toLowerCase(Locale.ROOT).replace('_', '-');
        };
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Invalid input";
            case 401 -> "Sign-in required";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 408 -> "Timeout";
            case 409 -> "Conflict";
            case 413 -> "Too large";
            case 429 -> "Too many requests";
            case 499 -> "Cancelled";
            case 502 -> "Engine error";
            case 503 -> "Unavailable";
            default -> "Internal error";
        };
    }

    /** The HTTP status of each kind of failure. */
    public static int status(io.assay.engine.ErrorCode code) {
        return switch (code) {
            case INVALID_INPUT -> 400;
            case NOT_FOUND -> 404;
            case FORBIDDEN -> 403;
            case CONFLICT -> 409;
            case LIMIT_EXCEEDED -> 413;
            case TIMEOUT -> 408;
            case CANCELLED -> 499;
            case ENGINE_ERROR -> 502;
            case INTERNAL -> 500;
        };
    }
}
