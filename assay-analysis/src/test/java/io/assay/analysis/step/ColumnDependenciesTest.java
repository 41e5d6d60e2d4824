package io.assay.analysis.step;

import io.assay.analysis.model.AnalysisMode;
import io.assay.analysis.model.AnalysisResult;
import io.assay.analysis.model.Finding;
import io.assay.analysis.model.FindingKind;
import io.assay.analysis.model.Section;
import io.assay.analysis.profile.AnalysisListener;
import io.assay.analysis.profile.AnalysisOptions;
import io.assay.analysis.profile.Analyzer;
import io.assay.engine.Engine;
import io.assay.engine.EngineSettings;
import io.assay.engine.Engines;
import io.assay.engine.QueryOptions;
import io.assay.engine.RelationRef;
import io.assay.engine.Session;
import io.assay.engine.SqlStatement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The column-dependencies step, run by a full analysis on DuckDB over a shipments table built for it: depots decide
 * their city except for two typed-over rows, carrier codes and names are one to one, and the other columns are drawn
 * independently (one of them nearly constant, which must not pass for a dependency).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ColumnDependenciesTest {

    private Engine engine;
    private Session session;
    private AnalysisResult result;

    @BeforeAll
    void analyse() {
        engine = Engines.open(EngineSettings.of("jdbc:duckdb:"));
        session = engine.openSession();
        session.execute(SqlStatement.of(shipments("shipments", 3000)));
        result = new Analyzer(session, QueryOptions.NONE).analyze("shipments", new RelationRef("main", "shipments"),
                AnalysisOptions.of(AnalysisMode.FULL), AnalysisListener.NONE);
    }

    private static String shipments(String name, long rows) {
        return """
                CREATE TABLE {name} AS
                SELECT i AS shipment_no,
                       'D' || lpad(CAST(i % 60 AS VARCHAR), 2, '0') AS depot_code,
                       CASE WHEN i IN (17, 1058) THEN 'Cty ' ELSE 'City ' END || CAST(i % 60 AS VARCHAR) AS depot_city,
                       'C' || CAST(hash(i) % 5 AS VARCHAR) AS carrier_code,
                       ['Northwind', 'Blue Line', 'Kestrel', 'Amberway', 'Tidal'][CAST(hash(i) % 5 AS INTEGER) + 1] AS carrier_name,
                       ['low', 'normal', 'urgent'][CAST(hash(i * 3 + 1) % 3 AS INTEGER) + 1] AS priority,
                       CASE WHEN hash(i * 5 + 2) % 200 = 0 THEN 'late' ELSE 'on time' END AS status,
                       round((hash(i * 7 + 3) % 100000) / 1000.0, 3) AS weight_kg
                FROM range({rows}) t(i)""".replace("{name}", name).replace("{rows}", Long.toString(rows));
    }

    @AfterAll
    void close() {
        session.close();
        engine.close();
    }

    private Section section() {
        return result.sections().stream().filter(s -> s.id().equals(ColumnDependencies.ID)).findFirst().orElseThrow();
    }

    private List<List<Object>> rowsFor(String determinant, String dependent) {
        return section().rows().stream().filter(r -> r.get(0).equals(determinant) && r.get(1).equals(dependent)).toList();
    }

    @Test
    void aNearDependencyIsListedWithItsExceptionsAndBecomesAFinding() {
        assertThat(rowsFor("depot_code", "depot_city")).containsExactly(List.of("depot_code", "depot_city", "nearly: 2 exceptions", 60L, 2L));
        List<Finding> mapping = result.findings().stream().filter(f -> f.kind() == FindingKind.INCONSISTENT_MAPPING).toList();
        assertThat(mapping).hasSize(1);
        Finding f = mapping.get(0);
        assertThat(f.column()).contains("depot_city");
        assertThat(f.title()).isEqualTo("depot_city is decided by depot_code except for 2 values");
        assertThat(f.evidence().get("examples")).isEqualTo(List.of("D17 → City 17 (49), Cty 17 (1)", "D38 → City 38 (49), Cty 38 (1)"));
        assertThat(result.quality().byColumn().get("depot_city")).isLessThan(100);
    }

    @Test
    void anExactDependencyHoldsInItsDirectionOnly() {
        assertThat(rowsFor("depot_city", "depot_code")).containsExactly(List.of("depot_city", "depot_code", "many to one", 60L, 0L));
    }

    @Test
    void aOneToOnePairIsListedOnce() {
        assertThat(rowsFor("carrier_code", "carrier_name")).containsExactly(List.of("carrier_code", "carrier_name", "one to one", 5L, 0L));
        assertThat(rowsFor("carrier_name", "carrier_code")).isEmpty();
    }

    @Test
    void unrelatedColumnsAndANearlyConstantOneAreNotDependencies() {
        for (List<Object> row : section().rows()) {
            assertThat(List.of(row.get(0), row.get(1))).as(row.toString())
                    .doesNotContain("priority", "status", "weight_kg", "shipment_no");
        }
        assertThat(section().rows()).hasSize(3);
    }

    @Test
    void onALargeTableTheSampleScreenRulesOutOnlyPairsThatCouldNotBeReported() {
        // 600,000 rows: over the screen's threshold, so unrelated pairs are ruled out on a 100,000-row sample first;
        // the pairs listed, and their counts, must be those of the same data counted in full.
        assertThat(600_000L).isGreaterThan(ColumnDependencies.SCREEN_ABOVE);
        session.execute(SqlStatement.of(shipments("shipments_big", 600_000)));
        AnalysisResult big = new Analyzer(session, QueryOptions.NONE).analyze("shipments_big", new RelationRef("main", "shipments_big"),
                AnalysisOptions.of(AnalysisMode.FULL), AnalysisListener.NONE);
        Section bigSection = big.sections().stream().filter(x -> x.id().equals(ColumnDependencies.ID)).findFirst().orElseThrow();
        assertThat(bigSection.rows()).containsExactlyInAnyOrderElementsOf(section().rows());
    }

    @Test
    void theStepRunsInFullModeOnlyAndIsRegistered() {
        assertThat(AnalysisSteps.all()).extracting(AnalysisStep::id).contains(ColumnDependencies.ID);
        assertThat(AnalysisSteps.forMode(AnalysisMode.QUICK)).extracting(AnalysisStep::id).doesNotContain(ColumnDependencies.ID);
        AnalysisResult quick = new Analyzer(session, QueryOptions.NONE).analyze("shipments", new RelationRef("main", "shipments"),
                AnalysisOptions.of(AnalysisMode.QUICK), AnalysisListener.NONE);
        assertThat(quick.sections()).isEmpty();
    }
}
