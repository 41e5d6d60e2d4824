package io.assay.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code assay mcp} spoken to line by line, without an SDK: what a careless or hostile client writes, and exactly what
 * comes back on stdout.
 */
final class RawMcp implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    final Process process;
    private final OutputStream stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    RawMcp(Cli cli, Path stderr, String... extra) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(cli.command(List.of(), "mcp"));
        cmd.addAll(List.of(extra));
        process = new ProcessBuilder(cmd).redirectError(stderr.toFile()).start();
        stdin = process.getOutputStream();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process went away
            }
        }, "raw-mcp-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Writes one line (a newline is added). */
    RawMcp send(String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        return this;
    }

    /** The next message on stdout; fails when none comes in time or it is not JSON. */
    JsonNode next(Duration within) throws Exception {
        String line = lines.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new AssertionError("no message on stdout within " + within);
        }
        return JSON.readTree(line);
    }

    /** The next message that answers request {@code id} (notifications before it are skipped). */
    JsonNode answerTo(Object id, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no answer to request " + id + " within " + within);
            }
            JsonNode m = next(Duration.ofNanos(left));
            if (m.has("id") && m.get("id").asText().equals(String.valueOf(id)) && (m.has("result") || m.has("error"))) {
                return m;
            }
        }
    }

    /** initialize at protocol 2025-06-18, then notifications/initialized. */
    RawMcp initialize() throws Exception {
        return initialize("2025-06-18");
    }

    /** initialize at the given protocol version, then notifications/initialized. */
    RawMcp initialize(String protocolVersion) throws Exception {
        send("{\"jsonrpc\":\"2.0\",\"id\":\"init\",\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"" + protocolVersion + "\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
        JsonNode init = answerTo("init", Duration.ofSeconds(60));
        if (!init.has("result")) {
            throw new AssertionError("initialize failed: " + init);
        }
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        return this;
    }

    /** Closes stdin and answers the exit status, or fails when the process does not end in time. */
    int closeInput(Duration within) throws Exception {
        stdin.close();
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("assay mcp did not exit within " + within + " of stdin closing");
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
