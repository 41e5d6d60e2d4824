package io.assay.analysis.profile;

import io.assay.analysis.model.AnalysisMode;
import io.assay.analysis.model.AnalysisResult;
import io.assay.analysis.model.ColumnProfile;
import io.assay.analysis.model.NumericStats;
import io.assay.analysis.model.ValueCount;
import io.assay.engine.Engine;
import io.assay.engine.EngineSettings;
import io.assay.engine.Engines;
import io.assay.engine.FileFormat;
import io.assay.engine.FileSource;
import io.assay.engine.QueryOptions;
import io.assay.engine.RelationRef;
import io.assay.engine.RowStream;
import io.assay.engine.Session;
import io.assay.engine.SqlStatement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The profile of real data equals an independent computation: every row is read into Java here
 * (the files are small) and the metrics computed plainly. Exact metrics must match exactly;
 * approximate ones within stated tolerances: distinct counts (HyperLogLog) within 5%, quartiles
 * (t-digest) within one percentile rank of the exact order statistic.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyzerCorrectnessTest {

    private Engine engine;
    private Session session;
    private Path vega;

    @BeforeAll
    void open() {
        Path shared = Path.of(System.getProperty("assay.shared.dir", "../../shared"), "datasets", "vega");
        if (!Files.isDirectory(shared) && System.getenv("ASSAY_SHARED_REQUIRED") != null) {
            throw new AssertionError("../shared/datasets is absent but ASSAY_SHARED_REQUIRED is set (CI has it)");
        }
        assumeTrue(Files.isDirectory(shared), "../shared/datasets is absent: correctness tests on vega data skipped");
        vega = shared;
        engine = Engines.open(EngineSettings.of("jdbc:duckdb:"));
        session = engine.openSession();
    }

    @AfterAll
    void close() {
        if (session != null) {
            session.close();
            engine.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cars.json", "movies.json", "penguins.json", "weather.csv", "seattle-weather.csv", "airports.csv"})
    void profileMatchesAnIndependentComputation(String file) {
        String table = file.replaceAll("[^a-z]", "_");
        FileFormat format = file.endsWith(".json") ? FileFormat.JSON : FileFormat.CSV;
        engine.files().orElseThrow().load(session, new FileSource(vega.resolve(file), format, Map.of()),
                new RelationRef("main", table), Optional.empty());
        AnalysisResult result = new Analyzer(session, QueryOptions.NONE)
                .analyze(table, new RelationRef("main", table), AnalysisOptions.of(AnalysisMode.FULL), AnalysisListener.NONE);

        Map<String, List<Object>> columns = readAll(table);
        int rows = columns.values().iterator().next().size();
        assertThat(result.table().rows()).isEqualTo(rows);
        for (ColumnProfile p : result.columns()) {
            List<Object> values = columns.get(p.name());
            List<Object> present = values.stream().filter(v -> v != null).toList();
            assertThat(p.count()).as(p.name() + " count").isEqualTo(present.size());
            assertThat(p.missing()).as(p.name() + " missing").isEqualTo(rows - present.size());
            Set<Object> distinct = new HashSet<>(present.stream().map(AnalyzerCorrectnessTest::key).toList());
            if (p.distinctExact()) {
                assertThat(p.distinct()).as(p.name() + " exact distinct").isEqualTo(distinct.size());
            } else {
                assertThat((double) p.distinct()).as(p.name() + " approximate distinct").isCloseTo(distinct.size(),
                        within(Math.max(2, 0.05 * distinct.size())));
            }
            if (!p.topValues().isEmpty()) {
                Map<String, Long> counts = new HashMap<>();
                present.forEach(v -> counts.merge(key(v), 1L, Long::sum));
                for (ValueCount vc : p.topValues()) {
                    assertThat(vc.count()).as(p.name() + " count of " + vc.value()).isEqualTo(counts.get(vc.value()));
                }
                long maxCount = counts.values().stream().mapToLong(Long::longValue).max().orElse(0);
                assertThat(p.topValues().get(0).count()).isEqualTo(maxCount);
            }
            p.numeric().ifPresent(n -> checkNumeric(p.name(), n, present));
            p.histogram().ifPresent(h -> assertThat(h.counts().stream().mapToLong(Long::longValue).sum())
                    .as(p.name() + " histogram covers every value").isEqualTo(present.size()));
            p.text().ifPresent(t -> {
                int[] lengths = present.stream().mapToInt(v -> ((String) v).codePointCount(0, ((String) v).length())).toArray();
                assertThat(t.minLength()).isEqualTo(Arrays.stream(lengths).min().orElse(0));
                assertThat(t.maxLength()).isEqualTo(Arrays.stream(lengths).max().orElse(0));
                assertThat(t.meanLength()).isCloseTo(Arrays.stream(lengths).average().orElse(0), within(1e-9));
            });
        }
    }

    private static void checkNumeric(String name, NumericStats n, List<Object> present) {
        double[] x = present.stream().mapToDouble(v -> ((Number) v).doubleValue()).sorted().toArray();
        double mean = Arrays.stream(x).average().orElse(Double.NaN);
        double ss = Arrays.stream(x).map(v -> (v - mean) * (v - mean)).sum();
        assertThat(n.min()).as(name + " min").isEqualTo(x[0]);
        assertThat(n.max()).as(name + " max").isEqualTo(x[x.length - 1]);
        assertThat(n.mean()).as(name + " mean").isCloseTo(mean, within(1e-9 * Math.max(1, Math.abs(mean))));
        if (x.length > 1) {
            assertThat(n.stddev()).as(name + " stddev").isCloseTo(Math.sqrt(ss / (x.length - 1)), within(1e-6 * Math.max(1, Math.sqrt(ss))));
        }
        assertThat(n.sum()).as(name + " sum").isCloseTo(Arrays.stream(x).sum(), within(1e-6 * Math.max(1, Math.abs(Arrays.stream(x).sum()))));
        assertThat(n.zeros()).hasValue(Arrays.stream(x).filter(v -> v == 0).count());
        assertThat(n.negatives()).hasValue(Arrays.stream(x).filter(v -> v < 0).count());
        checkQuantile(name + " q1", n.q1(), x, 0.25);
        checkQuantile(name + " median", n.median(), x, 0.5);
        checkQuantile(name + " q3", n.q3(), x, 0.75);
    }

    /** An approximate quantile must lie between the exact order statistics one percentile rank either side. */
    private static void checkQuantile(String what, double value, double[] sorted, double p) {
        double lo = sorted[(int) Math.floor(Math.max(0, p - 0.01) * (sorted.length - 1))];
        double hi = sorted[(int) Math.ceil(Math.min(1, p + 0.01) * (sorted.length - 1))];
        assertThat(value).as(what).isBetween(lo, hi);
    }

    private Map<String, List<Object>> readAll(String table) {
        Map<String, List<Object>> out = new java.util.LinkedHashMap<>();
        try (RowStream rows = session.query(SqlStatement.of("SELECT * FROM " + engine.dialect().quoteIdentifier(table)))) {
            rows.columns().forEach(c -> out.put(c.name(), new ArrayList<>()));
            List<String> names = new ArrayList<>(out.keySet());
            while (rows.next()) {
                for (int i = 0; i < names.size(); i++) {
                    out.get(names.get(i)).add(rows.get(i));
                }
            }
        }
        return out;
    }

    /** The text a profile shows for a value, so counts can be matched by value. */
    private static String key(Object v) {
        return v instanceof BigDecimal d ? d.stripTrailingZeros().toPlainString() : Profiles.text(v);
    }
}
