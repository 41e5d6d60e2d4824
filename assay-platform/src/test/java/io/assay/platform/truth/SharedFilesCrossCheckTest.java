package io.assay.platform.truth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.assay.analysis.model.AnalysisMode;
import io.assay.analysis.model.AnalysisResult;
import io.assay.analysis.model.ColumnKind;
import io.assay.analysis.model.ColumnProfile;
import io.assay.analysis.model.NumericStats;
import io.assay.analysis.model.ValueCount;
import io.assay.platform.workspace.Internals;
import io.assay.platform.TestWarehouse;
import io.assay.platform.analysis.AnalysisRequest;
import io.assay.platform.catalog.DatasetName;
import io.assay.platform.imports.ImportMode;
import io.assay.platform.imports.ImportRequest;
import io.assay.platform.imports.ImportResult;
import io.assay.platform.task.TaskContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every shared file, taken the way a user takes it (import, then a full analysis), profiles to the
 * same figures as an independent computation: the file is read a second time here by Jackson's own
 * CSV or JSON parser, never through the engine, and counts, missing values, distinct values, top
 * values, text lengths and numeric statistics are computed plainly in Java.
 *
 * <p>What the test knows of each file (its charset, separator, decimal comma) is written in the table
 * below, not sniffed: the import's sniffer is what is being checked. A field is missing when it is
 * empty (CSV) or null or absent (JSON), the rule the import documents. Exact figures must match
 * exactly; approximate ones within their documented error: distinct counts (HyperLogLog) within 5%,
 * quartiles (t-digest) within one percentile rank of the exact order statistic.
 *
 * <p>Files no reader can load are SharedDatasetsImportTest's: they must fail clearly and leave nothing.
 * The totals are written to {@code target/cross-check.md} for the README.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedFilesCrossCheckTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How the test itself reads a file: what it knows, not what the import found out. */
    record Spec(String file, Charset charset, char separator, boolean decimalComma, boolean skipBadRows) {
        static Spec csv(String file) {
            return new Spec(file, StandardCharsets.UTF_8, ',', false, false);
        }

        boolean json() {
            return file.endsWith(".json");
        }
    }

    private Internals assay;
    private Path shared;
    private final Map<String, int[]> tally = new TreeMap<>();

    @BeforeAll
    void open(@TempDir Path dir) {
        shared = TestWarehouse.requireSharedDatasets();
        assay = TestWarehouse.open(dir.resolve("data"));
    }

    @AfterAll
    void close() throws IOException {
        if (assay == null) {
            return;
        }
        assay.close();
        StringBuilder md = new StringBuilder("| file | columns | figures compared |\n|---|---|---|\n");
        int files = 0;
        int columns = 0;
        int figures = 0;
        for (Map.Entry<String, int[]> e : tally.entrySet()) {
            md.append("| ").append(e.getKey()).append(" | ").append(e.getValue()[0]).append(" | ").append(e.getValue()[1]).append(" |\n");
            files++;
            columns += e.getValue()[0];
            figures += e.getValue()[1];
        }
        md.append("| **").append(files).append(" files** | ").append(columns).append(" | ").append(figures).append(" |\n");
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "cross-check.md"), md);
    }

    static Stream<Spec> readableFiles() {
        return Stream.of(
                Spec.csv("vega/airports.csv"), Spec.csv("vega/co2-concentration.csv"), Spec.csv("vega/disasters.csv"),
                Spec.csv("vega/github.csv"), Spec.csv("vega/iowa-electricity.csv"), Spec.csv("vega/seattle-weather.csv"),
                Spec.csv("vega/sp500.csv"), Spec.csv("vega/stocks.csv"), Spec.csv("vega/us-employment.csv"),
                Spec.csv("vega/weather.csv"),
                Spec.csv("vega/cars.json"), Spec.csv("vega/flights-20k.json"), Spec.csv("vega/gapminder.json"),
                Spec.csv("vega/movies.json"), Spec.csv("vega/penguins.json"),
                Spec.csv("messy/bom_crlf.csv"), Spec.csv("messy/duplicate_headers.csv"), Spec.csv("messy/header_only.csv"),
                new Spec("messy/latin1.csv", StandardCharsets.ISO_8859_1, ',', false, false),
                new Spec("messy/mixed_types.csv", StandardCharsets.UTF_8, ',', false, true),
                Spec.csv("messy/quoted_newlines.csv"),
                new Spec("messy/ragged.csv", StandardCharsets.UTF_8, ',', false, true),
                new Spec("messy/semicolon_decimal_comma.csv", StandardCharsets.UTF_8, ';', true, false),
                Spec.csv("messy/wide_500_columns.csv"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readableFiles")
    void theProfileEqualsAnIndependentComputation(Spec spec) throws IOException {
        String name = "f_" + Math.abs(spec.file().hashCode());
        ImportResult imported = assay.imports().importFile(new ImportRequest(shared.resolve(spec.file()),
                Optional.of(DatasetName.of(name)), ImportMode.REPLACE, Map.of(), spec.skipBadRows()), TaskContext.silent());
        AnalysisResult result = assay.analysis().analyze(AnalysisRequest.of(name, AnalysisMode.FULL), TaskContext.silent());
        FileColumns file = spec.json() ? readJson(shared.resolve(spec.file())) : readCsv(shared.resolve(spec.file()), spec);

        Figures figures = new Figures(spec.file());
        figures.equal("rows", result.table().rows(), (long) file.rows);
        figures.equal("rows rejected", imported.rejectedRows(), (long) file.rejected);
        List<ColumnProfile> profiles = result.columns();
        figures.equal("columns", (long) profiles.size(), (long) file.values.size());
        for (int i = 0; i < profiles.size(); i++) {
            check(figures, profiles.get(i), file.values.get(i), spec);
        }
        tally.put(spec.file(), new int[]{profiles.size(), figures.compared});
    }

    private static void check(Figures f, ColumnProfile p, List<Object> values, Spec spec) {
        String c = p.name();
        List<Object> present = values.stream().filter(v -> v != null).toList();
        f.equal(c + " count", p.count(), (long) present.size());
        f.equal(c + " missing", p.missing(), (long) (values.size() - present.size()));
        if (p.kind() == ColumnKind.NUMERIC) {
            List<BigDecimal> numbers = present.stream().map(v -> number(v, spec, c)).toList();
            checkDistinct(f, p, new HashSet<>(numbers.stream().map(BigDecimal::stripTrailingZeros).toList()).size());
            if (!numbers.isEmpty()) {
                checkNumeric(f, c, p.numeric().orElseThrow(), numbers);
            }
        } else if (p.kind() == ColumnKind.TEXT) {
            List<String> texts = present.stream().map(Object::toString).toList();
            checkDistinct(f, p, new HashSet<>(texts).size());
            Map<String, Long> counts = new HashMap<>();
            texts.forEach(t -> counts.merge(t, 1L, Long::sum));
            for (ValueCount vc : p.topValues()) {
                f.equal(c + " count of '" + vc.value() + "'", vc.count(), counts.getOrDefault(vc.value(), 0L));
            }
            if (!p.topValues().isEmpty()) {
                f.equal(c + " most common value's count", p.topValues().get(0).count(),
                        counts.values().stream().mapToLong(Long::longValue).max().orElse(0));
            }
            p.text().ifPresent(t -> {
                int[] lengths = texts.stream().mapToInt(s -> s.codePointCount(0, s.length())).toArray();
                if (lengths.length > 0) {
                    f.equal(c + " shortest", t.minLength(), (long) Arrays.stream(lengths).min().getAsInt());
                    f.equal(c + " longest", t.maxLength(), (long) Arrays.stream(lengths).max().getAsInt());
                    f.close(c + " mean length", t.meanLength(), Arrays.stream(lengths).average().getAsDouble(), 1e-9);
                }
            });
        } else {
            // Dates, times, booleans and nested values: the text each was written as, counted apart.
            checkDistinct(f, p, new HashSet<>(present.stream().map(v -> v.toString().trim().toLowerCase()).toList()).size());
        }
        p.histogram().ifPresent(h -> f.equal(c + " histogram total", h.counts().stream().mapToLong(Long::longValue).sum(),
                (long) present.size()));
    }

    private static void checkDistinct(Figures f, ColumnProfile p, int truth) {
        if (p.distinctExact()) {
            f.equal(p.name() + " distinct", p.distinct(), (long) truth);
        } else {
            f.close(p.name() + " distinct (approximate)", p.distinct(), truth, Math.max(2, 0.05 * truth));
        }
    }

    private static void checkNumeric(Figures f, String c, NumericStats n, List<BigDecimal> numbers) {
        double[] x = numbers.stream().mapToDouble(BigDecimal::doubleValue).sorted().toArray();
        BigDecimal exactSum = numbers.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        double mean = exactSum.doubleValue() / x.length;
        f.equal(c + " min", n.min(), x[0]);
        f.equal(c + " max", n.max(), x[x.length - 1]);
        f.close(c + " sum", n.sum(), exactSum.doubleValue(), 1e-9 * Math.max(1, Math.abs(exactSum.doubleValue())));
        f.close(c + " mean", n.mean(), mean, 1e-9 * Math.max(1, Math.abs(mean)));
        if (x.length > 1) {
            double ss = Arrays.stream(x).map(v -> (v - mean) * (v - mean)).sum();
            double sd = Math.sqrt(ss / (x.length - 1));
            f.close(c + " stddev", n.stddev(), sd, 1e-6 * Math.max(1, sd));
        }
        n.zeros().ifPresent(z -> f.equal(c + " zeros", z, numbers.stream().filter(v -> v.signum() == 0).count()));
        n.negatives().ifPresent(z -> f.equal(c + " negatives", z, numbers.stream().filter(v -> v.signum() < 0).count()));
        f.quantile(c + " q1", n.q1(), x, 0.25);
        f.quantile(c + " median", n.median(), x, 0.5);
        f.quantile(c + " q3", n.q3(), x, 0.75);
    }

    /** A field the import typed as a number, read as one by the rules the file is known to follow. */
    private static BigDecimal number(Object v, Spec spec, String column) {
        if (v instanceof BigDecimal d) {
            return d;
        }
        String s = v.toString().trim();
        if (spec.decimalComma()) {
            s = s.replace(".", "").replace(',', '.');
        }
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw new AssertionError(spec.file() + ": column " + column + " was typed as a number but holds '" + v + "'");
        }
    }

    /** The values of a file, column by column in file order, and how many records it has. */
    private record FileColumns(List<List<Object>> values, int rows, int rejected) {
    }

    private static FileColumns readCsv(Path path, Spec spec) throws IOException {
        CsvMapper mapper = new CsvMapper();
        mapper.enable(CsvParser.Feature.WRAP_AS_ARRAY);
        CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(spec.separator()).withQuoteChar('"');
        List<String[]> records = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(path, spec.charset());
             MappingIterator<String[]> it = mapper.readerFor(String[].class).with(schema).readValues(reader)) {
            while (it.hasNext()) {
                records.add(it.next());
            }
        }
        String[] header = records.remove(0);
        if (header.length > 0 && header[0].startsWith("\uFEFF")) {
            header[0] = header[0].substring(1);
        }
        List<List<Object>> columns = new ArrayList<>();
        for (int i = 0; i < header.length; i++) {
            columns.add(new ArrayList<>());
        }
        int rejected = 0;
        for (String[] r : records) {
            if (r.length != header.length) {
                rejected++;
                continue;
            }
            for (int i = 0; i < header.length; i++) {
                columns.get(i).add(r[i].isEmpty() ? null : r[i]);
            }
        }
        return new FileColumns(columns, records.size() - rejected, rejected);
    }

    private static FileColumns readJson(Path path) throws IOException {
        JsonNode root = JSON.readTree(path.toFile());
        Set<String> keys = new LinkedHashSet<>();
        root.forEach(o -> o.fieldNames().forEachRemaining(keys::add));
        Map<String, List<Object>> columns = new LinkedHashMap<>();
        keys.forEach(k -> columns.put(k, new ArrayList<>()));
        for (JsonNode o : root) {
            for (String k : keys) {
                JsonNode v = o.get(k);
                columns.get(k).add(v == null || v.isNull() ? null : v.isNumber() ? v.decimalValue() : v.isValueNode() ? v.asText() : v.toString());
            }
        }
        return new FileColumns(new ArrayList<>(columns.values()), root.size(), 0);
    }

    /** Compares figures, counting them, and names the file and the figure on a difference. */
    private static final class Figures {
        private final String file;
        private int compared;

        Figures(String file) {
            this.file = file;
        }

        void equal(String what, Object profiled, Object truth) {
            compared++;
            assertThat(profiled).as(file + ": " + what).isEqualTo(truth);
        }

        void close(String what, double profiled, double truth, double tolerance) {
            compared++;
            assertThat(profiled).as(file + ": " + what).isCloseTo(truth, within(tolerance));
        }

        /** An approximate quantile lies between the exact order statistics one percentile rank either side. */
        void quantile(String what, double value, double[] sorted, double p) {
            compared++;
            double lo = sorted[(int) Math.floor(Math.max(0, p - 0.01) * (sorted.length - 1))];
            double hi = sorted[(int) Math.ceil(Math.min(1, p + 0.01) * (sorted.length - 1))];
            assertThat(value).as(file + ": " + what).isBetween(lo, hi);
        }
    }
}
