package io.assay.server.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.spec.McpSchema;

import java.io.IOException;

/**
 * Whether a text a client sent is one JSON-RPC message the SDK can read, checked before the SDK sees it (it
 * answers the rest badly: the stdio transport stops reading, the HTTP one answers a Java stack trace). The answer is
 * the message, or the JSON-RPC error to send: -32700 when the text is not JSON; -32600 when it is JSON but not a
 * valid message (a batch, {@code {}}, a null or non-scalar id, no {@code "jsonrpc": "2.0"}); -32602 for
 * {@code params} that are not an object.
 */
final class JsonRpcCheck {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int INVALID_PARAMS = -32602;
    /** The levels of logging/setLevel (RFC 5424's, as the protocol names them), least severe first. */
    static final java.util.List<String> LOG_LEVELS = java.util.List.of("debug", "info", "notice", "warning", "error", "critical",
            "alert", "emergency");

    /**
     * @param message the message, when valid
     * @param error   the error response, when not
     * @param expected true when the sender can expect the error (false for a malformed response or notification, which
     *                 over stdio gets no answer; over HTTP every request gets one)
     */
    record Result(ObjectNode message, ObjectNode error, boolean expected) {
        boolean valid() {
            return message != null;
        }
    }

    private JsonRpcCheck() {
    }

    static Result check(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return fail(null, PARSE_ERROR, "Parse error: the message is not JSON (" + e.getOriginalMessage() + ")", true);
        }
        if (node == null || node.isMissingNode()) {
            return fail(null, PARSE_ERROR, "Parse error: the message is not JSON", true);
        }
        if (node.isArray()) {
            return fail(null, INVALID_REQUEST, "Invalid Request: batches (JSON arrays) are not supported; send one message at a time", true);
        }
        if (!node.isObject()) {
            return fail(null, INVALID_REQUEST, "Invalid Request: a message is a JSON object", true);
        }
        JsonNode id = node.get("id");
        boolean validId = id != null && (id.isTextual() || id.isIntegralNumber());
        JsonNode echo = validId ? id : null;
        if (!"2.0".equals(node.path("jsonrpc").asText(null))) {
            return fail(echo, INVALID_REQUEST, "Invalid Request: \"jsonrpc\" must be \"2.0\"", true);
        }
        if (node.has("method")) {
            if (!node.get("method").isTextual()) {
                return fail(echo, INVALID_REQUEST, "Invalid Request: \"method\" must be a string", true);
            }
            if (node.has("id") && !validId) {
                return fail(null, INVALID_REQUEST, "Invalid Request: \"id\" must be a string or an integer (a request's id is never null)", true);
            }
            JsonNode params = node.get("params");
            if (params != null && !params.isObject() && !params.isNull()) {
                return fail(echo, INVALID_PARAMS, "Invalid params: \"params\" must be an object", node.has("id"));
            }
            if (node.get("method").asText().equals("logging/setLevel") && !LOG_LEVELS.contains(node.path("params").path("level").asText(""))) {
                return fail(echo, INVALID_PARAMS, "Invalid params: \"level\" must be one of " + String.join(", ", LOG_LEVELS), node.has("id"));
            }
        } else if (node.has("result") || node.has("error")) {
            if (!validId) {
                return fail(null, INVALID_REQUEST, "Invalid Request: a response needs the string or integer id of the request it answers", false);
            }
        } else {
            return fail(echo, INVALID_REQUEST, "Invalid Request: a message has a \"method\" (a request or notification), "
                    + "or a \"result\" or \"error\" (a response)", true);
        }
        try {
            McpSchema.deserializeJsonRpcMessage(AssayMcp.jsonMapper(), text);
        } catch (RuntimeException | IOException e) {
            return fail(echo, INVALID_REQUEST, "Invalid Request: " + e.getMessage(), node.has("method") && validId);
        }
        return new Result((ObjectNode) node, null, false);
    }

    private static Result fail(JsonNode id, int code, String message, boolean expected) {
        return new Result(null, error(id, code, message), expected);
    }

    /** A JSON-RPC error response. */
    static ObjectNode error(JsonNode id, int code, String message) {
        ObjectNode error = JsonNodeFactory.instance.objectNode().put("code", code).put("message", message);
        ObjectNode response = JsonNodeFactory.instance.objectNode().put("jsonrpc", "2.0");
        response.set("id", id == null ? JsonNodeFactory.instance.nullNode() : id);
        response.set("error", error);
        return response;
    }
}
