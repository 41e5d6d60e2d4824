package io.assay.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SQL that reaches outside the datasets a viewer may read is refused with 403 before it runs,
 * nothing it names is created, and each refusal is in the audit log; an admin may run the harmless ones.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileSqlTest {

    private TestServer server;
    private Api viewer;
    private Path scratch;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        server = TestServer.start(dir.resolve("data"));
        viewer = server.user("val", "viewer");
        Path csv = dir.resolve("shop.csv");
        Files.writeString(csv, "item,price\napple,1\npear,2\n", StandardCharsets.UTF_8);
        server.admin().uploadRaw("filename=shop.csv&name=granted&wait=true", csv, "text/csv").expect(201);
        server.admin().uploadRaw("filename=shop.csv&name=hidden&wait=true", csv, "text/csv").expect(201);
        server.admin().put("/api/v1/datasets/granted/grants/val", Map.of("access", "read")).expect(200);
        scratch = Files.createDirectories(dir.resolve("scratch"));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** The hostile SQL; {@code SCRATCH} stands for a folder the test watches, so nothing lands in /tmp. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "SELECT * FROM read_csv('/etc/passwd')",
            "SELECT * FROM '/etc/passwd'",
            "COPY (SELECT 1) TO 'SCRATCH/x.csv'",
            "ATTACH 'SCRATCH/x.db' AS x",
            "INSTALL httpfs",
            "LOAD httpfs",
            "PRAGMA database_list",
            "SET threads = 1",
            "SELECT getenv('HOME')",
            "SELECT * FROM glob('/*')",
            "SELECT * FROM read_text('/etc/hostname')",
            "SELECT * FROM duckdb_settings()",
            "SELECT * FROM assay_meta.datasets",
            "SELECT * FROM information_schema.tables",
            "CREATE TABLE t AS SELECT 1",
            "DROP TABLE granted",
            "SELECT 1; DROP TABLE granted",
            "WITH x AS (SELECT 1) SELECT * FROM hidden",
            "EXPORT DATABASE 'SCRATCH/export'",
            "CALL pragma_version()"})
    void aViewerIsRefusedAndNothingIsMade(String template) throws Exception {
        String sql = template.replace("SCRATCH", scratch.toString());
        long deniedBefore = denied(sql);
        JsonNode p = viewer.post("/api/v1/query", Map.of("sql", sql)).problem(403, "FORBIDDEN");
        assertThat(p.path("type").asText()).isEqualTo("https://assay.dev/problems/forbidden");
        assertThat(p.path("detail").asText()).as("says why").contains("may not run for val (viewer): ");
        assertThat(p.path("hint").asText()).isNotBlank();
        try (var files = Files.list(scratch)) {
            assertThat(files.toList()).as("files made by " + sql).isEmpty();
        }
        assertThat(denied(sql)).as("denied audit records of " + sql).isEqualTo(deniedBefore + 1);
        // The granted dataset is intact.
        JsonNode rows = viewer.post("/api/v1/query", Map.of("sql", "SELECT count(*) FROM granted")).expect(200).json();
        assertThat(rows.path("rows").get(0).get(0).asLong()).isEqualTo(2);
        // Not as a job either.
        JsonNode job = viewer.post("/api/v1/query/jobs", Map.of("sql", sql)).expect(202).json();
        JsonNode done = viewer.awaitJob(job.path("id").asText());
        assertThat(done.path("status").asText()).isEqualTo("failed");
        assertThat(done.path("error").path("code").asText()).isEqualTo("FORBIDDEN");
        // Nor as a file export.
        viewer.post("/api/v1/query", Map.of("sql", sql, "format", "parquet")).problem(403, "FORBIDDEN");
        try (var files = Files.list(scratch)) {
            assertThat(files.toList()).isEmpty();
        }
    }

    private long denied(String sql) {
        JsonNode items = server.admin().get("/api/v1/audit?actor=val&outcome=denied&limit=500").expect(200).json().path("items");
        long n = 0;
        for (JsonNode r : items) {
            if (r.path("sql").asText().equals(sql) && r.path("action").asText().equals("query.run")) {
                n++;
            }
        }
        return n;
    }

    @Test
    void anAdminMayRunTheHarmlessOnes() {
        // (DuckDB's getenv belongs to its shell, not the library: unknown here even to an admin.)
        Api admin = server.admin();
        for (String sql : List.of("SELECT current_setting('threads') AS threads", "SELECT * FROM information_schema.tables",
                "SELECT * FROM duckdb_settings()", "PRAGMA database_list", "CALL pragma_version()", "SELECT * FROM hidden")) {
            admin.post("/api/v1/query", Map.of("sql", sql)).expect(200);
        }
    }

    @Test
    void aSyntaxErrorIs400WithTheLineAndColumn() {
        JsonNode p = viewer.post("/api/v1/query", Map.of("sql", "SELECT item\nFROM granted WHERE WHERE price > 1")).problem(400, "INVALID_INPUT");
        assertThat(p.path("details").path("line").asInt()).isEqualTo(2);
        assertThat(p.path("details").path("column").asInt()).isPositive();
        assertThat(p.path("detail").asText()).containsIgnoringCase("syntax");
    }
}
