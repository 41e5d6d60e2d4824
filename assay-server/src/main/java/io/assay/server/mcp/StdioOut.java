package io.assay.server.mcp;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The stdout of {@code assay mcp}, one JSON-RPC message per line. Lines pass straight through, except the responses
 * to a batch's requests (see {@link McpBatches}): those are held until the batch's last one is there and then
 * written as one array. The SDK and {@link StdioLines} both write here, each message under this object's lock.
 */
final class StdioOut extends OutputStream {

    private final OutputStream out;
    /** The part of a line written so far. */
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final List<Batch> batches = new ArrayList<>();

    private static final class Batch {
        final Set<JsonNode> waiting;
        final List<JsonNode> answers;

        Batch(Set<JsonNode> waiting, List<JsonNode> answers) {
            this.waiting = waiting;
            this.answers = answers;
        }
    }

    StdioOut(OutputStream out) {
        this.out = out;
    }

    /**
     * A batch was read: its answers so far ({@code answers}: errors for its bad messages) and the ids of the requests
     * handed on, whose responses are still to come. With none to come, the answers are written now (nothing at all
     * when there are none either).
     */
    synchronized void expect(Set<JsonNode> ids, List<JsonNode> answers) throws IOException {
        if (ids.isEmpty()) {
            if (!answers.isEmpty()) {
                line(McpBatches.array(answers).toString().getBytes(StandardCharsets.UTF_8));
            }
            return;
        }
        batches.add(new Batch(new LinkedHashSet<>(ids), new ArrayList<>(answers)));
    }

    @Override
    public synchronized void write(int b) throws IOException {
        if (b == '\n') {
            ended();
        } else {
            partial.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        int start = off;
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                partial.write(b, start, i - start);
                ended();
                start = i + 1;
            }
        }
        partial.write(b, start, off + len - start);
    }

    @Override
    public synchronized void flush() throws IOException {
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }

    /** A whole line was written: a batch's response is kept, anything else goes out. */
    private void ended() throws IOException {
        byte[] text = partial.toByteArray();
        partial.reset();
        if (!batches.isEmpty() && keep(text)) {
            return;
        }
        line(text);
    }

    private boolean keep(byte[] text) throws IOException {
        JsonNode message;
        try {
            message = JsonRpcCheck.JSON.readTree(text);
        } catch (IOException e) {
            return false;
        }
        if (message == null || !message.has("id") || !(message.has("result") || message.has("error"))) {
            return false;
        }
        for (Iterator<Batch> it = batches.iterator(); it.hasNext(); ) {
            Batch batch = it.next();
            if (batch.waiting.remove(message.get("id"))) {
                batch.answers.add(message);
                if (batch.waiting.isEmpty()) {
                    it.remove();
                    line(McpBatches.array(batch.answers).toString().getBytes(StandardCharsets.UTF_8));
                }
                return true;
            }
        }
        return false;
    }

    private void line(byte[] text) throws IOException {
        out.write(text);
        out.write('\n');
        out.flush();
    }
}
