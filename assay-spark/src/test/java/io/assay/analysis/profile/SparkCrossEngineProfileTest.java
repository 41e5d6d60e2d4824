package io.assay.analysis.profile;

import io.assay.analysis.model.AnalysisMode;
import io.assay.analysis.model.AnalysisResult;
import io.assay.analysis.model.ColumnProfile;
import io.assay.analysis.model.Finding;
import io.assay.engine.Engine;
import io.assay.engine.EngineSettings;
import io.assay.engine.Engines;
import io.assay.engine.FileFormat;
import io.assay.engine.FileSource;
import io.assay.engine.QueryOptions;
import io.assay.engine.RelationRef;
import io.assay.engine.Session;
import io.assay.engine.SqlStatement;
import io.assay.spark.SparkTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The profile of vega's flights-20k on Spark (local[2], through Spark Connect) against DuckDB's, the way
 * {@code CrossEngineProfileTest} compares PostgreSQL and MariaDB: DuckDB loads the file and writes it as Parquet, Spark
 * makes a table of that Parquet file where it lies, and each engine analyses its table. Counts, missing, min/max,
 * top values, histograms, findings, quality and series must be equal; computed figures (mean, deviation, exact
 * quantiles, once ANALYZE TABLE told Spark the row count) within 1e-9 relative.
 * Distinct counts are HyperLogLog++ on both engines at this size; their documented bound (Spark: relative standard
 * deviation 1 %) is what is asserted, at three standard deviations.
 */
