package io.assay.server.mcp;

import io.assay.platform.auth.Principal;
import io.assay.platform.auth.Role;
import io.assay.server.TestServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code execute_sql}, offered where {@code mcp.admin-statements} is on: any statement, for admins only, and only after
 * the user confirms it when the client can ask (elicitation).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class McpAdminStatementsTest {

    private TestServer server;
    /** What the user answers to the next confirmations, in order. */
    private final Queue<McpSchema.ElicitResult> answers = new ConcurrentLinkedQueue<>();
    private final Queue<McpSchema.ElicitRequest> asked = new ConcurrentLinkedQueue<>();

    @BeforeAll
    void start(@TempDir Path dir) {
        server = TestServer.start(dir.resolve("data"), Map.of("mcp.admin-statements", "true"));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private McpSyncClient client(String token, boolean canAsk) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(server.base()).endpoint("/mcp")
                .jsonMapper(AssayMcp.jsonMapper())
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token)).build();
        McpClient.SyncSpec spec = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60)).jsonSchemaValidator(new SchemaValidator());
        if (canAsk) {
            spec = spec.capabilities(McpSchema.ClientCapabilities.builder().elicitation().build()).elicitation(request -> {
                asked.add(request);
                return answers.remove();
            });
        }
        McpSyncClient c = spec.build();
        c.initialize();
        return c;
    }

    private static McpSchema.CallToolResult sql(McpSyncClient c, String sql) {
        return c.callTool(new McpSchema.CallToolRequest("execute_sql", Map.of("sql", sql)));
    }

    private static String text(McpSchema.CallToolResult r) {
        return ((McpSchema.TextContent) r.content().get(0)).text();
    }

    @Test
    void nothingRunsUnlessTheUserConfirmsIt() {
        McpSyncClient admin = client(server.adminToken, true);
        McpSchema.Tool tool = admin.listTools().tools().stream().filter(t -> t.name().equals("execute_sql")).findFirst().orElseThrow();
        assertThat(tool.annotations().destructiveHint()).isTrue();
        assertThat(tool.annotations().readOnlyHint()).isFalse();

        answers.add(new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.DECLINE, null, null));
        McpSchema.CallToolResult declined = sql(admin, "CREATE TABLE declined AS SELECT 1 AS x");
        assertThat(declined.isError()).isTrue();
        assertThat(text(declined)).startsWith("CANCELLED").contains("nothing was run");
        assertThat(asked.remove().message()).contains("CREATE TABLE declined AS SELECT 1 AS x", "admin");

        answers.add(new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT, Map.of("run", false), null));
        assertThat(sql(admin, "CREATE TABLE unticked AS SELECT 1 AS x").isError()).isTrue();

        answers.add(new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT, Map.of("run", true), null));
        McpSchema.CallToolResult created = sql(admin, "CREATE TABLE scratch AS SELECT 42 AS x");
        assertThat(created.isError()).as(text(created)).isFalse();

        answers.add(new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT, Map.of("run", true), null));
        McpSchema.CallToolResult tables = sql(admin, "SELECT table_name FROM information_schema.tables "
                + "WHERE table_name IN ('declined', 'unticked', 'scratch') ORDER BY 1");
        assertThat(text(tables)).contains("scratch").doesNotContain("declined").doesNotContain("unticked");
        assertThat(asked).hasSize(3);
        admin.closeGracefully();
    }

    @Test
    void aViewerIsRefusedAndAClientThatCannotAskRunsOnTheAdminsWord() {
        server.ws.users().create("vic", Role.VIEWER, TestServer.PASSWORD);
        String vic = server.ws.tokens().create(Principal.user("vic", Role.VIEWER), "mcp", Optional.empty(), Optional.empty()).secret();
        McpSyncClient viewer = client(vic, true);
        McpSchema.CallToolResult refused = sql(viewer, "DROP TABLE anything");
        assertThat(refused.isError()).isTrue();
        assertThat(text(refused)).startsWith("FORBIDDEN");
        viewer.closeGracefully();

        McpSyncClient mute = client(server.adminToken, false);
        McpSchema.CallToolResult ran = sql(mute, "CREATE TABLE unasked AS SELECT 1 AS x");
        assertThat(ran.isError()).as(text(ran)).isFalse();
        mute.closeGracefully();
    }

    @Test
    void theToolIsNotOfferedByDefault(@TempDir Path dir) {
        try (TestServer plain = TestServer.start(dir.resolve("plain"));
             TestServer readOnly = TestServer.start(dir.resolve("ro"), Map.of("mcp.admin-statements", "true", "mcp.read-only", "true"))) {
            for (TestServer s : List.of(plain, readOnly)) {
                TestServer saved = server;
                server = s;
                try {
                    McpSyncClient c = client(s.adminToken, false);
                    assertThat(c.listTools().tools()).extracting(McpSchema.Tool::name).doesNotContain("execute_sql").contains("run_query");
                    c.closeGracefully();
                } finally {
                    server = saved;
                }
            }
        }
    }
}
