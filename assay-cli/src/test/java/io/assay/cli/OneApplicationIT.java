package io.assay.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.server.mcp.AssayMcp;
import io.assay.server.mcp.SchemaValidator;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line is a front door of the one application, not a second one: what it does is
 * recorded, governed and audited like what the server's doors do, so the server sees it.
 */
class OneApplicationIT {

    private static final String SQL = "SELECT region, count(*) AS n FROM sales GROUP BY region ORDER BY region";

    @TempDir
    Path dir;

    @Test
    void whatTheCommandLineDoesTheServerSeesRecordedAndAudited() throws Exception {
        Cli cli = new Cli(dir);
        Path sales = dir.resolve("sales.csv");
        StringBuilder csv = new StringBuilder("day,region,amount\n");
        for (int i = 0; i < 120; i++) {
            csv.append("2025-01-").append(String.format("%02d", i % 28 + 1)).append(',').append(i % 3 == 0 ? "north" : "south")
                    .append(',').append(10 + i % 7).append('\n');
        }
        Files.writeString(sales, csv);
        String operator = System.getProperty("user.name");

        Cli.Result imported = cli.run("import", sales.toString(), "--name", "sales");
        assertThat(imported.status()).as(imported.toString()).isZero();
        Cli.Result analysed = cli.run("analyze", "sales", "--mode", "quick");
        assertThat(analysed.status()).as(analysed.toString()).isZero();
        assertThat(analysed.out()).contains("HTML report: " + cli.dataDir().resolve("analyses"));
        Cli.Result queried = cli.run("query", SQL);
        assertThat(queried.status()).as(queried.toString()).isZero();
        assertThat(queried.out()).contains("north").contains("south");

        String veraToken;
        ServerProcess server = ServerProcess.start(cli, dir, "first");
        try {
            // The analysis made at the command line is a run of the dataset, with its quality score.
            JsonNode runs = server.get("/api/v1/analyses?dataset=sales").path("items");
            assertThat(runs).hasSize(1);
            assertThat(runs.get(0).path("status").asText()).isEqualTo("succeeded");
            assertThat(runs.get(0).path("owner").asText()).isEqualTo(operator);
            assertThat(server.get("/api/v1/datasets/sales").path("qualityScore").isNumber()).isTrue();
            assertThat(server.get("/api/v1/jobs?kind=analysis").path("items")).anySatisfy(j ->
                    assertThat(j.path("owner").asText()).isEqualTo(operator));

            // The same query from the terminal, over REST, over MCP and from the web page's SQL editor: one audit
            // record each, the same rules.
            server.query(SQL);
            HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(server.url).endpoint("/mcp")
                    .jsonMapper(AssayMcp.jsonMapper())
                    .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + server.token)).build();
            McpSyncClient mcp = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60)).jsonSchemaValidator(new SchemaValidator())
                    .clientInfo(new McpSchema.Implementation("assay-one-application-test", "1")).build();
            try {
                mcp.initialize();
                McpSchema.CallToolResult r = mcp.callTool(new McpSchema.CallToolRequest("run_query", Map.of("sql", SQL)));
                assertThat(r.isError()).as(String.valueOf(r.content())).isNotEqualTo(Boolean.TRUE);
            } finally {
                mcp.closeGracefully();
            }
            JsonNode job = server.webQuery(server.signIn(), SQL);
            assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("succeeded");
            List<JsonNode> records = new ArrayList<>();
            server.get("/api/v1/audit?action=query.run&limit=500").path("items").forEach(r -> {
                if (r.path("sql").asText().equals(SQL)) {
                    records.add(r);
                }
            });
            assertThat(records).extracting(r -> r.path("actorKind").asText()).containsExactlyInAnyOrder("local", "token", "token", "user");
            assertThat(records).allSatisfy(r -> {
                assertThat(r.path("outcome").asText()).isEqualTo("ok");
                assertThat(r.path("detail").asText()).startsWith("datasets: sales");
                assertThat(r.path("rows").asLong()).isEqualTo(2);
            });
            JsonNode imports = server.get("/api/v1/audit?action=dataset.import&limit=50").path("items");
            assertThat(imports).anySatisfy(r -> {
                assertThat(r.path("actorKind").asText()).isEqualTo("local");
                assertThat(r.path("actor").asText()).isEqualTo(operator);
                assertThat(r.path("target").asText()).isEqualTo("sales");
            });

            veraToken = server.user("vera", "viewer");
            assertThat(server.send("PUT", "/api/v1/datasets/sales/grants/vera", server.token, Map.of("access", "read")).status()).isEqualTo(200);
            assertThat(server.send("GET", "/api/v1/datasets/sales", veraToken, null).status()).isEqualTo(200);
        } finally {
            server.stop();
        }

        // Deleted at the command line and made again: the new dataset does not inherit the old one's grants.
        assertThat(cli.run("delete", "sales").status()).isZero();
        assertThat(cli.run("import", sales.toString(), "--name", "sales").status()).isZero();
        ServerProcess again = ServerProcess.start(cli, dir, "second");
        try {
            assertThat(again.send("GET", "/api/v1/datasets/sales", veraToken, null).status()).isEqualTo(404);
            JsonNode remade = again.get("/api/v1/datasets/sales");
            assertThat(remade.path("grants")).isEmpty();
            assertThat(remade.path("owner").isNull()).isTrue();
            assertThat(again.get("/api/v1/audit?action=dataset.delete&limit=10").path("items")).anySatisfy(r -> {
                assertThat(r.path("actorKind").asText()).isEqualTo("local");
                assertThat(r.path("target").asText()).isEqualTo("sales");
            });
        } finally {
            again.stop();
        }
    }
}
