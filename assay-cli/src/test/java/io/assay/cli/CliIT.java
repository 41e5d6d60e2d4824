package io.assay.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line, run as a real process against a real data directory. */
class CliIT {

    @TempDir
    Path dir;
    private Cli cli;
    private Path people;

    @BeforeEach
    void setUp() throws Exception {
        cli = new Cli(dir);
        people = dir.resolve("people.csv");
        Files.writeString(people, "id,name,joined,score\n1,Ann,2024-01-05,3.5\n2,\"Bob, Jr.\",2024-02-10,4\n3,Cy,2024-03-15,\n");
    }

    @Test
    void importListDescribeQuery() throws Exception {
        Cli.Result imported = cli.run("import", people.toString());
        assertThat(imported.status()).as(imported.toString()).isZero();
        assertThat(imported.out()).contains("Imported people: 3 rows, 4 columns");

        Cli.Result list = cli.run("datasets");
        assertThat(list.status()).as(list.toString()).isZero();
        assertThat(list.out()).contains("people").contains("people.csv").contains("85 B");

        Cli.Result describe = cli.run("describe", "people");
        assertThat(describe.out()).contains("joined").contains("date").contains("Bob, Jr.");

        Cli.Result table = cli.run("query", "SELECT name, score FROM people ORDER BY id");
        assertThat(table.status()).as(table.toString()).isZero();
        assertThat(table.out()).contains("name").contains("varchar").contains("Bob, Jr.").contains("(3 rows)");

        Cli.Result csv = cli.run("query", "SELECT id, name FROM people ORDER BY id", "--format", "csv");
        assertThat(csv.out()).isEqualTo("id,name\r\n1,Ann\r\n2,\"Bob, Jr.\"\r\n3,Cy\r\n");

        Path parquet = dir.resolve("people.parquet");
        Cli.Result export = cli.run("query", "SELECT * FROM people", "--format", "parquet", "--out", parquet.toString());
        assertThat(export.status()).as(export.toString()).isZero();
        assertThat(export.err()).contains("wrote 3 rows");
        assertThat(cli.run("import", parquet.toString(), "--name", "people again").out()).contains("Imported people_again: 3 rows");
    }

    @Test
    void userErrorsAreClearMessagesWithExitCodesAndNoStackTraces() throws Exception {
        Cli.Result missing = cli.run("import", dir.resolve("nope.csv").toString());
        assertThat(missing.status()).isEqualTo(3);
        assertThat(missing.err()).contains("error: The file").contains("nope.csv").contains("does not exist")
                .doesNotContain("at io.assay");

        Path ragged = dir.resolve("ragged.csv");
        Files.writeString(ragged, "id,name\n1,a\n2,b,c\n");
        Cli.Result bad = cli.run("import", ragged.toString());
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains("ragged.csv, line 3").contains("hint:").contains("--skip-bad-rows");

        Cli.Result skipped = cli.run("import", ragged.toString(), "--skip-bad-rows");
        assertThat(skipped.status()).as(skipped.toString()).isZero();
        assertThat(skipped.out()).contains("1 rows could not be read").contains("assay rejects ragged");
        assertThat(cli.run("rejects", "ragged").out()).contains("2,b,c").contains("(1 row)");

        Cli.Result sql = cli.run("query", "SELEC 1");
        assertThat(sql.status()).isEqualTo(2);
        assertThat(sql.err()).contains("syntax error");

        Cli.Result unknown = cli.run("describe", "ragedd");
        assertThat(unknown.status()).isEqualTo(3);
        assertThat(unknown.err()).contains("no dataset named 'ragedd'").contains("Did you mean ragged?");

        Cli.Result flag = cli.run("query", "SELECT 1", "--frmat", "csv");
        assertThat(flag.status()).isEqualTo(2);
        assertThat(flag.err()).contains("--frmat");

        Cli.Result debug = cli.run("describe", "nothing", "--debug");
        assertThat(debug.err()).contains("at io.assay");
    }

    @Test
    void ctrlCCancelsTheRunningQuery() throws Exception {
        Path out = dir.resolve("out.txt");
        Process p = cli.start(List.of(), out, "query", "SELECT count(*) FROM range(100000000000) WHERE range % 7 = 1");
        Thread.sleep(2500); // let the JVM start and the query begin
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the query stopped after Ctrl-C").isTrue();
        assertThat(p.exitValue()).isEqualTo(130);
    }

    @Test
    void streamsLargeResultsWithAFlatHeap() throws Exception {
        Path out = dir.resolve("big.csv");
        // 64 MB of heap for 2 million rows (about 90 MB of CSV): only a streamed result fits.
        Process p = cli.start(List.of("-Xmx64m"), out, "query",
                "SELECT range AS id, 'customer-' || range AS name, range * 0.5 AS amount FROM range(2000000)", "--format", "csv");
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).isZero();
        long lines;
        try (var l = Files.lines(out, StandardCharsets.UTF_8)) {
            lines = l.count();
        }
        assertThat(lines).isEqualTo(2_000_001);
    }
}
