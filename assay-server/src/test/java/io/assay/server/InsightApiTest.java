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

/** POST /api/v1/datasets/{name}/anomalies: an anomaly question over HTTP, governed like any read. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InsightApiTest {

    private TestServer server;
    private Api admin;

    @BeforeAll
    void start(@TempDir Path dir) {
        server = TestServer.start(dir.resolve("data"));
        admin = server.admin();
        admin.uploadRaw("filename=seattle-weather.csv&name=weather&wait=true", TestServer.shared("vega/seattle-weather.csv"), "text/csv")
                .expect(201);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void answersTheSeriesAndItsAnomaliesWithExpectedValuesAndContributors() {
        JsonNode a = admin.post("/api/v1/datasets/weather/anomalies", Map.of("timeColumn", "date", "measure", "precipitation",
                "aggregate", "sum", "grain", "week", "breakdown", List.of("weather"), "maxAnomalies", 3)).expect(200).json();
        assertThat(a.path("dataset").asText()).isEqualTo("weather");
        assertThat(a.path("grain").asText()).isEqualTo("week");
        assertThat(a.path("measure").asText()).contains("precipitation");
        assertThat(a.path("buckets").asInt()).isBetween(200, 215); // four years of weeks
        assertThat(a.path("anomalies").size()).isBetween(1, 3);
        for (JsonNode x : a.path("anomalies")) {
            assertThat(x.path("value").isNumber()).isTrue();
            assertThat(x.path("expected").isNumber()).isTrue();
            assertThat(x.path("score").asDouble()).isNotZero();
        }
        JsonNode filtered = admin.post("/api/v1/datasets/weather/anomalies", Map.of("timeColumn", "date", "grain", "month",
                "filter", List.of(Map.of("column", "weather", "op", "=", "value", "rain")))).expect(200).json();
        assertThat(filtered.path("measure").asText()).isEqualTo("rows");
        assertThat(filtered.path("buckets").asInt()).isBetween(40, 48);
    }

    @Test
    void findsColumnsOnlyInDatasetsTheCallerMayRead() {
        JsonNode found = admin.get("/api/v1/columns?q=temp").expect(200).json().path("items");
        assertThat(found).extracting(c -> c.path("column").asText()).containsExactly("temp_max", "temp_min");
        assertThat(found.get(0).path("dataset").asText()).isEqualTo("weather");
        assertThat(admin.get("/api/v1/columns?type=temporal").expect(200).json().path("items"))
                .extracting(c -> c.path("column").asText()).containsExactly("date");
        Api stranger = server.user("stan", "viewer");
        assertThat(stranger.get("/api/v1/columns?q=temp").expect(200).json().path("items")).isEmpty();
    }

    @Test
    void isGovernedAndChecksItsArguments() {
        Api viewer = server.user("val", "viewer");
        viewer.post("/api/v1/datasets/weather/anomalies", Map.of()).problem(404, "NOT_FOUND");
        admin.put("/api/v1/datasets/weather/grants/val", Map.of("access", "read")).expect(200);
        viewer.post("/api/v1/datasets/weather/anomalies", Map.of("grain", "month")).expect(200);
        // The document refuses it too: sent without the client's check, the server answers 400 naming the parameter.
        JsonNode grain = admin.postInvalid("/api/v1/datasets/weather/anomalies", Map.of("grain", "fortnight")).problem(400, "INVALID_INPUT");
        assertThat(grain.path("details").path("parameter").asText()).isEqualTo("grain");
        JsonNode column = admin.post("/api/v1/datasets/weather/anomalies", Map.of("measure", "no_such_column")).problem(400, "INVALID_INPUT");
        assertThat(column.path("detail").asText()).contains("no_such_column");
        assertThat(server.ws.audit().find(new io.assay.platform.audit.AuditService.Filter(java.util.Optional.of("val"),
                java.util.Optional.of("insight.anomalies"), java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.empty()), java.util.OptionalLong.empty(), 10)).isNotEmpty();
    }
}
