package io.assay.server.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/**
 * The lines a stdio client sends, checked before the SDK's stdio transport reads them. That transport stops reading
 * for good at the first line it cannot turn into a JSON-RPC message (so later requests get no answer and the
 * process no longer notices that stdin closed). Here every line that is not one JSON-RPC message is answered with a
 * JSON-RPC error — -32700 when it is not JSON, -32600 when it is JSON but not a valid request ({@code {}}, a null
 * or non-scalar id, no {@code "jsonrpc": "2.0"}, a batch outside protocol 2025-03-26) — and the SDK only ever sees
 * lines it can read. A 2025-03-26 client's batch reaches the SDK one message per line; {@link StdioOut} answers it
 * with one array. End of input passes through, so the server still stops when the client goes.
 */
final class StdioLines extends InputStream {

    private static final Logger LOG = LoggerFactory.getLogger(StdioLines.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Below the SDK's own limit (16 M characters), which it also answers by no longer reading. */
    static final int MAX_LINE_BYTES = 8 * 1024 * 1024;

    private final InputStream in;
    private final StdioOut out;
    private final java.util.function.Supplier<java.util.List<String>> versions;
    /** The protocol version this client agreed on at initialize (it decides whether it may batch). */
    private String version;
    private final UnaryOperator<ObjectNode> route;
    private final UnaryOperator<ObjectNode> answer;
    private byte[] line = new byte[0];
    private int pos;
    private boolean ended;

    /**
     * @param in       the client's lines
     * @param out      where the SDK writes its messages too; error answers are written under its lock
     * @param versions the protocol versions the server speaks
     * @param answer   sees every valid message first: a response to write instead of passing the message on (a request
     *                 Assay refuses itself), or null
     * @param route    sees every valid message before the SDK: answers it (changed or not) to pass it on, or null to
     *                 keep it from the SDK (a notification Assay handles itself)
     */
    StdioLines(InputStream in, StdioOut out, java.util.function.Supplier<java.util.List<String>> versions,
               UnaryOperator<ObjectNode> answer, UnaryOperator<ObjectNode> route) {
        this.in = new BufferedInputStream(in);
        this.out = out;
        this.versions = versions;
        this.answer = answer;
        this.route = route;
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return line[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, line.length - pos);
        System.arraycopy(line, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public int available() {
        return line.length - pos;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Makes sure a checked line is ready; false at the end of input. */
    private boolean fill() throws IOException {
        while (pos >= line.length) {
            if (ended) {
                return false;
            }
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            boolean tooLong = false;
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                if (buf.size() < MAX_LINE_BYTES) {
                    buf.write(c);
                } else {
                    tooLong = true;
                }
            }
            if (c < 0) {
                ended = true;
                if (buf.size() == 0) {
                    return false;
                }
            }
            String text = buf.toString(StandardCharsets.UTF_8);
            if (tooLong) {
                answer(null, JsonRpcCheck.INVALID_REQUEST, "Invalid Request: a message may be at most " + MAX_LINE_BYTES + " bytes long");
                continue;
            }
            if (text.isBlank()) {
                continue;
            }
            if (McpBatches.isBatch(text)) {
                batch(text);
                continue;
            }
            String admitted = admit(text, null);
            if (admitted != null) {
                line = admitted.concat("\n").getBytes(StandardCharsets.UTF_8);
                pos = 0;
            }
        }
        return true;
    }

    /**
     * The line to hand the SDK for one message, or null when Assay answers it itself (an error, a refusal) or keeps it
     * from the SDK (a notification Assay handles). Answers go to {@code batch} when the message is part of one, else
     * straight out.
     */
    private String admit(String text, java.util.List<com.fasterxml.jackson.databind.JsonNode> batch) throws IOException {
        ObjectNode message = check(text, batch);
        ObjectNode own = message == null ? null : answer.apply(message);
        if (own != null) {
            if (batch != null) {
                batch.add(own);
            } else {
                write(own);
            }
            return null;
        }
        if (message != null && version == null) {
            version = McpBatches.negotiated(message, versions.get());
        }
        ObjectNode original = message == null ? null : message.deepCopy();
        ObjectNode routed = message == null ? null : route.apply(message);
        if (routed == null) {
            return null;
        }
        // The client's own text unless routing changed the message (so numbers keep their exact spelling).
        return routed.equals(original) ? text.strip() : JSON.writeValueAsString(routed);
    }

    /**
     * A batch (a 2025-03-26 client's only): its messages go to the SDK one line each, and {@link StdioOut} gathers
     * the responses to its requests into one array.
     */
    private void batch(String text) throws IOException {
        McpBatches.Parsed parsed = McpBatches.parse(text, version);
        if (parsed.error() != null) {
            write(parsed.error());
            return;
        }
        java.util.List<com.fasterxml.jackson.databind.JsonNode> answers = new java.util.ArrayList<>();
        java.util.Set<com.fasterxml.jackson.databind.JsonNode> waiting = new java.util.LinkedHashSet<>();
        StringBuilder lines = new StringBuilder();
        for (String m : parsed.messages()) {
            String admitted = admit(m, answers);
            if (admitted != null) {
                com.fasterxml.jackson.databind.JsonNode node = JSON.readTree(admitted);
                if (McpBatches.isRequest(node)) {
                    waiting.add(node.get("id"));
                }
                lines.append(admitted).append('\n');
            }
        }
        out.expect(waiting, answers);
        line = lines.toString().getBytes(StandardCharsets.UTF_8);
        pos = 0;
    }

    /** The message when {@code text} is one the SDK can read; else answers the error (when the sender may expect one) and null. */
    private ObjectNode check(String text, java.util.List<com.fasterxml.jackson.databind.JsonNode> batch) throws IOException {
        JsonRpcCheck.Result r = JsonRpcCheck.check(text);
        if (!r.valid()) {
            if (r.expected() && batch != null) {
                batch.add(r.error());
            } else if (r.expected()) {
                write(r.error());
            } else {
                LOG.debug("Dropped a malformed message that expects no answer: {}", text);
            }
            return null;
        }
        return r.message();
    }

    private void answer(JsonNode id, int code, String message) throws IOException {
        write(JsonRpcCheck.error(id, code, message));
    }

    private void write(ObjectNode response) throws IOException {
        byte[] bytes = (JSON.writeValueAsString(response) + "\n").getBytes(StandardCharsets.UTF_8);
        // The SDK's writer locks the same stream object: one message per line, never interleaved.
        synchronized (out) {
            out.write(bytes);
            out.flush();
        }
    }
}
