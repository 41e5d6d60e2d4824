package io.assay.server.mcp;

import io.assay.server.TestServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code mcp.read-only}: an assistant is offered only the read-only tools, even acting for an admin. */
class McpReadOnlyTest {

    @TempDir
    Path dir;

    /** The tools the server lists; {@code callImport} checks what calling import_file does there. */
    private static List<McpSchema.Tool> tools(TestServer server, java.util.function.Consumer<McpSyncClient> callImport) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(server.base()).endpoint("/mcp")
                .jsonMapper(AssayMcp.jsonMapper())
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + server.adminToken)).build();
        McpSyncClient c = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60))
                .jsonSchemaValidator(new SchemaValidator()).build();
        try {
            c.initialize();
            callImport.accept(c);
            return c.listTools().tools();
        } finally {
            c.closeGracefully();
        }
    }

    @Test
    void aReadOnlyServerOffersOnlyReadOnlyToolsToAnAdmin() {
        List<String> all;
        try (TestServer open = TestServer.start(dir.resolve("open"))) {
            all = tools(open, c -> assertThat(c.callTool(new McpSchema.CallToolRequest("import_file", Map.of("path", "missing.csv")))
                    .isError()).as("a tool error: no such file").isTrue()).stream().map(McpSchema.Tool::name).toList();
        }
        try (TestServer readOnly = TestServer.start(dir.resolve("read-only"), Map.of("mcp.read-only", "true"))) {
            List<McpSchema.Tool> offered = tools(readOnly, c -> assertThatThrownBy(() -> c.callTool(
                    new McpSchema.CallToolRequest("import_file", Map.of("path", "missing.csv")))).hasMessageContaining("Unknown tool"));
            assertThat(offered).isNotEmpty().allSatisfy(t -> assertThat(t.annotations().readOnlyHint()).as(t.name()).isTrue());
            assertThat(offered).extracting(McpSchema.Tool::name).contains("run_query", "list_datasets")
                    .doesNotContain("import_file", "analyze_dataset");
            assertThat(all).contains("import_file", "analyze_dataset").hasSizeGreaterThan(offered.size());
        }
    }
}
