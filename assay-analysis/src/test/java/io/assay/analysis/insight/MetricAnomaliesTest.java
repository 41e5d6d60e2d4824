package io.assay.analysis.insight;

import io.assay.analysis.model.AnomalyInsight;
import io.assay.engine.AssayException;
import io.assay.engine.Column;
import io.assay.engine.ColumnType;
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
        // A gauge read every 5 minutes for 10 days (2,880 readings), every 97th reading missing, a daily cycle, and
        // 45% CPU for 20 minutes on day 6 at 03:00; requests counted alongside.
        session.execute(SqlStatement.of("""
                CREATE TABLE metrics AS
                SELECT TIMESTAMP '2025-01-01 00:00:00' + INTERVAL (i * 5) MINUTE AS read_at,
                       20 + 10 * sin(2 * pi() * i / 288) + (hash(i) % 100) / 100.0
                         + CASE WHEN i BETWEEN 6 * 288 + 36 AND 6 * 288 + 39 THEN 45 ELSE 0 END AS cpu_utilization,
                       (100 + hash(i) % 20)::INTEGER AS requests
                FROM range(2880) r(i) WHERE i % 97 <> 50
                """));
        // Events at irregular seconds over 200 days.
        session.execute(SqlStatement.of("""
                CREATE TABLE events AS
                SELECT TIMESTAMP '2025-01-01 00:00:00' + INTERVAL (d) DAY + INTERVAL (hash(d, i) % 86400) SECOND AS happened_at
                FROM range(200) r(d), range(40) s(i)
                """));
        // Hourly readings for 100 days: 2,400 points.
        session.execute(SqlStatement.of("""
                CREATE TABLE hourly AS
                SELECT TIMESTAMP '2025-01-01 00:00:00' + INTERVAL (i) HOUR AS at, 50 + 5 * sin(2 * pi() * i / 24) AS temperature
                FROM range(2400) r(i)
                """));
    }

    private MetricAnomalies.Result onTable(String table, MetricAnomalies.Spec spec) {
        List<Column> cols = session.describe(new RelationRef("main", table)).orElseThrow().columns();
        return new MetricAnomalies(session, QueryOptions.NONE).detect(engine.dialect().qualify(new RelationRef("main", table)), cols, spec);
    }

    @Test
    void detectsAGaugeAtItsOwnStepAveragedWithGapsLeftMissing() {
        MetricAnomalies.Result r = onTable("metrics", new MetricAnomalies.Spec(Optional.empty(), Optional.of("cpu_utilization"),
                Optional.empty(), Optional.empty(), List.of(), List.of(), 0));

        assertThat(r.stepSeconds()).isEqualTo(300);
        assertThat(r.every()).isEqualTo("5 min");
        assertThat(r.grain()).isEqualTo(TimeGrain.MINUTE);
        assertThat(r.aggregate()).isEqualTo(MetricAnomalies.Aggregate.AVG);
        assertThat(r.measure()).isEqualTo("avg(cpu_utilization)");
        assertThat(r.notes()).anyMatch(n -> n.startsWith("Averaged 'cpu_utilization'"));
        assertThat(r.series().points()).hasSize(2880);
        // The missing readings are missing, not readings of 0.
        assertThat(r.series().points().get(50).value()).isNaN();
        assertThat(r.series().points().stream().mapToDouble(p -> p.value()).filter(Double::isFinite).min().orElseThrow())
                .isGreaterThan(5);
        assertThat(r.series().anomalies()).hasSizeLessThanOrEqualTo(MetricAnomalies.DEFAULT_MAX_ANOMALIES);
        AnomalyInsight top = r.series().anomalies().get(0);
        assertThat(top.at()).isBetween(Instant.parse("2025-01-07T03:00:00Z"), Instant.parse("2025-01-07T03:15:00Z"));
        assertThat(top.value() - top.expected()).isGreaterThan(35);
    }

    @Test
    void sumsACountAtItsOwnStepAndAsksForMoreEventsWhenTold() {
        MetricAnomalies.Result r = onTable("metrics", new MetricAnomalies.Spec(Optional.empty(), Optional.of("requests"),
                Optional.empty(), Optional.empty(), List.of(), List.of(), 7));

        assertThat(r.aggregate()).isEqualTo(MetricAnomalies.Aggregate.SUM);
        assertThat(r.notes()).anyMatch(n -> n.startsWith("Summed 'requests'"));
        assertThat(r.stepSeconds()).isEqualTo(300);
        // No rows in a bucket: no requests.
        assertThat(r.series().points().get(50).value()).isZero();
        assertThat(r.series().anomalies()).hasSizeLessThanOrEqualTo(7);
    }

    @Test
    void anHourlyGrainOnALongSeriesIsNotRefused() {
        MetricAnomalies.Result r = onTable("hourly", new MetricAnomalies.Spec(Optional.empty(), Optional.of("temperature"),
                Optional.empty(), Optional.of(TimeGrain.HOUR), List.of(), List.of(), 0));
        assertThat(r.series().points()).hasSize(2400);
        assertThat(r.stepSeconds()).isEqualTo(3600);
        MetricAnomalies.Result own = onTable("hourly", new MetricAnomalies.Spec(Optional.empty(), Optional.of("temperature"),
                Optional.empty(), Optional.empty(), List.of(), List.of(), 0));
        assertThat(own.stepSeconds()).isEqualTo(3600);
        assertThat(own.series().points()).hasSize(2400);
    }

    @Test
    void timesOfEventsKeepACalendarGrain() {
        MetricAnomalies.Result r = onTable("events", spec(Optional.empty(), MetricAnomalies.Aggregate.COUNT, Optional.empty(), List.of()));
        assertThat(r.grain()).isEqualTo(TimeGrain.DAY);
        assertThat(r.stepSeconds()).isEqualTo(86_400);
        assertThat(r.series().points()).hasSize(200);
    }

    @Test
    void measurementsAreAveragedCountsAndAmountsSummed() {
        ColumnType dbl = new ColumnType(ColumnType.Kind.FLOAT, "DOUBLE");
        ColumnType integer = new ColumnType(ColumnType.Kind.INTEGER, "INTEGER");
        for (String gauge : List.of("cpu_utilization", "temperature", "unit_price", "latency_ms", "value", "CPU Load", "humidity")) {
            assertThat(MetricAnomalies.defaultAggregate(new Column(gauge, dbl, true))).as(gauge).isEqualTo(MetricAnomalies.Aggregate.AVG);
        }
        for (String additive : List.of("amount", "order_count", "requests", "revenue", "bytes", "total_amount", "passengers")) {
            assertThat(MetricAnomalies.defaultAggregate(new Column(additive, dbl, true))).as(additive).isEqualTo(MetricAnomalies.Aggregate.SUM);
        }
        assertThat(MetricAnomalies.defaultAggregate(new Column("x", integer, true))).isEqualTo(MetricAnomalies.Aggregate.SUM);
        assertThat(MetricAnomalies.defaultAggregate(new Column("x", dbl, true))).isEqualTo(MetricAnomalies.Aggregate.AVG);
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
