package io.assay.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Many clients at once, the concurrent-query limit (429), and timeouts (408): per request and the server's. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LimitsTest {

    /** Never finishes on its own (10^12 rows): only a timeout or a cancel ends it. */
    static final String ENDLESS = "SELECT sum(a.range * b.range) AS s FROM range(1000000) a CROSS JOIN range(1000000) b";

    private TestServer server;
    private TestServer single;
    private Api analyst;

    @BeforeAll
    void start(@TempDir Path dir) {
        server = TestServer.start(dir.resolve("data"));
        analyst = server.user("lee", "analyst");
        analyst.uploadRaw("filename=stocks.csv&name=stocks&wait=true", TestServer.shared("vega/stocks.csv"), "text/csv").expect(201);
        single = TestServer.start(dir.resolve("single"), Map.of("limits.concurrent-queries", "1", "query.timeout", "4s"));
    }

    @AfterAll
    void stop() {
        for (TestServer s : new TestServer[] {server, single}) {
            if (s != null) {
                s.close();
            }
        }
    }

    @Test
    void sixteenClientsAtOnceAllSucceed() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<List<Long>>> clients = new ArrayList<>();
            for (int c = 0; c < 16; c++) {
                int client = c;
                clients.add(pool.submit(() -> {
                    List<Long> answers = new ArrayList<>();
                    for (int i = 0; i < 4; i++) {
                        JsonNode r = analyst.post("/api/v1/query", Map.of("sql", "SELECT count(*) + ? AS n FROM stocks WHERE price > ?",
                                "params", List.of(client * 100 + i, i))).expect(200).json();
                        answers.add(r.path("rows").get(0).get(0).asLong() - (client * 100L + i));
                    }
                    return answers;
                }));
            }
            List<Long> expected = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                expected.add(analyst.post("/api/v1/query", Map.of("sql", "SELECT count(*) AS n FROM stocks WHERE price > " + i))
                        .expect(200).json().path("rows").get(0).get(0).asLong());
            }
            for (Future<List<Long>> f : clients) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRequestTimeoutEndsASlowQueryWith408() {
        JsonNode p = server.admin().post("/api/v1/query", Map.of("sql", ENDLESS, "timeoutMs", 200)).problem(408, "TIMEOUT");
        assertThat(p.path("type").asText()).isEqualTo("https://assay.dev/problems/timeout");
        assertThat(p.path("hint").asText()).isNotBlank();
        // The server is free again at once.
        server.admin().post("/api/v1/query", Map.of("sql", "SELECT 1")).expect(200);
    }

    @Test
    void overTheConcurrencyLimitA429WithRetryAfterAndTheServerTimeoutHolds() throws Exception {
        Api admin = single.admin();
        CompletableFuture<Api.Res> slow = CompletableFuture.supplyAsync(() -> admin.post("/api/v1/query", Map.of("sql", ENDLESS)));
        // Wait until the slow query holds the only slot.
        awaitRunning(single);
        Api.Res refused = admin.post("/api/v1/query", Map.of("sql", "SELECT 2 AS two"));
        JsonNode p = refused.problem(429, "LIMIT_EXCEEDED");
        assertThat(p.path("type").asText()).isEqualTo("https://assay.dev/problems/too-many-requests");
        assertThat(refused.header("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isPositive());
        assertThat(p.path("details").path("limit").asText()).isEqualTo("concurrent-queries");
        // query.timeout = 4s ends the slow one, which asked for no timeout of its own.
        slow.get(60, TimeUnit.SECONDS).problem(408, "TIMEOUT");
        // A request cannot ask for more than the server allows.
        admin.post("/api/v1/query", Map.of("sql", ENDLESS, "timeoutMs", 3_600_000)).problem(408, "TIMEOUT");
        admin.post("/api/v1/query", Map.of("sql", "SELECT 2 AS two")).expect(200);
        JsonNode info = single.anonymous().get("/api/v1/info").expect(200).json().path("limits");
        assertThat(info.path("maxConcurrentQueries").asInt()).isEqualTo(1);
        assertThat(info.path("queryTimeoutMs").asLong()).isEqualTo(4000);
    }

    /** Polls the running-queries gauge of the metrics until a query runs. */
    static void awaitRunning(TestServer s) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            String metrics = s.admin().get("/metrics").expect(200).text();
            if (metrics.lines().anyMatch(l -> l.startsWith("assay_queries_running") && !l.endsWith(" 0.0"))) {
                return;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("no query started");
    }
}
