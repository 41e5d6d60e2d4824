package io.assay.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An engine error in SQL whose result is kept (the web page's queries run so, as jobs) speaks of the SQL the caller
 * wrote, at its line and column, never of the statement Assay wrapped around it to keep the rows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqlErrorPlaceTest {

    private TestServer server;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        server = TestServer.start(dir.resolve("data"));
        Path csv = java.nio.file.Files.writeString(dir.resolve("days.csv"), "n,weather\n1,sun\n2,rain\n");
        server.admin().uploadRaw("filename=days.csv&name=days&wait=true", csv, "text/csv").expect(201);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private JsonNode failedJob(String sql) {
        Api admin = server.admin();
        JsonNode job = admin.post("/api/v1/query/jobs", Map.of("sql", sql)).expect(202).json();
        JsonNode done = admin.awaitJob(job.path("id").asText());
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("failed");
        JsonNode error = done.path("error");
        assertThat(error.toString()).as("no trace of the wrapper").doesNotContain("CREATE TABLE").doesNotContain("SELECT * FROM (")
                .doesNotContain("results\\\"").doesNotContain("^");
        return error;
    }

    @Test
    void anErrorOnTheFirstLineIsPlacedInTheCallersSql() {
        JsonNode error = failedJob("SELECT 1 + 'a' FROM days");
        assertThat(error.path("code").asText()).isEqualTo("INVALID_INPUT");
        assertThat(error.path("detail").asText()).contains("(at line 1, column 10 of the SQL)");
        assertThat(error.path("details").path("line").asInt()).isEqualTo(1);
        assertThat(error.path("details").path("column").asInt()).isEqualTo(10);
    }

    @Test
    void anErrorOnALaterLineKeepsItsLineAndColumn() {
        JsonNode error = failedJob("SELECT weather,\n  count(*) AS total\nFROM days\nGROUP BY weather ORDER BY totl");
        assertThat(error.path("detail").asText()).contains("totl").contains("(at line 4, column 27 of the SQL)");
        assertThat(error.path("details").path("line").asInt()).isEqualTo(4);
        assertThat(error.path("details").path("column").asInt()).isEqualTo(27);
    }
}
