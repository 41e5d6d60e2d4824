package io.assay.platform.truth;

import io.assay.analysis.model.AnalysisMode;
import io.assay.analysis.model.AnalysisResult;
import io.assay.analysis.model.Finding;
import io.assay.platform.workspace.Internals;
import io.assay.platform.TestWarehouse;
import io.assay.platform.analysis.AnalysisRequest;
import io.assay.platform.catalog.DatasetName;
import io.assay.platform.imports.ImportMode;
import io.assay.platform.imports.ImportRequest;
import io.assay.platform.task.TaskContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Precision of the data-quality findings on real files: every finding the analysis makes on the
 * shared files was reviewed once by a person and recorded in {@code findings-review.tsv} as right or
 * wrong, with the reason. The test fails when a finding recorded as wrong comes back, and when a
 * finding appears that nobody has reviewed (review it and add its line). Findings recorded as
 * {@code wrong-open} are known false findings still made; they are counted, and the README's
 * benchmark section keeps that count. The tally is written to {@code target/findings-precision.md}.
 */
class FindingsPrecisionTest {

    static final List<String> FILES = List.of(
            "vega/airports.csv", "vega/cars.json", "vega/co2-concentration.csv", "vega/disasters.csv",
            "vega/flights-20k.json", "vega/gapminder.json", "vega/github.csv", "vega/iowa-electricity.csv",
            "vega/movies.json", "vega/penguins.json", "vega/seattle-weather.csv", "vega/sp500.csv",
            "vega/stocks.csv", "vega/us-employment.csv", "vega/weather.csv",
            "messy/bom_crlf.csv", "messy/duplicate_headers.csv", "messy/latin1.csv", "messy/quoted_newlines.csv",
            "messy/semicolon_decimal_comma.csv");

    /** A reviewed finding: which file, which kind, which column (or "-" for the table). */
    record Key(String file, String kind, String column) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            return toString().compareTo(o.toString());
        }

        @Override
        public String toString() {
            return file + "\t" + kind + "\t" + column;
        }
    }

    record Review(String verdict, String reason) {
    }

    @Test
    void noKnownWrongFindingComesBackAndEveryFindingWasReviewed(@TempDir Path dir) throws IOException {
        Path shared = TestWarehouse.requireSharedDatasets();
        Map<Key, Review> reviews = readReviews();
        Map<Key, String> made = new TreeMap<>();
        try (Internals assay = TestWarehouse.open(dir.resolve("data"))) {
            for (String file : FILES) {
                assay.imports().importFile(new ImportRequest(shared.resolve(file), Optional.of(DatasetName.of("f")),
                        ImportMode.REPLACE, Map.of(), false), TaskContext.silent());
                AnalysisResult result = assay.analysis().analyze(AnalysisRequest.of("f", AnalysisMode.FULL), TaskContext.silent());
                for (Finding f : result.findings()) {
                    made.merge(new Key(file, f.kind().name(), f.column().orElse("-")), f.title(), (a, b) -> a + " / " + b);
                }
            }
        }

        List<String> cameBack = new ArrayList<>();
        List<String> unreviewed = new ArrayList<>();
        int right = 0;
        int wrongOpen = 0;
        StringBuilder all = new StringBuilder();
        for (Map.Entry<Key, String> e : made.entrySet()) {
            Review r = reviews.get(e.getKey());
            all.append(e.getKey()).append('\t').append(r == null ? "?" : r.verdict()).append('\t').append(e.getValue()).append('\n');
            if (r == null) {
                unreviewed.add(e.getKey() + "\t" + e.getValue());
            } else if (r.verdict().equals("wrong-fixed")) {
                cameBack.add(e.getKey() + "\t" + e.getValue() + "\t(" + r.reason() + ")");
            } else if (r.verdict().equals("wrong-open")) {
                wrongOpen++;
            } else {
                right++;
            }
        }
        long fixed = reviews.values().stream().filter(r -> r.verdict().equals("wrong-fixed")).count();
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "findings-made.tsv"), all);
        Files.writeString(Path.of("target", "findings-precision.md"), String.format(
                "| files | findings made | reviewed right | known wrong, still made | wrong, fixed and kept out | precision |%n"
                        + "|---|---|---|---|---|---|%n| %d | %d | %d | %d | %d | %.1f%% |%n",
                FILES.size(), made.size(), right, wrongOpen, fixed, made.isEmpty() ? 100.0 : 100.0 * right / made.size()));

        assertThat(cameBack).as("findings recorded as wrong (wrong-fixed) that came back").isEmpty();
        assertThat(unreviewed).as("findings nobody has reviewed: review each and add it to findings-review.tsv "
                + "(target/findings-made.tsv lists them all)").isEmpty();
    }

    private static Map<Key, Review> readReviews() throws IOException {
        Map<Key, Review> out = new LinkedHashMap<>();
        try (InputStream in = FindingsPrecisionTest.class.getResourceAsStream("/findings-review.tsv")) {
            assertThat(in).as("src/test/resources/findings-review.tsv").isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                assertThat(f).as("a review line is file, kind, column, verdict, reason: " + line).hasSize(5);
                assertThat(f[3]).as("verdict of " + line).isIn("right", "wrong-open", "wrong-fixed");
                out.put(new Key(f[0], f[1], f[2]), new Review(f[3], f[4]));
            }
        }
        return out;
    }
}
