package io.assay.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code assay serve} as a separate process: a kill -9 in the middle of an import leaves the dataset
 * as it was and the job failed after a restart; SIGTERM lets a running import finish before exiting.
 */
class ServeIT {

    @TempDir
    Path dir;

    /** Waits until the job reports the engine loading the file. */
    private void awaitLoading(ServerProcess s, String job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            JsonNode j = s.get("/api/v1/jobs/" + job);
            if (j.get("status").asText().equals("running") && j.get("progress").isObject()
                    && j.get("progress").get("stage").asText().startsWith("loading")) {
                return;
            }
            assertThat(j.get("status").asText()).as(j.toString()).isIn("queued", "running");
            Thread.sleep(20);
        }
        throw new AssertionError("the import never started loading");
    }

    private Cli prepared() throws Exception {
        Cli cli = new Cli(dir);
        Path small = dir.resolve("small.csv");
        Files.writeString(small, "id,label\n1,a\n2,b\n3,c\n");
        assertThat(cli.run("import", small.toString(), "--name", "t").status()).isZero();
        Cli.Result made = cli.run("query", "SELECT range AS id, 'label number ' || range AS label, range % 97 AS bucket, "
                + "range * 1.25 AS amount FROM range(10000000)", "--format", "csv", "--out", dir.resolve("big.csv").toString());
        assertThat(made.status()).as(made.toString()).isZero();
        return cli;
    }

    @Test
    void killedMidImportTheDatasetIsIntactAndTheJobFailedAfterRestart() throws Exception {
        Cli cli = prepared();
        ServerProcess first = ServerProcess.start(cli, dir, "first");
        String job = first.upload(dir.resolve("big.csv"), "t");
        awaitLoading(first, job);
        first.process.destroyForcibly();
        assertThat(first.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(first.process.exitValue()).isEqualTo(137);

        ServerProcess second = ServerProcess.start(cli, dir, "second");
        try {
            JsonNode j = second.get("/api/v1/jobs/" + job);
            assertThat(j.get("status").asText()).isEqualTo("failed");
            assertThat(j.get("error").get("detail").asText()).contains("stopped while this job ran");
            JsonNode rows = second.query("SELECT count(*) AS n, string_agg(label, '' ORDER BY id) AS labels FROM t");
            assertThat(rows.get("rows").get(0).get(0).asLong()).isEqualTo(3);
            assertThat(rows.get("rows").get(0).get(1).asText()).isEqualTo("abc");
            JsonNode stray = second.query("SELECT count(*) FROM information_schema.tables WHERE position('__assay' IN table_name) = 1");
            assertThat(stray.get("rows").get(0).get(0).asLong()).isZero();
            assertThat(second.get("/api/v1/datasets/t").get("rows").asLong()).isEqualTo(3);
            try (Stream<Path> left = Files.list(cli.dataDir().resolve("tmp/uploads"))) {
                assertThat(left.filter(p -> !p.getFileName().toString().equals("multipart"))).as("uploads left by the crash are cleared").isEmpty();
            }
        } finally {
            second.stop();
        }
    }

    @Test
    void sigtermLetsARunningImportFinish() throws Exception {
        Cli cli = prepared();
        ServerProcess first = ServerProcess.start(cli, dir, "first");
        String job = first.upload(dir.resolve("big.csv"), "t");
        awaitLoading(first, job);
        first.stop();

        ServerProcess second = ServerProcess.start(cli, dir, "second");
        try {
            assertThat(second.get("/api/v1/jobs/" + job).get("status").asText()).isEqualTo("succeeded");
            assertThat(second.get("/api/v1/datasets/t").get("rows").asLong()).isEqualTo(10_000_000L);
        } finally {
            second.stop();
        }
    }

}
