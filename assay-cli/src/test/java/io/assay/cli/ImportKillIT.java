package io.assay.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** An import killed with SIGKILL half-way leaves the warehouse exactly as it was. */
class ImportKillIT {

    @TempDir
    Path dir;

    @Test
    void killedImportLeavesThePreviousDatasetIntact() throws Exception {
        Cli cli = new Cli(dir);
        Path small = dir.resolve("small.csv");
        Files.writeString(small, "id,label\n1,a\n2,b\n3,c\n");
        assertThat(cli.run("import", small.toString(), "--name", "t").status()).isZero();

        Path big = dir.resolve("big.csv");
        Cli.Result made = cli.run("query", "SELECT range AS id, 'label number ' || range AS label, range % 97 AS bucket, "
                + "range * 1.25 AS amount FROM range(10000000)", "--format", "csv", "--out", big.toString());
        assertThat(made.status()).as(made.toString()).isZero();

        Path stderr = dir.resolve("import-stderr.txt");
        ProcessBuilder pb = new ProcessBuilder(cli.command(List.of(), "import", big.toString(), "--name", "t", "--replace"))
                .directory(dir.toFile()).redirectOutput(dir.resolve("import-stdout.txt").toFile()).redirectError(stderr.toFile());
        Process p = pb.start();
        // Wait until the engine reports loading progress, i.e. the load is under way; then kill -9.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && p.isAlive()
                && !Files.readString(stderr, StandardCharsets.UTF_8).contains("loading big.csv")) {
            Thread.sleep(20);
        }
        assertThat(p.isAlive()).as("the import was still running when killed").isTrue();
        p.destroyForcibly();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(137);

        Cli.Result count = cli.run("query", "SELECT count(*) AS n, string_agg(label, '' ORDER BY id) AS labels FROM t", "--format", "csv");
        assertThat(count.status()).as(count.toString()).isZero();
        assertThat(count.out()).isEqualTo("n,labels\r\n3,abc\r\n");
        Cli.Result stray = cli.run("query", "SELECT count(*) FROM information_schema.tables WHERE position('__assay' IN table_name) = 1",
                "--format", "csv");
        assertThat(stray.out()).endsWith("\r\n0\r\n");
        assertThat(cli.run("datasets").out()).contains("small.csv");
    }
}
