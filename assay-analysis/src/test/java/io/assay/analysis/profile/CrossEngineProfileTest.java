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
import io.assay.engine.RowStream;
import io.assay.engine.Session;
import io.assay.engine.SqlStatement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The profile of vega's flights-20k agrees across DuckDB, PostgreSQL and MariaDB, each analysing the
 * same rows where they live. Exact metrics (counts, missing, distinct, min, max, value counts,
 * histograms, findings) must be equal; computed ones (mean, deviation, quantiles, correlations)
 * equal within 1e-9 relative — every engine computes them exactly at this size.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossEngineProfileTest {

    private static final String TABLE = "assay_xengine_flights";
    private final List<Engine> engines = new ArrayList<>();
    private final List<AnalysisResult> results = new ArrayList<>();

    @BeforeAll
    void loadAndAnalyse() {
        Path file = Path.of(System.getProperty("assay.shared.dir", "../../shared"), "datasets", "vega", "flights-20k.json");
        if (!Files.isRegularFile(file) && System.getenv("ASSAY_SHARED_REQUIRED") != null) {
            throw new AssertionError("../shared/datasets is absent but ASSAY_SHARED_REQUIRED is set (CI has it)");
        }
        assumeTrue(Files.isRegularFile(file), "../shared/datasets is absent: cross-engine comparison skipped");
        assumeTrue(reachable(5432) && reachable(3306), "PostgreSQL or MariaDB is not running on 127.0.0.1: cross-engine comparison skipped");
        Engine duck = Engines.open(EngineSettings.of("jdbc:duckdb:"));
        engines.add(duck);
        engines.add(Engines.open(new EngineSettings("jdbc:postgresql://127.0.0.1:5432/test", Optional.empty(), OptionalInt.empty(),
                Optional.empty(), Map.of("user", "postgres"))));
        engines.add(Engines.open(new EngineSettings("jdbc:mariadb://127.0.0.1:3306/test", Optional.empty(), OptionalInt.empty(),
                Optional.empty(), Map.of("user", "root", "password", ""))));
        List<Object[]> rows = new ArrayList<>();
        try (Session s = duck.openSession()) {
            duck.files().orElseThrow().load(s, new FileSource(file, FileFormat.JSON, Map.of()), new RelationRef("main", TABLE),
                    Optional.empty());
            try (RowStream r = s.query(SqlStatement.of("SELECT date, delay, distance, origin, destination FROM " + TABLE))) {
                while (r.next()) {
                    rows.add(new Object[] {r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)});
                }
            }
        }
        for (Engine e : engines.subList(1, engines.size())) {
            copy(e, rows);
        }
        for (Engine e : engines) {
            try (Session s = e.openSession()) {
                results.add(new Analyzer(s, QueryOptions.NONE).analyze("flights", new RelationRef(e.dialect().defaultSchema(), TABLE),
                        AnalysisOptions.of(AnalysisMode.FULL), AnalysisListener.NONE));
            }
        }
    }

    @AfterAll
    void dropAndClose() {
        for (Engine e : engines) {
            try (Session s = e.openSession()) {
                s.execute(SqlStatement.of("DROP TABLE IF EXISTS " + e.dialect().qualify(new RelationRef(e.dialect().defaultSchema(), TABLE))));
            }
            e.close();
        }
    }

    private static void copy(Engine e, List<Object[]> rows) {
        String table = e.dialect().qualify(new RelationRef(e.dialect().defaultSchema(), TABLE));
        try (Session s = e.openSession()) {
            s.execute(SqlStatement.of("DROP TABLE IF EXISTS " + table));
            s.execute(SqlStatement.of("CREATE TABLE " + table + " (" + e.dialect().quoteIdentifier("date") + " TIMESTAMP NULL, "
                    + "delay BIGINT, distance BIGINT, origin VARCHAR(8), destination VARCHAR(8))"));
            s.inTransaction(tx -> {
                int batch = 500;
                for (int from = 0; from < rows.size(); from += batch) {
                    List<Object[]> part = rows.subList(from, Math.min(rows.size(), from + batch));
                    String values = part.stream().map(r -> "(?, ?, ?, ?, ?)").collect(Collectors.joining(", "));
                    List<Object> params = new ArrayList<>();
                    part.forEach(r -> params.addAll(List.of(r)));
                    tx.execute(new SqlStatement("INSERT INTO " + table + " VALUES " + values, params));
                }
                return null;
            });
        }
    }

    @Test
    void exactMetricsAreEqualAndComputedOnesAgree() {
        AnalysisResult duck = results.get(0);
        assertThat(duck.table().rows()).isEqualTo(20_000);
        for (AnalysisResult other : results.subList(1, results.size())) {
            String engine = other.engine();
            assertThat(other.notes()).as(engine + " notes").noneMatch(n -> n.startsWith("Could not compute"));
            assertThat(other.table().rows()).isEqualTo(duck.table().rows());
            assertThat(other.table().duplicateRows()).isEqualTo(duck.table().duplicateRows());
            for (ColumnProfile d : duck.columns()) {
                ColumnProfile o = other.column(d.name()).orElseThrow();
                String at = engine + " " + d.name();
                assertThat(o.kind()).as(at + " kind").isEqualTo(d.kind());
                assertThat(o.count()).as(at + " count").isEqualTo(d.count());
                assertThat(o.missing()).as(at + " missing").isEqualTo(d.missing());
                assertThat(o.distinct()).as(at + " distinct").isEqualTo(d.distinct());
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
            assertThat(kinds(other.findings())).as(engine + " findings").isEqualTo(kinds(duck.findings()));
            assertThat(other.quality().score()).as(engine + " quality").isEqualTo(duck.quality().score());
            assertThat(other.insights().map(i -> i.series().get(0).points())).as(engine + " series")
                    .isEqualTo(duck.insights().map(i -> i.series().get(0).points()));
        }
    }

    private static List<String> kinds(List<Finding> findings) {
        return findings.stream().map(f -> f.kind() + ":" + f.column().orElse("")).sorted().toList();
    }

    private static boolean reachable(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
