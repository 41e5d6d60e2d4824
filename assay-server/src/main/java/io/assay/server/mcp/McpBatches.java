package io.assay.server.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON-RPC batches, which MCP allows in one protocol version only: 2025-03-26 added them, 2025-06-18 took them out
 * again. A session that negotiated 2025-03-26 may send an array of requests and notifications (or of responses); it
 * gets one array holding a response per request, in any order, or nothing at all when the batch held no request.
 * Every other session is told batches are not part of its version. The SDK reads one message at a time, so the
 * transports hand it a batch's messages one by one and gather the answers (see {@link McpHttp} and {@link StdioLines}).
 */
final class McpBatches {

    /** The protocol version whose sessions may batch. */
    static final String VERSION = "2025-03-26";

    private McpBatches() {
    }

    /** Whether {@code text} is a JSON array (a batch), judged by its first character that is not white space. */
    static boolean isBatch(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c) && c != '\uFEFF') {
                return c == '[';
            }
        }
        return false;
    }

    /**
     * The protocol version an initialize request will get: the one it asks for when the server speaks it, else the
     * server's newest (as the SDK negotiates); null when {@code message} is not an initialize request.
     */
    static String negotiated(JsonNode message, List<String> supported) {
        if (!"initialize".equals(message.path("method").asText(null)) || supported.isEmpty()) {
            return null;
        }
        String asked = message.path("params").path("protocolVersion").asText("");
        return supported.contains(asked) ? asked : supported.get(supported.size() - 1);
    }

    /**
     * The batch's messages, or the error to answer instead: -32700 when it is not JSON, -32600 when the session's
     * version does not batch, when the array is empty, or when it holds an initialize request (which may never be
     * batched).
     */
    record Parsed(List<String> messages, ObjectNode error) {
    }

    static Parsed parse(String text, String sessionVersion) {
        JsonNode node;
        try {
            node = JsonRpcCheck.JSON.readTree(text);
        } catch (IOException e) {
            return new Parsed(null, JsonRpcCheck.error(null, JsonRpcCheck.PARSE_ERROR, "Parse error: the message is not JSON"));
        }
        if (sessionVersion == null) {
            return new Parsed(null, JsonRpcCheck.error(null, JsonRpcCheck.INVALID_REQUEST, "Invalid Request: batches (JSON arrays) "
                    + "belong to a session of MCP " + VERSION + "; initialize one first, on its own, or send one message at a time"));
        }
        if (!VERSION.equals(sessionVersion)) {
            return new Parsed(null, JsonRpcCheck.error(null, JsonRpcCheck.INVALID_REQUEST, "Invalid Request: batches (JSON arrays) "
                    + "are part of MCP " + VERSION + " only; this session speaks " + sessionVersion
                    + ": send one message at a time"));
        }
        if (node.isEmpty()) {
            return new Parsed(null, JsonRpcCheck.error(null, JsonRpcCheck.INVALID_REQUEST, "Invalid Request: an empty batch"));
        }
        List<String> messages = new ArrayList<>();
        for (JsonNode m : node) {
            if ("initialize".equals(m.path("method").asText(null))) {
                return new Parsed(null, JsonRpcCheck.error(m.get("id"), JsonRpcCheck.INVALID_REQUEST,
                        "Invalid Request: initialize may not be part of a batch"));
            }
            messages.add(m.toString());
        }
        return new Parsed(messages, null);
    }

    /** Whether {@code message} is a request (it has a method and an id), which is owed a response. */
    static boolean isRequest(JsonNode message) {
        return message.has("method") && message.has("id");
    }

    /** The responses of a batch as one array. */
    static ArrayNode array(List<? extends JsonNode> responses) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        responses.forEach(a::add);
        return a;
    }
}