@Tag("spark")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkCrossEngineProfileTest {

    private static final String TABLE = "assay_xengine_flights";
    private Engine duck;
    private Engine spark;
    private AnalysisResult onDuck;
    private AnalysisResult onSpark;

    @BeforeAll
    void loadAndAnalyse() throws Exception {
        Path file = Path.of(System.getProperty("assay.shared.dir", "../../shared"), "datasets", "vega", "flights-20k.json");
        if (!Files.isRegularFile(file) && System.getenv("ASSAY_SHARED_REQUIRED") != null) {
            throw new AssertionError("../shared/datasets is absent but ASSAY_SHARED_REQUIRED is set (CI has it)");
        }
        assumeTrue(Files.isRegularFile(file), "../shared/datasets is absent: cross-engine comparison skipped");
        duck = Engines.open(EngineSettings.of("jdbc:duckdb:"));
        spark = Engines.open(EngineSettings.of(SparkTestServer.url()));
        Path parquet = Files.createDirectories(SparkTestServer.scratch().resolve("flights")).resolve("flights-20k.parquet");
        Files.deleteIfExists(parquet);
        try (Session s = duck.openSession()) {
            duck.files().orElseThrow().load(s, new FileSource(file, FileFormat.JSON, Map.of()), new RelationRef("main", TABLE),
                    Optional.empty());
            s.execute(SqlStatement.of("COPY (SELECT date, delay, distance, origin, destination FROM " + TABLE + ") TO "
                    + duck.dialect().stringLiteral(parquet.toString()) + " (FORMAT PARQUET)"));
            s.execute(SqlStatement.of("CREATE OR REPLACE TABLE " + TABLE + " AS SELECT date, delay, distance, origin, destination FROM "
                    + TABLE));
        }
        String table = spark.dialect().qualify(new RelationRef(spark.dialect().defaultSchema(), TABLE));
        try (Session s = spark.openSession()) {
            s.execute(SqlStatement.of("DROP TABLE IF EXISTS " + table));
            s.execute(SqlStatement.of("CREATE TABLE " + table + " USING parquet LOCATION "
                    + spark.dialect().stringLiteral(parquet.getParent().toUri().toString())));
            // With the row count known (20,000, under the analysis's exact-quantile limit) quantiles are exact, as on
            // DuckDB; without statistics the analysis cannot tell the size and uses percentile_approx.
            s.execute(SqlStatement.of("ANALYZE TABLE " + table + " COMPUTE STATISTICS"));
        }
        onDuck = analyse(duck);
        onSpark = analyse(spark);
    }

    private static AnalysisResult analyse(Engine e) {
        try (Session s = e.openSession()) {
            return new Analyzer(s, QueryOptions.NONE).analyze("flights", new RelationRef(e.dialect().defaultSchema(), TABLE),
                    AnalysisOptions.of(AnalysisMode.FULL), AnalysisListener.NONE);
        }
    }

    @AfterAll
    void close() {
        if (spark != null) {
            try (Session s = spark.openSession()) {
                s.execute(SqlStatement.of("DROP TABLE IF EXISTS " + spark.dialect().qualify(new RelationRef("default", TABLE))));
            }
            spark.close();
        }
        if (duck != null) {
            duck.close();
        }
    }

    @Test
    void theProfileOnSparkIsDuckDbsWithinTheDocumentedBounds() {
        assertThat(onDuck.table().rows()).isEqualTo(20_000);
        assertThat(onSpark.engine()).isEqualTo("spark");
        assertThat(onSpark.notes()).as("spark notes").noneMatch(n -> n.startsWith("Could not compute"));
        assertThat(onSpark.table().rows()).isEqualTo(onDuck.table().rows());
        assertThat(onSpark.table().duplicateRows()).isEqualTo(onDuck.table().duplicateRows());
        for (ColumnProfile d : onDuck.columns()) {
            ColumnProfile o = onSpark.column(d.name()).orElseThrow();
            String at = "spark " + d.name();
            assertThat(o.kind()).as(at + " kind").isEqualTo(d.kind());
            assertThat(o.count()).as(at + " count").isEqualTo(d.count());
            assertThat(o.missing()).as(at + " missing").isEqualTo(d.missing());
            // HyperLogLog++ with a relative standard deviation of 1 %: within three of them.
            assertThat((double) o.distinct()).as(at + " distinct").isCloseTo((double) d.distinct(), within(Math.max(0.5, 0.03 * d.distinct())));
            assertThat(o.min()).as(at + " min").isEqualTo(d.min());
            assertThat(o.max()).as(at + " max").isEqualTo(d.max());
            assertThat(o.topValues()).as(at + " top values").isEqualTo(d.topValues());
            assertThat(o.histogram().map(h -> h.counts())).as(at + " histogram").isEqualTo(d.histogram().map(h -> h.counts()));
            assertThat(o.semanticType()).as(at + " semantic type").isEqualTo(d.semanticType());
            d.numeric().ifPresent(n -> {
                var m = o.numeric().orElseThrow();
                double scale = Math.max(1, Math.abs(n.mean()));
                assertThat(m.mean()).as(at + " mean").isCloseTo(n.mean(), within(1e-9 * scale));
                assertThat(m.stddev()).as(at + " stddev").isCloseTo(n.stddev(), within(1e-9 * Math.max(1, n.stddev())));
                assertThat(m.median()).as(at + " median").isCloseTo(n.median(), within(1e-9 * scale));
                assertThat(m.q1()).as(at + " q1").isCloseTo(n.q1(), within(1e-9 * scale));
                assertThat(m.q3()).as(at + " q3").isCloseTo(n.q3(), within(1e-9 * scale));
                assertThat(m.zeros()).isEqualTo(n.zeros());
                assertThat(m.negatives()).isEqualTo(n.negatives());
            });
        }
        assertThat(kinds(onSpark.findings())).as("spark findings").isEqualTo(kinds(onDuck.findings()));
        assertThat(onSpark.quality().score()).as("spark quality").isEqualTo(onDuck.quality().score());
        assertThat(onSpark.insights().map(i -> i.series().get(0).points())).as("spark series")
                .isEqualTo(onDuck.insights().map(i -> i.series().get(0).points()));
    }

    private static List<String> kinds(List<Finding> findings) {
        return findings.stream().map(f -> f.kind() + ":" + f.column().orElse("")).sorted().toList();
    }
}
