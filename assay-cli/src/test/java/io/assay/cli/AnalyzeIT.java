package io.assay.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** `assay analyze` as a user runs it: a file in, a summary out, reports kept and written. */
class AnalyzeIT {

    @TempDir
    Path dir;

    /** 200 days of sales with a weekly rhythm and one day of a spike from one region. */
    private Path sales() throws Exception {
        StringBuilder csv = new StringBuilder("day,region,units,amount\n");
        LocalDate start = LocalDate.of(2025, 1, 1);
        String[] regions = {"north", "south", "east", "west"};
        for (int d = 0; d < 200; d++) {
            LocalDate day = start.plusDays(d);
            int weekly = day.getDayOfWeek().getValue() >= 6 ? 14 : 10;
            for (String region : regions) {
                int units = weekly + (d * 7 + region.length() * 3) % 5;
                if (d == 120 && region.equals("east")) {
                    units *= 6;
                }
                csv.append(day).append(',').append(region).append(',').append(units).append(',')
                        .append(String.format("%.2f", units * 19.5)).append('\n');
            }
        }
        Path file = dir.resolve("sales.csv");
        Files.writeString(file, csv.toString());
        return file;
    }

    @Test
    void analysesAFileAndWritesReports() throws Exception {
        Cli cli = new Cli(dir);
        Path json = dir.resolve("out/sales.json");
        Cli.Result r = cli.run("analyze", sales().toString(), "--out", json.toString());
        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.out()).contains("# sales").contains("800 rows × 4 columns").contains("## Columns")
                .contains("Insights over time").contains("HTML report:");
        assertThat(r.out()).contains("2025-05-01"); // the spike day, found as an anomaly
        assertThat(r.out()).contains("region = east");
        String report = Files.readString(json, StandardCharsets.UTF_8);
        assertThat(report).contains("\"schemaVersion\"").contains("\"dataset\": \"sales\"");
        // The analysis is a recorded run: its HTML report is kept with the run, in the data directory.
        java.util.regex.Matcher html = java.util.regex.Pattern.compile("HTML report: (\\S+)").matcher(r.out());
        assertThat(html.find()).isTrue();
        Path kept = Path.of(html.group(1));
        assertThat(kept).startsWith(cli.dataDir().resolve("analyses")).hasFileName("report.html");
        assertThat(Files.readString(kept, StandardCharsets.UTF_8)).contains("<html").contains("sales");

        Cli.Result quick = cli.run("analyze", "sales", "--mode", "quick", "--out", dir.resolve("q.md").toString());
        assertThat(quick.status()).as(quick.toString()).isZero();
        assertThat(Files.readString(dir.resolve("q.md"))).contains("quick analysis");
    }

    @Test
    void aMissingFileIsSaidToBeMissing() throws Exception {
        Cli cli = new Cli(dir);
        Path missing = dir.resolve("no-such-file.csv");
        Cli.Result r = cli.run("analyze", missing.toString());
        assertThat(r.status()).as(r.toString()).isNotZero();
        assertThat(r.err()).contains("The file '" + missing + "' does not exist").doesNotContain("no dataset named");
    }

    @Test
    void ctrlCCancelsTheRunningAnalysis() throws Exception {
        Cli cli = new Cli(dir);
        assertThat(cli.run("demo-data", "--scale", "30").status()).isZero(); // 3 million orders
        Path err = dir.resolve("analyze-err.txt");
        ProcessBuilder pb = new ProcessBuilder(cli.command(java.util.List.of(), "analyze", "orders"))
                .directory(dir.toFile()).redirectOutput(dir.resolve("analyze-out.txt").toFile()).redirectError(err.toFile());
        Process p = pb.start();
        Thread.sleep(3_000); // the JVM is up and the first scan runs
        assertThat(p.isAlive()).as("the analysis was still running").isTrue();
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as("stopped after Ctrl-C").isTrue();
        assertThat(p.exitValue()).isEqualTo(130);
        assertThat(Files.readString(err)).contains("cancelled");
        // The warehouse is fine afterwards.
        Cli.Result after = cli.run("query", "SELECT count(*) FROM orders", "--format", "csv");
        assertThat(after.status()).as(after.toString()).isZero();
    }

    @Test
    void badArgumentsFailBeforeAnyWork() throws Exception {
        Cli cli = new Cli(dir);
        Path file = sales();
        Cli.Result mode = cli.run("analyze", file.toString(), "--mode", "deep");
        assertThat(mode.status()).isEqualTo(2);
        assertThat(mode.err()).contains("Unknown mode 'deep'").contains("schema, quick or full");
        Cli.Result out = cli.run("analyze", file.toString(), "--out", dir.resolve("x.docx").toString());
        assertThat(out.status()).isEqualTo(2);
        assertThat(out.err()).contains(".docx").contains(".html").contains(".pdf");
        Cli.Result missing = cli.run("analyze", "no_such_dataset");
        assertThat(missing.status()).isEqualTo(3);
        Cli.Result column = cli.run("analyze", file.toString(), "--time-column", "when");
        assertThat(column.status()).isEqualTo(2);
        assertThat(column.err()).contains("no column 'when'").contains("day, region, units, amount");
    }
}
