package io.assay.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.platform.auth.Role;
import io.assay.platform.config.ConfigLoader;
import io.assay.platform.workspace.Workspace;
import io.assay.server.AssayServer;
import io.assay.server.mcp.AssayMcp;
import io.assay.server.mcp.SchemaValidator;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code assay mcp} as an assistant starts it: the built jar as a child process, spoken to over its stdin and
 * stdout by the Java SDK's stdio client, on the demo data; as the local operator and as a viewer (--as).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class McpStdioIT {

    @TempDir
    static Path dir;
    private Cli cli;
    private final List<McpSyncClient> clients = new ArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();

    @BeforeAll
    void demoData() throws Exception {
        cli = new Cli(dir);
        Cli.Result r = cli.run("demo-data");
        assertThat(r.status()).as(r.toString()).isZero();
        try (Workspace ws = Workspace.open(ConfigLoader.load(Map.of(), Optional.empty(), Map.of("data-dir", cli.dataDir().toString())), AssayServer.newMetrics())) {
            ws.users().create("vera", Role.VIEWER, "viewer-password-long");
            ws.users().create("ada", Role.ADMIN, "admin-password-long");
        }
    }

    @AfterAll
    void close() {
        clients.forEach(McpSyncClient::closeGracefully);
    }

    private McpSyncClient start(List<McpSchema.ProgressNotification> progress, String... extra) {
        List<String> cmd = new ArrayList<>(cli.command(List.of(), "mcp"));
        cmd.addAll(List.of(extra));
        ServerParameters params = ServerParameters.builder(cmd.get(0)).args(cmd.subList(1, cmd.size())).build();
        StdioClientTransport transport = new StdioClientTransport(params, AssayMcp.jsonMapper());
        transport.setStdErrorHandler(stderr::add);
        McpSyncClient c = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(120)).initializationTimeout(Duration.ofSeconds(60))
                .jsonSchemaValidator(new SchemaValidator()).progressConsumer(progress::add).build();
        c.initialize();
        clients.add(c);
        return c;
    }

    private static String text(McpSchema.CallToolResult r) {
        return ((McpSchema.TextContent) r.content().get(0)).text();
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    @SuppressWarnings("unchecked")
    void servesTheToolsResourcesAndPromptsOverStdio() {
        List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
        McpSyncClient c = start(progress);
        assertThat(c.getServerInfo().name()).isEqualTo("assay");
        assertThat(c.listTools().tools()).hasSize(24);
        McpSchema.CallToolResult d = c.callTool(new McpSchema.CallToolRequest("describe_dataset", Map.of("dataset", "orders")));
        assertThat(d.isError()).isFalse();
        assertThat(text(d)).contains("order_date");
        McpSchema.CallToolResult q = c.callTool(new McpSchema.CallToolRequest("run_query",
                Map.of("sql", "SELECT order_date, count(*) AS orders FROM orders GROUP BY 1 ORDER BY 2 LIMIT 1")));
        assertThat(text(q)).contains("2025-03-14");
        McpSchema.CallToolResult a = c.callTool(new McpSchema.CallToolRequest("detect_anomalies",
                Map.of("dataset", "orders", "grain", "day", "max_anomalies", 5)));
        assertThat(((List<Map<String, Object>>) ((Map<String, Object>) a.structuredContent()).get("anomalies")))
                .extracting(m -> m.get("at")).contains("2025-03-14T00:00:00Z");
        McpSchema.CallToolResult chart = c.callTool(new McpSchema.CallToolRequest("make_chart", Map.of("sql",
                "SELECT order_date, count(*) AS orders FROM orders GROUP BY 1 ORDER BY 1", "x", "order_date", "y", List.of("orders"), "image", true)));
        assertThat(chart.content()).hasSize(2);
        // The local operator's session only reads: a tool that changes something is refused (--as names a user who may).
        McpSchema.CallToolResult refused = c.callTool(new McpSchema.CallToolRequest("analyze_dataset", Map.of("dataset", "customers")));
        assertThat(refused.isError()).isTrue();
        assertThat(text(refused)).startsWith("FORBIDDEN").contains("--as");
        assertThat(c.getPrompt(new McpSchema.GetPromptRequest("check_data_quality", Map.of("dataset", "customers"))).messages()).hasSize(1);
        // Nothing but protocol on stdout: had anything else been printed there, the client would have failed to parse it.
        assertThat(stderr).anyMatch(l -> l.contains("Assay MCP server on stdio"));
        // One process owns the data directory at a time: let it go for the next client.
        c.closeGracefully();
        clients.remove(c);

        McpSyncClient admin = start(progress, "--as", "ada");
        McpSchema.CallToolResult analysed = admin.callTool(McpSchema.CallToolRequest.builder("analyze_dataset")
                .arguments(Map.of("dataset", "customers")).progressToken(7).build());
        assertThat(analysed.isError()).as(text(analysed)).isFalse();
        assertThat(progress).isNotEmpty();
        McpSchema.ReadResourceResult profile = admin.readResource(new McpSchema.ReadResourceRequest("assay://datasets/customers/profile"));
        assertThat(((McpSchema.TextResourceContents) profile.contents().get(0)).text()).contains("\"findings\"");
        admin.closeGracefully();
        clients.remove(admin);
    }

    @Test
    @org.junit.jupiter.api.Order(3)
    void runQueryOnlyReadsDatasetsForTheDefaultCallerAndForAnAdmin() throws Exception {
        Path target = dir.resolve("copied-over-stdio.csv");
        List<String> notReads = List.of("DROP TABLE orders", "COPY (SELECT * FROM orders) TO '" + target + "' (FORMAT csv)",
                "SELECT * FROM read_csv('/etc/hostname')", "SELECT 1; DROP TABLE orders", "CREATE TABLE mine AS SELECT 1 AS x");
        for (String[] as : List.of(new String[0], new String[] {"--as", "ada"})) {
            McpSyncClient c = start(new CopyOnWriteArrayList<>(), as);
            for (String sql : notReads) {
                McpSchema.CallToolResult r = c.callTool(new McpSchema.CallToolRequest("run_query", Map.of("sql", sql)));
                assertThat(r.isError()).as(List.of(as) + " " + sql + " -> " + text(r)).isTrue();
                assertThat(text(r)).as(sql).startsWith("FORBIDDEN");
            }
            McpSchema.CallToolResult count = c.callTool(new McpSchema.CallToolRequest("run_query", Map.of("sql", "SELECT count(*) AS n FROM orders")));
            assertThat(count.isError()).as(text(count)).isFalse();
            assertThat(text(count)).contains("99991");
            c.closeGracefully();
            clients.remove(c);
        }
        assertThat(target).as("COPY wrote nothing").doesNotExist();
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void actsAsTheNamedUserWithItsRole() {
        McpSyncClient c = start(new CopyOnWriteArrayList<>(), "--as", "vera");
        McpSchema.CallToolResult list = c.callTool(new McpSchema.CallToolRequest("list_datasets", Map.of()));
        assertThat(text(list)).contains("You may read no datasets");
        McpSchema.CallToolResult analyse = c.callTool(new McpSchema.CallToolRequest("analyze_dataset", Map.of("dataset", "orders")));
        assertThat(analyse.isError()).isTrue();
        assertThat(text(analyse)).startsWith("FORBIDDEN");
        // Nor may she subscribe to a dataset she may not read (over stdio too, the adapter asks before the SDK records it).
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.subscribeResource(new McpSchema.SubscribeRequest("assay://datasets/orders/schema")))
                .isInstanceOfSatisfying(io.modelcontextprotocol.spec.McpError.class,
                        e -> assertThat(e.getJsonRpcError().code()).isEqualTo(McpSchema.ErrorCodes.RESOURCE_NOT_FOUND));
        c.subscribeResource(new McpSchema.SubscribeRequest("assay://datasets"));
        c.closeGracefully();
        clients.remove(c);
    }

    @Test
    @org.junit.jupiter.api.Order(4)
    void answersBadLinesWithJsonRpcErrorsAndGoesOnAndStillExitsWhenStdinCloses() throws Exception {
        try (RawMcp mcp = new RawMcp(cli, dir.resolve("raw-stderr.txt"))) {
            mcp.initialize();
            String[][] bad = {
                    {"not json", "-32700"},
                    {"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":", "-32700"},
                    {"{}", "-32600"},
                    {"[{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}]", "-32600"},
                    {"[]", "-32600"},
                    {"{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"tools/list\"}", "-32600"},
                    {"{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"tools/list\"}", "-32600"},
                    {"{\"id\":3,\"method\":\"tools/list\"}", "-32600"},
                    {"42", "-32600"},
            };
            int n = 100;
            for (String[] b : bad) {
                mcp.send(b[0]);
                JsonNode error = mcp.next(Duration.ofSeconds(10));
                assertThat(error.path("jsonrpc").asText()).as(b[0]).isEqualTo("2.0");
                assertThat(error.path("error").path("code").asText()).as(b[0] + " -> " + error).isEqualTo(b[1]);
                assertThat(error.path("error").path("message").asText()).as(b[0]).isNotBlank();
                // And the server goes on answering.
                mcp.send("{\"jsonrpc\":\"2.0\",\"id\":" + n + ",\"method\":\"tools/list\"}");
                JsonNode tools = mcp.answerTo(n, Duration.ofSeconds(30));
                assertThat(tools.path("result").path("tools").size()).as("after " + b[0]).isEqualTo(24);
                n++;
            }
            // A request with an id keeps it in the error; params that are not an object are invalid params.
            mcp.send("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":\"x\"}");
            JsonNode invalidParams = mcp.answerTo(7, Duration.ofSeconds(10));
            assertThat(invalidParams.path("error").path("code").asInt()).isEqualTo(-32602);
            mcp.send("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\",\"params\":{\"name\":\"run_query\","
                    + "\"arguments\":{\"sql\":\"SELECT count(*) AS n FROM orders\"}}}");
            JsonNode counted = mcp.answerTo(8, Duration.ofSeconds(60));
            assertThat(counted.path("result").path("isError").asBoolean()).as(counted.toString()).isFalse();
            assertThat(mcp.closeInput(Duration.ofSeconds(30))).isZero();
        }
    }

    @Test
    @org.junit.jupiter.api.Order(4)
    void aClientOf20250326MayBatchAndGetsOneArrayOfResponses() throws Exception {
        try (RawMcp mcp = new RawMcp(cli, dir.resolve("batch-stderr.txt"))) {
            mcp.initialize("2025-03-26");
            mcp.send("[{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"},"
                    + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/roots/list_changed\"},"
                    + "{\"jsonrpc\":\"2.0\",\"id\":\"three\",\"method\":\"tools/call\",\"params\":{\"name\":\"run_query\","
                    + "\"arguments\":{\"sql\":\"SELECT count(*) AS n FROM orders\"}}},"
                    + "{\"jsonrpc\":\"2.0\",\"id\":5}]");
            JsonNode answers = mcp.next(Duration.ofSeconds(60));
            while (!answers.isArray()) {
                answers = mcp.next(Duration.ofSeconds(60)); // a notification (a log line) before the batch's answer
            }
            java.util.Map<String, JsonNode> byId = new java.util.HashMap<>();
            answers.forEach(a -> byId.put(a.path("id").asText(), a));
            assertThat(byId).as(answers.toString()).containsOnlyKeys("2", "three", "5");
            assertThat(byId.get("2").path("result").path("tools").size()).isEqualTo(24);
            assertThat(byId.get("three").path("result").path("isError").asBoolean()).as(answers.toString()).isFalse();
            assertThat(byId.get("5").path("error").path("code").asInt()).isEqualTo(-32600);
            // Single messages go on as before.
            mcp.send("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/list\"}");
            assertThat(mcp.answerTo(6, Duration.ofSeconds(30)).path("result").path("tools").size()).isEqualTo(24);
            assertThat(mcp.closeInput(Duration.ofSeconds(30))).isZero();
        }
    }

    @Test
    @org.junit.jupiter.api.Order(5)
    void notificationsCancelledStopsTheRunningQuery() throws Exception {
        try (RawMcp mcp = new RawMcp(cli, dir.resolve("cancel-stderr.txt"))) {
            mcp.initialize();
            // Billions of pairs: it would run to the 60 s timeout of mcp.query-timeout.
            String slow = "SELECT count(*) AS n FROM order_items a, orders b WHERE a.quantity * b.total_amount = -1.2345";
            mcp.send("{\"jsonrpc\":\"2.0\",\"id\":\"slow\",\"method\":\"tools/call\",\"params\":{\"name\":\"run_query\","
                    + "\"arguments\":{\"sql\":\"" + slow + "\"}}}");
            Thread.sleep(2_000);
            long cancelled = System.nanoTime();
            mcp.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":\"slow\","
                    + "\"reason\":\"the user changed their mind\"}}");
            JsonNode answer = mcp.answerTo("slow", Duration.ofSeconds(30));
            long tookMs = (System.nanoTime() - cancelled) / 1_000_000;
            assertThat(tookMs).as("the query stopped soon after the cancel, not at its timeout").isLessThan(15_000);
            assertThat(answer.path("result").path("isError").asBoolean()).as(answer.toString()).isTrue();
            assertThat(answer.path("result").path("content").path(0).path("text").asText()).startsWith("CANCELLED");
            // A cancel for a request that is not running is ignored, and the server goes on.
            mcp.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":12345}}");
            mcp.send("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"run_query\","
                    + "\"arguments\":{\"sql\":\"SELECT count(*) AS n FROM orders\"}}}");
            JsonNode after = mcp.answerTo(9, Duration.ofSeconds(60));
            assertThat(after.path("result").path("isError").asBoolean()).as(after.toString()).isFalse();
            assertThat(mcp.closeInput(Duration.ofSeconds(30))).isZero();
        }
    }
}
