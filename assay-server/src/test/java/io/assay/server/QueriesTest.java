package io.assay.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Queries: the JSON shape, every download format, parameters, caps, paging, query jobs, the cache and its metrics. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueriesTest {

    private static final String ALL = "SELECT * FROM stocks ORDER BY symbol, date";
    private TestServer server;
    private Api analyst;

    @BeforeAll
    void start(@TempDir Path dir) {
        server = TestServer.start(dir.resolve("data"));
        analyst = server.user("quinn", "analyst");
        analyst.uploadRaw("filename=stocks.csv&name=stocks&wait=true", TestServer.shared("vega/stocks.csv"), "text/csv").expect(201);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anAdminsStatementWithoutRowsAnswersTheRowsItChanged() {
        Api admin = server.admin();
        JsonNode made = admin.post("/api/v1/query", Map.of("sql", "CREATE TABLE scratch_counts AS SELECT * FROM range(4) t(i)")).expect(200).json();
        assertThat(made.path("columns").get(0).path("name").asText()).isEqualTo("count");
        JsonNode deleted = admin.post("/api/v1/query", Map.of("sql", "DELETE FROM scratch_counts WHERE i < 3")).expect(200).json();
        assertThat(deleted.path("rows").get(0).get(0).asLong()).isEqualTo(3);
        admin.post("/api/v1/query", Map.of("sql", "DROP TABLE scratch_counts")).expect(200);
    }

    @Test
    void aJsonResultHasColumnsRowsAndCounts() {
        JsonNode r = analyst.post("/api/v1/query", Map.of("sql", "SELECT symbol, count(*) AS n, max(price) AS top FROM stocks GROUP BY symbol ORDER BY symbol"))
                .expect(200).json();
        assertThat(r.path("columns").get(0).path("name").asText()).isEqualTo("symbol");
        assertThat(r.path("columns").get(0).path("type").asText()).isEqualTo("VARCHAR");
        assertThat(r.path("columns").get(1).path("type").asText()).isEqualTo("BIGINT");
        assertThat(r.path("rowCount").asLong()).isEqualTo(5);
        assertThat(r.path("rows").size()).isEqualTo(5);
        assertThat(r.path("rows").get(0).get(0).asText()).isEqualTo("AAPL");
        assertThat(r.path("rows").get(0).get(1).asLong()).isEqualTo(123);
        assertThat(r.path("truncated").asBoolean()).isFalse();
        assertThat(r.path("elapsedMs").asLong()).isNotNegative();
        assertThat(r.path("nextCursor").isNull()).isTrue();
    }

    @Test
    void everyFormatByTheFormatFieldAndByAccept() {
        Map<String, String> accept = Map.of("csv", "text/csv", "ndjson", "application/x-ndjson", "parquet", "application/vnd.apache.parquet",
                "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        for (String format : List.of("csv", "ndjson", "parquet", "xlsx")) {
            Api.Res byField = analyst.post("/api/v1/query", Map.of("sql", ALL, "format", format)).expect(200);
            Api.Res byAccept = analyst.post("/api/v1/query", Map.of("sql", ALL), accept.get(format)).expect(200);
            for (Api.Res r : List.of(byField, byAccept)) {
                assertThat(r.contentType()).as(format).startsWith(accept.get(format));
                assertThat(r.header("Content-Disposition")).as(format).hasValueSatisfying(h -> assertThat(h).contains("attachment").contains("." + format));
                byte[] b = r.bytes();
                switch (format) {
                    case "csv" -> {
                        List<String> lines = r.text().lines().toList();
                        assertThat(lines.get(0)).isEqualTo("symbol,date,price");
                        assertThat(lines).hasSize(561);
                    }
                    case "ndjson" -> {
                        List<String> lines = r.text().lines().toList();
                        assertThat(lines).hasSize(560);
                        assertThat(lines.get(0)).startsWith("{").contains("\"symbol\":\"AAPL\"");
                    }
                    case "parquet" -> {
                        assertThat(new String(Arrays.copyOfRange(b, 0, 4), StandardCharsets.US_ASCII)).isEqualTo("PAR1");
                        assertThat(new String(Arrays.copyOfRange(b, b.length - 4, b.length), StandardCharsets.US_ASCII)).isEqualTo("PAR1");
                    }
                    default -> assertThat(new String(Arrays.copyOfRange(b, 0, 2), StandardCharsets.US_ASCII)).isEqualTo("PK");
                }
            }
        }
        analyst.postInvalid("/api/v1/query", Map.of("sql", ALL, "format", "yaml")).problem(400, "INVALID_INPUT");
    }

    @Test
    void parametersAreBound() {
        JsonNode r = analyst.post("/api/v1/query", Map.of("sql", "SELECT count(*) AS n FROM stocks WHERE symbol = ? AND price > ?",
                "params", List.of("MSFT", 30))).expect(200).json();
        long bound = r.path("rows").get(0).get(0).asLong();
        JsonNode literal = analyst.post("/api/v1/query", Map.of("sql", "SELECT count(*) AS n FROM stocks WHERE symbol = 'MSFT' AND price > 30"))
                .expect(200).json();
        assertThat(bound).isEqualTo(literal.path("rows").get(0).get(0).asLong()).isPositive();
        // A parameter is a value, never SQL.
        JsonNode injected = analyst.post("/api/v1/query", Map.of("sql", "SELECT count(*) AS n FROM stocks WHERE symbol = ?",
                "params", List.of("MSFT' OR '1'='1"))).expect(200).json();
        assertThat(injected.path("rows").get(0).get(0).asLong()).isZero();
    }

    @Test
    void maxRowsTruncates() {
        JsonNode r = analyst.post("/api/v1/query", Map.of("sql", ALL, "maxRows", 10)).expect(200).json();
        assertThat(r.path("rowCount").asLong()).isEqualTo(10);
        assertThat(r.path("rows").size()).isEqualTo(10);
        assertThat(r.path("truncated").asBoolean()).isTrue();
    }

    @Test
    void pageSizeKeepsTheResultAndPagesThroughItAll() {
        JsonNode first = analyst.post("/api/v1/query", Map.of("sql", ALL, "pageSize", 150)).expect(200).json();
        String resultId = first.path("resultId").asText();
        assertThat(resultId).isNotBlank();
        assertThat(first.path("rowCount").asLong()).isEqualTo(150);
        assertThat(first.path("totalRows").asLong()).isEqualTo(560);
        long seen = first.path("rows").size();
        String cursor = first.path("nextCursor").asText(null);
        String lastDate = null;
        int pages = 1;
        while (cursor != null) {
            JsonNode page = analyst.get("/api/v1/results/" + resultId + "?limit=150&cursor=" + Api.q(cursor)).expect(200).json();
            assertThat(page.path("offset").asLong()).isEqualTo(seen);
            seen += page.path("rows").size();
            lastDate = page.path("rows").get(page.path("rows").size() - 1).get(1).asText();
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
            pages++;
        }
        assertThat(seen).isEqualTo(560);
        assertThat(pages).isEqualTo(4);
        assertThat(lastDate).startsWith("2010-03-01");
        // Someone else cannot read the kept result.
        server.user("quill", "analyst").get("/api/v1/results/" + resultId).problem(404, "NOT_FOUND");
    }

    @Test
    void aQueryJobKeepsItsResultForPagingAndDownload() {
        Api.Res submitted = analyst.post("/api/v1/query/jobs", Map.of("sql", ALL)).expect(202);
        JsonNode job = submitted.json();
        assertThat(job.path("kind").asText()).isEqualTo("query");
        JsonNode done = analyst.awaitJob(job.path("id").asText());
        assertThat(done.path("status").asText()).isEqualTo("succeeded");
        String resultId = done.path("result").path("resultId").asText();
        assertThat(done.path("result").path("rows").asLong()).isEqualTo(560);
        assertThat(done.path("links").path("result").asText()).isEqualTo("/api/v1/results/" + resultId);
        JsonNode page = analyst.get("/api/v1/results/" + resultId + "?limit=500").expect(200).json();
        assertThat(page.path("rowCount").asLong()).isEqualTo(500);
        assertThat(page.path("totalRows").asLong()).isEqualTo(560);
        JsonNode last = analyst.get("/api/v1/results/" + resultId + "?limit=500&cursor=" + Api.q(page.path("nextCursor").asText())).expect(200).json();
        assertThat(last.path("rowCount").asLong()).isEqualTo(60);
        assertThat(last.path("nextCursor").isNull()).isTrue();
        Api.Res csv = analyst.get("/api/v1/results/" + resultId + "?format=csv").expect(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.text().lines().count()).isEqualTo(561);
        analyst.get("/api/v1/results/no-such-result").problem(404, "NOT_FOUND");
    }

    @Test
    void anExportJobWritesTheWholeResultToAFileToDownload() {
        JsonNode job = analyst.post("/api/v1/query/jobs", Map.of("sql", ALL, "format", "parquet")).expect(202).json();
        assertThat(job.path("kind").asText()).isEqualTo("export");
        JsonNode done = analyst.awaitJob(job.path("id").asText());
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("succeeded");
        assertThat(done.path("result").path("rows").asLong()).isEqualTo(560);
        assertThat(done.path("result").path("bytes").asLong()).isPositive();
        assertThat(done.path("links").path("result").asText()).isEqualTo("/api/v1/exports/" + job.path("id").asText());
        Api.Res file = analyst.get("/api/v1/exports/" + job.path("id").asText()).expect(200);
        assertThat(file.contentType()).startsWith("application/vnd.apache.parquet");
        assertThat(new String(file.bytes(), 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PAR1");
        assertThat(file.header("Content-Disposition").orElse("")).contains("attachment").contains(".parquet");

        JsonNode csv = analyst.awaitJob(analyst.post("/api/v1/query/jobs", Map.of("sql", ALL, "format", "csv")).expect(202).json().path("id").asText());
        assertThat(analyst.get("/api/v1/exports/" + csv.path("id").asText()).expect(200).text().lines().count()).isEqualTo(561);

        // Someone else's export is not there for another user; a query job is not an export.
        Api other = server.user("olga", "analyst");
        other.get("/api/v1/exports/" + job.path("id").asText()).problem(404, "NOT_FOUND");
        JsonNode queryJob = analyst.awaitJob(analyst.post("/api/v1/query/jobs", Map.of("sql", ALL)).expect(202).json().path("id").asText());
        analyst.get("/api/v1/exports/" + queryJob.path("id").asText()).problem(404, "NOT_FOUND");
    }

    @Test
    void theSecondIdenticalQueryIsCachedUntilTheDatasetChanges() {
        String sql = "SELECT symbol, avg(price) AS mean FROM stocks GROUP BY symbol ORDER BY symbol";
        double hitsBefore = metric("cache_gets_total", "cache=\"query-results\"", "result=\"hit\"");
        JsonNode first = analyst.post("/api/v1/query", Map.of("sql", sql)).expect(200).json();
        JsonNode second = analyst.post("/api/v1/query", Map.of("sql", sql)).expect(200).json();
        assertThat(first.path("cached").asBoolean()).isFalse();
        assertThat(second.path("cached").asBoolean()).isTrue();
        assertThat(second.path("rows")).isEqualTo(first.path("rows"));
        assertThat(metric("cache_gets_total", "cache=\"query-results\"", "result=\"hit\"")).isGreaterThanOrEqualTo(hitsBefore + 1);

        analyst.uploadRaw("filename=stocks.csv&name=stocks&mode=replace&wait=true", TestServer.shared("vega/stocks.csv"), "text/csv").expect(201);
        JsonNode after = analyst.post("/api/v1/query", Map.of("sql", sql)).expect(200).json();
        assertThat(after.path("cached").asBoolean()).as("after the dataset was replaced").isFalse();
        assertThat(analyst.post("/api/v1/query", Map.of("sql", sql)).expect(200).json().path("cached").asBoolean()).isTrue();

        String metrics = server.admin().get("/metrics").expect(200).text();
        assertThat(metrics).contains("http_server_requests_seconds_count{").contains("uri=\"/api/v1/query\"");
        assertThat(metric("http_server_requests_seconds_count", "method=\"POST\"", "uri=\"/api/v1/query\"")).isGreaterThanOrEqualTo(4);
        assertThat(metrics).contains("assay_queries_seconds_count");
    }

    /** The sum of a Prometheus metric's samples whose labels include all of {@code labels}. */
    private double metric(String name, String... labels) {
        String text = server.admin().get("/metrics").expect(200).text();
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)\\}\\s+(\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(text);
        double sum = 0;
        Map<String, Integer> seen = new HashMap<>();
        while (m.find()) {
            String l = m.group(1);
            if (Arrays.stream(labels).allMatch(l::contains)) {
                sum += Double.parseDouble(m.group(2));
                seen.merge(name, 1, Integer::sum);
            }
        }
        assertThat(seen).as("samples of %s %s in\n%s", name, Arrays.toString(labels), text.lines().filter(x -> x.startsWith(name)).toList())
                .isNotEmpty();
        return sum;
    }
}
