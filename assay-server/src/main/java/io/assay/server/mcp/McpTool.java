package io.assay.server.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.platform.audit.AuditService;
import io.assay.platform.auth.Principal;
import io.assay.platform.task.TaskContext;
import io.assay.platform.workspace.Workspace;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One MCP tool: its definition and a handler that calls platform services. The frame is the same for
 * every tool: the caller is established, the call is audited as {@code mcp.tool.NAME} with the caller's
 * identity, and every failure becomes a tool result with {@code isError} and a message that says what
 * was wrong and what to do, never a stack trace.
 */
final class McpTool {

    private static final Logger LOG = LoggerFactory.getLogger(McpTool.class);
    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    /** What a handler gets. */
    record Call(Principal caller, Args args, McpSyncServerExchange exchange, McpSchema.CallToolRequest request,
                AuditService.Origin origin, TaskContext task) {

        /**
         * Sends a progress notification when the client asked for them (a progress token in the request), until the
         * client cancels the call.
         */
        void progress(double done, Double total, String message) {
            Object token = request.progressToken();
            if (token != null && exchange != null && !task.isCancelled()) {
                try {
                    exchange.progressNotification(new McpSchema.ProgressNotification(token, done, total, message));
                } catch (RuntimeException e) {
                    LOG.debug("A progress notification could not be sent", e);
                }
            }
        }
    }

    /** What a handler answers: text for the model, structured content, more content (an image), and what to audit. */
    record Answer(String text, Object structured, List<McpSchema.Content> more, Optional<String> target, long rows) {
        static Answer of(String text, Object structured) {
            return new Answer(text, structured, List.of(), Optional.empty(), -1);
        }

        Answer target(String t) {
            return new Answer(text, structured, more, Optional.of(t), rows);
        }

        Answer rows(long n) {
            return new Answer(text, structured, more, target, n);
        }

        Answer with(McpSchema.Content c) {
            List<McpSchema.Content> m = new ArrayList<>(more);
            m.add(c);
            return new Answer(text, structured, m, target, rows);
        }
    }

    @FunctionalInterface
    interface Handler {
        Answer call(Call call) throws Exception;
    }

    private McpTool() {
    }

    static McpSchema.ToolAnnotations annotations(String title, boolean readOnly, boolean destructive, boolean idempotent) {
        return McpSchema.ToolAnnotations.builder().title(title).readOnlyHint(readOnly).destructiveHint(destructive)
                .idempotentHint(idempotent).openWorldHint(false).build();
    }

    static McpServerFeatures.SyncToolSpecification of(Workspace ws, McpCaller callers, String name, String title, String description,
                                                      Map<String, Object> input, Map<String, Object> output,
                                                      McpSchema.ToolAnnotations annotations, Handler handler) {
        McpSchema.Tool.Builder tool = McpSchema.Tool.builder().name(name).title(title).description(description).inputSchema(input)
                .annotations(annotations);
        if (output != null) {
            tool.outputSchema(output);
        }
        return McpServerFeatures.SyncToolSpecification.builder().tool(tool.build())
                .callHandler((exchange, request) -> run(ws, callers, name, input, Boolean.TRUE.equals(annotations.readOnlyHint()), handler,
                        exchange, request)).build();
    }

    private static final SchemaValidator ARGUMENTS = new SchemaValidator();

    private static McpSchema.CallToolResult run(Workspace ws, McpCaller callers, String name, Map<String, Object> input, boolean readOnlyTool,
                                                Handler handler, McpSyncServerExchange exchange, McpSchema.CallToolRequest request) {
        Instant started = Instant.now();
        Optional<Principal> caller = callers.of(exchange);
        AuditService.Origin origin = callers.origin(exchange);
        if (caller.isEmpty()) {
            ws.audit().record(AuditService.anonymous("mcp.tool." + name).denied("not signed in").origin(origin));
            return error("UNAUTHORIZED: this request carries no valid API token. Send Authorization: Bearer <token>.");
        }
        AuditService.Event event = AuditService.event(caller.get(), "mcp.tool." + name).origin(origin);
        // Checked here rather than by the SDK, so that a malformed call is audited like any other.
        var valid = ARGUMENTS.validate(input, request.arguments() == null ? Map.of() : request.arguments());
        if (!valid.valid()) {
            AssayException e = AssayException.of(ErrorCode.INVALID_INPUT, "The arguments of " + name + " do not fit its input schema: "
                    + valid.errorMessage() + ".").hint("See the tool's inputSchema for the arguments it takes and their types.").build();
            ws.audit().record(event.failed(e).duration(Duration.between(started, Instant.now())));
            return error(message(e));
        }
        if (!readOnlyTool && callers.readOnly(exchange)) {
            AssayException e = AssayException.of(ErrorCode.FORBIDDEN, "This MCP server only reads: " + name + " changes data, and the local "
                            + "operator's stdio session is read-only.")
                    .hint("Start it as a user whose role allows it (assay mcp --as USER), or use assay serve's /mcp with that user's token.")
                    .build();
            ws.audit().record(event.failed(e).duration(Duration.between(started, Instant.now())));
            return error(message(e));
        }
        // The work runs under a task the client's notifications/cancelled stops (see McpCalls).
        TaskContext task = TaskContext.silent();
        try (AutoCloseable running = McpCalls.running(McpCalls.keyOf(request), task)) {
            Answer a = handler.call(new Call(caller.get(), new Args(request.arguments()), exchange, request, origin, task));
            a.target().ifPresent(event::target);
            if (a.rows() >= 0) {
                event.rows(a.rows());
            }
            ws.audit().record(event.duration(Duration.between(started, Instant.now())));
            List<McpSchema.Content> content = new ArrayList<>();
            content.add(new McpSchema.TextContent(a.text()));
            content.addAll(a.more());
            McpSchema.CallToolResult.Builder b = McpSchema.CallToolResult.builder().content(content).isError(false);
            if (a.structured() != null) {
                b.structuredContent(JSON.convertValue(a.structured(), Map.class));
            }
            return b.build();
        } catch (AssayException e) {
            if (e.code() == ErrorCode.INTERNAL) {
                LOG.error("MCP tool {} failed for {}", name, caller.get().name(), e);
            }
            ws.audit().record(event.failed(e).duration(Duration.between(started, Instant.now())));
            return error(message(e));
        } catch (Exception e) {
            LOG.error("MCP tool {} failed unexpectedly for {}", name, caller.get().name(), e);
            ws.audit().record(event.failed("unexpected: " + e.getClass().getSimpleName()).duration(Duration.between(started, Instant.now())));
            return error("INTERNAL: Assay failed unexpectedly while running " + name + ". The server log has the details; try again or report it.");
        }
    }

    /** The error as the model reads it: code, message, hint, and the parameter when there is one. */
    static String message(AssayException e) {
        StringBuilder s = new StringBuilder(e.code().name()).append(": ").append(e.getMessage());
        McpHints.of(e).ifPresent(h -> s.append(" Hint: ").append(h));
        Object parameter = e.details().get("parameter");
        if (parameter != null) {
            s.append(" (argument: ").append(parameter).append(')');
        }
        return s.toString();
    }

    static McpSchema.CallToolResult error(String text) {
        return McpSchema.CallToolResult.builder().content(List.of(new McpSchema.TextContent(text))).isError(true).build();
    }
}
