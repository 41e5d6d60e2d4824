package io.assay.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Saved charts over real HTTP: saved, run through the query pipeline, kept, searched, shared, governed and refused clearly. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SavedChartsTest {

    static final String SALES = """
            day,region,amount
            2025-01-01,North,10
            2025-01-01,South,5
            2025-01-02,North,20
            2025-01-02,South,7
            2025-01-02,West,1
            2025-01-03,North,30
            """;

    private TestServer server;
    private Api ana;

    @BeforeAll
    void start(@TempDir Path dir) {
        server = TestServer.start(dir.resolve("data"));
        ana = server.user("ana", "analyst");
        ana.uploadMultipart("wait=true", "sales.csv", SALES.getBytes(StandardCharsets.UTF_8), Map.of()).expect(201);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    static Map<String, Object> barOfSales(String name) {
        return Map.of("name", name, "description", "revenue by region", "sql", "SELECT region, amount FROM sales",
                "spec", Map.of("type", "bar", "x", "region", "y", List.of("amount"), "aggregation", "sum", "colors", List.of("#1f77b4"),
                        "title", "Revenue by region"));
    }

    private static List<String> names(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.path("items").forEach(c -> out.add(c.path("name").asText()));
        return out;
    }

    @Test
    void aChartIsSavedRunAggregatedInTheEngineKeptRefreshedSearchedChangedAndDeleted() {
        JsonNode c = ana.post("/api/v1/saved-charts", barOfSales("Revenue by region")).expect(201).json();
        String id = c.path("id").asText();
        assertThat(c.path("owner").asText()).isEqualTo("ana");
        assertThat(c.path("access").asText()).isEqualTo("owner");
        assertThat(c.path("spec").path("aggregation").asText()).isEqualTo("sum");
        assertThat(c.path("lastRunAt").isNull()).as("saving ran it and kept the result").isFalse();

        JsonNode kept = ana.post("/api/v1/saved-charts/" + id + "/run", Map.of()).expect(200).json();
        assertThat(kept.path("cached").asBoolean()).isTrue();
        assertThat(kept.path("rows").size()).isEqualTo(3);
        assertThat(kept.path("rows").get(0).get(0).asText()).isEqualTo("North");
        assertThat(kept.path("rows").get(0).get(1).asDouble()).isEqualTo(60.0);
        assertThat(kept.path("figure").path("data").get(0).path("type").asText()).isEqualTo("bar");
        assertThat(kept.path("figure").path("data").get(0).path("marker").path("color").asText()).isEqualTo("#1f77b4");

        JsonNode fresh = ana.post("/api/v1/saved-charts/" + id + "/run", Map.of("refresh", true)).expect(200).json();
        assertThat(fresh.path("cached").asBoolean()).isFalse();
        assertThat(fresh.path("rows")).isEqualTo(kept.path("rows"));
        // The run went through the query pipeline: audited as a query run of the chart.
        assertThat(server.admin().get("/api/v1/audit?target=" + id).expect(200).json().toString()).contains("query.run", "saved chart");

        ana.post("/api/v1/saved-charts", Map.of("name", "Daily amounts", "sql", "SELECT day, amount FROM sales",
                "spec", Map.of("type", "line", "x", "day", "y", List.of("amount"), "aggregation", "sum"))).expect(201);
        assertThat(names(ana.get("/api/v1/saved-charts").expect(200).json())).contains("Daily amounts", "Revenue by region");
        assertThat(names(ana.get("/api/v1/saved-charts?q=DAILY").expect(200).json())).containsExactly("Daily amounts");
        assertThat(names(ana.get("/api/v1/saved-charts?q=by%20region").expect(200).json())).containsExactly("Revenue by region");

        JsonNode changed = ana.put("/api/v1/saved-charts/" + id, Map.of("name", "Revenue by region", "sql", "SELECT region, amount FROM sales",
                "spec", Map.of("type", "pie", "x", "region", "y", List.of("amount"), "aggregation", "count"))).expect(200).json();
        assertThat(changed.path("spec").path("type").asText()).isEqualTo("pie");
        JsonNode pie = ana.post("/api/v1/saved-charts/" + id + "/run", Map.of()).expect(200).json();
        assertThat(pie.path("figure").path("data").get(0).path("type").asText()).isEqualTo("pie");
        assertThat(pie.path("rows").get(0).get(1).asLong()).isEqualTo(3);

        ana.delete("/api/v1/saved-charts/" + id).expect(204);
        ana.get("/api/v1/saved-charts/" + id).problem(404, "NOT_FOUND");
    }

    @Test
    void parametersAreBoundAsEngineValuesAndASavedQueryCanBeCharted() {
        JsonNode c = ana.post("/api/v1/saved-charts", Map.of("name", "One region", "sql", "SELECT day, amount FROM sales WHERE region = {{region}}",
                "parameters", List.of(Map.of("name", "region", "type", "text", "default", "North")),
                "spec", Map.of("type", "line", "x", "day", "y", List.of("amount")))).expect(201).json();
        String id = c.path("id").asText();
        assertThat(ana.post("/api/v1/saved-charts/" + id + "/run", Map.of()).expect(200).json().path("rows").size()).isEqualTo(3);
        JsonNode south = ana.post("/api/v1/saved-charts/" + id + "/run", Map.of("params", Map.of("region", "South"))).expect(200).json();
        assertThat(south.path("cached").asBoolean()).isFalse();
        assertThat(south.path("rows").size()).isEqualTo(2);
        // A value is a value: text that looks like SQL matches nothing and changes nothing.
        JsonNode hostile = ana.post("/api/v1/saved-charts/" + id + "/run", Map.of("params", Map.of("region", "x' OR '1'='1"))).expect(200).json();
        assertThat(hostile.path("rows").size()).isZero();

        String q = ana.post("/api/v1/saved-queries", Map.of("name", "sales by day", "sql", "SELECT day, sum(amount) AS total FROM sales "
                + "WHERE amount >= {{min}} GROUP BY day ORDER BY day", "parameters", List.of(Map.of("name", "min", "type", "number", "default", "0"))))
                .expect(201).json().path("id").asText();
        JsonNode fromQuery = ana.post("/api/v1/saved-charts", Map.of("name", "Totals", "savedQueryId", q,
                "spec", Map.of("type", "area", "x", "day", "y", List.of("total")))).expect(201).json();
        assertThat(fromQuery.path("savedQueryId").asText()).isEqualTo(q);
        JsonNode r = ana.post("/api/v1/saved-charts/" + fromQuery.path("id").asText() + "/run", Map.of("params", Map.of("min", 10)))
                .expect(200).json();
        assertThat(r.path("rows").size()).isEqualTo(3);
        assertThat(r.path("figure").path("data").get(0).path("fill").asText()).isEqualTo("tozeroy");
    }

    @Test
    void aViewerSeesOnlyWhatIsSharedAndAKeptResultOnlyWhileTheyMayReadItsData() {
        String id = ana.post("/api/v1/saved-charts", barOfSales("Shared revenue")).expect(201).json().path("id").asText();
        Api vic = server.user("vic", "viewer");
        vic.get("/api/v1/saved-charts/" + id).problem(404, "NOT_FOUND");
        assertThat(names(vic.get("/api/v1/saved-charts").expect(200).json())).doesNotContain("Shared revenue");

        assertThat(ana.put("/api/v1/saved-charts/" + id + "/grants/vic", Map.of("access", "read")).expect(200).json().path("access").asText())
                .isEqualTo("read");
        JsonNode seen = vic.get("/api/v1/saved-charts/" + id).expect(200).json();
        assertThat(seen.path("access").asText()).isEqualTo("read");
        assertThat(names(vic.get("/api/v1/saved-charts").expect(200).json())).contains("Shared revenue");
        // The chart is shared, its data is not: the kept result is not served, and a fresh run is refused by governance.
        vic.post("/api/v1/saved-charts/" + id + "/run", Map.of()).problem(403, "FORBIDDEN");

        ana.put("/api/v1/datasets/sales/grants/vic", Map.of("access", "read")).expect(200);
        JsonNode r = vic.post("/api/v1/saved-charts/" + id + "/run", Map.of()).expect(200).json();
        assertThat(r.path("cached").asBoolean()).isTrue();
        assertThat(r.path("rows").size()).isEqualTo(3);
        ana.delete("/api/v1/datasets/sales/grants/vic").expect(204);
        vic.post("/api/v1/saved-charts/" + id + "/run", Map.of()).problem(403, "FORBIDDEN");

        // A viewer never changes or shares a chart, whatever it was granted.
        ana.put("/api/v1/saved-charts/" + id + "/grants/vic", Map.of("access", "write")).expect(200);
        vic.put("/api/v1/saved-charts/" + id, barOfSales("taken over")).problem(403, "FORBIDDEN");
        vic.put("/api/v1/saved-charts/" + id + "/grants/*", Map.of("access", "read")).problem(403, "FORBIDDEN");
        vic.delete("/api/v1/saved-charts/" + id).problem(403, "FORBIDDEN");

        // A grant to a role reaches every user whose role includes it; revoking it ends that.
        Api val = server.user("val", "viewer");
        val.get("/api/v1/saved-charts/" + id).problem(404, "NOT_FOUND");
        ana.put("/api/v1/saved-charts/" + id + "/grants/role:viewer", Map.of("access", "read")).expect(200);
        assertThat(val.get("/api/v1/saved-charts/" + id).expect(200).json().path("name").asText()).isEqualTo("Shared revenue");
        ana.delete("/api/v1/saved-charts/" + id + "/grants/role:viewer").expect(204);
        val.get("/api/v1/saved-charts/" + id).problem(404, "NOT_FOUND");
        // An analyst granted write may change it.
        Api alf = server.user("alf", "analyst");
        ana.put("/api/v1/saved-charts/" + id + "/grants/alf", Map.of("access", "write")).expect(200);
        ana.put("/api/v1/datasets/sales/grants/alf", Map.of("access", "read")).expect(200);
        assertThat(alf.put("/api/v1/saved-charts/" + id, barOfSales("Shared revenue (alf)")).expect(200).json().path("access").asText())
                .isEqualTo("write");
    }

    @Test
    void badInputIsRefusedNamingTheField() {
        JsonNode p = ana.postInvalid("/api/v1/saved-charts", Map.of("name", "x", "sql", "SELECT region, amount FROM sales",
                "spec", Map.of("type", "donut", "x", "region", "y", List.of("amount")))).problem(400, "INVALID_INPUT");
        assertThat(p.path("details").path("parameter").asText()).isEqualTo("spec.type");
        assertThat(p.path("detail").asText()).contains("donut", "bar");

        p = ana.post("/api/v1/saved-charts", Map.of("name", "x", "sql", "SELECT region, amount FROM sales",
                "spec", Map.of("type", "bar", "x", "region", "y", List.of("amout")))).problem(400, "INVALID_INPUT");
        assertThat(p.path("details").path("parameter").asText()).isEqualTo("spec.y");
        assertThat(p.path("detail").asText()).contains("amout");

        p = ana.post("/api/v1/saved-charts", Map.of("name", "x", "sql", "SELECT region, amount FROM sales",
                "spec", Map.of("type", "bar", "x", "regio", "y", List.of("amount"), "aggregation", "sum"))).problem(400, "INVALID_INPUT");
        assertThat(p.path("details").path("parameter").asText()).isEqualTo("spec.x");

        p = ana.post("/api/v1/saved-charts", Map.of("name", "x", "sql", "SELECT region, amount FROM sales",
                "spec", Map.of("type", "bar", "x", "region", "y", List.of("region")))).problem(400, "INVALID_INPUT");
        assertThat(p.path("details").path("parameter").asText()).isEqualTo("spec.y");
        assertThat(p.path("detail").asText()).contains("not a number");

        p = ana.post("/api/v1/saved-charts", Map.of("name", "x", "sql", "SELECT region, amount FROM sales",
                "spec", Map.of("type", "bar", "x", "region", "y", List.of("amount"), "colors", List.of("blue")))).problem(400, "INVALID_INPUT");
        assertThat(p.path("details").path("parameter").asText()).isEqualTo("spec.colors");

        p = ana.post("/api/v1/saved-charts", Map.of("name", "x", "spec", Map.of("type", "table"))).problem(400, "INVALID_INPUT");
        assertThat(p.path("details").path("parameter").asText()).isEqualTo("sql");

        p = ana.post("/api/v1/saved-charts", Map.of("name", "x", "sql", "SELECT * FROM sales WHERE region = {{r}}",
                "spec", Map.of("type", "table"))).problem(400, "INVALID_INPUT");
        assertThat(p.path("details").path("parameter").asText()).isEqualTo("r");

        p = ana.post("/api/v1/saved-charts", Map.of("name", "x", "savedQueryId", "nope", "spec", Map.of("type", "table"))).problem(400, "INVALID_INPUT");
        assertThat(p.path("details").path("parameter").asText()).isEqualTo("savedQueryId");

        Api viewer = server.user("vera", "viewer");
        viewer.post("/api/v1/saved-charts", barOfSales("no")).problem(403, "FORBIDDEN");
        ana.post("/api/v1/saved-charts/nope/run", Map.of()).problem(404, "NOT_FOUND");
    }

    @Test
    void deletingAUserTakesTheirChartsAsItTakesTheirSavedQueries() {
        Api tom = server.user("tom", "analyst");
        tom.uploadMultipart("wait=true", "toms.csv", SALES.getBytes(StandardCharsets.UTF_8), Map.of()).expect(201);
        String id = tom.post("/api/v1/saved-charts", Map.of("name", "tom's", "sql", "SELECT region, amount FROM toms",
                "spec", Map.of("type", "table"))).expect(201).json().path("id").asText();
        server.admin().get("/api/v1/saved-charts/" + id).expect(200);
        server.admin().delete("/api/v1/users/tom").expect(204);
        server.admin().get("/api/v1/saved-charts/" + id).problem(404, "NOT_FOUND");
        Long left = server.ws.store().queryOne("SELECT count(*) AS n FROM saved_chart_grants WHERE chart_id = ?", r -> r.longValue("n"), id)
                .orElseThrow();
        assertThat(left).isZero();
    }
}
