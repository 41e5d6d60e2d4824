package io.assay.server.mcp;

import io.assay.platform.audit.AuditRecord;
import io.assay.platform.audit.AuditService;
import io.assay.platform.auth.DatasetAccess;
import io.assay.platform.auth.Principal;
import io.assay.platform.auth.Role;
import io.assay.platform.config.ConfigLoader;
import io.assay.platform.saved.QueryParameter;
import io.assay.platform.task.TaskContext;
import io.assay.platform.workspace.Workspace;
import io.assay.server.AssayServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * MCP over Streamable HTTP at /mcp, driven by the Java SDK's own client against a real server on the demo
 * data: initialize, every tool, resources, prompts, progress, a viewer's limits, caps and timeouts,
 * malformed arguments, and the HTTP guard (bearer token, Host and Origin).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class McpHttpTest {

    @TempDir
    static Path dir;
    private Workspace ws;
    private AssayServer server;
    private String adminToken;
    private String viewerToken;
    private String url;
    private final List<McpSyncClient> clients = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data.resolve("imports"));
        Files.writeString(data.resolve("imports/cities.csv"), "city,people\nOslo,700000\nBergen,290000\nTromsø,77000\n");
        ws = Workspace.open(ConfigLoader.load(Map.of(), Optional.empty(), Map.of("data-dir", data.toString(), "server.port", "0",
                "mcp.max-rows", "50", "mcp.max-chars", "2000", "mcp.query-timeout", "2s")), AssayServer.newMetrics());
        ws.generateDemo(Principal.local(), 42, 1, AuditService.Origin.NONE, TaskContext.silent());
        ws.users().bootstrapAdmin(Optional.of("admin-password-long"));
        Principal admin = Principal.user("admin", Role.ADMIN);
        adminToken = ws.tokens().create(admin, "mcp", Optional.empty(), Optional.empty()).secret();
        ws.users().create("vera", Role.VIEWER, "viewer-password-long");
        ws.datasets().grant(admin, io.assay.platform.catalog.DatasetName.of("orders"), "vera", DatasetAccess.Access.READ, AuditService.Origin.NONE);
        viewerToken = ws.tokens().create(Principal.user("vera", Role.VIEWER), "mcp", Optional.empty(), Optional.empty()).secret();
        server = AssayServer.create(ws, AssayServer.newMetrics()).start();
        url = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    void stop() {
        clients.forEach(McpSyncClient::closeGracefully);
        server.stop(Duration.ofSeconds(5));
    }

    private McpSyncClient client(String token, List<McpSchema.ProgressNotification> progress, List<Object> changes) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(url).endpoint("/mcp")
                .jsonMapper(AssayMcp.jsonMapper())
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token)).build();
        McpSyncClient c = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(120)).jsonSchemaValidator(new SchemaValidator())
                .clientInfo(new McpSchema.Implementation("assay-test", "1"))
                .progressConsumer(progress::add)
                .resourcesChangeConsumer(changes::add)
                .build();
        c.initialize();
        clients.add(c);
        return c;
    }

    private McpSyncClient admin() {
        return client(adminToken, new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
    }

    private static McpSchema.CallToolResult call(McpSyncClient c, String tool, Map<String, Object> args) {
        return c.callTool(new McpSchema.CallToolRequest(tool, args));
    }

    private static String text(McpSchema.CallToolResult r) {
        return ((McpSchema.TextContent) r.content().get(0)).text();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> structured(McpSchema.CallToolResult r) {
        assertThat(r.isError()).as(text(r)).isFalse();
        return (Map<String, Object>) r.structuredContent();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aQuestionRunsWithoutSqlAndAnswersTheSqlItRanAndAWrongFieldIsNamed() {
        McpSyncClient c = admin();
        Map<String, Object> out = structured(call(c, "run_question", Map.of("dataset", "orders", "dimensions", List.of("region"),
                "measures", List.of(Map.of("fn", "count"), Map.of("fn", "p50", "column", "total_amount")),
                "filters", List.of(Map.of("column", "status", "op", "=", "values", List.of("completed"))),
                "sort", List.of(Map.of("column", "count", "direction", "desc")))));
        assertThat((String) out.get("sql")).contains("GROUP BY \"region\"", "quantile_cont(\"total_amount\", 0.5)", "ORDER BY \"count\" DESC")
                .doesNotContain("completed");
        assertThat((List<Object>) out.get("params")).containsExactly("completed");
        List<List<Object>> rows = (List<List<Object>>) out.get("rows");
        assertThat(rows).hasSize(4);
        long completed = ((Number) ((List<List<Object>>) structured(call(c, "run_query", Map.of("sql",
                "SELECT count(*) FROM orders WHERE status = 'completed'"))).get("rows")).get(0).get(0)).longValue();
        assertThat(rows.stream().mapToLong(r -> ((Number) r.get(1)).longValue()).sum()).isEqualTo(completed);
        McpSchema.CallToolResult bad = call(c, "run_question", Map.of("dataset", "orders", "measures",
                List.of(Map.of("fn", "sum", "column", "totl_amount"))));
        assertThat(bad.isError()).isTrue();
        assertThat(text(bad)).contains("measures[0].column", "totl_amount");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aMakeChartCallIsSavedAsAChartListedAndGotWithItsKeptResultUnderTheCallersRights() {
        McpSyncClient c = admin();
        Map<String, Object> saved = structured(call(c, "save_chart", Map.of("name", "MCP revenue by region",
                "sql", "SELECT region, sum(total_amount) AS revenue FROM orders GROUP BY 1 ORDER BY 1", "x", "region", "y", List.of("revenue"),
                "kind", "bar", "title", "Revenue")));
        String id = (String) ((Map<String, Object>) saved.get("chart")).get("id");
        List<Map<String, Object>> listed = (List<Map<String, Object>>) structured(call(c, "list_charts", Map.of("q", "mcp REVENUE"))).get("charts");
        assertThat(listed).extracting(m -> m.get("id")).containsExactly(id);
        Map<String, Object> got = structured(call(c, "get_chart", Map.of("id", id)));
        Map<String, Object> result = (Map<String, Object>) got.get("result");
        assertThat((List<Object>) result.get("rows")).isNotEmpty();
        assertThat(result.get("cached")).isEqualTo(true);
        assertThat(((Map<String, Object>) result.get("figure")).get("data")).isNotNull();

        McpSchema.CallToolResult bad = call(c, "save_chart", Map.of("name", "bad", "sql", "SELECT region FROM orders", "x", "region",
                "y", List.of("revenue")));
        assertThat(bad.isError()).isTrue();
        assertThat(text(bad)).contains("spec.y", "revenue");

        // Vera may read orders but the chart is not shared with her: not listed, not found; shared, it is, its kept result served.
        McpSyncClient vera = client(viewerToken, new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
        assertThat((List<Object>) structured(call(vera, "list_charts", Map.of())).get("charts")).isEmpty();
        assertThat(call(vera, "get_chart", Map.of("id", id)).isError()).isTrue();
        ws.savedCharts().grant(Principal.user("admin", Role.ADMIN), id, "vera", io.assay.platform.saved.ObjectGrants.Access.READ,
                AuditService.Origin.NONE);
        Map<String, Object> hers = (Map<String, Object>) structured(call(vera, "get_chart", Map.of("id", id))).get("result");
        assertThat(hers.get("rows")).isEqualTo(result.get("rows"));
        assertThat(hers.get("cached")).isEqualTo(true);
    }

    @Test
    @SuppressWarnings("unchecked")
    void dashboardsAreSavedListedGotAndRunWithFiltersUnderTheCallersRightsAndReadAsResources() throws Exception {
        Principal admin = Principal.user("admin", Role.ADMIN);
        QueryParameter region = new QueryParameter("region", QueryParameter.Type.TEXT, Optional.of("Europe"), false);
        String daily = ws.savedCharts().create(admin, new io.assay.platform.saved.SavedChart.Draft("MCP board orders per day", Optional.empty(),
                Optional.empty(), Optional.of("SELECT CAST(order_date AS DATE) AS day, count(*) AS orders FROM orders WHERE region = {{region}} "
                        + "GROUP BY 1 ORDER BY 1"), List.of(region),
                new io.assay.platform.saved.ChartSpec(io.assay.platform.saved.ChartSpec.Type.LINE, Optional.of("day"), List.of("orders"),
                        Optional.empty(), io.assay.platform.saved.ChartSpec.Aggregation.NONE, List.of(), Optional.empty())),
                AuditService.Origin.NONE).id();
        String byRegion = ws.savedCharts().create(admin, new io.assay.platform.saved.SavedChart.Draft("MCP board revenue by region",
                Optional.empty(), Optional.empty(), Optional.of("SELECT region, sum(total_amount) AS revenue FROM orders GROUP BY 1 ORDER BY 1"),
                List.of(), new io.assay.platform.saved.ChartSpec(io.assay.platform.saved.ChartSpec.Type.BAR, Optional.of("region"),
                        List.of("revenue"), Optional.empty(), io.assay.platform.saved.ChartSpec.Aggregation.NONE, List.of(), Optional.empty())),
                AuditService.Origin.NONE).id();
        McpSyncClient c = admin();
        Map<String, Object> saved = structured(call(c, "save_dashboard", Map.of("name", "MCP board", "description", "orders at a glance",
                "cards", List.of(
                        Map.of("id", "daily", "type", "chart", "x", 0, "y", 0, "w", 6, "h", 4, "chartId", daily),
                        Map.of("id", "last", "type", "kpi", "x", 6, "y", 0, "w", 3, "h", 2, "chartId", daily, "title", "Last day"),
                        Map.of("id", "note", "type", "text", "x", 9, "y", 0, "w", 3, "h", 2, "markdown", "**Orders**"),
                        Map.of("id", "regions", "type", "chart", "x", 6, "y", 2, "w", 6, "h", 2, "chartId", byRegion)),
                "filters", List.of(Map.of("name", "region", "type", "category", "parameter", "region", "default", "Europe")))));
        String id = (String) ((Map<String, Object>) saved.get("dashboard")).get("id");
        assertThat(ws.dashboards().get(admin, id).cards()).hasSize(4);
        McpSchema.CallToolResult badSave = call(c, "save_dashboard", Map.of("name", "bad", "cards", List.of(Map.of("type", "pie"))));
        assertThat(badSave.isError()).isTrue();
        assertThat(text(badSave)).contains("cards[0]");

        List<Map<String, Object>> listed = (List<Map<String, Object>>) structured(call(c, "list_dashboards", Map.of("q", "mcp BOARD")))
                .get("dashboards");
        assertThat(listed).extracting(m -> m.get("id")).containsExactly(id);
        Map<String, Object> got = (Map<String, Object>) structured(call(c, "get_dashboard", Map.of("id", id))).get("dashboard");
        assertThat((List<Map<String, Object>>) got.get("cards")).extracting(m -> m.get("id")).containsExactly("daily", "last", "note", "regions");
        assertThat((List<Map<String, Object>>) got.get("filters")).extracting(m -> m.get("name")).containsExactly("region");

        // Vera may read orders, but the dashboard is not shared with her: not listed, not got, not run, not read as a resource.
        McpSyncClient vera = client(viewerToken, new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
        assertThat((List<Object>) structured(call(vera, "list_dashboards", Map.of())).get("dashboards")).isEmpty();
        assertThat(text(call(vera, "get_dashboard", Map.of("id", id)))).startsWith("NOT_FOUND");
        assertThat(call(vera, "run_dashboard", Map.of("id", id)).isError()).isTrue();
        assertThatThrownBy(() -> vera.readResource(new McpSchema.ReadResourceRequest("assay://dashboards/" + id)))
                .isInstanceOf(McpError.class).hasMessageContaining("no dashboard");
        String veraIndex = ((McpSchema.TextResourceContents) vera.readResource(new McpSchema.ReadResourceRequest("assay://dashboards"))
                .contents().get(0)).text();
        assertThat(McpTool.JSON.readTree(veraIndex).path("dashboards").size()).isZero();
        // A viewer makes no dashboards.
        assertThat(text(call(vera, "save_dashboard", Map.of("name", "hers")))).startsWith("FORBIDDEN");

        ws.dashboards().grant(admin, id, "vera", io.assay.platform.saved.ObjectGrants.Access.READ, AuditService.Origin.NONE);
        assertThat((List<Map<String, Object>>) structured(call(vera, "list_dashboards", Map.of())).get("dashboards"))
                .extracting(m -> m.get("id")).containsExactly(id);
        var index = McpTool.JSON.readTree(((McpSchema.TextResourceContents) vera.readResource(
                new McpSchema.ReadResourceRequest("assay://dashboards")).contents().get(0)).text());
        assertThat(index.path("dashboards").get(0).path("uri").asText()).isEqualTo("assay://dashboards/" + id);
        var resource = McpTool.JSON.readTree(((McpSchema.TextResourceContents) vera.readResource(
                new McpSchema.ReadResourceRequest("assay://dashboards/" + id)).contents().get(0)).text());
        assertThat(resource.path("name").asText()).isEqualTo("MCP board");
        assertThat(resource.path("access").asText()).isEqualTo("read");
        assertThat(resource.path("cards").size()).isEqualTo(4);

        // Run with a region: every card answers, the filter set the chart's parameter (its rows count APAC's orders only).
        McpSchema.CallToolResult ran = call(vera, "run_dashboard", Map.of("id", id, "filters", Map.of("region", "APAC")));
        Map<String, Object> run = structured(ran);
        assertThat(((Map<String, List<Object>>) run.get("filters")).get("region")).containsExactly("APAC");
        Map<String, Map<String, Object>> cards = new HashMap<>();
        ((List<Map<String, Object>>) run.get("cards")).forEach(m -> cards.put((String) m.get("id"), m));
        assertThat(cards.keySet()).containsExactlyInAnyOrder("daily", "last", "note", "regions");
        cards.values().forEach(m -> assertThat(m.get("error")).as((String) m.get("id")).isNull());
        long apac = ((Number) ((List<List<Object>>) structured(call(c, "run_query", Map.of("sql",
                "SELECT count(*) AS n FROM orders WHERE region = 'APAC'"))).get("rows")).get(0).get(0)).longValue();
        long all = ((Number) ((List<List<Object>>) structured(call(c, "run_query", Map.of("sql",
                "SELECT count(*) AS n FROM orders"))).get("rows")).get(0).get(0)).longValue();
        assertThat(apac).isPositive().isLessThan(all);
        List<List<Object>> dailyRows = (List<List<Object>>) ((Map<String, Object>) cards.get("daily").get("result")).get("rows");
        assertThat(dailyRows.stream().mapToLong(r -> ((Number) r.get(1)).longValue()).sum()).isEqualTo(apac);
        Map<String, Object> kpi = (Map<String, Object>) cards.get("last").get("kpi");
        assertThat(((Number) kpi.get("value")).doubleValue()).isEqualTo(((Number) dailyRows.get(dailyRows.size() - 1).get(1)).doubleValue());
        assertThat((List<Object>) ((Map<String, Object>) cards.get("regions").get("result")).get("rows")).hasSize(4);
        assertThat(text(ran)).contains("MCP board", "daily: ", "rows", "last (Last day): orders = ");
        // Another region gives other rows; a hostile value is a value, not SQL.
        Map<String, Object> latam = structured(call(vera, "run_dashboard", Map.of("id", id, "filters", Map.of("region", "LATAM"))));
        assertThat(latam.get("cards")).isNotEqualTo(run.get("cards"));
        Map<String, Object> hostile = structured(call(vera, "run_dashboard", Map.of("id", id, "filters", Map.of("region", "x' OR '1'='1"))));
        assertThat((List<Object>) ((Map<String, Object>) ((List<Map<String, Object>>) hostile.get("cards")).get(0).get("result")).get("rows"))
                .isEmpty();
        assertThat(call(vera, "run_dashboard", Map.of("id", id, "filters", List.of("APAC"))).isError()).isTrue();

        // Governed as REST: without her grant on orders, the cards that read it answer their own errors, the text card still answers.
        ws.datasets().revoke(admin, io.assay.platform.catalog.DatasetName.of("orders"), "vera", AuditService.Origin.NONE);
        try {
            Map<String, Object> denied = structured(call(vera, "run_dashboard", Map.of("id", id, "refresh", true)));
            Map<String, Map<String, Object>> deniedCards = new HashMap<>();
            ((List<Map<String, Object>>) denied.get("cards")).forEach(m -> deniedCards.put((String) m.get("id"), m));
            assertThat(deniedCards.get("note").get("error")).isNull();
            assertThat(deniedCards.get("regions").get("error")).isNotNull();
            assertThat(deniedCards.get("daily").get("error")).isNotNull();
        } finally {
            ws.datasets().grant(admin, io.assay.platform.catalog.DatasetName.of("orders"), "vera", DatasetAccess.Access.READ,
                    AuditService.Origin.NONE);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void initializesWithInstructionsAndListsEveryToolWithSchemasAndAnnotations() {
        McpSyncClient c = admin();
        assertThat(c.getServerInfo().name()).isEqualTo("assay");
        assertThat(c.getServerInstructions()).contains("DuckDB", "50 rows", "2000", "2 s", "imports");
        assertThat(c.getServerCapabilities().resources().listChanged()).isTrue();
        List<McpSchema.Tool> tools = c.listTools().tools();
        assertThat(tools).extracting(McpSchema.Tool::name).containsExactlyInAnyOrder("list_datasets", "describe_dataset", "search_columns",
                "run_query", "list_saved_queries", "run_saved_query", "ask", "list_synonyms", "set_synonym", "analyze_dataset", "get_findings",
                "detect_anomalies", "make_chart", "import_file", "run_question", "list_connections", "test_connection", "list_charts", "get_chart", "save_chart",
                "list_dashboards", "get_dashboard", "run_dashboard", "save_dashboard");
        for (McpSchema.Tool t : tools) {
            assertThat(t.description()).as(t.name()).hasSizeGreaterThan(80);
            assertThat(t.inputSchema().get("type")).isEqualTo("object");
            assertThat(t.outputSchema()).as(t.name()).isNotNull();
            assertThat(t.annotations()).isNotNull();
        }
        McpSchema.Tool run = tools.stream().filter(t -> t.name().equals("run_query")).findFirst().orElseThrow();
        assertThat(run.annotations().readOnlyHint()).isTrue();
        // sql, or the cursor of an earlier answer: neither alone is required by the schema.
        assertThat(run.inputSchema().get("required")).isNull();
        assertThat((Map<String, Object>) run.inputSchema().get("properties")).containsKeys("sql", "params", "cursor", "max_rows");
        McpSchema.Tool imp = tools.stream().filter(t -> t.name().equals("import_file")).findFirst().orElseThrow();
        assertThat(imp.annotations().readOnlyHint()).isFalse();
        assertThat(imp.annotations().destructiveHint()).isTrue();
    }

    @Test
    void callsTheDatasetAndQueryTools() throws Exception {
        McpSyncClient c = admin();
        Map<String, Object> list = structured(call(c, "list_datasets", Map.of()));
        assertThat((List<Map<String, Object>>) list.get("datasets")).extracting(m -> m.get("name"))
                .contains("customers", "orders", "order_items", "products");

        McpSchema.CallToolResult described = call(c, "describe_dataset", Map.of("dataset", "orders"));
        assertThat(text(described)).contains("Dataset orders", "order_date", "total_amount", "region");
        assertThat(described.content()).anyMatch(x -> x instanceof McpSchema.ResourceLink l && l.uri().equals("assay://datasets/orders/schema"));
        assertThat((List<Map<String, Object>>) structured(described).get("columns")).extracting(m -> m.get("name")).contains("order_date");

        Map<String, Object> found = structured(call(c, "search_columns", Map.of("query", "email")));
        assertThat((List<Map<String, Object>>) found.get("matches")).extracting(m -> m.get("dataset") + "." + m.get("column"))
                .contains("customers.email");

        // The catalog's row count, made by the import: not by the query path under test.
        long orders = ws.datasets().view(Principal.local(), io.assay.platform.catalog.DatasetName.of("orders")).dataset().rows();
        McpSchema.CallToolResult q = call(c, "run_query", Map.of("sql", "SELECT region, count(*) AS orders FROM orders GROUP BY region ORDER BY region"));
        Map<String, Object> rows = structured(q);
        assertThat(text(q)).contains("region", "| orders", "APAC          | ");
        long total = ((List<List<Object>>) rows.get("rows")).stream().mapToLong(r -> ((Number) r.get(1)).longValue()).sum();
        assertThat(total).isEqualTo(orders);
        assertThat(rows.get("truncated")).isEqualTo(false);

        McpSchema.CallToolResult chart = call(c, "make_chart", Map.of("sql",
                "SELECT order_date, count(*) AS orders FROM orders WHERE order_date BETWEEN DATE '2025-03-01' AND DATE '2025-03-31' GROUP BY 1 ORDER BY 1",
                "x", "order_date", "y", List.of("orders"), "image", true));
        Map<String, Object> fig = structured(chart);
        Map<String, Object> figure = (Map<String, Object>) fig.get("figure");
        assertThat((List<?>) figure.get("data")).hasSize(1);
        assertThat(fig.get("rows")).isEqualTo(31);
        McpSchema.ImageContent png = (McpSchema.ImageContent) chart.content().get(1);
        assertThat(png.mimeType()).isEqualTo("image/png");
        byte[] bytes = Base64.getDecoder().decode(png.data());
        assertThat(new String(bytes, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
        McpSchema.CallToolResult noImage = call(c, "make_chart", Map.of("sql", "SELECT region, sum(total_amount) AS revenue FROM orders GROUP BY 1",
                "x", "region", "y", "revenue", "kind", "bar"));
        assertThat(noImage.content()).hasSize(1);
    }

    @Test
    void analysesWithProgressThenReadsFindingsAndTheProfileResource() {
        List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
        McpSyncClient c = client(adminToken, progress, new CopyOnWriteArrayList<>());
        McpSchema.CallToolResult r = c.callTool(McpSchema.CallToolRequest.builder("analyze_dataset")
                .arguments(Map.of("dataset", "products", "mode", "full")).progressToken("p-1").build());
        Map<String, Object> s = structured(r);
        assertThat(s.get("mode")).isEqualTo("full");
        assertThat(((Number) s.get("qualityScore")).doubleValue()).isBetween(0.0, 100.0);
        assertThat(progress).hasSizeGreaterThanOrEqualTo(3);
        assertThat(progress).allMatch(p -> "p-1".equals(p.progressToken()));
        assertThat(progress.get(progress.size() - 1).progress()).isEqualTo(100.0);
        for (int i = 1; i < progress.size(); i++) {
            assertThat(progress.get(i).progress()).isGreaterThanOrEqualTo(progress.get(i - 1).progress());
        }

        McpSchema.CallToolResult f = call(c, "get_findings", Map.of("dataset", "products"));
        assertThat(structured(f).get("mode")).isEqualTo("full");
        McpSchema.CallToolResult none = call(c, "get_findings", Map.of("dataset", "order_items"));
        assertThat(none.isError()).isTrue();
        assertThat(text(none)).contains("has not been analysed", "analyze_dataset");

        // The answers link the whole profile instead of carrying it; the link reads as the resource.
        McpSchema.ResourceLink link = (McpSchema.ResourceLink) f.content().stream().filter(x -> x instanceof McpSchema.ResourceLink)
                .findFirst().orElseThrow();
        assertThat(link.uri()).isEqualTo("assay://datasets/products/profile");
        assertThat(link.mimeType()).isEqualTo("application/json");
        assertThat(r.content()).anyMatch(x -> x instanceof McpSchema.ResourceLink l && l.uri().equals(link.uri()));
        McpSchema.ReadResourceResult profile = c.readResource(new McpSchema.ReadResourceRequest(link.uri()));
        String json = ((McpSchema.TextResourceContents) profile.contents().get(0)).text();
        assertThat(json).contains("\"schemaVersion\"", "products", "\"findings\"");
        McpSchema.ReadResourceResult schema = c.readResource(new McpSchema.ReadResourceRequest("assay://datasets/orders/schema"));
        assertThat(((McpSchema.TextResourceContents) schema.contents().get(0)).text()).contains("order_date", "examples");
        assertThatThrownBy(() -> c.readResource(new McpSchema.ReadResourceRequest("assay://datasets/order_items/profile")))
                .hasMessageContaining("has not been analysed");
        assertThatThrownBy(() -> c.readResource(new McpSchema.ReadResourceRequest("assay://datasets/nope/schema")))
                .hasMessageContaining("no dataset named 'nope'");

        assertThat(c.listResourceTemplates().resourceTemplates()).extracting(McpSchema.ResourceTemplate::uriTemplate)
                .containsExactlyInAnyOrder("assay://datasets/{name}/schema", "assay://datasets/{name}/profile",
                        "assay://dashboards/{id}");
        assertThat(c.listResources().resources()).extracting(McpSchema.Resource::uri).containsExactly("assay://datasets", "assay://dashboards");
        McpSchema.CompleteResult completed = c.completeCompletion(new McpSchema.CompleteRequest(
                new McpSchema.ResourceReference("assay://datasets/{name}/schema"),
                new McpSchema.CompleteRequest.CompleteArgument("name", "ord")));
        assertThat(completed.completion().values()).containsExactly("order_items", "orders");
    }

    @Test
    void detectsThePlantedOutageWithExpectedValues() {
        McpSyncClient c = admin();
        McpSchema.CallToolResult r = call(c, "detect_anomalies", Map.of("dataset", "orders", "time_column", "order_date", "grain", "day",
                "max_anomalies", 5));
        Map<String, Object> s = structured(r);
        List<Map<String, Object>> anomalies = (List<Map<String, Object>>) s.get("anomalies");
        Map<String, Object> outage = anomalies.stream().filter(a -> a.get("at").equals("2025-03-14T00:00:00Z")).findFirst().orElseThrow();
        assertThat(((Number) outage.get("value")).doubleValue()).isLessThan(((Number) outage.get("expected")).doubleValue() / 2);
        assertThat(text(r)).contains("2025-03-14", "expected");

        McpSchema.CallToolResult apac = call(c, "detect_anomalies", Map.of("dataset", "orders", "measure", "total_amount", "grain", "day",
                "filter", List.of(Map.of("column", "order_date", "op", ">=", "value", "2025-07-01")), "breakdown", List.of("region"),
                "max_anomalies", 5));
        List<Map<String, Object>> found = (List<Map<String, Object>>) structured(apac).get("anomalies");
        Map<String, Object> spike = found.stream().filter(a -> a.get("at").equals("2025-09-20T00:00:00Z")).findFirst().orElseThrow();
        assertThat((List<Map<String, Object>>) spike.get("contributors")).extracting(m -> m.get("value")).first().isEqualTo("APAC");
    }

    @Test
    void importsFromTheImportFolderAndTellsClientsTheDatasetsChanged() throws Exception {
        List<Object> changes = new CopyOnWriteArrayList<>();
        McpSyncClient c = client(adminToken, new CopyOnWriteArrayList<>(), changes);
        Map<String, Object> s = structured(call(c, "import_file", Map.of("path", "cities.csv", "name", "cities")));
        assertThat(s.get("dataset")).isEqualTo("cities");
        assertThat(((Number) s.get("rowsLoaded")).intValue()).isEqualTo(3);
        for (int i = 0; i < 100 && changes.isEmpty(); i++) {
            Thread.sleep(100);
        }
        assertThat(changes).isNotEmpty();
        McpSchema.CallToolResult outside = call(c, "import_file", Map.of("path", "/etc/passwd"));
        assertThat(outside.isError()).isTrue();
        assertThat(text(outside)).startsWith("FORBIDDEN").contains("not a file in an import folder");
        // A path outside that does not exist gets the same answer: the tool tells nothing about the server's disk.
        McpSchema.CallToolResult missing = call(c, "import_file", Map.of("path", "/etc/no-such-file-here"));
        assertThat(missing.isError()).isTrue();
        assertThat(text(missing)).startsWith("FORBIDDEN").contains("not a file in an import folder");
    }

    /** Writes, files and settings that run_query, annotated read-only, refuses for every caller. */
    static List<String> notReads(Path copyTarget) {
        return List.of("DROP TABLE orders", "COPY (SELECT * FROM orders) TO '" + copyTarget + "' (FORMAT csv)",
                "SELECT * FROM read_csv('/etc/hostname')", "SELECT content FROM read_text('/etc/hostname')",
                "CREATE TABLE mine AS SELECT 1 AS x", "DELETE FROM orders", "SELECT 1; DROP TABLE orders",
                "ATTACH '" + copyTarget + ".db' AS other", "SET memory_limit = '1GB'", "SELECT * FROM duckdb_tables()",
                "INSTALL httpfs");
    }

    @Test
    @SuppressWarnings("unchecked")
    void synonymsAreListedForReadersAndSetOnlyByThoseWhoMayChangeTheDataset() {
        McpSyncClient c = admin();
        Map<String, Object> set = structured(call(c, "set_synonym", Map.of("dataset", "orders", "phrase", "takings", "expression", "sum(total_amount)")));
        assertThat((List<Map<String, Object>>) set.get("synonyms")).contains(Map.of("phrase", "takings", "expression", "sum(total_amount)"));
        // The ask tool uses it.
        Map<String, Object> asked = structured(call(c, "ask", Map.of("question", "takings per channel", "datasets", List.of("orders"), "sql_only", true)));
        assertThat(asked.get("sql")).isEqualTo("SELECT \"channel\", sum(total_amount) FROM \"orders\" GROUP BY \"channel\" ORDER BY \"channel\"");
        // A viewer with a grant to read orders lists it, but may not change it.
        McpSyncClient vera = client(viewerToken, new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
        Map<String, Object> listed = structured(call(vera, "list_synonyms", Map.of("dataset", "orders")));
        assertThat((List<Map<String, Object>>) listed.get("synonyms")).contains(Map.of("phrase", "takings", "expression", "sum(total_amount)"));
        McpSchema.CallToolResult refused = call(vera, "set_synonym", Map.of("dataset", "orders", "phrase", "takings", "expression", "count(*)"));
        assertThat(refused.isError()).isTrue();
        assertThat(text(refused)).startsWith("FORBIDDEN");
        assertThat(text(call(vera, "list_synonyms", Map.of("dataset", "customers")))).startsWith("NOT_FOUND");
        // Without an expression the phrase is removed.
        Map<String, Object> removed = structured(call(c, "set_synonym", Map.of("dataset", "orders", "phrase", "takings")));
        assertThat((List<Map<String, Object>>) removed.get("synonyms")).isEmpty();
        assertThat(ws.ask().synonyms(Principal.local(), io.assay.platform.catalog.DatasetName.of("orders"))).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void listsAndRunsSavedQueriesUnderTheRulesOfRunQuery() {
        String id = ws.savedQueries().create(Principal.local(), "orders per status", "SELECT status, count(*) AS n FROM orders GROUP BY 1 ORDER BY 1",
                Optional.of("how many orders end each way"), List.of()).id();
        String writing = ws.savedQueries().create(Principal.local(), "empty the orders", "DELETE FROM orders", Optional.empty(), List.of()).id();
        McpSyncClient c = admin();
        List<Map<String, Object>> listed = (List<Map<String, Object>>) structured(call(c, "list_saved_queries", Map.of())).get("queries");
        assertThat(listed).extracting(q -> q.get("id")).contains(id, writing);
        McpSchema.CallToolResult ran = call(c, "run_saved_query", Map.of("id", id));
        assertThat(ran.isError()).as(text(ran)).isNotEqualTo(Boolean.TRUE);
        assertThat((List<List<Object>>) structured(ran).get("rows")).isNotEmpty().allSatisfy(r -> assertThat(r).hasSize(2));
        McpSchema.CallToolResult refused = call(c, "run_saved_query", Map.of("id", writing));
        assertThat(refused.isError()).isTrue();
        assertThat(text(refused)).startsWith("FORBIDDEN");
        assertThat(text(call(c, "run_saved_query", Map.of("id", "no-such-id")))).startsWith("NOT_FOUND");
        ws.savedQueries().delete(Principal.local(), id);
        ws.savedQueries().delete(Principal.local(), writing);
    }

    @Test
    @SuppressWarnings("unchecked")
    void runsASavedQueryWithTypedParametersAndListsThem() {
        String id = ws.savedQueries().create(Principal.local(), "orders of a status", "SELECT count(*) AS n FROM orders "
                        + "WHERE ({{status}} IS NULL OR status = {{status}}) AND order_id > {{after}}", Optional.empty(),
                List.of(QueryParameter.optional("status", QueryParameter.Type.TEXT),
                        new QueryParameter("after", QueryParameter.Type.NUMBER, Optional.of("0"), false))).id();
        McpSyncClient c = admin();
        McpSchema.CallToolResult list = call(c, "list_saved_queries", Map.of());
        List<Map<String, Object>> listed = (List<Map<String, Object>>) structured(list).get("queries");
        Map<String, Object> optional = new java.util.HashMap<>(Map.of("name", "status", "type", "text", "required", false));
        optional.put("default", null);
        assertThat(listed).filteredOn(q -> q.get("id").equals(id)).singleElement().satisfies(q -> assertThat(q.get("parameters")).isEqualTo(List.of(
                optional, Map.of("name", "after", "type", "number", "default", "0", "required", false))));
        assertThat(text(list)).contains("parameters: status (text, optional), after (number, default 0)");

        long all = ((Number) ((List<List<Object>>) structured(call(c, "run_query", Map.of("sql", "SELECT count(*) FROM orders")))
                .get("rows")).get(0).get(0)).longValue();
        String status = (String) ((List<List<Object>>) structured(call(c, "run_query", Map.of("sql",
                "SELECT status FROM orders GROUP BY status ORDER BY count(*) LIMIT 1"))).get("rows")).get(0).get(0);
        long ofStatus = ((Number) ((List<List<Object>>) structured(call(c, "run_query", Map.of("sql",
                "SELECT count(*) FROM orders WHERE status = '" + status + "' AND order_id > 10"))).get("rows")).get(0).get(0)).longValue();
        assertThat(ofStatus).isLessThan(all);
        assertThat(structured(call(c, "run_saved_query", Map.of("id", id))).get("rows")).isEqualTo(List.of(List.of((int) all)));
        assertThat(structured(call(c, "run_saved_query", Map.of("id", id, "params", Map.of("status", status, "after", 10)))).get("rows"))
                .isEqualTo(List.of(List.of((int) ofStatus)));
        McpSchema.CallToolResult bad = call(c, "run_saved_query", Map.of("id", id, "params", Map.of("after", "ten")));
        assertThat(bad.isError()).isTrue();
        assertThat(text(bad)).startsWith("INVALID_INPUT").contains("'after'", "'ten'");
        assertThat(text(call(c, "run_saved_query", Map.of("id", id, "params", Map.of("state", "x"))))).startsWith("INVALID_INPUT")
                .contains("no parameter 'state'");
        assertThat(ws.audit().find(new AuditService.Filter(Optional.empty(), Optional.of("query.run"), Optional.of(id), Optional.of("ok"),
                Optional.empty(), Optional.empty()), OptionalLong.empty(), 10)).anySatisfy(r -> assertThat(r.detail()).hasValueSatisfying(
                d -> assertThat(d).contains("parameters status='" + status + "', after=10")));
        ws.savedQueries().delete(Principal.local(), id);
    }

    @Test
    void runQueryOnlyReadsDatasetsEvenForAnAdmin() throws Exception {
        McpSyncClient c = admin();
        Path target = dir.resolve("copied-by-mcp.csv");
        for (String sql : notReads(target)) {
            for (String tool : List.of("run_query", "make_chart")) {
                Map<String, Object> args = tool.equals("run_query") ? Map.of("sql", sql) : Map.of("sql", sql, "x", "x", "y", List.of("y"));
                McpSchema.CallToolResult r = call(c, tool, args);
                assertThat(r.isError()).as(tool + ": " + sql + " -> " + text(r)).isTrue();
                assertThat(text(r)).as(tool + ": " + sql).matches("(FORBIDDEN|INVALID_INPUT): (?s).*").doesNotContain("\tat ");
            }
        }
        assertThat(text(call(c, "run_query", Map.of("sql", "DROP TABLE orders")))).contains("FORBIDDEN").contains("admin");
        assertThat(target).as("COPY wrote nothing").doesNotExist();
        // Nothing was changed, and the admin still reads every dataset, granted or not.
        assertThat(structured(call(c, "run_query", Map.of("sql", "SELECT count(*) AS n FROM orders"))).get("rows"))
                .isEqualTo(List.of(List.of(99991)));
        assertThat(structured(call(c, "run_query", Map.of("sql", "WITH c AS (SELECT * FROM customers) SELECT count(*) AS n FROM c")))
                .get("rowCount")).isEqualTo(1);
        assertThat(ws.datasetVersions().keySet()).contains("orders");
        List<AuditRecord> refused = ws.audit().find(new AuditService.Filter(Optional.of("admin"), Optional.of("mcp.tool.run_query"),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()), OptionalLong.empty(), 100);
        assertThat(refused).anyMatch(a -> !a.outcome().equals("ok"));
    }

    @Test
    void aViewerSeesOnlyItsDatasetsReadsOnlyAndMayNotAnalyseOrImport() {
        McpSyncClient c = client(viewerToken, new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
        Map<String, Object> list = structured(call(c, "list_datasets", Map.of()));
        assertThat((List<Map<String, Object>>) list.get("datasets")).extracting(m -> m.get("name")).containsExactly("orders");
        McpSchema.CallToolResult hidden = call(c, "describe_dataset", Map.of("dataset", "customers"));
        assertThat(hidden.isError()).isTrue();
        assertThat(text(hidden)).startsWith("NOT_FOUND");
        McpSchema.CallToolResult other = call(c, "run_query", Map.of("sql", "SELECT count(*) FROM customers"));
        assertThat(other.isError()).isTrue();
        McpSchema.CallToolResult write = call(c, "run_query", Map.of("sql", "CREATE TABLE mine AS SELECT 1 AS x"));
        assertThat(write.isError()).isTrue();
        assertThat(text(write)).startsWith("FORBIDDEN");
        McpSchema.CallToolResult analyse = call(c, "analyze_dataset", Map.of("dataset", "orders"));
        assertThat(analyse.isError()).isTrue();
        assertThat(text(analyse)).startsWith("FORBIDDEN").contains("vera");
        McpSchema.CallToolResult imp = call(c, "import_file", Map.of("path", "cities.csv", "name", "vera_cities"));
        assertThat(imp.isError()).isTrue();
        assertThat(text(imp)).startsWith("FORBIDDEN");
        assertThat(structured(call(c, "run_query", Map.of("sql", "SELECT count(*) AS n FROM orders"))).get("rowCount")).isEqualTo(1);
        assertThatThrownBy(() -> c.readResource(new McpSchema.ReadResourceRequest("assay://datasets/customers/schema")))
                .hasMessageContaining("NOT_FOUND");

        List<AuditRecord> audit = ws.audit().find(new AuditService.Filter(Optional.of("vera"), Optional.of("mcp.tool.analyze_dataset"),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()), OptionalLong.empty(), 10);
        assertThat(audit).isNotEmpty();
        assertThat(audit.get(0).outcome()).isNotEqualTo("ok");
        assertThat(ws.audit().find(new AuditService.Filter(Optional.of("vera"), Optional.of("mcp.tool.run_query"), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty()), OptionalLong.empty(), 10)).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void honoursTheRowAndCharacterCapsAndTheTimeout() {
        McpSyncClient c = admin();
        Map<String, Object> capped = structured(call(c, "run_query", Map.of("sql", "SELECT * FROM orders ORDER BY order_id")));
        assertThat(capped.get("rowCount")).isEqualTo(50);
        assertThat(capped.get("truncated")).isEqualTo(true);
        McpSchema.CallToolResult small = call(c, "run_query", Map.of("sql", "SELECT * FROM orders ORDER BY order_id", "max_rows", 3));
        assertThat(structured(small).get("rowCount")).isEqualTo(3);
        String table = text(call(c, "run_query", Map.of("sql", "SELECT * FROM customers")));
        assertThat(table.length()).isLessThanOrEqualTo(2000 + 300);
        assertThat(table).contains("cut at 2000 characters", "rows 1 to 50 of", "with cursor");
        McpSchema.CallToolResult tooMany = call(c, "run_query", Map.of("sql", "SELECT 1", "max_rows", 51));
        assertThat(tooMany.isError()).isTrue();
        McpSchema.CallToolResult slow = call(c, "run_query", Map.of("sql",
                "SELECT count(*) FROM range(1000000000) a, range(1000) b WHERE a.range + b.range < 0"));
        assertThat(slow.isError()).isTrue();
        assertThat(text(slow)).startsWith("TIMEOUT");
    }

    @Test
    void answersMalformedArgumentsWithClearErrors() {
        McpSyncClient c = admin();
        McpSchema.CallToolResult noSql = call(c, "run_query", Map.of());
        assertThat(noSql.isError()).isTrue();
        assertThat(text(noSql)).contains("sql");
        McpSchema.CallToolResult wrongType = call(c, "run_query", Map.of("sql", "SELECT 1", "max_rows", "ten"));
        assertThat(wrongType.isError()).isTrue();
        assertThat(text(wrongType)).startsWith("INVALID_INPUT").contains("max_rows", "integer expected");
        assertThat(ws.audit().find(new AuditService.Filter(Optional.of("admin"), Optional.of("mcp.tool.run_query"), Optional.empty(),
                Optional.of("error"), Optional.empty(), Optional.empty()), OptionalLong.empty(), 50)).isNotEmpty();
        McpSchema.CallToolResult unknownArg = call(c, "list_datasets", Map.of("colour", "red"));
        assertThat(unknownArg.isError()).isTrue();
        assertThat(text(unknownArg)).contains("colour");
        McpSchema.CallToolResult notNumber = call(c, "detect_anomalies", Map.of("dataset", "orders", "measure", "region"));
        assertThat(notNumber.isError()).isTrue();
        assertThat(text(notNumber)).contains("INVALID_INPUT", "not a number", "measure");
        McpSchema.CallToolResult badSql = call(c, "run_query", Map.of("sql", "SELEC oops"));
        assertThat(badSql.isError()).isTrue();
        assertThat(text(badSql)).doesNotContain("\tat ", "Exception");
        McpSchema.CallToolResult badColumn = call(c, "make_chart", Map.of("sql", "SELECT 1 AS a", "x", "a", "y", List.of("b")));
        assertThat(text(badColumn)).contains("no column 'b'", "Its columns: a");
        assertThatThrownBy(() -> call(c, "drop_everything", Map.of())).isInstanceOf(McpError.class);
        assertThatThrownBy(() -> c.getPrompt(new McpSchema.GetPromptRequest("analyse_dataset", Map.of())))
                .hasMessageContaining("dataset");
    }

    @Test
    void offersThePrompts() {
        McpSyncClient c = admin();
        assertThat(c.listPrompts().prompts()).extracting(McpSchema.Prompt::name)
                .containsExactlyInAnyOrder("analyse_dataset", "investigate_metric_change", "check_data_quality");
        McpSchema.GetPromptResult p = c.getPrompt(new McpSchema.GetPromptRequest("investigate_metric_change",
                Map.of("dataset", "orders", "metric", "total_amount", "date", "2025-09-20")));
        assertThat(((McpSchema.TextContent) p.messages().get(0).content()).text()).contains("orders", "total_amount", "2025-09-20",
                "detect_anomalies");
    }

    @Test
    void refusesRequestsWithoutAValidTokenOrFromAForeignOriginOrHost() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String init = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";
        HttpRequest.Builder base = HttpRequest.newBuilder(URI.create(url + "/mcp")).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream").POST(HttpRequest.BodyPublishers.ofString(init));
        HttpResponse<String> none = http.send(base.copy().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(none.body()).doesNotContain("Exception");
        HttpResponse<String> bad = http.send(base.copy().header("Authorization", "Bearer assay_nope").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(401);
        HttpResponse<String> evil = http.send(base.copy().header("Authorization", "Bearer " + adminToken)
                .header("Origin", "https://evil.example").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(evil.statusCode()).isEqualTo(403);
        HttpResponse<String> ok = http.send(base.copy().header("Authorization", "Bearer " + adminToken)
                .header("Origin", "http://localhost:" + server.port()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("\"serverInfo\"", "assay");
        // A rebinding attack's Host header: the browser sends the attacker's name.
        RawResponse rebound = rawHost("attacker.example:" + server.port());
        assertThat(rebound.statusCode()).isEqualTo(403);
        assertThat(ws.audit().find(new AuditService.Filter(Optional.empty(), Optional.of("mcp.request"), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty()), OptionalLong.empty(), 20)).isNotEmpty();
    }

    @Test
    void publishesProtectedResourceMetadataThatA401PointsTo() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String init = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(url + "/mcp")).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream").POST(HttpRequest.BodyPublishers.ofString(init));

        // A client with no token learns from the 401 where the metadata of the MCP endpoint is (RFC 9728 §5.1) ...
        HttpResponse<String> none = http.send(post.copy().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).isEqualTo(401);
        String challenge = none.headers().firstValue("WWW-Authenticate").orElseThrow();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("resource_metadata=\"([^\"]+)\"").matcher(challenge);
        assertThat(challenge).startsWith("Bearer ").doesNotContain("error=");
        assertThat(m.find()).as(challenge).isTrue();
        assertThat(m.group(1)).isEqualTo(url + "/.well-known/oauth-protected-resource/mcp");
        HttpResponse<String> bad = http.send(post.copy().header("Authorization", "Bearer assay_nope").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v)
                .contains("resource_metadata=\"" + url + "/.well-known/oauth-protected-resource/mcp\"", "error=\"invalid_token\""));

        // ... and reads it without a token: the resource is the URL it called, tokens go in the header, the scopes are roles.
        HttpResponse<String> doc = http.send(HttpRequest.newBuilder(URI.create(m.group(1))).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(doc.statusCode()).as(doc.body()).isEqualTo(200);
        assertThat(doc.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        com.fasterxml.jackson.databind.JsonNode meta = McpTool.JSON.readTree(doc.body());
        assertThat(meta.path("resource").asText()).isEqualTo(url + "/mcp");
        assertThat(meta.path("bearer_methods_supported").toString()).isEqualTo("[\"header\"]");
        assertThat(meta.path("scopes_supported").toString()).isEqualTo("[\"viewer\",\"analyst\",\"admin\"]");
        assertThat(meta.path("resource_name").asText()).isNotBlank();
        assertThat(meta.has("authorization_servers")).as("none is configured: the member is left out").isFalse();

        // The server as a whole (the REST API included) has the root document, which an API 401 names.
        HttpResponse<String> api = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/datasets")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(api.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("Bearer ").contains("resource_metadata=\"" + url + "/.well-known/oauth-protected-resource\""));
        com.fasterxml.jackson.databind.JsonNode root = McpTool.JSON.readTree(http.send(HttpRequest.newBuilder(
                URI.create(url + "/.well-known/oauth-protected-resource")).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(root.path("resource").asText()).isEqualTo(url);
        assertThat(root.path("scopes_supported")).isEqualTo(meta.path("scopes_supported"));
        assertThat(root.path("resource_documentation").asText()).isEqualTo(url + "/api/v1/docs");

        // A token scoped to one of those scopes is what the endpoint then takes.
        String scoped = ws.tokens().create(Principal.user("admin", Role.ADMIN), "scoped", Optional.of(Role.VIEWER), Optional.empty()).secret();
        HttpResponse<String> ok = http.send(post.copy().header("Authorization", "Bearer " + scoped).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);

        // The origin is the one the client used: a request to localhost is told about localhost.
        RawResponse local = rawGet("/.well-known/oauth-protected-resource/mcp", "localhost:" + server.port());
        assertThat(local.statusCode()).isEqualTo(200);
        assertThat(local.text()).contains("\"resource\":\"http://localhost:" + server.port() + "/mcp\"");
    }

    private HttpResponse<String> mcp(String method, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + "/mcp")).header("Authorization", "Bearer " + adminToken)
                .header("Accept", "application/json, text/event-stream").timeout(Duration.ofSeconds(90))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        headers.forEach(b::setHeader);
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Initializes a session by hand (no SDK client) and answers the headers that address it. */
    private Map<String, String> rawSession() throws Exception {
        String init = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";
        String session = mcp("POST", init, Map.of()).headers().firstValue("Mcp-Session-Id").orElseThrow();
        Map<String, String> in = Map.of("Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-06-18");
        assertThat(mcp("POST", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", in).statusCode()).isEqualTo(202);
        return in;
    }

    /** Initializes a session by hand as the holder of {@code token}; the headers to send, the token's included. */
    private Map<String, String> rawSessionAs(String token) throws Exception {
        String init = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";
        Map<String, String> auth = Map.of("Authorization", "Bearer " + token);
        String session = mcp("POST", init, auth).headers().firstValue("Mcp-Session-Id").orElseThrow();
        Map<String, String> in = Map.of("Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-06-18", "Authorization", "Bearer " + token);
        assertThat(mcp("POST", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", in).statusCode()).isEqualTo(202);
        return in;
    }

    /** The JSON-RPC error of an answer, checked to be one: a small JSON object, no Java exception in it. */
    private static com.fasterxml.jackson.databind.JsonNode rpcError(HttpResponse<String> r, int status, String what) throws Exception {
        assertThat(r.statusCode()).as(what + ": " + r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).as(what).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(r.body()).as(what).doesNotContain("stackTrace").doesNotContain("Exception").doesNotContain("at io.").hasSizeLessThan(1000);
        com.fasterxml.jackson.databind.JsonNode node = McpTool.JSON.readTree(r.body());
        assertThat(node.path("jsonrpc").asText()).as(what).isEqualTo("2.0");
        assertThat(node.has("id")).as(what + " has an id (null when unknown)").isTrue();
        assertThat(node.path("error").path("code").isInt()).as(what + ": " + r.body()).isTrue();
        assertThat(node.path("error").path("message").asText()).as(what).isNotBlank();
        return node;
    }

    @Test
    void aSessionOf20250326MayBatchAndGetsOneArrayOfResponses() throws Exception {
        String init = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-03-26\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";
        HttpResponse<String> initialized = mcp("POST", init, Map.of());
        assertThat(McpTool.JSON.readTree(initialized.body()).path("result").path("protocolVersion").asText()).isEqualTo("2025-03-26");
        Map<String, String> in = Map.of("Mcp-Session-Id", initialized.headers().firstValue("Mcp-Session-Id").orElseThrow());
        // notifications/initialized in a batch of its own: no request, so no body.
        HttpResponse<String> quiet = mcp("POST", "[{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}]", in);
        assertThat(quiet.statusCode()).as(quiet.body()).isEqualTo(202);

        HttpResponse<String> r = mcp("POST", "[{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/roots/list_changed\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":\"three\",\"method\":\"tools/call\",\"params\":{\"name\":\"run_query\","
                + "\"arguments\":{\"sql\":\"SELECT count(*) AS n FROM orders\"}}},"
                + "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"no/such/method\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":5}]", in);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        com.fasterxml.jackson.databind.JsonNode answers = McpTool.JSON.readTree(r.body());
        assertThat(answers.isArray()).as(r.body()).isTrue();
        Map<String, com.fasterxml.jackson.databind.JsonNode> byId = new HashMap<>();
        answers.forEach(a -> byId.put(a.path("id").asText(), a));
        assertThat(byId).as(r.body()).containsOnlyKeys("2", "three", "4", "5");
        assertThat(byId.get("2").path("result").path("tools").size()).isGreaterThan(5);
        long orders = ws.datasets().view(Principal.local(), io.assay.platform.catalog.DatasetName.of("orders")).dataset().rows();
        assertThat(byId.get("three").path("result").toString()).contains(String.valueOf(orders));
        assertThat(byId.get("4").path("error").path("code").asInt()).isEqualTo(-32601);
        assertThat(byId.get("5").path("error").path("code").asInt()).isEqualTo(-32600);
        assertThat(r.body()).doesNotContain("Exception");

        // initialize is never batched; an empty batch is refused.
        assertThat(rpcError(mcp("POST", "[" + init + "]", in), 400, "initialize in a batch").path("error").path("code").asInt()).isEqualTo(-32600);
        assertThat(rpcError(mcp("POST", "[]", in), 400, "an empty batch").path("error").path("code").asInt()).isEqualTo(-32600);
        // The session goes on answering single messages.
        HttpResponse<String> single = mcp("POST", "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/list\"}", in);
        assertThat(single.statusCode()).as(single.body()).isEqualTo(200);
        assertThat(single.body()).contains("run_query");
    }

    @Test
    void aSessionAnswersOnlyTheCallerWhoOpenedIt() throws Exception {
        Map<String, String> mine = rawSession();
        Map<String, String> theirs = new HashMap<>(mine);
        theirs.put("Authorization", "Bearer " + viewerToken);
        String list = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\"}";
        // Another user who learns the session id can neither call in it, listen to it, nor close it.
        rpcError(mcp("POST", list, theirs), 404, "another caller's session (POST)");
        rpcError(mcp("GET", null, theirs), 404, "another caller's session (GET)");
        rpcError(mcp("DELETE", null, theirs), 404, "another caller's session (DELETE)");
        HttpResponse<String> still = mcp("POST", list, mine);
        assertThat(still.statusCode()).as(still.body()).isEqualTo(200);
        assertThat(still.body()).contains("list_datasets");
        assertThat(mcp("DELETE", null, mine).statusCode()).isLessThan(300);
    }

    @Test
    void protocolErrorsAreJsonRpcErrorObjectsNotStackTraces() throws Exception {
        String init = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";
        HttpResponse<String> initialized = mcp("POST", init, Map.of());
        assertThat(initialized.statusCode()).as(initialized.body()).isEqualTo(200);
        String session = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
        Map<String, String> in = Map.of("Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-06-18");
        assertThat(mcp("POST", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", in).statusCode()).isEqualTo(202);
        String list = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";

        rpcError(mcp("POST", list, Map.of()), 400, "no Mcp-Session-Id");
        rpcError(mcp("POST", list, Map.of("Mcp-Session-Id", "no-such-session")), 404, "unknown Mcp-Session-Id (POST)");
        rpcError(mcp("GET", null, Map.of("Mcp-Session-Id", "no-such-session")), 404, "unknown Mcp-Session-Id (GET)");
        rpcError(mcp("DELETE", null, Map.of("Mcp-Session-Id", "no-such-session")), 404, "unknown Mcp-Session-Id (DELETE)");
        assertThat(rpcError(mcp("POST", "not json", in), 400, "not JSON").path("error").path("code").asInt()).isEqualTo(-32700);
        assertThat(rpcError(mcp("POST", "{\"jsonrpc\":", in), 400, "cut-off JSON").path("error").path("code").asInt()).isEqualTo(-32700);
        assertThat(rpcError(mcp("POST", "[" + list + "]", in), 400, "a batch").path("error").path("code").asInt()).isEqualTo(-32600);
        assertThat(rpcError(mcp("POST", "{}", in), 400, "{}").path("error").path("code").asInt()).isEqualTo(-32600);
        assertThat(rpcError(mcp("POST", "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"tools/list\"}", in), 400, "a null id")
                .path("error").path("code").asInt()).isEqualTo(-32600);
        com.fasterxml.jackson.databind.JsonNode params = rpcError(mcp("POST",
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":\"x\"}", in), 400, "params \"x\"");
        assertThat(params.path("error").path("code").asInt()).isEqualTo(-32602);
        assertThat(params.path("id").asInt()).isEqualTo(3);
        rpcError(mcp("POST", list, Map.of("Mcp-Session-Id", session, "MCP-Protocol-Version", "1999-01-01")), 400,
                "an unsupported MCP-Protocol-Version");
        rpcError(mcp("POST", init, Map.of("MCP-Protocol-Version", "bogus")), 400, "an unsupported MCP-Protocol-Version on initialize");

        com.fasterxml.jackson.databind.JsonNode stray = rpcError(mcp("POST", "{\"jsonrpc\":\"2.0\",\"id\":\"nope-77\",\"result\":{}}", in),
                400, "a response to no request");
        assertThat(stray.path("error").path("code").asInt()).isEqualTo(-32600);
        assertThat(stray.path("error").path("message").asText()).contains("nope-77");

        // The session goes on answering.
        HttpResponse<String> tools = mcp("POST", list, in);
        assertThat(tools.statusCode()).as(tools.body()).isEqualTo(200);
        assertThat(tools.body()).contains("run_query");
    }

    @Test
    @SuppressWarnings("unchecked")
    void runQueryBindsParametersAndPagesThroughALongResultWithACursor() {
        McpSyncClient c = admin();
        // Parameters are bound, never pasted: a value that would be SQL stays a value.
        Map<String, Object> bound = structured(call(c, "run_query", Map.of(
                "sql", "SELECT count(*) AS n FROM orders WHERE region = ? AND total_amount > ?", "params", List.of("APAC", 100))));
        Map<String, Object> injected = structured(call(c, "run_query", Map.of(
                "sql", "SELECT count(*) AS n FROM orders WHERE region = ?", "params", List.of("APAC' OR '1'='1"))));
        assertThat(((Number) ((List<List<Object>>) bound.get("rows")).get(0).get(0)).longValue()).isPositive();
        assertThat(((Number) ((List<List<Object>>) injected.get("rows")).get(0).get(0)).longValue()).isZero();
        McpSchema.CallToolResult badParams = call(c, "run_query", Map.of("sql", "SELECT ?", "params", List.of(Map.of("x", 1))));
        assertThat(badParams.isError()).isTrue();
        assertThat(text(badParams)).contains("params");

        // 120 rows, 50 a page (the cap here): three answers from one kept copy, every row once, in order.
        String sql = "SELECT order_id FROM orders ORDER BY order_id LIMIT 120";
        List<Object> seen = new java.util.ArrayList<>();
        Map<String, Object> page = structured(call(c, "run_query", Map.of("sql", sql)));
        int pages = 1;
        while (true) {
            ((List<List<Object>>) page.get("rows")).forEach(r -> seen.add(r.get(0)));
            assertThat(page.get("totalRows")).isEqualTo(120);
            if (!page.containsKey("nextCursor")) {
                assertThat(page.get("truncated")).isEqualTo(false);
                break;
            }
            assertThat(page.get("truncated")).isEqualTo(true);
            page = structured(call(c, "run_query", Map.of("cursor", page.get("nextCursor"))));
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(120).doesNotHaveDuplicates();
        assertThat(seen).isSortedAccordingTo(java.util.Comparator.comparingLong(v -> ((Number) v).longValue()));

        // A cursor is the caller's own: another user cannot read the kept result, and a made-up one is refused.
        String cursor = (String) structured(call(c, "run_query", Map.of("sql", sql, "max_rows", 10))).get("nextCursor");
        McpSchema.CallToolResult foreign = call(client(viewerToken, new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>()), "run_query",
                Map.of("cursor", cursor));
        assertThat(foreign.isError()).isTrue();
        assertThat(call(c, "run_query", Map.of("cursor", "not-a-cursor")).isError()).isTrue();
    }

    @Test
    void aSubscriberToAProfileHearsWhenTheDatasetIsAnalysedAgain() throws Exception {
        List<List<McpSchema.ResourceContents>> updates = new CopyOnWriteArrayList<>();
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(url).endpoint("/mcp")
                .jsonMapper(AssayMcp.jsonMapper())
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + adminToken)).build();
        McpSyncClient c = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(120)).jsonSchemaValidator(new SchemaValidator())
                .resourcesUpdateConsumer(updates::add).build();
        c.initialize();
        clients.add(c);
        assertThat(c.getServerCapabilities().resources().subscribe()).isTrue();
        c.subscribeResource(new McpSchema.SubscribeRequest("assay://datasets/customers/profile"));

        // Analysed by anyone (here: another session), the profile changes, and the subscriber is told; its client reads it.
        structured(call(admin(), "analyze_dataset", Map.of("dataset", "customers", "mode", "quick")));
        for (int i = 0; i < 300 && updates.isEmpty(); i++) {
            Thread.sleep(100);
        }
        assertThat(updates).as("no notifications/resources/updated within 30 s").isNotEmpty();
        McpSchema.TextResourceContents read = (McpSchema.TextResourceContents) updates.get(0).get(0);
        assertThat(read.uri()).isEqualTo("assay://datasets/customers/profile");
        assertThat(read.text()).contains("\"schemaVersion\"", "customers");
        c.unsubscribeResource(new McpSchema.UnsubscribeRequest("assay://datasets/customers/profile"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void adminsListAndTestConnectionsWithoutEverSeeingAPasswordAndNobodyElseMay() {
        // A connection to this machine's PostgreSQL, with a password that must never come back (trust ignores it).
        ws.connections().add(Principal.user("admin", Role.ADMIN), "pg_mcp", "jdbc:postgresql://127.0.0.1:5432/test",
                Optional.of("postgres"), Optional.of("never-shown-secret-42"), AuditService.Origin.NONE);
        try {
            McpSyncClient c = admin();
            McpSchema.Tool listTool = c.listTools().tools().stream().filter(t -> t.name().equals("list_connections")).findFirst().orElseThrow();
            assertThat(listTool.annotations().readOnlyHint()).isTrue();
            assertThat(listTool.annotations().destructiveHint()).isFalse();
            McpSchema.CallToolResult listed = call(c, "list_connections", Map.of());
            Map<String, Object> s = structured(listed);
            assertThat((List<Map<String, Object>>) s.get("connections")).extracting(m -> m.get("name") + " " + m.get("kind") + " " + m.get("user"))
                    .contains("pg_mcp postgresql postgres");
            assertThat(text(listed)).contains("pg_mcp", "jdbc:postgresql://127.0.0.1:5432/test");
            assertThat(listed.toString()).doesNotContain("never-shown-secret-42");

            McpSchema.CallToolResult tested = call(c, "test_connection", Map.of("connection", "pg_mcp"));
            assertThat((String) structured(tested).get("serverVersion")).contains("PostgreSQL");
            assertThat(tested.toString()).doesNotContain("never-shown-secret-42");
            McpSchema.CallToolResult missing = call(c, "test_connection", Map.of("connection", "pg_nope"));
            assertThat(missing.isError()).isTrue();
            assertThat(text(missing)).startsWith("NOT_FOUND");

            // A viewer is refused both, and learns nothing of the connections.
            McpSyncClient viewer = client(viewerToken, new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
            for (Map.Entry<String, Map<String, Object>> tool : Map.of("list_connections", Map.<String, Object>of(),
                    "test_connection", Map.<String, Object>of("connection", "pg_mcp")).entrySet()) {
                McpSchema.CallToolResult refused = call(viewer, tool.getKey(), tool.getValue());
                assertThat(refused.isError()).as(tool.getKey()).isTrue();
                assertThat(text(refused)).as(tool.getKey()).startsWith("FORBIDDEN").doesNotContain("pg_mcp", "5432");
            }
            assertThat(ws.audit().find(new AuditService.Filter(Optional.of("vera"), Optional.of("mcp.tool.list_connections"), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty()), OptionalLong.empty(), 10)).extracting(AuditRecord::outcome)
                    .contains("denied");
        } finally {
            ws.connections().remove(Principal.user("admin", Role.ADMIN), "pg_mcp", AuditService.Origin.NONE);
        }
    }

    @Test
    void aSubscriptionIsOnlyToAResourceTheCallerMayRead() throws Exception {
        // vera reads orders only: customers is no resource of hers, alike whether it exists, and nor is a made-up URI.
        McpSyncClient viewer = client(viewerToken, new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
        for (String uri : List.of("assay://datasets/customers/profile", "assay://datasets/customers/schema",
                "assay://datasets/no_such_dataset/schema", "assay://elsewhere/orders", "file:///etc/passwd")) {
            assertThatThrownBy(() -> viewer.subscribeResource(new McpSchema.SubscribeRequest(uri))).as(uri)
                    .isInstanceOfSatisfying(McpError.class, e -> {
                        assertThat(e.getJsonRpcError().code()).as(uri).isEqualTo(McpSchema.ErrorCodes.RESOURCE_NOT_FOUND);
                        assertThat(e.getJsonRpcError().message()).as(uri).doesNotContain("Exception");
                    });
        }
        assertThatThrownBy(() -> viewer.readResource(new McpSchema.ReadResourceRequest("assay://datasets/customers/profile")))
                .as("reading it is refused alike").isInstanceOf(McpError.class);
        for (String uri : List.of("assay://dashboards", "assay://dashboards/no_such_dashboard")) {
            assertThatThrownBy(() -> viewer.subscribeResource(new McpSchema.SubscribeRequest(uri))).as(uri)
                    .isInstanceOfSatisfying(McpError.class, e -> {
                        assertThat(e.getJsonRpcError().code()).as(uri).isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS);
                        assertThat(e.getJsonRpcError().message()).as(uri).contains("no change notifications", uri);
                    });
        }
        viewer.subscribeResource(new McpSchema.SubscribeRequest("assay://datasets/orders/schema"));
        viewer.subscribeResource(new McpSchema.SubscribeRequest("assay://datasets"));
        viewer.unsubscribeResource(new McpSchema.UnsubscribeRequest("assay://datasets/orders/schema"));
        // An admin reads every dataset, and so may subscribe to any.
        admin().subscribeResource(new McpSchema.SubscribeRequest("assay://datasets/customers/profile"));

        // Over raw HTTP: the refusal answers the request's id; a request without a URI is invalid params; the session goes on.
        HttpResponse<String> refused = mcp("POST", "{\"jsonrpc\":\"2.0\",\"id\":\"sub-1\",\"method\":\"resources/subscribe\","
                + "\"params\":{\"uri\":\"assay://datasets/products/profile\"}}", rawSessionAs(viewerToken));
        com.fasterxml.jackson.databind.JsonNode error = rpcError(refused, 200, "a subscription to a dataset vera may not read");
        assertThat(error.path("id").asText()).isEqualTo("sub-1");
        assertThat(error.path("error").path("code").asInt()).isEqualTo(-32002);
        assertThat(error.path("error").path("data").path("uri").asText()).isEqualTo("assay://datasets/products/profile");
        Map<String, String> admin = rawSession();
        com.fasterxml.jackson.databind.JsonNode noUri = rpcError(mcp("POST",
                "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"resources/subscribe\",\"params\":{}}", admin), 200, "no uri");
        assertThat(noUri.path("error").path("code").asInt()).isEqualTo(-32602);
        HttpResponse<String> ok = mcp("POST", "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"resources/subscribe\","
                + "\"params\":{\"uri\":\"assay://datasets/products/profile\"}}", admin);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("\"id\":8", "\"result\":{}");
        assertThat(ws.audit().find(new AuditService.Filter(Optional.of("vera"), Optional.of("mcp.resource.subscribe"), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty()), OptionalLong.empty(), 50))
                .extracting(AuditRecord::outcome).contains("denied");
    }

    @Test
    void eventIdsAreUniqueLogLevelsAreCheckedAndNoRootsAreAskedFor() throws Exception {
        Map<String, String> in = rawSession();
        String session = in.get("Mcp-Session-Id");

        // Every event of the session has an id of its own, never the session's id.
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = mcp("POST", "{\"jsonrpc\":\"2.0\",\"id\":" + (10 + i) + ",\"method\":\"ping\"}", in);
            assertThat(r.statusCode()).isEqualTo(200);
            r.body().lines().filter(l -> l.startsWith("id: ")).forEach(l -> assertThat(ids.add(l.substring(4))).as("a repeated id " + l).isTrue());
        }
        assertThat(ids).hasSize(3).doesNotContain(session);

        com.fasterxml.jackson.databind.JsonNode bogus = rpcError(mcp("POST",
                "{\"jsonrpc\":\"2.0\",\"id\":20,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"bogus\"}}", in), 400, "level bogus");
        assertThat(bogus.path("error").path("code").asInt()).isEqualTo(-32602);
        assertThat(bogus.path("error").path("message").asText()).contains("debug", "emergency");
        assertThat(mcp("POST", "{\"jsonrpc\":\"2.0\",\"id\":21,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"warning\"}}", in)
                .body()).contains("\"result\":{}");

        // A client that declared no roots is never asked for them: the notification is taken, and nothing else happens.
        assertThat(mcp("POST", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/roots/list_changed\"}", in).statusCode()).isEqualTo(202);
        HttpResponse<String> after = mcp("POST", "{\"jsonrpc\":\"2.0\",\"id\":22,\"method\":\"ping\"}", in);
        assertThat(after.body()).contains("\"id\":22").doesNotContain("roots/list");
    }

    @Test
    void aClientThatLostAStreamResumesItWithLastEventIdAndGetsTheRestOfIt() throws Exception {
        Map<String, String> in = rawSession();
        // A full analysis with progress: the client reads the first event of its stream, then loses the connection.
        String call = "{\"jsonrpc\":\"2.0\",\"id\":\"resume-1\",\"method\":\"tools/call\",\"params\":{\"name\":\"analyze_dataset\","
                + "\"arguments\":{\"dataset\":\"customers\",\"mode\":\"full\"},\"_meta\":{\"progressToken\":\"rp\"}}}";
        String first;
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(60_000);
            StringBuilder req = new StringBuilder("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\nAuthorization: Bearer "
                    + adminToken + "\r\nAccept: application/json, text/event-stream\r\nContent-Type: application/json\r\n");
            in.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
            byte[] body = call.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            req.append("Content-Length: ").append(body.length).append("\r\n\r\n");
            s.getOutputStream().write(req.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            s.getOutputStream().write(body);
            s.getOutputStream().flush();
            java.util.regex.Pattern id = java.util.regex.Pattern.compile("\nid: ([0-9a-f-]{36}-\\d+)\n");
            StringBuilder seen = new StringBuilder();
            byte[] buf = new byte[1];
            java.util.regex.Matcher m = id.matcher("");
            // Byte by byte up to the end of the first event: nothing after it is read.
            while (!(m = id.matcher(seen)).find() || !seen.substring(m.end()).contains("\n\n")) {
                int n = s.getInputStream().read(buf);
                assertThat(n).as("the stream ended before its first event: " + seen).isPositive();
                seen.append((char) buf[0]);
            }
            assertThat(seen).startsWith("HTTP/1.1 200");
            first = m.group(1);
        }
        // Meanwhile the analysis goes on writing its progress to the connection that is gone (kept, not lost).
        Thread.sleep(1000);
        // The client comes back for the rest of that stream: the events after the one it saw, up to the tool's result.
        HttpResponse<String> resumed = mcp("GET", null, Map.of("Mcp-Session-Id", in.get("Mcp-Session-Id"),
                "MCP-Protocol-Version", "2025-06-18", "Last-Event-ID", first));
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
        assertThat(resumed.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        String stream = first.substring(0, first.lastIndexOf('-'));
        long after = Long.parseLong(first.substring(first.lastIndexOf('-') + 1));
        List<Long> numbers = resumed.body().lines().filter(l -> l.startsWith("id: ")).map(l -> {
            assertThat(l).as("an event of the same stream").startsWith("id: " + stream + "-");
            return Long.parseLong(l.substring(l.lastIndexOf('-') + 1));
        }).toList();
        assertThat(numbers).as(resumed.body()).isNotEmpty().allSatisfy(n -> assertThat(n).isGreaterThan(after));
        assertThat(numbers).isSortedAccordingTo(Long::compare).doesNotHaveDuplicates();
        assertThat(resumed.body()).contains("\"id\":\"resume-1\"", "\"result\"", "qualityScore");

        // Again from the same point: the same events (kept until the session ends); none once it is deleted.
        HttpResponse<String> again = mcp("GET", null, Map.of("Mcp-Session-Id", in.get("Mcp-Session-Id"),
                "MCP-Protocol-Version", "2025-06-18", "Last-Event-ID", first));
        assertThat(again.body()).isEqualTo(resumed.body());
        assertThat(mcp("DELETE", null, in).statusCode()).isLessThan(300);
        rpcError(mcp("GET", null, Map.of("Mcp-Session-Id", in.get("Mcp-Session-Id"), "MCP-Protocol-Version", "2025-06-18",
                "Last-Event-ID", first)), 404, "a deleted session's stream");
    }

    @Test
    void promptArgumentsCompleteWithTheCallersDatasetsAndTheChosenDatasetsMeasures() {
        McpSyncClient c = admin();
        McpSchema.CompleteResult datasets = c.completeCompletion(new McpSchema.CompleteRequest(
                new McpSchema.PromptReference("check_data_quality"), new McpSchema.CompleteRequest.CompleteArgument("dataset", "ord")));
        assertThat(datasets.completion().values()).containsExactly("order_items", "orders");
        McpSchema.CompleteResult metrics = c.completeCompletion(new McpSchema.CompleteRequest(
                new McpSchema.PromptReference("investigate_metric_change"), new McpSchema.CompleteRequest.CompleteArgument("metric", ""),
                null, new McpSchema.CompleteRequest.CompleteContext(Map.of("dataset", "orders"))));
        assertThat(metrics.completion().values()).startsWith("rows").contains("total_amount").doesNotContain("status", "order_date");
        McpSchema.CompleteResult none = c.completeCompletion(new McpSchema.CompleteRequest(
                new McpSchema.PromptReference("investigate_metric_change"), new McpSchema.CompleteRequest.CompleteArgument("metric", "tot")));
        assertThat(none.completion().values()).as("no dataset chosen yet: no columns").isEmpty();
    }

    @Test
    void notificationsCancelledStopsTheCallItNames() throws Exception {
        Map<String, String> in = rawSession();
        // Billions of pairs: without the cancel it runs to this server's 2 s mcp.query-timeout (TIMEOUT, not CANCELLED).
        String call = "{\"jsonrpc\":\"2.0\",\"id\":\"slow\",\"method\":\"tools/call\",\"params\":{\"name\":\"run_query\","
                + "\"arguments\":{\"sql\":\"SELECT count(*) AS n FROM order_items a, orders b WHERE a.quantity * b.total_amount = -1.2345\"}}}";
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + "/mcp")).header("Authorization", "Bearer " + adminToken)
                .header("Accept", "application/json, text/event-stream").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(call));
        in.forEach(b::header);
        var answer = HttpClient.newHttpClient().sendAsync(b.build(), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(500);
        HttpResponse<String> cancelled = mcp("POST", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
                + "\"params\":{\"requestId\":\"slow\",\"reason\":\"changed my mind\"}}", in);
        assertThat(cancelled.statusCode()).isEqualTo(202);
        String body = answer.get(30, java.util.concurrent.TimeUnit.SECONDS).body();
        assertThat(body).as(body).contains("\"id\":\"slow\"").contains("CANCELLED").doesNotContain("TIMEOUT");
    }

    /** A request with a Host header of our choosing (java.net.http will not send one), over a plain socket. */
    private RawResponse rawHost(String host) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
            String body = "{}";
            String req = "POST /mcp HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + adminToken
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body;
            s.getOutputStream().write(req.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String response = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            return new RawResponse(status, response);
        }
    }

    /** A GET with a Host header of our choosing, over a plain socket. */
    private RawResponse rawGet(String path, String host) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
            String req = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
            s.getOutputStream().write(req.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String response = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return new RawResponse(Integer.parseInt(response.substring(9, 12)), response);
        }
    }

    /** The status line and the whole text of an answer read off the socket. */
    private record RawResponse(int statusCode, String text) {
    }
}
