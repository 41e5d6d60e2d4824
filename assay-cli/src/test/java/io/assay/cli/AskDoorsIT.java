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
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One question in plain English asked through the command line, REST, MCP and the web page's Ask box gets the same
 * SQL and the same answer: one platform service, not four. A question about a dataset the caller may not read is refused over
 * REST like any query of it; the audit log keeps the question with the SQL.
 */
class AskDoorsIT {

    private static final String QUESTION = "How many completed orders per region?";

    @TempDir
    Path dir;

    @Test
    void theCommandLineRestMcpAndTheWebPageAnswerTheSameQuestionWithTheSameSql() throws Exception {
        Cli cli = new Cli(dir);
        assertThat(cli.run("demo-data").status()).isZero();

        Cli.Result sqlOnly = cli.run("ask", QUESTION, "--dataset", "orders", "--sql-only");
        assertThat(sqlOnly.status()).as(sqlOnly.toString()).isZero();
        String sql = sqlOnly.out().strip();
        assertThat(sql).startsWith("SELECT \"region\", count(*) FROM \"orders\" WHERE \"status\" = 'completed' GROUP BY \"region\"");
        assertThat(sql.lines()).hasSize(1);

        Cli.Result full = cli.run("ask", QUESTION, "--dataset", "orders");
        assertThat(full.status()).as(full.toString()).isZero();
        assertThat(full.out()).startsWith(sql + "\n-- number of rows per region, completed only\n").contains("APAC");

        Cli.Result declined = cli.run("ask", "Which unicorns flew the furthest?", "--dataset", "orders");
        assertThat(declined.status()).isNotZero();
        assertThat(declined.err()).contains("did not understand 'unicorns'").contains("assay describe orders");

        ServerProcess server = ServerProcess.start(cli, dir, "ask");
        try {
            ServerProcess.Answer rest = server.send("POST", "/api/v1/ask", server.token, Map.of("question", QUESTION, "datasets", List.of("orders")));
            assertThat(rest.status()).as(rest.body()).isEqualTo(200);
            assertThat(rest.json().path("sql").asText()).isEqualTo(sql);
            assertThat(rest.json().path("rows").size()).isPositive();
            assertThat(rest.json().path("chart").path("type").asText()).isNotEmpty();

            HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(server.url).endpoint("/mcp")
                    .jsonMapper(AssayMcp.jsonMapper())
                    .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + server.token)).build();
            McpSyncClient mcp = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60)).jsonSchemaValidator(new SchemaValidator())
                    .clientInfo(new McpSchema.Implementation("assay-doors-test", "1")).build();
            JsonNode structured;
            try {
                mcp.initialize();
                McpSchema.CallToolResult r = mcp.callTool(new McpSchema.CallToolRequest("ask", Map.of("question", QUESTION, "datasets", List.of("orders"))));
                assertThat(r.isError()).isFalse();
                structured = new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(r.structuredContent());
            } finally {
                mcp.closeGracefully();
            }
            assertThat(structured.path("sql").asText()).as("MCP and the command line").isEqualTo(sql);
            assertThat(structured.path("rows")).isEqualTo(rest.json().path("rows"));

            // The web page's Ask box: signed in with a session cookie, its CSRF token on the POST, the SQL only (sql.js),
            // then the SQL run as the page's editor runs it, a query job.
            ServerProcess.BrowserSession browser = server.signIn();
            ServerProcess.Answer noCsrf = server.webSend(new ServerProcess.BrowserSession(browser.cookie(), "wrong"), "POST", "/api/v1/ask",
                    Map.of("question", QUESTION, "sqlOnly", true));
            assertThat(noCsrf.status()).as("a page's POST without its CSRF token: " + noCsrf.body()).isEqualTo(403);
            ServerProcess.Answer web = server.webSend(browser, "POST", "/api/v1/ask", Map.of("question", QUESTION, "sqlOnly", true));
            assertThat(web.status()).as(web.body()).isEqualTo(200);
            assertThat(web.json().path("sql").asText()).as("the web page and the command line").isEqualTo(sql);
            assertThat(web.json().path("explanation").asText()).isEqualTo("number of rows per region, completed only");
            JsonNode job = server.webQuery(browser, web.json().path("sql").asText());
            assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("succeeded");

            // A viewer with no grant on orders: refused like any query of it.
            String vera = server.user("vera", "viewer");
            ServerProcess.Answer refused = server.send("POST", "/api/v1/ask", vera, Map.of("question", QUESTION, "datasets", List.of("orders")));
            assertThat(refused.status()).as(refused.body()).isIn(403, 404);
            ServerProcess.Answer query = server.send("POST", "/api/v1/query", vera, Map.of("sql", sql));
            assertThat(query.status()).as(query.body()).isIn(403, 404);
            ServerProcess.Answer edited = server.send("POST", "/api/v1/ask", vera, Map.of("question", QUESTION, "sql", sql));
            assertThat(edited.status()).as("edited SQL is governed too: " + edited.body()).isIn(403, 404);

            JsonNode audit = server.get("/api/v1/audit?action=query.ask&limit=10").path("items");
            assertThat(audit).anySatisfy(a -> {
                assertThat(a.path("sql").asText()).isEqualTo(sql);
                assertThat(a.path("detail").asText()).contains("question: " + QUESTION);
            });
        } finally {
            server.stop();
        }
    }
}
