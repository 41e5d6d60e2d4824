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
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The rest of the API's surface: dataset lists and downloads, saved queries, list paging, malformed requests. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CatalogAndSavedQueriesTest {

    private TestServer server;
    private Api analyst;

    @BeforeAll
    void start(@TempDir Path dir) {
        server = TestServer.start(dir.resolve("data"));
        analyst = server.user("cat", "analyst");
        for (String f : List.of("vega/stocks.csv", "vega/sp500.csv", "vega/iowa-electricity.csv", "vega/cars.json")) {
            Path p = TestServer.shared(f);
            analyst.uploadRaw("filename=" + p.getFileName() + "&wait=true", p, "application/octet-stream").expect(201);
        }
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static List<String> names(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.path("items").forEach(d -> out.add(d.path("name").asText()));
        return out;
    }

    @Test
    void datasetsListSortsFiltersAndPages() {
        assertThat(names(analyst.get("/api/v1/datasets").expect(200).json())).containsExactly("cars", "iowa_electricity", "sp500", "stocks");
        assertThat(names(analyst.get("/api/v1/datasets?sort=rows&order=desc").expect(200).json()))
                .containsExactly("stocks", "cars", "sp500", "iowa_electricity");
        assertThat(names(analyst.get("/api/v1/datasets?q=s").expect(200).json())).contains("stocks", "sp500", "cars");
        JsonNode first = analyst.get("/api/v1/datasets?limit=3").expect(200).json();
        assertThat(names(first)).hasSize(3);
        JsonNode second = analyst.get("/api/v1/datasets?limit=3&cursor=" + Api.q(first.path("nextCursor").asText())).expect(200).json();
        assertThat(names(second)).containsExactly("stocks");
        assertThat(second.path("nextCursor").isNull()).isTrue();
        analyst.get("/api/v1/datasets?sort=colour").problem(400, "INVALID_INPUT");
        analyst.get("/api/v1/datasets?limit=0").problem(400, "INVALID_INPUT");
        analyst.get("/api/v1/datasets?cursor=!!!").problem(400, "INVALID_INPUT");
    }

    @Test
    void aDatasetDescribesItsColumnsAndDownloadsInEveryFormat() {
        JsonNode d = analyst.get("/api/v1/datasets/stocks").expect(200).json();
        assertThat(d.path("schema").size()).isEqualTo(3);
        assertThat(d.path("schema").get(0).path("name").asText()).isEqualTo("symbol");
        assertThat(d.path("schema").get(0).path("examples").isArray()).isTrue();
        assertThat(d.path("grants").isArray()).isTrue();
        Map<String, String> types = Map.of("csv", "text/csv", "json", "application/json", "ndjson", "application/x-ndjson",
                "parquet", "application/vnd.apache.parquet", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        Map<String, Integer> sizes = new HashMap<>();
        for (Map.Entry<String, String> t : types.entrySet()) {
            Api.Res r = analyst.get("/api/v1/datasets/stocks/data?format=" + t.getKey()).expect(200);
            assertThat(r.contentType()).as(t.getKey()).startsWith(t.getValue());
            assertThat(r.header("Content-Disposition")).as(t.getKey()).hasValueSatisfying(h -> assertThat(h).contains("stocks." + t.getKey()));
            sizes.put(t.getKey(), r.bytes().length);
            switch (t.getKey()) {
                case "csv" -> assertThat(r.text().lines().count()).isEqualTo(561);
                case "ndjson" -> assertThat(r.text().lines().count()).isEqualTo(560);
                case "json" -> assertThat(r.json().toString()).contains("AAPL");
                case "parquet" -> assertThat(new String(Arrays.copyOfRange(r.bytes(), 0, 4), StandardCharsets.US_ASCII)).isEqualTo("PAR1");
                default -> assertThat(new String(Arrays.copyOfRange(r.bytes(), 0, 2), StandardCharsets.US_ASCII)).isEqualTo("PK");
            }
        }
        assertThat(sizes.values()).allSatisfy(n -> assertThat(n).isGreaterThan(100));
        analyst.get("/api/v1/datasets/nothing_here/data?format=csv").problem(404, "NOT_FOUND");
        analyst.get("/api/v1/datasets/nothing_here").problem(404, "NOT_FOUND");
    }

    @Test
    void savedQueriesAreCreatedReadUpdatedListedAndDeleted() {
        Api.Res created = analyst.post("/api/v1/saved-queries", Map.of("name", "top stocks", "sql", "SELECT * FROM stocks LIMIT 5",
                "description", "first five")).expect(201);
        JsonNode q = created.json();
        String id = q.path("id").asText();
        assertThat(q.path("owner").asText()).isEqualTo("cat");
        assertThat(analyst.get("/api/v1/saved-queries/" + id).expect(200).json().path("sql").asText()).isEqualTo("SELECT * FROM stocks LIMIT 5");
        JsonNode updated = analyst.put("/api/v1/saved-queries/" + id, Map.of("name", "top stocks", "sql", "SELECT * FROM stocks LIMIT 6"))
                .expect(200).json();
        assertThat(updated.path("sql").asText()).endsWith("6");
        for (int i = 0; i < 3; i++) {
            analyst.post("/api/v1/saved-queries", Map.of("name", "q" + i, "sql", "SELECT " + i)).expect(201);
        }
        JsonNode page = analyst.get("/api/v1/saved-queries?limit=2").expect(200).json();
        assertThat(page.path("items").size()).isEqualTo(2);
        JsonNode rest = analyst.get("/api/v1/saved-queries?limit=2&cursor=" + Api.q(page.path("nextCursor").asText())).expect(200).json();
        assertThat(rest.path("items").size()).isEqualTo(2);
        // Someone else's saved query is not there for them.
        Api other = server.user("dog", "analyst");
        other.get("/api/v1/saved-queries/" + id).problem(404, "NOT_FOUND");
        assertThat(other.get("/api/v1/saved-queries").expect(200).json().path("items").size()).isZero();
        analyst.delete("/api/v1/saved-queries/" + id).expect(204);
        analyst.get("/api/v1/saved-queries/" + id).problem(404, "NOT_FOUND");
    }

    @Test
    void aSavedQueryWithParametersRunsWithTheValuesGiven() {
        String sql = "SELECT symbol, count(*) AS n, min(price) AS low FROM stocks "
                + "WHERE ({{symbol}} IS NULL OR symbol = {{symbol}}) AND date >= {{from}} AND price >= {{min}} GROUP BY symbol ORDER BY symbol";
        List<Map<String, Object>> parameters = List.of(Map.of("name", "symbol", "type", "text"),
                Map.of("name", "from", "type", "date", "default", "2009-01-01"),
                Map.of("name", "min", "type", "number", "required", true));
        JsonNode q = analyst.post("/api/v1/saved-queries", Map.of("name", "stocks since", "sql", sql, "parameters", parameters)).expect(201).json();
        String id = q.path("id").asText();
        JsonNode declared = analyst.get("/api/v1/saved-queries/" + id).expect(200).json().path("parameters");
        assertThat(declared.toString()).isEqualTo("[{\"name\":\"symbol\",\"type\":\"text\",\"default\":null,\"required\":false},"
                + "{\"name\":\"from\",\"type\":\"date\",\"default\":\"2009-01-01\",\"required\":false},"
                + "{\"name\":\"min\",\"type\":\"number\",\"default\":null,\"required\":true}]");
        assertThat(analyst.get("/api/v1/saved-queries").expect(200).json().path("items").findValues("parameters")).anySatisfy(
                p -> assertThat(p.size()).isEqualTo(3));

        String run = "/api/v1/saved-queries/" + id + "/run";
        JsonNode one = analyst.post(run, Map.of("params", Map.of("symbol", "AAPL", "min", 100))).expect(200).json();
        JsonNode direct = analyst.post("/api/v1/query", Map.of("sql", "SELECT symbol, count(*) AS n, min(price) AS low FROM stocks "
                + "WHERE symbol = 'AAPL' AND date >= DATE '2009-01-01' AND price >= 100 GROUP BY symbol")).expect(200).json();
        assertThat(one.path("rows")).isEqualTo(direct.path("rows"));
        assertThat(one.path("rows").size()).isEqualTo(1);
        // An optional parameter left out is NULL: every symbol.
        JsonNode all = analyst.post(run, Map.of("params", Map.of("min", "0", "from", "2000-01-01"))).expect(200).json();
        assertThat(all.path("rowCount").asInt()).isEqualTo(5);
        // A value that would be SQL were it pasted in is only a value.
        assertThat(analyst.post(run, Map.of("params", Map.of("symbol", "x' OR '1'='1", "min", 0))).expect(200).json().path("rowCount").asInt())
                .isZero();
        JsonNode paged = analyst.post(run, Map.of("params", Map.of("symbol", "IBM", "min", 0, "from", "2000-01-01"), "pageSize", 1)).expect(200).json();
        assertThat(paged.path("rows").toString()).startsWith("[[\"IBM\",");
        assertThat(analyst.get("/api/v1/results/" + paged.path("resultId").asText()).expect(200).json().path("totalRows").asLong()).isEqualTo(1);
        Api.Res csv = analyst.post(run, Map.of("params", Map.of("symbol", "IBM", "min", 0), "format", "csv")).expect(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.text()).startsWith("symbol,n,low").contains("IBM,");

        JsonNode missing = analyst.post(run).problem(400, "INVALID_INPUT");
        assertThat(missing.path("details").path("parameter").asText()).isEqualTo("min");
        JsonNode bad = analyst.post(run, Map.of("params", Map.of("min", "lots"))).problem(400, "INVALID_INPUT");
        assertThat(bad.path("detail").asText()).contains("'min'", "'lots'");
        assertThat(bad.path("details").path("value").asText()).isEqualTo("lots");
        JsonNode badDate = analyst.post(run, Map.of("params", Map.of("min", 1, "from", "31/12/2009"))).problem(400, "INVALID_INPUT");
        assertThat(badDate.path("details").path("parameter").asText()).isEqualTo("from");
        JsonNode unknown = analyst.post(run, Map.of("params", Map.of("min", 1, "sym", "IBM"))).problem(400, "INVALID_INPUT");
        assertThat(unknown.path("details").path("parameter").asText()).isEqualTo("sym");
        assertThat(unknown.path("detail").asText()).contains("its parameters: symbol, from, min");

        JsonNode undeclared = analyst.post("/api/v1/saved-queries", Map.of("name", "undeclared", "sql", "SELECT {{x}}")).problem(400, "INVALID_INPUT");
        assertThat(undeclared.path("details").path("parameter").asText()).isEqualTo("x");
        JsonNode unused = analyst.post("/api/v1/saved-queries", Map.of("name", "unused", "sql", "SELECT 1",
                "parameters", List.of(Map.of("name", "x", "type", "text")))).problem(400, "INVALID_INPUT");
        assertThat(unused.path("details").path("parameter").asText()).isEqualTo("x");
        JsonNode badDefault = analyst.post("/api/v1/saved-queries", Map.of("name", "bad default", "sql", "SELECT {{d}}",
                "parameters", List.of(Map.of("name", "d", "type", "date", "default", "soon")))).problem(400, "INVALID_INPUT");
        assertThat(badDefault.path("details").path("parameter").asText()).isEqualTo("d");
        analyst.postInvalid("/api/v1/saved-queries", Map.of("name", "bad flag", "sql", "SELECT {{d}}",
                "parameters", List.of(Map.of("name", "d", "type", "date", "required", "yes")))).problem(400, "INVALID_INPUT");
        analyst.postInvalid("/api/v1/saved-queries", Map.of("name", "bad type", "sql", "SELECT {{d}}",
                "parameters", List.of(Map.of("name", "d", "type", "money")))).problem(400, "INVALID_INPUT");
        analyst.postInvalid(run, Map.of("params", List.of(1))).problem(400, "INVALID_INPUT");
        server.user("eel", "analyst").post(run, Map.of("params", Map.of("min", 1))).problem(404, "NOT_FOUND");

        List<io.assay.platform.audit.AuditRecord> runs = server.ws.audit().find(new io.assay.platform.audit.AuditService.Filter(
                java.util.Optional.empty(), java.util.Optional.of("query.run"), java.util.Optional.of(id), java.util.Optional.of("ok"),
                java.util.Optional.empty(), java.util.Optional.empty()), java.util.OptionalLong.empty(), 20);
        assertThat(runs).anySatisfy(r -> assertThat(r.detail()).hasValueSatisfying(
                d -> assertThat(d).contains("saved query 'stocks since'; parameters symbol='AAPL', from=2009-01-01, min=100")));
    }

    @Test
    void usersTokensAndJobsListsPage() {
        Api admin = server.admin();
        for (int i = 0; i < 3; i++) {
            server.user("pager" + i, "viewer");
        }
        JsonNode first = admin.get("/api/v1/users?limit=2").expect(200).json();
        assertThat(first.path("items").size()).isEqualTo(2);
        List<String> all = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode p = admin.get("/api/v1/users?limit=2" + (cursor == null ? "" : "&cursor=" + Api.q(cursor))).expect(200).json();
            p.path("items").forEach(u -> all.add(u.path("name").asText()));
            cursor = p.path("nextCursor").isNull() ? null : p.path("nextCursor").asText();
        } while (cursor != null);
        assertThat(all).doesNotHaveDuplicates().contains("admin", "cat", "pager0", "pager1", "pager2").isSorted();
        assertThat(admin.get("/api/v1/tokens").expect(200).json().path("items").size()).isGreaterThanOrEqualTo(4);
        JsonNode jobs = analyst.get("/api/v1/jobs?limit=2").expect(200).json();
        assertThat(jobs.path("items").size()).isEqualTo(2);
        JsonNode more = analyst.get("/api/v1/jobs?limit=2&cursor=" + Api.q(jobs.path("nextCursor").asText())).expect(200).json();
        assertThat(more.path("items").size()).isEqualTo(2);
        assertThat(more.path("items").get(0).path("id").asText()).isNotEqualTo(jobs.path("items").get(1).path("id").asText());
        analyst.get("/api/v1/jobs?status=sleeping").problem(400, "INVALID_INPUT");
        analyst.get("/api/v1/jobs/no-such-job").problem(404, "NOT_FOUND");
    }

    @Test
    void malformedRequestsAre400WithWhere() {
        JsonNode p = analyst.postInvalid("/api/v1/query", "{\"sql\": \"SELECT 1\",\n \"maxRows\": }").problem(400, "INVALID_INPUT");
        assertThat(p.path("details").path("line").asInt()).isEqualTo(2);
        assertThat(p.path("details").path("column").asInt()).isPositive();
        analyst.postInvalid("/api/v1/query", Map.of("maxRows", 3)).problem(400, "INVALID_INPUT");
        analyst.postInvalid("/api/v1/query", Map.of("sql", "SELECT 1", "maxRows", "many")).problem(400, "INVALID_INPUT");
        analyst.postInvalid("/api/v1/query", "[1, 2]").problem(400, "INVALID_INPUT");
    }
}
