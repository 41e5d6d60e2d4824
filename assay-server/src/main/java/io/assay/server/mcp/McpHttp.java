package io.assay.server.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.assay.platform.audit.AuditService;
import io.assay.platform.auth.Principal;
import io.assay.platform.workspace.Workspace;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * MCP over Streamable HTTP at {@code /mcp} on the server's own Jetty. The SDK's servlet transport needs only
 * Servlet 5 APIs, which Jetty 11 (under Javalin 6) offers, so it is mounted as a servlet beside Javalin's,
 * behind a filter that, for every request: checks the Host and Origin headers against loopback, the
 * configured host and {@code mcp.allowed-hosts} (DNS rebinding: a page on another site cannot drive it, 403),
 * then requires a bearer API token of the server's (401 otherwise, with a {@code WWW-Authenticate} challenge that names
 * the endpoint's protected-resource metadata, see {@link ResourceMetadata}), answers a session only to the caller
 * who opened it, and hands the principal to the tools through the transport context.
 */
public final class McpHttp {

    public static final String PATH = "/mcp";
    /** Sessions whose owner is remembered. */
    static final int MAX_SESSIONS = 10_000;

    private final Workspace ws;
    private final HttpServletStreamableServerTransportProvider transport;
    private final AssayMcp mcp;
    private final Set<String> hosts;
    private final ResourceMetadata metadata;
    private final SseStreams streams = new SseStreams();
    /** Who opened each session (the SDK does not know callers): a session answers its owner only. */
    private final Map<String, String> owners = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            // The oldest sessions go first; their clients are told "not found" and initialize again, as the spec says.
            return size() > MAX_SESSIONS;
        }
    });

    /** The protocol version each session agreed on at initialize (it decides whether the session may batch). */
    private final Map<String, String> versions = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_SESSIONS;
        }
    });

    public McpHttp(Workspace ws) {
        this.ws = ws;
        this.hosts = allowedHosts(ws);
        this.metadata = new ResourceMetadata(ws.config().server());
        this.transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(AssayMcp.jsonMapper())
                .mcpEndpoint(PATH)
                .keepAliveInterval(Duration.ofSeconds(30))
                .contextExtractor(request -> {
                    Map<String, Object> m = new HashMap<>();
                    Object p = request.getAttribute(McpCaller.PRINCIPAL);
                    if (p != null) {
                        m.put(McpCaller.PRINCIPAL, p);
                    }
                    m.put(McpCaller.ORIGIN, new AuditService.Origin(Optional.empty(), Optional.ofNullable(request.getRemoteAddr())));
                    return McpTransportContext.create(m);
                })
                .build();
        this.mcp = AssayMcp.http(ws, transport);
    }

    /** Mounts the servlet and its guard on the server's servlet context. */
    public void mount(ServletContextHandler context) {
        ServletHolder servlet = new ServletHolder("assay-mcp", transport);
        servlet.setAsyncSupported(true);
        context.addServlet(servlet, PATH);
        FilterHolder guard = new FilterHolder(new Guard());
        guard.setAsyncSupported(true);
        context.addFilter(guard, PATH, EnumSet.of(DispatcherType.REQUEST));
    }

    public void close() {
        mcp.close();
    }

    private static Set<String> allowedHosts(Workspace ws) {
        Set<String> h = new LinkedHashSet<>(java.util.List.of("localhost", "127.0.0.1", "::1"));
        String configured = ws.config().server().host().toLowerCase(Locale.ROOT);
        if (!configured.equals("0.0.0.0") && !configured.equals("::") && !configured.isEmpty()) {
            h.add(configured.replace("[", "").replace("]", ""));
        }
        h.addAll(ws.config().mcp().allowedHosts());
        return h;
    }

    /** The host of a Host header ({@code name}, {@code name:port}, {@code [v6]:port}), lower case. */
    static String hostOf(String header) {
        String h = header.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(1, end);
        }
        int colon = h.indexOf(':');
        return colon >= 0 && h.indexOf(':', colon + 1) < 0 ? h.substring(0, colon) : h;
    }

    boolean hostAllowed(String hostHeader) {
        return hostHeader != null && hosts.contains(hostOf(hostHeader));
    }

    boolean originAllowed(String origin) {
        if (origin == null) {
            return true;
        }
        try {
            URI u = URI.create(origin.trim());
            String host = u.getHost();
            return host != null && (u.getScheme().equals("http") || u.getScheme().equals("https"))
                    && hosts.contains(host.toLowerCase(Locale.ROOT).replace("[", "").replace("]", ""));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private final class Guard implements Filter {
        @Override
        public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
            HttpServletRequest request = (HttpServletRequest) req;
            HttpServletResponse response = (HttpServletResponse) res;
            AuditService.Origin origin = new AuditService.Origin(Optional.empty(), Optional.ofNullable(request.getRemoteAddr()));
            String authorization = request.getHeader("Authorization");
            boolean bearer = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
            // Who is asking, known before any refusal, so that the audit names a caller whose token was good.
            Optional<Principal> caller = bearer ? ws.tokens().authenticate(authorization.substring(7).trim()) : Optional.empty();
            java.util.function.Function<String, AuditService.Event> refusal = action -> caller
                    .map(p -> AuditService.event(p, action)).orElseGet(() -> AuditService.anonymous(action));
            if (!hostAllowed(request.getHeader("Host"))) {
                ws.audit().record(refusal.apply("mcp.request").denied("Host " + request.getHeader("Host") + " is not allowed").origin(origin));
                refuse(response, 403, "FORBIDDEN", "The Host header names a host this server does not answer MCP for.",
                        "Connect through localhost or 127.0.0.1, or add the name to mcp.allowed-hosts.");
                return;
            }
            if (!originAllowed(request.getHeader("Origin"))) {
                ws.audit().record(refusal.apply("mcp.request").denied("Origin " + request.getHeader("Origin") + " is not allowed").origin(origin));
                refuse(response, 403, "FORBIDDEN", "Requests from the web origin " + request.getHeader("Origin") + " are not allowed.",
                        "MCP clients run outside the browser; a web page on another site may not call this server.");
                return;
            }
            // Where a client learns how to get a token (RFC 9728): the metadata of this endpoint, on the origin it called.
            String site = metadata.origin(request.getScheme(), request.getHeader("Host"), request.getLocalPort());
            if (!bearer) {
                ws.audit().record(AuditService.anonymous("mcp.request").denied("no API token").origin(origin));
                response.setHeader("WWW-Authenticate", ResourceMetadata.challenge(site, PATH, Optional.empty()));
                refuse(response, 401, "UNAUTHORIZED", "Send an API token of this server: Authorization: Bearer <token>.",
                        "Create one with POST /api/v1/tokens (or ask an admin), and put it in your MCP client's headers.");
                return;
            }
            if (caller.isEmpty()) {
                ws.audit().record(AuditService.anonymous("mcp.request").denied("unknown, revoked or expired token").origin(origin));
                response.setHeader("WWW-Authenticate", ResourceMetadata.challenge(site, PATH, Optional.of("invalid_token")));
                refuse(response, 401, "UNAUTHORIZED", "The API token is unknown, revoked or expired.", "Create a new token.");
                return;
            }
            request.setAttribute(McpCaller.PRINCIPAL, caller.get());
            response.setHeader("X-Content-Type-Options", "nosniff");
            // Protocol errors are JSON-RPC error objects, checked here rather than left to the SDK (which answers them
            // with a serialized Java exception, or not at all).
            String version = request.getHeader("MCP-Protocol-Version");
            if (version != null && !transport.protocolVersions().contains(version.trim())) {
                McpHttpMessages.send(response, 400, JsonRpcCheck.error(null, JsonRpcCheck.INVALID_REQUEST, "Bad Request: unsupported "
                        + "MCP-Protocol-Version '" + version + "'; this server speaks " + String.join(", ", transport.protocolVersions())));
                return;
            }
            // A session id is not a credential: another caller's session (or one never opened here) is not found.
            String sessionId = request.getHeader("Mcp-Session-Id");
            if (sessionId != null && !caller.get().name().equals(owners.get(sessionId))) {
                ws.audit().record(AuditService.event(caller.get(), "mcp.request")
                        .denied("Mcp-Session-Id of another caller, or unknown").origin(origin));
                McpHttpMessages.send(response, 404, JsonRpcCheck.error(null, -32001,
                        "Session not found: the Mcp-Session-Id is unknown or expired; initialize a new session"));
                return;
            }
            HttpServletRequest forward = request;
            String negotiating = null;
            String lastEvent = request.getHeader("Last-Event-ID");
            if ("GET".equalsIgnoreCase(request.getMethod()) && lastEvent != null && request.getHeader("Mcp-Session-Id") != null) {
                var found = streams.find(request.getHeader("Mcp-Session-Id"), caller.get().name(), lastEvent);
                if (found.isPresent()) {
                    resume(request, response, found.get().getKey(), found.get().getValue());
                    return;
                }
                // Not a stream this server still keeps for this caller: a fresh stream (the SDK's replay would hang, empty).
                forward = McpHttpMessages.without(request, "Last-Event-ID");
            }
            if ("POST".equalsIgnoreCase(request.getMethod())) {
                byte[] body = McpHttpMessages.readBody(request);
                if (body == null) {
                    McpHttpMessages.send(response, 413, JsonRpcCheck.error(null, JsonRpcCheck.INVALID_REQUEST,
                            "Invalid Request: a message may be at most " + McpHttpMessages.MAX_BODY + " bytes long"));
                    return;
                }
                String text = new String(body, StandardCharsets.UTF_8);
                if (McpBatches.isBatch(text)) {
                    String session = request.getHeader("Mcp-Session-Id");
                    McpBatches.Parsed parsed = McpBatches.parse(text, session == null ? null : versions.get(session));
                    if (parsed.error() != null) {
                        McpHttpMessages.send(response, 400, parsed.error());
                    } else {
                        batch(request, response, chain, caller.get(), origin, session, parsed.messages());
                    }
                    return;
                }
                JsonRpcCheck.Result checked = JsonRpcCheck.check(text);
                if (!checked.valid()) {
                    McpHttpMessages.send(response, 400, checked.error());
                    return;
                }
                String session = request.getHeader("Mcp-Session-Id");
                ObjectNode sent = checked.message();
                if (session != null && !sent.has("method") && (sent.has("result") || sent.has("error")) && !streams.answers(session, sent.get("id"))) {
                    // Answered here: the SDK takes a response to nothing for a failure of its own (an ERROR in the log, a 500).
                    McpHttpMessages.send(response, 400, JsonRpcCheck.error(null, JsonRpcCheck.INVALID_REQUEST,
                            "Invalid Request: a response to no request this server is waiting for (id " + sent.get("id") + ")"));
                    return;
                }
                if (session != null) {
                    // The SDK would record any subscription: only to a resource this caller may read.
                    ObjectNode refused = Subscriptions.refusal(ws, caller.get(), origin, checked.message());
                    if (refused != null) {
                        McpHttpMessages.send(response, 200, refused);
                        return;
                    }
                    // Marks tools/call for cancellation, and handles notifications/cancelled itself (see McpCalls).
                    ObjectNode original = checked.message().deepCopy();
                    ObjectNode routed = McpCalls.route(caller.get().name() + "|" + session, checked.message());
                    if (routed == null) {
                        response.setStatus(HttpServletResponse.SC_ACCEPTED);
                        return;
                    }
                    if (!routed.equals(original)) {
                        body = JsonRpcCheck.JSON.writeValueAsBytes(routed);
                    }
                }
                forward = McpHttpMessages.withBody(request, body);
                if (request.getHeader("Mcp-Session-Id") == null) {
                    negotiating = McpBatches.negotiated(checked.message(), transport.protocolVersions());
                }
            }
            String session = request.getHeader("Mcp-Session-Id");
            McpHttpMessages.ErrorsAsJsonRpc answer = new McpHttpMessages.ErrorsAsJsonRpc(response, streams, session, caller.get().name());
            // The owner is recorded when the SDK names the new session, before the answer reaches the client: its next
            // request (notifications/initialized) may come before this filter returns.
            String owner = caller.get().name();
            String agreed = negotiating;
            jakarta.servlet.http.HttpServletResponseWrapper recording = new jakarta.servlet.http.HttpServletResponseWrapper(answer) {
                @Override
                public void setHeader(String name, String value) {
                    record(name, value);
                    super.setHeader(name, value);
                }

                @Override
                public void addHeader(String name, String value) {
                    record(name, value);
                    super.addHeader(name, value);
                }

                private void record(String name, String value) {
                    if (session == null && value != null && "Mcp-Session-Id".equalsIgnoreCase(name)) {
                        owners.put(value, owner);
                        if (agreed != null) {
                            versions.put(value, agreed);
                        }
                    }
                }
            };
            chain.doFilter(McpHttpMessages.endingWith(forward, answer::ended), recording);
            answer.finish();
            if ("DELETE".equalsIgnoreCase(request.getMethod()) && session != null && response.getStatus() < 300) {
                streams.forget(session);
                owners.remove(session);
                versions.remove(session);
            }
        }
    }

    /**
     * Answers a batch of a 2025-03-26 session: each message goes to the SDK on its own, checked and routed as a
     * single message would be, in order; the responses to its requests come back as one JSON array (202 and no body
     * when it held only notifications and responses).
     */
    private void batch(HttpServletRequest request, HttpServletResponse response, FilterChain chain, Principal caller,
                       AuditService.Origin origin, String session, java.util.List<String> messages) throws IOException, ServletException {
        java.util.List<com.fasterxml.jackson.databind.JsonNode> answers = new java.util.ArrayList<>();
        Duration wait = ws.config().queryTimeout().plus(Duration.ofMinutes(5));
        for (String text : messages) {
            JsonRpcCheck.Result checked = JsonRpcCheck.check(text);
            if (!checked.valid()) {
                if (checked.expected()) {
                    answers.add(checked.error());
                }
                continue;
            }
            ObjectNode refused = Subscriptions.refusal(ws, caller, origin, checked.message());
            if (refused != null) {
                answers.add(refused);
                continue;
            }
            ObjectNode sent = checked.message();
            if (!sent.has("method") && !streams.answers(session, sent.get("id"))) {
                continue; // a response to nothing: no answer is owed to a response, and the SDK would log it as its failure
            }
            com.fasterxml.jackson.databind.JsonNode id = McpBatches.isRequest(checked.message()) ? checked.message().get("id") : null;
            ObjectNode original = checked.message().deepCopy();
            ObjectNode routed = McpCalls.route(caller.name() + "|" + session, checked.message());
            if (routed == null) {
                continue;
            }
            byte[] one = routed.equals(original) ? text.getBytes(StandardCharsets.UTF_8) : JsonRpcCheck.JSON.writeValueAsBytes(routed);
            HttpBatchCall call = new HttpBatchCall(request, response, one);
            chain.doFilter(call.request(), call.response());
            call.answer(id, wait).ifPresent(answers::add);
        }
        if (answers.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_ACCEPTED);
            return;
        }
        byte[] body = JsonRpcCheck.JSON.writeValueAsBytes(McpBatches.array(answers));
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** Carries on a stream the client lost: the events after the last one it saw, then the rest as they come. */
    private static void resume(HttpServletRequest request, HttpServletResponse response, SseStreams.Stream stream, long after)
            throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-cache");
        jakarta.servlet.AsyncContext async = request.startAsync();
        async.setTimeout(0);
        stream.resume(after, response.getWriter(), async::complete);
    }

    private static void refuse(HttpServletResponse response, int status, String code, String message, String hint) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        String body = McpTool.JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "error",
                Map.of("code", -32001, "message", code + ": " + message + " " + hint)));
        response.getWriter().write(body);
    }
}
