package io.assay.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Questions built without SQL over real HTTP: the SQL they make, their answers through the query pipeline, and refusals. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuestionsTest {

    private TestServer server;
    private Api ana;

    @BeforeAll
    void start(@TempDir Path dir) {
        server = TestServer.start(dir.resolve("data"));
        ana = server.user("ana", "analyst");
        ana.uploadMultipart("wait=true", "sales.csv", SavedChartsTest.SALES.getBytes(StandardCharsets.UTF_8), Map.of()).expect(201);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static Map<String, Object> question() {
        return Map.of("dataset", "sales",
                "dimensions", List.of(Map.of("column", "region")),
                "measures", List.of(Map.of("fn", "sum", "column", "amount"), Map.of("fn", "count")),
                "filters", List.of(Map.of("column", "day", "op", "between", "values", List.of("2025-01-01", "2025-01-02"))),
                "sort", List.of(Map.of("column", "sum_amount", "direction", "desc")),
                "limit", 2);
    }

    @Test
    void aQuestionMakesSqlWithBoundValuesAndRunsThroughTheQueryPipeline() {
        JsonNode sql = ana.post("/api/v1/questions/sql", Map.of("question", question())).expect(200).json();
        assertThat(sql.path("sql").asText()).startsWith("SELECT \"region\" AS \"region\", sum(\"amount\") AS \"sum_amount\", count(*) AS \"count\"")
                .contains("FROM \"sales\"", "WHERE \"day\" BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)", "GROUP BY \"region\"",
                        "ORDER BY \"sum_amount\" DESC", "LIMIT 2")
                .doesNotContain("2025-01-01");
        assertThat(sql.path("params").toString()).isEqualTo("[\"2025-01-01\",\"2025-01-02\"]");

        JsonNode run = ana.post("/api/v1/questions/run", Map.of("question", question())).expect(200).json();
        assertThat(run.path("columns").get(1).path("name").asText()).isEqualTo("sum_amount");
        assertThat(run.path("rows").size()).isEqualTo(2);
        assertThat(run.path("rows").get(0).get(0).asText()).isEqualTo("North");
        assertThat(run.path("rows").get(0).get(1).asDouble()).isEqualTo(30.0);
        assertThat(run.path("rows").get(0).get(2).asLong()).isEqualTo(2);

        // The SQL it made runs as it is in the SQL editor's route, with its parameters.
        JsonNode same = ana.post("/api/v1/query", Map.of("sql", sql.path("sql").asText(), "params", List.of("2025-01-01", "2025-01-02")))
                .expect(200).json();
        assertThat(same.path("rows")).isEqualTo(run.path("rows"));

        String csv = ana.post("/api/v1/questions/run", Map.of("question", question(), "format", "csv")).expect(200).text();
        assertThat(csv).startsWith("region,sum_amount,count");
        assertThat(server.admin().get("/api/v1/audit?action=query.run").expect(200).json().toString()).contains("question");
    }

    @Test
    void badQuestionsAndUnreadableDatasetsAreRefused() {
        JsonNode unknown = ana.post("/api/v1/questions/sql", Map.of("question", Map.of("dataset", "sales",
                "measures", List.of(Map.of("fn", "count"), Map.of("fn", "sum", "column", "amout"))))).problem(400, "INVALID_INPUT");
        assertThat(unknown.path("details").path("parameter").asText()).isEqualTo("measures[1].column");
        assertThat(unknown.path("detail").asText()).contains("unknown column 'amout'");
        JsonNode fn = ana.postInvalid("/api/v1/questions/run", Map.of("question", Map.of("dataset", "sales",
                "measures", List.of(Map.of("fn", "median", "column", "amount"))))).problem(400, "INVALID_INPUT");
        assertThat(fn.path("details").path("parameter").asText()).isEqualTo("measures[0].fn");
        ana.post("/api/v1/questions/sql", Map.of("question", Map.of("dataset", "no_such", "measures", List.of(Map.of("fn", "count")))))
                .problem(404, "NOT_FOUND");
        Api vic = server.user("vic", "viewer");
        vic.post("/api/v1/questions/run", Map.of("question", question())).problem(404, "NOT_FOUND");
        server.anonymous().post("/api/v1/questions/sql", Map.of("question", question())).problem(401, "UNAUTHORIZED");
    }
}
