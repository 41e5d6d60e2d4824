package io.assay.platform.query;

import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.platform.workspace.Internals;
import io.assay.platform.TestWarehouse;
import io.assay.platform.export.ResultFormat;
import io.assay.platform.export.ResultWriter;
import io.assay.platform.export.TextTableWriter;
import io.assay.platform.task.TaskContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryServiceTest {

    private static final String SAMPLE = "SELECT * FROM (VALUES (1, 'plain', 2.5, DATE '2024-01-02'), "
            + "(2, 'with, comma and \"quote\"', NULL, NULL)) t(id, label, score, day) ORDER BY id";

    @TempDir
    Path dir;
    private Internals assay;

    @BeforeEach
    void open() {
        assay = TestWarehouse.open(dir.resolve("data"));
    }

    @AfterEach
    void close() {
        assay.close();
    }

    private String run(String sql, ResultFormat format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assay.queries().run(QueryRequest.of(sql), ResultWriter.of(format), out, TaskContext.silent());
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    @org.junit.jupiter.api.Timeout(120) // guards against a hang (the bug this shows), not a speed bound
    void aCancelThatComesBeforeTheStatementStartsStillStopsIt() {
        // Ctrl-C pressed while the command was still starting: the task is cancelled before its statement runs.
        TaskContext ctx = TaskContext.silent();
        ctx.cancel();
        assertThatThrownBy(() -> assay.queries().run(QueryRequest.of("SELECT count(*) FROM range(100000000000) WHERE range % 7 = 1"),
                ResultWriter.of(ResultFormat.CSV), new ByteArrayOutputStream(), ctx))
                .isInstanceOfSatisfying(AssayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
    }

    @Test
    void writesCsv() {
        assertThat(run(SAMPLE, ResultFormat.CSV)).isEqualTo(
                "id,label,score,day\r\n1,plain,2.5,2024-01-02\r\n2,\"with, comma and \"\"quote\"\"\",,\r\n");
    }

    @Test
    void writesJsonAndNdjson() {
        assertThat(run(SAMPLE, ResultFormat.JSON)).isEqualTo("[{\"id\":1,\"label\":\"plain\",\"score\":2.5,\"day\":\"2024-01-02\"},"
                + "{\"id\":2,\"label\":\"with, comma and \\\"quote\\\"\",\"score\":null,\"day\":null}]\n");
        assertThat(run(SAMPLE, ResultFormat.NDJSON).lines()).hasSize(2).allSatisfy(l -> assertThat(l).startsWith("{\"id\":"));
    }

    @Test
    void writesATableWithTypesAndACount() {
        String table = run(SAMPLE, ResultFormat.TABLE);
        assertThat(table.lines().toList().get(0)).contains("id").contains("label").contains("score").contains("day");
        assertThat(table.lines().toList().get(1)).contains("integer").contains("varchar").contains("date");
        assertThat(table).contains("(2 rows)").contains("∅");
    }

    @Test
    void capsRowsAndSaysThereIsMore() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        QueryOutcome o = assay.queries().run(new QueryRequest("SELECT * FROM range(500)", Optional.empty(), OptionalLong.of(10)),
                new TextTableWriter(100), out, TaskContext.silent());
        assertThat(o.rows()).isEqualTo(10);
        assertThat(o.truncated()).isTrue();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("more rows exist");
    }

    @Test
    void exportsFilesInTheEngineAtomically() throws Exception {
        Path parquet = dir.resolve("out.parquet");
        QueryOutcome o = assay.queries().export(QueryRequest.of("SELECT range AS x FROM range(1000)"), parquet,
                ResultFormat.PARQUET, TaskContext.silent());
        assertThat(o.rows()).isEqualTo(1000);
        assertThat(Files.readAllBytes(parquet)).startsWith("PAR1".getBytes(StandardCharsets.US_ASCII));
        Path csv = dir.resolve("out.csv");
        assay.queries().export(new QueryRequest(SAMPLE, Optional.empty(), OptionalLong.of(1)), csv, ResultFormat.CSV,
                TaskContext.silent());
        assertThat(Files.readString(csv)).startsWith("id,label,score,day").contains("plain").doesNotContain("quote");
        Path json = dir.resolve("out.json");
        assay.queries().export(QueryRequest.of(SAMPLE), json, ResultFormat.JSON, TaskContext.silent());
        assertThat(Files.readString(json)).startsWith("[{\"id\":1");
        // A failing export leaves no file, not even a partial one.
        Path bad = dir.resolve("bad.csv");
        assertThatThrownBy(() -> assay.queries().export(QueryRequest.of("SELECT * FROM missing"), bad, ResultFormat.CSV,
                TaskContext.silent())).isInstanceOf(AssayException.class);
        assertThat(dir).isDirectoryNotContaining(p -> p.getFileName().toString().contains("bad.csv"));
        // Capped, the query is wrapped: a trailing line comment must not swallow the wrapper's end.
        Path commented = dir.resolve("commented.csv");
        assay.queries().export(new QueryRequest("SELECT range AS x FROM range(10) -- the first ten", Optional.empty(), OptionalLong.of(3)),
                commented, ResultFormat.CSV, TaskContext.silent());
        assertThat(Files.readAllLines(commented)).containsExactly("x", "0", "1", "2");
    }

    @Test
    void honoursTheTimeout() {
        QueryRequest slow = new QueryRequest("SELECT count(*) FROM range(100000000000) WHERE range % 7 = 1",
                Optional.of(Duration.ofMillis(200)), OptionalLong.empty());
        assertThatThrownBy(() -> assay.queries().run(slow, ResultWriter.of(ResultFormat.CSV), new ByteArrayOutputStream(),
                TaskContext.silent())).isInstanceOfSatisfying(AssayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT));
    }

    @Test
    void explainsEmptyAndWrongSql() {
        assertThatThrownBy(() -> run("  ;  ", ResultFormat.CSV)).hasMessageContaining("empty");
        assertThatThrownBy(() -> run("SELECT * FROM nowhere", ResultFormat.CSV))
                .isInstanceOfSatisfying(AssayException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
                    assertThat(e.getMessage()).contains("nowhere");
                });
        assertThat(run("SELECT 1 AS x;", ResultFormat.CSV)).isEqualTo("x\r\n1\r\n");
    }
}
