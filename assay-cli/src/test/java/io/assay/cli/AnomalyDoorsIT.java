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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One anomaly question asked through three doors &mdash; the command line, REST and MCP &mdash; gets the
 * same events: they are one platform service, not three implementations.
 */
class AnomalyDoorsIT {

    private static final Pattern DAY = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2})\\s", Pattern.MULTILINE);

    @TempDir
    Path dir;

    @Test
    void theCommandLineRestAndMcpFindTheSameAnomalies() throws Exception {
        Cli cli = new Cli(dir);
        assertThat(cli.run("demo-data").status()).isZero();

        Cli.Result terminal = cli.run("anomalies", "orders", "--time", "order_date", "--grain", "day", "--max", "5");
        assertThat(terminal.status()).as(terminal.toString()).isZero();
        List<String> fromCli = new ArrayList<>();
        Matcher m = DAY.matcher(terminal.out());
        while (m.find()) {
            fromCli.add(m.group(1));
        }
        // The planted checkout outage of the demo data, with its drop, is among them.
        assertThat(fromCli).contains("2025-03-14");

        // The second question leaves grain, aggregate and the number of events to the defaults, but for --top.
        Cli.Result summed = cli.run("anomalies", "orders", "--measure", "total_amount", "--top", "3");
        assertThat(summed.status()).as(summed.toString()).isZero();
        assertThat(summed.out()).contains("sum(total_amount) of orders every day", "expected", "deviation", "top contributors",
                "note: Summed 'total_amount' per bucket");
        List<String> summedFromCli = new ArrayList<>();
        Matcher s = DAY.matcher(summed.out());
        while (s.find()) {
            summedFromCli.add(s.group(1));
        }
        assertThat(summedFromCli).hasSizeBetween(1, 3);

        ServerProcess server = ServerProcess.start(cli, dir, "anomalies");
        try {
            ServerProcess.Answer rest = server.send("POST", "/api/v1/datasets/orders/anomalies", server.token,
                    Map.of("timeColumn", "order_date", "grain", "day", "maxAnomalies", 5));
            assertThat(rest.status()).as(rest.body()).isEqualTo(200);
            List<String> fromRest = days(rest.json().path("anomalies"));
            ServerProcess.Answer restSummed = server.send("POST", "/api/v1/datasets/orders/anomalies", server.token,
                    Map.of("measure", "total_amount", "maxAnomalies", 3));
            assertThat(restSummed.status()).as(restSummed.body()).isEqualTo(200);
            assertThat(restSummed.json().path("aggregate").asText()).isEqualTo("sum");
            assertThat(restSummed.json().path("stepSeconds").asLong()).isEqualTo(86_400);
            restSummed.json().path("anomalies").forEach(a -> assertThat(a.has("expected") && a.has("score") && a.has("contributors")).isTrue());

            HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(server.url).endpoint("/mcp")
                    .jsonMapper(AssayMcp.jsonMapper())
                    .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + server.token)).build();
            McpSyncClient mcp = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60)).jsonSchemaValidator(new SchemaValidator())
                    .clientInfo(new McpSchema.Implementation("assay-doors-test", "1")).build();
            List<String> fromMcp;
            List<String> summedFromMcp;
            try {
                mcp.initialize();
                McpSchema.CallToolResult r = mcp.callTool(new McpSchema.CallToolRequest("detect_anomalies",
                        Map.of("dataset", "orders", "time_column", "order_date", "grain", "day", "max_anomalies", 5)));
                assertThat(r.isError()).isFalse();
                JsonNode structured = new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(r.structuredContent());
                fromMcp = days(structured.path("anomalies"));
                McpSchema.CallToolResult r2 = mcp.callTool(new McpSchema.CallToolRequest("detect_anomalies",
                        Map.of("dataset", "orders", "measure", "total_amount", "max_anomalies", 3)));
                assertThat(r2.isError()).isFalse();
                JsonNode structured2 = new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(r2.structuredContent());
                // The same events, with the same expected values and scores, as REST.
                assertThat(structured2.path("anomalies")).isEqualTo(restSummed.json().path("anomalies"));
                summedFromMcp = days(structured2.path("anomalies"));
            } finally {
                mcp.closeGracefully();
            }

            assertThat(fromRest).as("REST and the command line").containsExactlyElementsOf(fromCli);
            assertThat(fromMcp).as("MCP and the command line").containsExactlyElementsOf(fromCli);
            assertThat(days(restSummed.json().path("anomalies"))).as("REST and the command line, defaults")
                    .containsExactlyElementsOf(summedFromCli);
            assertThat(summedFromMcp).as("MCP and the command line, defaults").containsExactlyElementsOf(summedFromCli);
            assertThat(server.get("/api/v1/audit?action=insight.anomalies&limit=10").path("items"))
                    .extracting(r -> r.path("actorKind").asText()).contains("local", "token");
        } finally {
            server.stop();
        }
    }

    private static List<String> days(JsonNode anomalies) {
        List<String> out = new ArrayList<>();
        anomalies.forEach(a -> out.add(a.path("at").asText().substring(0, 10)));
        return out;
    }
}
