package io.assay.server.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.assay.platform.task.TaskContext;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tool calls running now, so that a client's {@code notifications/cancelled} stops one (the SDK ignores that
 * notification). A transport adapter, which sees the JSON-RPC ids that the SDK hides from tool handlers, marks each
 * {@code tools/call} with a key of its own (its session's scope and the request id) in the request's {@code _meta};
 * the tool frame runs the call under a {@link TaskContext} kept by that key, and the adapter cancels it by the same
 * key when the client cancels the request. The key never comes from the client: the adapter overwrites it.
 */
final class McpCalls {

    /** Where in a tools/call request's {@code _meta} the adapter puts the call's key. */
    static final String META = "io.assay/call";

    private static final Map<String, TaskContext> RUNNING = new ConcurrentHashMap<>();

    private McpCalls() {
    }

    /** A fresh scope for the request ids of one session (ids are only unique within a session). */
    static String newScope() {
        return UUID.randomUUID().toString();
    }

    /**
     * Routes one message from a client in {@code scope}: marks a tools/call with its key; cancels the call a
     * {@code notifications/cancelled} names and answers null (the SDK has nothing to do with it), as for
     * {@code notifications/roots/list_changed}; passes anything else as it is.
     */
    static ObjectNode route(String scope, ObjectNode message) {
        String method = message.path("method").asText("");
        if (method.equals("tools/call") && message.hasNonNull("id") && message.path("params").isObject()) {
            ObjectNode params = (ObjectNode) message.get("params");
            ObjectNode meta = params.path("_meta").isObject() ? (ObjectNode) params.get("_meta") : params.putObject("_meta");
            meta.put(META, key(scope, message.get("id")));
            return message;
        }
        if (method.equals("notifications/roots/list_changed")) {
            // Assay uses no roots. The SDK would answer by sending roots/list, even to a client that declared no roots.
            return null;
        }
        if (method.equals("notifications/cancelled")) {
            JsonNode id = message.path("params").get("requestId");
            if (id != null && (id.isTextual() || id.isIntegralNumber())) {
                cancel(key(scope, id));
            }
            return null;
        }
        return message;
    }

    private static String key(String scope, JsonNode id) {
        return scope + " " + (id.isTextual() ? "s:" + id.asText() : "n:" + id.asText());
    }

    /** The key an adapter gave the call, if any. */
    static Optional<String> keyOf(McpSchema.CallToolRequest request) {
        Object key = request.meta() == null ? null : request.meta().get(META);
        return key instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /** Runs while the call runs: {@code task} is cancelled when the client cancels the request. */
    static AutoCloseable running(Optional<String> key, TaskContext task) {
        if (key.isEmpty()) {
            return () -> { };
        }
        RUNNING.put(key.get(), task);
        return () -> RUNNING.remove(key.get(), task);
    }

    static void cancel(String key) {
        TaskContext task = RUNNING.get(key);
        if (task != null) {
            task.cancel();
        }
    }
}
