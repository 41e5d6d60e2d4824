package io.assay.analysis.insight;

import io.assay.analysis.model.AnalysisMode;
import io.assay.analysis.model.AnalysisResult;
import io.assay.analysis.model.SeriesInsight;
import io.assay.analysis.model.TimeInsights;
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
import io.assay.engine.TimeGrain;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Insights over time count every row (or say which they leave out and why), never call a partial edge
 * period an anomaly, and cut the series no finer than the column's type and the data's own spacing.
 * Each table is made here to show one case.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TimeSeriesTruthTest {

    private Engine engine;
    private Session session;

    @BeforeAll
    void open() {
        engine = Engines.open(EngineSettings.of("jdbc:duckdb:"));
        session = engine.openSession();
    }

    @AfterAll
    void close() {
        session.close();
        engine.close();
    }

    private AnalysisResult analyse(String table, String select) {
        session.execute(SqlStatement.of("CREATE OR REPLACE TABLE " + table + " AS " + select));
        return new Analyzer(session, QueryOptions.NONE).analyze(table, new RelationRef("main", table),
                AnalysisOptions.of(AnalysisMode.FULL), AnalysisListener.NONE);
    }

    private static double total(SeriesInsight s) {
        return s.points().stream().mapToDouble(SeriesInsight.TimePoint::value).sum();
    }

    @Test
    void hourlyReadingsFromOneAmCountEveryRowAndTheFirstDayIsPartialNotAnAnomaly() {
        // A year of hourly readings that begins at 01:00 (8,759 rows) and a measure of about 1,000 an hour.
        AnalysisResult r = analyse("hourly", "SELECT TIMESTAMP '2010-01-01 01:00:00' + to_hours(range) AS observed_at, "
                + "1000 + 50 * sin(range / 24.0 * 2 * pi()) + (range * 7919 % 13) AS temperature_reading FROM range(8759)");
        TimeInsights t = r.insights().orElseThrow();
        assertThat(t.grain()).isEqualTo(TimeGrain.DAY);
        SeriesInsight rows = t.series().get(0);
        assertThat(total(rows)).isEqualTo(8_759);
        assertThat(rows.points().get(0).value()).isEqualTo(23);
        assertThat(t.series()).allSatisfy(s -> assertThat(s.anomalies())
                .noneMatch(a -> a.at().equals(Instant.parse("2010-01-01T00:00:00Z"))));
        assertThat(r.notes()).anyMatch(n -> n.contains("the first day (2010-01-01T00:00) holds data only from 2010-01-01T01:00")
                && n.contains("partial"));
        assertThat(r.notes()).noneMatch(n -> n.contains("the last day"));
    }

    @Test
    void weeksCutShortAtBothEndsArePartial() {
        // Five years of daily rows, from a Wednesday to a Friday: cut per week, the first and last weeks hold 5 and 5 days.
        AnalysisResult r = analyse("daily_weeks", "SELECT DATE '2020-01-01' + CAST(range AS INTEGER) AS sold_on, 10 + range % 3 AS units "
                + "FROM range(0, 1837)");
        TimeInsights t = r.insights().orElseThrow();
        assertThat(t.grain()).isEqualTo(TimeGrain.WEEK);
        assertThat(total(t.series().get(0))).isEqualTo(1_837);
        assertThat(r.notes()).anyMatch(n -> n.contains("the first week (2019-12-30T00:00) holds data only from 2020-01-01T00:00"));
        assertThat(r.notes()).anyMatch(n -> n.contains("the last week (2025-01-06T00:00) holds data only until 2025-01-10T00:00"));
        assertThat(t.series()).allSatisfy(s -> assertThat(s.anomalies()).noneMatch(a -> a.at().equals(Instant.parse("2019-12-30T00:00:00Z"))
                || a.at().equals(Instant.parse("2025-01-06T00:00:00Z"))));
    }

    @Test
    void aDateIsNeverCutPerHour() {
        // Thirty days, 24 rows a day: by its span alone it would be cut per hour, inventing a daily cycle.
        AnalysisResult r = analyse("dates", "SELECT DATE '2024-03-01' + CAST(range // 24 AS INTEGER) AS day_of_sale, "
                + "range % 24 AS units_sold FROM range(720)");
        TimeInsights t = r.insights().orElseThrow();
        assertThat(t.grain()).isEqualTo(TimeGrain.DAY);
        assertThat(t.series()).allSatisfy(s -> assertThat(s.seasonality()).noneMatch(p -> p.label().equals("daily")));
        assertThat(total(t.series().get(0))).isEqualTo(720);
    }

    @Test
    void monthlyDataIsCutPerMonthNotPerWeek() {
        // Six years of monthly figures, on the first of each month (as timestamps, so the type does not decide it).
        AnalysisResult r = analyse("monthly", "SELECT TIMESTAMP '2015-01-01' + to_months(CAST(range AS INTEGER)) AS period, "
                + "100 + range AS revenue FROM range(72)");
        TimeInsights t = r.insights().orElseThrow();
        assertThat(t.grain()).isEqualTo(TimeGrain.MONTH);
        assertThat(t.series().get(0).points()).hasSize(72);
        assertThat(t.series().get(0).points()).allSatisfy(p -> assertThat(p.value()).isEqualTo(1));
    }

    @Test
    void aPlaceholderDateFarOutIsLeftOutAndSaid() {
        AnalysisResult r = analyse("with_placeholder", "SELECT CASE WHEN range = 5 THEN DATE '1900-01-01' "
                + "ELSE DATE '2023-01-01' + CAST(range AS INTEGER) END AS event_date, range % 7 AS n_items FROM range(400)");
        TimeInsights t = r.insights().orElseThrow();
        assertThat(total(t.series().get(0))).isEqualTo(399);
        assertThat(r.notes()).anyMatch(n -> n.startsWith("Insights over time leave out 1 rows whose event_date lies far outside"));
    }

    @Test
    void aYearColumnIsNeverSummedAsAMeasure() {
        AnalysisResult r = analyse("with_year", "SELECT DATE '2020-01-01' + CAST(range AS INTEGER) AS recorded_on, "
                + "year(DATE '2020-01-01' + CAST(range AS INTEGER)) AS year, 3.5 + range % 5 AS rainfall FROM range(900)");
        TimeInsights t = r.insights().orElseThrow();
        assertThat(t.series()).extracting(SeriesInsight::measure).doesNotContain("sum(year)").contains("sum(rainfall)");
    }
}
