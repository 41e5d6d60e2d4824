package io.assay.server.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.assay.platform.auth.Principal;
import io.assay.platform.config.McpConfig;
import io.assay.platform.workspace.Workspace;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Assay as a Model Context Protocol server: the tools, resources and prompts of {@code io.assay.server.mcp}
 * over one transport, stdio ({@code assay mcp}) or Streamable HTTP ({@code /mcp} on {@code assay serve}).
 * A front door only: every tool calls the workspace's services with the caller's principal.
 */
public final class AssayMcp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AssayMcp.class);
    /** How often the dataset list is compared with the last one, to tell clients when it changed. */
    static final Duration WATCH_EVERY = Duration.ofSeconds(2);

    private final Workspace ws;
    private final McpSyncServer server;
    private final ScheduledExecutorService watcher;
    private final AtomicReference<Map<String, String>> lastDatasets = new AtomicReference<>();

    private AssayMcp(Workspace ws, java.util.function.Function<AssayMcp, McpSyncServer> build) {
        this.ws = ws;
        this.lastDatasets.set(signature());
        this.server = build.apply(this);
        this.watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "assay-mcp-datasets");
            t.setDaemon(true);
            return t;
        });
        watcher.scheduleWithFixedDelay(this::checkDatasets, WATCH_EVERY.toMillis(), WATCH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The JSON mapper the SDK uses, over Jackson 2. */
    public static McpJsonMapper jsonMapper() {
        return new JacksonMcpJsonMapper(new ObjectMapper());
    }

    /**
     * Serves one client over the given streams (stdin and stdout of {@code assay mcp}) as {@code caller}. The local
     * operator ({@link Principal.Kind#LOCAL}, the default of {@code assay mcp}) reads only: every dataset, but no tool
     * that changes something, and SQL is one read-only query; a named user ({@code --as}) has its own role.
     */
    public static AssayMcp stdio(Workspace ws, Principal caller, InputStream in, OutputStream out) {
        String scope = McpCalls.newScope();
        // The SDK's transport stops reading at the first line it cannot parse; it only gets lines checked first.
        // Its output gathers the responses to a batch (protocol 2025-03-26) into one array.
        StdioOut lines = new StdioOut(out);
        java.util.concurrent.atomic.AtomicReference<StdioServerTransportProvider> provider = new java.util.concurrent.atomic.AtomicReference<>();
        StdioServerTransportProvider transport = new StdioServerTransportProvider(jsonMapper(), new StdioLines(in, lines,
                () -> provider.get().protocolVersions(),
                m -> Subscriptions.refusal(ws, caller, io.assay.platform.audit.AuditService.Origin.NONE, m),
                m -> McpCalls.route(scope, m)), lines);
        provider.set(transport);
        McpCaller callers = caller.kind() == Principal.Kind.LOCAL ? McpCaller.readOnly(caller) : McpCaller.fixed(caller);
        return new AssayMcp(ws, self -> self.configure(McpServer.sync(transport), callers).build());
    }

    /** Serves clients over a Streamable HTTP transport; the caller of each request comes from its transport context. */
    public static AssayMcp http(Workspace ws, McpStreamableServerTransportProvider transport) {
        return new AssayMcp(ws, self -> self.configure(McpServer.sync(transport), McpCaller.fromTransport()).build());
    }

    private <S extends McpServer.SyncSpecification<S>> McpServer.SyncSpecification<S> configure(McpServer.SyncSpecification<S> spec,
                                                                                                  McpCaller callers) {
        McpResources resources = new McpResources(ws, callers);
        List<McpServerFeatures.SyncToolSpecification> tools = tools(ws, callers, this::checkDatasets);
        return spec.serverInfo(new McpSchema.Implementation("assay", "Assay", version()))
                .instructions(instructions(ws.config().mcp(), ws.config().queryTimeout()))
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).resources(true, true).prompts(true).completions()
                        .logging().build())
                .jsonMapper(jsonMapper())
                .jsonSchemaValidator(new SchemaValidator())
                .validateToolInputs(false)
                .requestTimeout(Duration.ofMinutes(35))
                .tools(tools)
                .resources(resources.indexes())
                .resourceTemplates(resources.templates())
                .completions(new McpCompletions(ws, callers).all(McpPrompts.prompts()))
                .prompts(McpPrompts.prompts());
    }

    /** Every tool the server offers. */
    private static List<McpServerFeatures.SyncToolSpecification> tools(Workspace ws, McpCaller callers, Runnable datasetsChanged) {
        List<McpServerFeatures.SyncToolSpecification> tools = new ArrayList<>();
        tools.addAll(new DatasetTools(ws, callers).tools());
        tools.addAll(new QueryTools(ws, callers).tools());
        tools.addAll(new AnalysisTools(ws, callers).tools());
        tools.add(new ImportTool(ws, callers, datasetsChanged).tool());
        tools.addAll(new ConnectionTools(ws, callers).tools());
        tools.addAll(new ChartTools(ws, callers).tools());
        tools.addAll(new DashboardTools(ws, callers).tools());
        if (ws.config().mcp().readOnly()) {
            // Not offered at all (rather than refused when called): an assistant plans only with what it may do.
            tools.removeIf(t -> !Boolean.TRUE.equals(t.tool().annotations().readOnlyHint()));
        }
        return tools;
    }

    /** The names of the tools the server offers, for a test that compares what each door offers. */
    public static List<String> toolNames(Workspace ws) {
        return tools(ws, McpCaller.fixed(Principal.local()), () -> { }).stream().map(t -> t.tool().name()).toList();
    }

    /** The server's instructions for the model, with this server's limits filled in. */
    static String instructions(McpConfig mcp, Duration queryTimeout) {
        String text;
        try (InputStream in = AssayMcp.class.getResourceAsStream("instructions.md")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new UncheckedIOException(new IOException("instructions.md is missing from the build", e));
        }
        long timeout = Math.min(mcp.queryTimeout().toSeconds(), queryTimeout.toSeconds());
        return text.replace("{maxRows}", String.valueOf(mcp.maxRows())).replace("{maxChars}", String.valueOf(mcp.maxChars()))
                .replace("{timeout}", String.valueOf(timeout))
                .replace("{importFolders}", mcp.importFolders().isEmpty() ? "none are configured, so it refuses every file"
                        : mcp.importFolders().stream().map(Path::toString).collect(Collectors.joining(", ")));
    }

    static String version() {
        String v = AssayMcp.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    private Map<String, String> signature() {
        return ws.datasetVersions();
    }

    /**
     * Tells clients what changed since the last look, whoever changed it and in whichever process: the resource list when
     * a dataset was added or removed, and, to the sessions subscribed to them, a dataset's schema and profile resources
     * when it was imported again, analysed or deleted.
     */
    void checkDatasets() {
        try {
            Map<String, String> now = signature();
            Map<String, String> before = lastDatasets.getAndSet(now);
            if (server == null || before == null || now.equals(before)) {
                return;
            }
            if (!now.keySet().equals(before.keySet())) {
                server.notifyResourcesListChanged();
                server.notifyResourcesUpdated(new McpSchema.ResourcesUpdatedNotification(McpResources.INDEX));
            }
            java.util.Set<String> changed = new java.util.TreeSet<>(before.keySet());
            changed.addAll(now.keySet());
            changed.removeIf(name -> java.util.Objects.equals(before.get(name), now.get(name)));
            for (String name : changed) {
                for (String template : List.of(McpResources.SCHEMA, McpResources.PROFILE)) {
                    server.notifyResourcesUpdated(new McpSchema.ResourcesUpdatedNotification(template.replace("{name}", name)));
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("Checking the datasets failed", e);
        }
    }

    public McpSyncServer server() {
        return server;
    }

    @Override
    public void close() {
        watcher.shutdownNow();
        try {
            server.closeGracefully();
        } catch (RuntimeException e) {
            LOG.debug("Closing the MCP server", e);
        }
    }
}
