package io.assay.server;

import io.assay.engine.AssayException;
import io.assay.platform.config.ConfigLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A Prometheus server scrapes {@code /metrics} with a token of its own (setting {@code server.metrics-token}) instead of
 * holding an admin's credential: the token opens the metrics and nothing else, and is never written to the audit log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsTokenTest {

    private static final String SCRAPE = "0123456789abcdef0123456789abcdef-scrape";

    private TestServer server;

    @BeforeAll
    void start(@TempDir Path dir) {
        server = TestServer.start(dir.resolve("data"), Map.of("server.metrics-token", SCRAPE));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void theScrapeTokenReadsTheMetricsAndNothingElse() {
        Api scraper = server.as(SCRAPE);
        Api.Res metrics = scraper.get("/metrics").expect(200);
        assertThat(metrics.contentType()).startsWith("text/plain");
        assertThat(metrics.text()).contains("jvm_memory_used_bytes");

        scraper.get("/api/v1/datasets").problem(401, "UNAUTHORIZED");
        scraper.get("/api/v1/audit").problem(401, "UNAUTHORIZED");
        scraper.post("/api/v1/query", Map.of("sql", "SELECT 1")).problem(401, "UNAUTHORIZED");
        // A near miss is no scrape token, and an admin still reads the metrics with its own token.
        server.as(SCRAPE.substring(0, SCRAPE.length() - 1) + "X").get("/metrics").problem(401, "UNAUTHORIZED");
        server.anonymous().get("/metrics").problem(401, "UNAUTHORIZED");
        server.admin().get("/metrics").expect(200);
        assertThat(server.user("vic", "viewer").get("/metrics").status()).isEqualTo(403);
        assertThat(server.admin().get("/api/v1/audit?limit=500").text()).doesNotContain(SCRAPE);
    }

    @Test
    void aShortTokenIsRefusedWhenTheConfigurationLoadsWithoutSayingIt() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("ASSAY_SERVER_METRICS_TOKEN", "guessable"), Optional.empty(), Map.of()))
                .isInstanceOfSatisfying(AssayException.class, e -> {
                    assertThat(e.getMessage()).contains("server.metrics-token").contains("9 characters").doesNotContain("guessable");
                    assertThat(e.details()).containsEntry("parameter", "server.metrics-token");
                });
        assertThat(ConfigLoader.load(Map.of("ASSAY_SERVER_METRICS_TOKEN", SCRAPE), Optional.empty(), Map.of()).server().toString())
                .doesNotContain(SCRAPE);
    }
}
