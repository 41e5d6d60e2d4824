package io.assay.analysis.insight;

import io.assay.analysis.model.AnomalyInsight;
import io.assay.engine.AssayException;
import io.assay.engine.Column;
import io.assay.engine.Engine;
import io.assay.engine.EngineSettings;
import io.assay.engine.Engines;
import io.assay.engine.ErrorCode;
import io.assay.engine.QueryOptions;
import io.assay.engine.RelationRef;
import io.assay.engine.Session;
import io.assay.engine.SqlStatement;
import io.assay.engine.TimeGrain;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A metric named by the caller: 200 days of orders in three regions, about 30 a day each, with APAC
 * tripling on day 120 (2025-05-01) and every region down to almost nothing on day 60 (2025-03-02).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricAnomaliesTest {

    private static final Instant SPIKE = Instant.parse("2025-05-01T00:00:00Z");
    private static final Instant OUTAGE = Instant.parse("2025-03-02T00:00:00Z");

    private Engine engine;
    private Session session;
    private List<Column> columns;
    private String relation;

    @BeforeAll
    void open() {
        engine = Engines.open(EngineSettings.of("jdbc:duckdb:"));
        session = engine.openSession();
        // Per day and region n orders, n from a fixed hash (27..33); APAC ×3 on day 120; all regions 2 on day 60.
        session.execute(SqlStatement.of("""
                CREATE TABLE orders AS
                WITH days AS (SELECT d FROM range(200) r(d)),
                     regions AS (SELECT * FROM (VALUES ('EU'), ('US'), ('APAC')) v(region)),
                     counts AS (
                       SELECT d, region,
                              CASE WHEN d = 60 THEN 2
                                   WHEN d = 120 AND region = 'APAC' THEN 90
                                   ELSE 27 + (hash(d, region) % 7)::INTEGER END AS n
                       FROM days, regions)
                SELECT (DATE '2025-01-01' + d::INTEGER) + INTERVAL (i * 37 % 1440) MINUTE AS ordered_at, region,
                       CASE WHEN i % 2 = 0 THEN 'web' ELSE 'store' END AS channel,
                       (10 + (hash(d, region, i) % 20))::DOUBLE AS amount
                FROM counts, range(n) r(i)
                """));
        columns = session.describe(new RelationRef("main", "orders")).orElseThrow().columns();
        relation = engine.dialect().qualify(new RelationRef("main", "orders"));
    }

    @AfterAll
    void close() {
        session.close();
        engine.close();
    }

    private MetricAnomalies.Spec spec(Optional<String> measure, MetricAnomalies.Aggregate aggregate, Optional<TimeGrain> grain,
                                      List<MetricAnomalies.Condition> filter) {
        return new MetricAnomalies.Spec(Optional.empty(), measure, aggregate, grain, filter, List.of(), 5);
    }

    @Test
    void findsTheSpikeAndTheOutageInRowCountsWithTheirContributors() {
        MetricAnomalies.Result r = new MetricAnomalies(session, QueryOptions.NONE).detect(relation, columns,
                spec(Optional.empty(), MetricAnomalies.Aggregate.COUNT, Optional.of(TimeGrain.DAY), List.of()));

        assertThat(r.timeColumn()).isEqualTo("ordered_at");
        assertThat(r.grain()).isEqualTo(TimeGrain.DAY);
        assertThat(r.measure()).isEqualTo("rows");
        assertThat(r.series().points()).hasSize(200);
        assertThat(r.breakdown()).containsExactlyInAnyOrder("region", "channel");
        AnomalyInsight spike = r.series().anomalies().stream().filter(a -> a.at().equals(SPIKE)).findFirst().orElseThrow();
        assertThat(spike.value()).isBetween(140.0, 170.0);
        assertThat(spike.expected()).isBetween(80.0, 100.0);
        assertThat(spike.contributors()).isNotEmpty();
        assertThat(spike.contributors().get(0).column()).isEqualTo("region");
        assertThat(spike.contributors().get(0).value()).isEqualTo("APAC");
        AnomalyInsight outage = r.series().anomalies().stream().filter(a -> a.at().equals(OUTAGE)).findFirst().orElseThrow();
        assertThat(outage.value()).isEqualTo(6.0);
        // Everything fell alike: no single value stands out.
        assertThat(outage.contributors()).isEmpty();
    }

    @Test
    void aFilterLeavesOutTheRowsThatMadeTheSpike() {
        MetricAnomalies.Result r = new MetricAnomalies(session, QueryOptions.NONE).detect(relation, columns,
                spec(Optional.empty(), MetricAnomalies.Aggregate.COUNT, Optional.of(TimeGrain.DAY),
                        List.of(new MetricAnomalies.Condition("region", MetricAnomalies.Op.NE, List.of("APAC")))));

        assertThat(r.series().anomalies()).extracting(AnomalyInsight::at).doesNotContain(SPIKE).contains(OUTAGE);
        assertThat(r.series().points().stream().mapToDouble(p -> p.value()).max().orElseThrow()).isLessThan(70);
    }

    @Test
    void measuresTheSumOfAColumnAtAWeeklyGrain() {
        MetricAnomalies.Result r = new MetricAnomalies(session, QueryOptions.NONE).detect(relation, columns,
                spec(Optional.of("amount"), MetricAnomalies.Aggregate.SUM, Optional.of(TimeGrain.WEEK), List.of()));

        assertThat(r.measure()).isEqualTo("sum(amount)");
        assertThat(r.grain()).isEqualTo(TimeGrain.WEEK);
        assertThat(r.series().points().size()).isBetween(29, 30);
        double total = r.series().points().stream().mapToDouble(p -> p.value()).sum();
        double expected;
        try (var rows = session.query(SqlStatement.of("SELECT sum(amount) FROM orders"))) {
            rows.next();
            expected = ((Number) rows.get(0)).doubleValue();
        }
        assertThat(total).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void namesTheColumnThatIsNotThere() {
        assertThatThrownBy(() -> new MetricAnomalies(session, QueryOptions.NONE).detect(relation, columns,
                spec(Optional.of("revenue"), MetricAnomalies.Aggregate.SUM, Optional.empty(), List.of())))
                .isInstanceOfSatisfying(AssayException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.getMessage()).contains("'revenue'");
                    assertThat(e.hint().orElseThrow()).contains("amount", "region");
                });
        assertThatThrownBy(() -> new MetricAnomalies(session, QueryOptions.NONE).detect(relation, columns,
                spec(Optional.of("region"), MetricAnomalies.Aggregate.SUM, Optional.empty(), List.of())))
                .hasMessageContaining("not a number");
        assertThatThrownBy(() -> new MetricAnomalies(session, QueryOptions.NONE).detect(relation, columns,
                spec(Optional.empty(), MetricAnomalies.Aggregate.COUNT, Optional.of(TimeGrain.MINUTE), List.of())))
                .isInstanceOfSatisfying(AssayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED));
    }

    @Test
    void filterValuesAreBoundNotSpliced() {
        MetricAnomalies.Result r = new MetricAnomalies(session, QueryOptions.NONE).detect(relation, columns,
                spec(Optional.empty(), MetricAnomalies.Aggregate.COUNT, Optional.of(TimeGrain.DAY),
                        List.of(new MetricAnomalies.Condition("region", MetricAnomalies.Op.IN, List.of("EU", "x' OR '1'='1")))));
        double max = r.series().points().stream().mapToDouble(p -> p.value()).max().orElseThrow();
        assertThat(max).isLessThanOrEqualTo(33);
    }
}
