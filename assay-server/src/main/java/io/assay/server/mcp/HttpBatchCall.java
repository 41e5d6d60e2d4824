package io.assay.server.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One message of a JSON-RPC batch, handed to the SDK's servlet as if it had come alone, and its answer kept rather
 * than sent: the SDK answers a request with an event stream that it ends through the request's asynchronous context,
 * so this call gives it a context of its own that only says when the answer is complete (the real request stays open
 * for the batch's one array answer).
 */
final class HttpBatchCall {

    private final CountDownLatch done = new CountDownLatch(1);
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final HttpServletRequest request;
    private final Captured response;

    HttpBatchCall(HttpServletRequest batch, HttpServletResponse real, byte[] message) {
        this.request = new Alone(McpHttpMessages.withBody(batch, message));
        this.response = new Captured(real);
    }

    HttpServletRequest request() {
        return request;
    }

    HttpServletResponse response() {
        return response;
    }

    /**
     * The response to the message, once the SDK has given it: its JSON-RPC response (an error object when it failed
     * with an HTTP error), or empty for a notification or response, which are owed none.
     *
     * @param id   the message's id (null for a notification or a response)
     * @param wait how long an answer may take (a tool call's own timeout bounds it first)
     */
    Optional<JsonNode> answer(JsonNode id, Duration wait) throws IOException {
        if (id == null) {
            return Optional.empty();
        }
        boolean async = ((Alone) request).started;
        try {
            if (async && !done.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                return Optional.of(JsonRpcCheck.error(id, -32603, "Internal error: no answer within " + wait.toSeconds() + " s"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(JsonRpcCheck.error(id, -32603, "Internal error: interrupted while waiting for the answer"));
        }
        response.flush();
        String text = body.toString(StandardCharsets.UTF_8);
        if (response.status >= 400) {
            return Optional.of(errorFrom(id, response.status, text));
        }
        if (response.contentType != null && response.contentType.startsWith("text/event-stream")) {
            // The stream's events: progress and log notifications, then the response; only the response is kept.
            for (String line : text.split("\n")) {
                if (line.startsWith("data:")) {
                    JsonNode m = JsonRpcCheck.JSON.readTree(line.substring(5).trim());
                    if (id.equals(m.get("id")) && (m.has("result") || m.has("error"))) {
                        return Optional.of(m);
                    }
                }
            }
            return Optional.of(JsonRpcCheck.error(id, -32603, "Internal error: the request ended without a response"));
        }
        if (!text.isBlank()) {
            JsonNode m = JsonRpcCheck.JSON.readTree(text);
            if (m.has("result") || m.has("error")) {
                return Optional.of(m);
            }
        }
        return Optional.of(JsonRpcCheck.error(id, -32603, "Internal error: the request ended without a response"));
    }

    /** The SDK's HTTP error (a serialized McpError, or a plain message) as the JSON-RPC error of the message. */
    private static ObjectNode errorFrom(JsonNode id, int status, String text) {
        int code = McpHttpMessages.codeFor(status);
        String message = text.isBlank() ? "The request failed (HTTP " + status + ")" : text;
        try {
            JsonNode node = JsonRpcCheck.JSON.readTree(text);
            JsonNode rpc = node.path("jsonRpcError").isObject() ? node.path("jsonRpcError") : node.path("error");
            if (rpc.isObject()) {
                code = rpc.path("code").asInt(code);
                message = rpc.path("message").asText(message);
            } else if (node.hasNonNull("message")) {
                message = node.get("message").asText();
            }
        } catch (IOException e) {
            // not JSON: the text is the message
        }
        return JsonRpcCheck.error(id, code, message);
    }

    /** The message's request: asynchronous work runs in a context of its own. */
    private final class Alone extends HttpServletRequestWrapper {
        private volatile boolean started;
        private AsyncContext context;

        Alone(HttpServletRequest request) {
            super(request);
        }

        @Override
        public synchronized AsyncContext startAsync() {
            started = true;
            if (context == null) {
                context = new Context(this, response);
            }
            return context;
        }

        @Override
        public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
            return startAsync();
        }

        @Override
        public boolean isAsyncStarted() {
            return started;
        }

        @Override
        public synchronized AsyncContext getAsyncContext() {
            if (context == null) {
                throw new IllegalStateException("not asynchronous");
            }
            return context;
        }
    }

    /** The context of one batched message: completing it completes the message, not the HTTP exchange. */
    private final class Context implements AsyncContext {
        private final ServletRequest request;
        private final ServletResponse response;

        Context(ServletRequest request, ServletResponse response) {
            this.request = request;
            this.response = response;
        }

        @Override
        public ServletRequest getRequest() {
            return request;
        }

        @Override
        public ServletResponse getResponse() {
            return response;
        }

        @Override
        public boolean hasOriginalRequestAndResponse() {
            return false;
        }

        @Override
        public void dispatch() {
            throw new IllegalStateException("a batched message is not dispatched again");
        }

        @Override
        public void dispatch(String path) {
            dispatch();
        }

        @Override
        public void dispatch(ServletContext context, String path) {
            dispatch();
        }

        @Override
        public void complete() {
            done.countDown();
        }

        @Override
        public void start(Runnable run) {
            Thread t = new Thread(run, "assay-mcp-batch");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void addListener(AsyncListener listener) {
            // A batched message has no stream of its own to time out or lose: nothing to tell a listener.
        }

        @Override
        public void addListener(AsyncListener listener, ServletRequest request, ServletResponse response) {
            addListener(listener);
        }

        @Override
        public <T extends AsyncListener> T createListener(Class<T> type) {
            throw new IllegalStateException("a batched message has no asynchronous listeners");
        }

        @Override
        public void setTimeout(long timeout) {
            // The batch waits with its own bound (see answer).
        }

        @Override
        public long getTimeout() {
            return 0;
        }
    }

    /** The message's response, kept in memory: its status, content type and body; nothing reaches the client. */
    private final class Captured extends HttpServletResponseWrapper {
        private int status = 200;
        private String contentType;
        private PrintWriter writer;
        private ServletOutputStream stream;

        Captured(HttpServletResponse real) {
            super(real);
        }

        void flush() {
            if (writer != null) {
                writer.flush();
            }
        }

        @Override
        public void setStatus(int sc) {
            status = sc;
        }

        @Override
        public int getStatus() {
            return status;
        }

        @Override
        public void sendError(int sc) {
            status = sc;
        }

        @Override
        public void sendError(int sc, String msg) throws IOException {
            status = sc;
            if (msg != null) {
                body.write(msg.getBytes(StandardCharsets.UTF_8));
            }
        }

        @Override
        public void setContentType(String type) {
            contentType = type;
        }

        @Override
        public String getContentType() {
            return contentType;
        }

        @Override
        public void setCharacterEncoding(String charset) {
            // always UTF-8
        }

        @Override
        public void setContentLength(int len) {
        }

        @Override
        public void setContentLengthLong(long len) {
        }

        @Override
        public void setHeader(String name, String value) {
            if ("Content-Type".equalsIgnoreCase(name)) {
                contentType = value;
            }
        }

        @Override
        public void addHeader(String name, String value) {
            setHeader(name, value);
        }

        @Override
        public void setIntHeader(String name, int value) {
        }

        @Override
        public void addIntHeader(String name, int value) {
        }

        @Override
        public void setDateHeader(String name, long date) {
        }

        @Override
        public void addDateHeader(String name, long date) {
        }

        @Override
        public boolean isCommitted() {
            return false;
        }

        @Override
        public void flushBuffer() {
            flush();
        }

        @Override
        public void resetBuffer() {
            body.reset();
        }

        @Override
        public void reset() {
            body.reset();
            status = 200;
            contentType = null;
        }

        @Override
        public synchronized PrintWriter getWriter() {
            if (writer == null) {
                writer = new PrintWriter(new OutputStreamWriter(body, StandardCharsets.UTF_8));
            }
            return writer;
        }

        @Override
        public synchronized ServletOutputStream getOutputStream() {
            if (stream == null) {
                stream = new ServletOutputStream() {
                    @Override
                    public boolean isReady() {
                        return true;
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                        throw new IllegalStateException("not asynchronous");
                    }

                    @Override
                    public void write(int b) {
                        body.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        body.write(b, off, len);
                    }
                };
            }
            return stream;
        }
    }
}
