package io.assay.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit log over HTTP: what a query leaves, the filters, paging and the CSV export. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditTest {

    private TestServer server;
    private Api admin;
    private Api analyst;

    @BeforeAll
    void start(@TempDir Path dir) {
        server = TestServer.start(dir.resolve("data"));
        admin = server.admin();
        analyst = server.user("aud", "analyst");
        analyst.uploadRaw("filename=stocks.csv&name=stocks&wait=true", TestServer.shared("vega/stocks.csv"), "text/csv").expect(201);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aQueryLeavesARecordWithWhoWhatHowManyAndHowLong() {
        String sql = "SELECT symbol FROM stocks WHERE price > 100 LIMIT 7";
        Api.Res r = analyst.post("/api/v1/query", Map.of("sql", sql)).expect(200);
        String requestId = r.header("X-Request-Id").orElseThrow();
        JsonNode items = admin.get("/api/v1/audit?actor=aud&action=query.run").expect(200).json().path("items");
        JsonNode record = null;
        for (JsonNode i : items) {
            if (i.path("sql").asText().equals(sql)) {
                record = i;
            }
        }
        assertThat(record).as("audit record of " + sql + " in " + items).isNotNull();
        assertThat(record.path("actor").asText()).isEqualTo("aud");
        assertThat(record.path("actorKind").asText()).isEqualTo("token");
        assertThat(record.path("action").asText()).isEqualTo("query.run");
        assertThat(record.path("rows").asLong()).isEqualTo(7);
        assertThat(record.path("durationMs").isIntegralNumber()).isTrue();
        assertThat(record.path("outcome").asText()).isEqualTo("ok");
        assertThat(record.path("requestId").asText()).isEqualTo(requestId);
        assertThat(record.path("remoteAddress").asText()).isNotBlank();
    }

    @Test
    void filtersByActorActionAndOutcome() {
        // An unknown table is refused as not readable (a name's existence is not revealed); a conversion fails in the engine.
        analyst.post("/api/v1/query", Map.of("sql", "SELECT * FROM nowhere_at_all")).problem(403, "FORBIDDEN");
        assertThat(analyst.post("/api/v1/query", Map.of("sql", "SELECT CAST(symbol AS INTEGER) AS broken FROM stocks")).status()).isIn(400, 502);
        analyst.post("/api/v1/query", Map.of("sql", "SELECT * FROM read_csv('/etc/passwd')")).problem(403, "FORBIDDEN");
        admin.post("/api/v1/query", Map.of("sql", "SELECT 1 AS by_admin")).expect(200);

        for (JsonNode i : admin.get("/api/v1/audit?actor=aud").expect(200).json().path("items")) {
            assertThat(i.path("actor").asText()).isEqualTo("aud");
        }
        JsonNode denied = admin.get("/api/v1/audit?actor=aud&outcome=denied").expect(200).json().path("items");
        assertThat(denied.size()).isPositive();
        for (JsonNode i : denied) {
            assertThat(i.path("outcome").asText()).isEqualTo("denied");
        }
        assertThat(denied.toString()).contains("/etc/passwd");
        JsonNode errors = admin.get("/api/v1/audit?actor=aud&outcome=error").expect(200).json().path("items");
        assertThat(errors.toString()).contains("broken").doesNotContain("nowhere_at_all");
        assertThat(denied.toString()).contains("nowhere_at_all");
        JsonNode imports = admin.get("/api/v1/audit?action=dataset.import").expect(200).json().path("items");
        assertThat(imports.size()).isPositive();
        for (JsonNode i : imports) {
            assertThat(i.path("action").asText()).isEqualTo("dataset.import");
        }
        JsonNode byAdmin = admin.get("/api/v1/audit?actor=admin&action=query.run").expect(200).json().path("items");
        assertThat(byAdmin.toString()).contains("by_admin").doesNotContain("broken");
        JsonNode none = admin.get("/api/v1/audit?actor=nobody-at-all").expect(200).json();
        assertThat(none.path("items").size()).isZero();
        assertThat(none.path("nextCursor").isNull()).isTrue();
        admin.get("/api/v1/audit?from=yesterday").problem(400, "INVALID_INPUT");
    }

    @Test
    void pagesWithACursorNewestFirst() {
        for (int i = 0; i < 5; i++) {
            analyst.post("/api/v1/query", Map.of("sql", "SELECT " + i + " AS page_test")).expect(200);
        }
        JsonNode first = admin.get("/api/v1/audit?actor=aud&action=query.run&limit=2").expect(200).json();
        assertThat(first.path("items").size()).isEqualTo(2);
        String cursor = first.path("nextCursor").asText();
        JsonNode second = admin.get("/api/v1/audit?actor=aud&action=query.run&limit=2&cursor=" + Api.q(cursor)).expect(200).json();
        long lastOfFirst = first.path("items").get(1).path("id").asLong();
        assertThat(second.path("items").get(0).path("id").asLong()).isLessThan(lastOfFirst);
        assertThat(first.path("items").get(0).path("id").asLong()).isGreaterThan(lastOfFirst);
    }

    @Test
    void exportsCsvWithAHeader() {
        Api.Res csv = admin.get("/api/v1/audit?format=csv&actor=aud");
        csv.expect(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        List<String> lines = csv.text().lines().toList();
        assertThat(lines.get(0)).startsWith("id,at,actor,actor_id,token_id,actor_kind,action");
        assertThat(lines.size()).isGreaterThan(1);
        for (String l : lines.subList(1, lines.size())) {
            if (!l.startsWith("\"") && l.matches("^\\d+,.*")) {
                assertThat(l.split(",")[2]).isEqualTo("aud");
            }
        }
        assertThat(csv.text()).contains("query.run");
    }
}
