package io.assay.server.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP side of Assay's MCP adapter: a request body read once and handed on (checked, perhaps marked), and a
 * response whose errors are JSON-RPC error objects. The SDK's servlet answers its errors with a serialized Java
 * exception (its McpError, stack trace and all) or with the container's HTML error page; those become
 * {@code {"jsonrpc": "2.0", "id": null, "error": {"code": ..., "message": ...}}} with the same HTTP status.
 */
final class McpHttpMessages {

    /** The largest body read; more is 413. */
    static final int MAX_BODY = 16 * 1024 * 1024;

    private McpHttpMessages() {
    }

    /** The body, or null when it is larger than {@link #MAX_BODY}. */
    static byte[] readBody(HttpServletRequest request) throws IOException {
        InputStream in = request.getInputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
            if (out.size() > MAX_BODY) {
                return null;
            }
        }
        return out.toByteArray();
    }

    /** Writes a JSON-RPC error with an HTTP status. */
    static void send(HttpServletResponse response, int status, ObjectNode error) throws IOException {
        byte[] body = JsonRpcCheck.JSON.writeValueAsBytes(error);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.getOutputStream().flush();
    }

    /** A request whose body is the given bytes. */
    static HttpServletRequest withBody(HttpServletRequest request, byte[] body) {
        return new HttpServletRequestWrapper(request) {
            @Override
            public ServletInputStream getInputStream() {
                ByteArrayInputStream in = new ByteArrayInputStream(body);
                return new ServletInputStream() {
                    @Override
                    public boolean isFinished() {
                        return in.available() == 0;
                    }

                    @Override
                    public boolean isReady() {
                        return true;
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        throw new IllegalStateException("not asynchronous");
                    }

                    @Override
                    public int read() {
                        return in.read();
                    }

                    @Override
                    public int read(byte[] b, int off, int len) {
                        return in.read(b, off, len);
                    }
                };
            }

            @Override
            public BufferedReader getReader() {
                return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
            }

            @Override
            public int getContentLength() {
                return body.length;
            }

            @Override
            public long getContentLengthLong() {
                return body.length;
            }
        };
    }

    /** The JSON-RPC error code for an HTTP error status the SDK chose. */
    static int codeFor(int status) {
        return switch (status) {
            case 400, 413 -> JsonRpcCheck.INVALID_REQUEST;
            case 404 -> -32001;
            case 405 -> -32601;
            default -> -32603;
        };
    }

    /**
     * A request whose asynchronous context runs {@code onComplete} when the SDK completes it (the end of its stream),
     * whether or not the client is still there.
     */
    static HttpServletRequest endingWith(HttpServletRequest request, Runnable onComplete) {
        return new HttpServletRequestWrapper(request) {
            @Override
            public AsyncContext startAsync() {
                AsyncContext real = super.startAsync();
                return new AsyncContext() {
                    @Override
                    public ServletRequest getRequest() {
                        return real.getRequest();
                    }

                    @Override
                    public ServletResponse getResponse() {
                        return real.getResponse();
                    }

                    @Override
                    public boolean hasOriginalRequestAndResponse() {
                        return real.hasOriginalRequestAndResponse();
                    }

                    @Override
                    public void dispatch() {
                        real.dispatch();
                    }

                    @Override
                    public void dispatch(String path) {
                        real.dispatch(path);
                    }

                    @Override
                    public void dispatch(ServletContext context, String path) {
                        real.dispatch(context, path);
                    }

                    @Override
                    public void complete() {
                        onComplete.run();
                        real.complete();
                    }

                    @Override
                    public void start(Runnable run) {
                        real.start(run);
                    }

                    @Override
                    public void addListener(AsyncListener listener) {
                        real.addListener(listener);
                    }

                    @Override
                    public void addListener(AsyncListener listener, ServletRequest request, ServletResponse response) {
                        real.addListener(listener, request, response);
                    }

                    @Override
                    public <T extends AsyncListener> T createListener(Class<T> type) throws ServletException {
                        return real.createListener(type);
                    }

                    @Override
                    public void setTimeout(long timeout) {
                        real.setTimeout(timeout);
                    }

                    @Override
                    public long getTimeout() {
                        return real.getTimeout();
                    }
                };
            }
        };
    }

    /** A request without the named header (the SDK then never sees it). */
    static HttpServletRequest without(HttpServletRequest request, String header) {
        return new HttpServletRequestWrapper(request) {
            @Override
            public String getHeader(String name) {
                return header.equalsIgnoreCase(name) ? null : super.getHeader(name);
            }

            @Override
            public java.util.Enumeration<String> getHeaders(String name) {
                return header.equalsIgnoreCase(name) ? java.util.Collections.emptyEnumeration() : super.getHeaders(name);
            }

            @Override
            public java.util.Enumeration<String> getHeaderNames() {
                java.util.List<String> names = new java.util.ArrayList<>(java.util.Collections.list(super.getHeaderNames()));
                names.removeIf(header::equalsIgnoreCase);
                return java.util.Collections.enumeration(names);
            }
        };
    }

    /**
     * A response that turns the SDK's error answers (status 400 or more) into JSON-RPC error objects; successful
     * answers, streams included, pass through untouched but for their event ids (see {@link SseStreams}). Call
     * {@link #finish()} after the SDK returns.
     */
    static final class ErrorsAsJsonRpc extends HttpServletResponseWrapper {

        private final HttpServletResponse real;
        private final SseStreams streams;
        private final String session;
        private final String owner;
        private ByteArrayOutputStream captured;
        private PrintWriter writer;
        private ServletOutputStream stream;
        private SseStreams.Stream events;
        private SseStreams.EventWriter eventWriter;

        /** @param session the request's session (null outside one), whose streams are kept to be resumed by {@code owner} */
        ErrorsAsJsonRpc(HttpServletResponse response, SseStreams streams, String session, String owner) {
            super(response);
            this.real = response;
            this.streams = streams;
            this.session = session;
            this.owner = owner;
        }

        /** The SDK completed the response: its stream, if it wrote one, has ended. */
        synchronized void ended() {
            if (events != null) {
                events.end();
            }
        }

        private boolean failing() {
            return real.getStatus() >= 400;
        }

        @Override
        public void sendError(int sc) throws IOException {
            sendError(sc, null);
        }

        @Override
        public void sendError(int sc, String msg) throws IOException {
            String message = msg != null && !msg.isBlank() ? msg : switch (sc) {
                case 404 -> "Session not found: the Mcp-Session-Id is unknown or expired; initialize a new session";
                case 405 -> "Method not allowed";
                case 413 -> "The message is too large";
                case 503 -> "The server is shutting down";
                default -> "The request failed (HTTP " + sc + ")";
            };
            send(real, sc, JsonRpcCheck.error(null, codeFor(sc), message));
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (!failing()) {
                synchronized (this) {
                    if (eventWriter == null) {
                        events = streams.open(session, owner, super.getWriter());
                        eventWriter = new SseStreams.EventWriter(events);
                    }
                    return eventWriter;
                }
            }
            if (writer == null) {
                captured = captured == null ? new ByteArrayOutputStream() : captured;
                writer = new PrintWriter(new OutputStreamWriter(captured, StandardCharsets.UTF_8));
            }
            return writer;
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (!failing()) {
                return super.getOutputStream();
            }
            if (stream == null) {
                captured = captured == null ? new ByteArrayOutputStream() : captured;
                ByteArrayOutputStream into = captured;
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
                        into.write(b);
                    }
                };
            }
            return stream;
        }

        @Override
        public void setContentLength(int len) {
            if (!failing()) {
                super.setContentLength(len);
            }
        }

        /** Writes what the SDK wrote on failure as a JSON-RPC error. */
        void finish() throws IOException {
            if (captured == null) {
                return;
            }
            if (writer != null) {
                writer.flush();
            }
            String text = captured.toString(StandardCharsets.UTF_8);
            int status = real.getStatus();
            int code = codeFor(status);
            String message = text.isBlank() ? "The request failed (HTTP " + status + ")" : text;
            try {
                JsonNode node = JsonRpcCheck.JSON.readTree(text);
                // An McpError serialized: its JSON-RPC error is inside, beside the stack trace.
                JsonNode rpc = node.path("jsonRpcError");
                if (rpc.isObject()) {
                    code = rpc.path("code").asInt(code);
                    message = rpc.path("message").asText(message);
                } else if (node.path("error").isObject()) {
                    code = node.path("error").path("code").asInt(code);
                    message = node.path("error").path("message").asText(message);
                } else if (node.hasNonNull("message")) {
                    message = node.get("message").asText();
                }
            } catch (IOException e) {
                // not JSON: the text is the message
            }
            if (status == 500 && message.contains("Unexpected response for unknown id")) {
                // The client answered a request this server never sent (or already had the answer to): its mistake, not ours.
                status = 400;
                code = JsonRpcCheck.INVALID_REQUEST;
                message = "Invalid Request: a response to no request this server is waiting for ("
                        + message.substring(message.indexOf("unknown id")) + ")";
            }
            real.resetBuffer();
            send(real, status, JsonRpcCheck.error(null, code, message));
        }
    }
}
