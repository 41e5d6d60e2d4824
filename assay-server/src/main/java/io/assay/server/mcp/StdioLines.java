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
 * JSON-RPC error — -32700 when it is not JSON, -32600 when it is JSON but not a valid request (a batch, {@code {}},
 * a null or non-scalar id, no {@code "jsonrpc": "2.0"}) — and the SDK only ever sees lines it can read. End of
 * input passes through, so the server still stops when the client goes.
 */
final class StdioLines extends InputStream {

    private static final Logger LOG = LoggerFactory.getLogger(StdioLines.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Below the SDK's own limit (16 M characters), which it also answers by no longer reading. */
    static final int MAX_LINE_BYTES = 8 * 1024 * 1024;

    private final InputStream in;
    private final OutputStream out;
    private final UnaryOperator<ObjectNode> route;
    private final UnaryOperator<ObjectNode> answer;
    private byte[] line = new byte[0];
    private int pos;
    private boolean ended;

    /**
     * @param in       the client's lines
     * @param out      where the SDK writes its messages too; error answers are written under its lock
     * @param answer   sees every valid message first: a response to write instead of passing the message on (a request
     *                 Assay refuses itself), or null
     * @param route    sees every valid message before the SDK: answers it (changed or not) to pass it on, or null to
     *                 keep it from the SDK (a notification Assay handles itself)
     */
    StdioLines(InputStream in, OutputStream out, UnaryOperator<ObjectNode> answer, UnaryOperator<ObjectNode> route) {
        this.in = new BufferedInputStream(in);
        this.out = out;
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
            ObjectNode message = check(text);
            ObjectNode own = message == null ? null : answer.apply(message);
            if (own != null) {
                write(own);
                continue;
            }
            ObjectNode original = message == null ? null : message.deepCopy();
            ObjectNode routed = message == null ? null : route.apply(message);
            if (routed != null) {
                // The client's own text unless routing changed the message (so numbers keep their exact spelling).
                line = (routed.equals(original) ? text.strip() : JSON.writeValueAsString(routed)).concat("\n").getBytes(StandardCharsets.UTF_8);
                pos = 0;
            }
        }
        return true;
    }

    /** The message when {@code text} is one the SDK can read; else answers the error (when the sender may expect one) and null. */
    private ObjectNode check(String text) throws IOException {
        JsonRpcCheck.Result r = JsonRpcCheck.check(text);
        if (!r.valid()) {
            if (r.expected()) {
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
