package io.assay.platform.report;

import io.assay.analysis.model.AnalysisMode;
import io.assay.analysis.model.AnalysisResult;
import io.assay.analysis.model.AnomalyInsight;
import io.assay.analysis.model.AnomalyInsight.Contributor;
import io.assay.analysis.model.ColumnKind;
import io.assay.analysis.model.ColumnProfile;
import io.assay.analysis.model.ColumnProfile.Monotonicity;
import io.assay.analysis.model.Correlation;
import io.assay.analysis.model.Finding;
import io.assay.analysis.model.FindingKind;
import io.assay.analysis.model.Histogram;
import io.assay.analysis.model.MissingPattern;
import io.assay.analysis.model.NumericStats;
import io.assay.analysis.model.QualityScore;
import io.assay.analysis.model.Section;
import io.assay.analysis.model.SeasonalityInsight;
import io.assay.analysis.model.SemanticType;
import io.assay.analysis.model.SeriesInsight;
import io.assay.analysis.model.SeriesInsight.TimePoint;
import io.assay.analysis.model.Severity;
import io.assay.analysis.model.TableProfile;
import io.assay.analysis.model.TextStats;
import io.assay.analysis.model.TimeInsights;
import io.assay.analysis.model.TrendInsight;
import io.assay.analysis.model.ValueCount;
import io.assay.engine.TimeGrain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Deterministic analysis results for the report tests: a small, realistic {@link #orders()} (five columns,
 * findings of each severity, a correlation, a daily series with a trend, weekly seasonality and two anomalies)
 * and a {@link #hostile()} one whose names and values try to break out of every format.
 */
final class ReportFixtures {

    /** The instant every report says it was generated at. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-03-01T09:31:00Z"), ZoneOffset.UTC);
    static final String HOSTILE_NAME = "</script><img src=x onerror=alert(1)>";

    private static final Instant STARTED = Instant.parse("2024-03-01T09:30:00Z");
    private static final Instant FIRST_DAY = Instant.parse("2024-02-01T00:00:00Z");

    private ReportFixtures() {
    }

    static AnalysisResult orders() {
        List<ColumnProfile> columns = List.of(orderId(), customerEmail(), region(), totalAmount(), orderedAt());
        List<Finding> findings = findings();
        Map<String, Double> byColumn = new LinkedHashMap<>();
        columns.forEach(c -> byColumn.put(c.name(), c.quality()));
        QualityScore quality = new QualityScore(82.4, byColumn,
                findings.stream().filter(f -> f.penalty() > 0)
                        .sorted((a, b) -> Double.compare(b.penalty(), a.penalty())).toList());
        TableProfile table = new TableProfile(12_480, 5, OptionalLong.of(24), List.of(List.of("order_id")),
                List.of(new Correlation("order_id", "ordered_at", "pearson", 0.982),
                        new Correlation("order_id", "total_amount", "pearson", 0.031),
                        new Correlation("region", "total_amount", "cramers_v", 0.12)),
                List.of(new MissingPattern("customer_email", "total_amount", 9, 0.0264)));
        return new AnalysisResult(AnalysisResult.SCHEMA_VERSION, "orders", "duckdb", AnalysisMode.FULL, STARTED,
                Duration.ofMillis(2_350), table, columns, findings, quality, Optional.of(insights()), List.of(dependencies()),
                List.of("Distinct counts of customer_email are approximate (HyperLogLog, ±2%).",
                        "Correlations were measured on a sample of 10,000 rows."));
    }

    private static ColumnProfile orderId() {
        return new ColumnProfile("order_id", "BIGINT", ColumnKind.NUMERIC, 12_480, 0, 0, 12_480, true,
                Optional.of("1"), Optional.of("12480"),
                Optional.of(new NumericStats(1, 12_480, 6_240.5, 3_602.8, 77_885_440, 625, 3_120.75, 6_240.5,
                        9_360.25, 11_856, OptionalLong.of(0), OptionalLong.of(0), OptionalLong.of(0), OptionalDouble.of(0), OptionalLong.of(0))),
                Optional.empty(), List.of(),
                Optional.of(new Histogram(List.of(1.0, 2_496.8, 4_992.6, 7_488.4, 9_984.2, 12_480.0),
                        List.of(2_496L, 2_496L, 2_496L, 2_496L, 2_496L))),
                SemanticType.ID, false, Monotonicity.INCREASING, true, 100);
    }

    private static ColumnProfile customerEmail() {
        return new ColumnProfile("customer_email", "VARCHAR", ColumnKind.TEXT, 12_168, 312, 48, 8_911, false,
                Optional.of("aaron.b@example.com"), Optional.of("zoe.k@example.org"), Optional.empty(),
                Optional.of(new TextStats(11, 38, 21.4, 48, 0,
                        List.of(new ValueCount("aaaa.a@aaaa.aaa", 7_020), new ValueCount("aaaa@aaaa.aaa", 4_650),
                                new ValueCount("aaaa.aaaa@aaaa.aaa", 450)),
                        0, 0, Map.of("email", 0.997))),
                List.of(), Optional.empty(), SemanticType.EMAIL, true, Monotonicity.NONE, false, 71.5);
    }

    private static ColumnProfile region() {
        return new ColumnProfile("region", "VARCHAR", ColumnKind.TEXT, 12_480, 0, 0, 4, true,
                Optional.of("East"), Optional.of("West"), Optional.empty(),
                Optional.of(new TextStats(4, 5, 4.49, 0, 0,
                        List.of(new ValueCount("Aaaa", 6_690), new ValueCount("Aaaaa", 5_790)), 0, 0, Map.of())),
                List.of(new ValueCount("West", 4_210), new ValueCount("East", 3_905), new ValueCount("North", 2_480),
                        new ValueCount("South", 1_885)),
                Optional.empty(), SemanticType.CATEGORY, false, Monotonicity.NONE, false, 100);
    }

    private static ColumnProfile totalAmount() {
        return new ColumnProfile("total_amount", "DECIMAL(10,2)", ColumnKind.NUMERIC, 12_420, 60, 0, 9_877, false,
                Optional.of("-45.5"), Optional.of("2310.75"),
                Optional.of(new NumericStats(-45.5, 2_310.75, 87.126, 112.4033, 1_082_104.92, 6.2, 24.5, 58.9,
                        109.95, 289.4, OptionalLong.of(3), OptionalLong.of(12), OptionalLong.of(0), OptionalDouble.of(2.4137), OptionalLong.of(37))),
                Optional.empty(), List.of(),
                Optional.of(new Histogram(List.of(-45.5, 425.75, 897.0, 1_368.25, 1_839.5, 2_310.75),
                        List.of(12_101L, 270L, 38L, 9L, 2L))),
                SemanticType.CURRENCY_AMOUNT, false, Monotonicity.NONE, false, 88);
    }

    private static ColumnProfile orderedAt() {
        double from = FIRST_DAY.getEpochSecond();
        double day = 86_400;
        return new ColumnProfile("ordered_at", "TIMESTAMP", ColumnKind.TEMPORAL, 12_480, 0, 0, 12_455, false,
                Optional.of("2024-02-01T00:04:11"), Optional.of("2024-02-28T23:58:40"), Optional.empty(),
                Optional.empty(), List.of(),
                Optional.of(new Histogram(List.of(from, from + 7 * day, from + 14 * day, from + 21 * day,
                        from + 28 * day), List.of(3_010L, 3_260L, 2_940L, 3_270L))),
                SemanticType.TIMESTAMP, false, Monotonicity.NONE, false, 100);
    }

    private static List<Finding> findings() {
        return List.of(
                new Finding(FindingKind.MISSING_VALUES, Severity.WARNING, Optional.of("customer_email"),
                        "customer_email is missing in 2.9% of rows", evidence("missing", 312L, "placeholders", 48L,
                        "missingShare", 0.0288), "Check why orders are saved without an e-mail address.", 8),
                new Finding(FindingKind.PERSONAL_DATA, Severity.CRITICAL, Optional.of("customer_email"),
                        "customer_email holds e-mail addresses (personal data)",
                        evidence("matchShare", 0.997, "sampled", 1_000L),
                        "Restrict access to the column or mask it before sharing.", 15),
                new Finding(FindingKind.DUPLICATE_ROWS, Severity.CRITICAL, Optional.empty(),
                        "24 rows are exact duplicates of earlier rows", evidence("duplicateRows", 24L,
                        "duplicateShare", 0.0019), "Remove the duplicates or add a unique key to the load.", 5),
                new Finding(FindingKind.NEGATIVE_VALUES, Severity.WARNING, Optional.of("total_amount"),
                        "total_amount has 12 negative values", evidence("negatives", 12L, "min", -45.5),
                        "Refunds may be stored as negative orders; keep them apart or add a check.", 4),
                new Finding(FindingKind.SKEWED, Severity.INFO, Optional.of("total_amount"),
                        "total_amount is strongly right-skewed", evidence("skewness", 2.4137, "median", 58.9,
                        "mean", 87.126), "Use the median rather than the mean to describe it.", 0),
                new Finding(FindingKind.UNIQUE_ID, Severity.INFO, Optional.of("order_id"),
                        "order_id is unique and never missing: a key", evidence("distinct", 12_480L),
                        "Declare it as the primary key.", 0));
    }

    private static Map<String, Object> evidence(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static TimeInsights insights() {
        int[] weekly = {0, 10, 15, 12, 20, 60, 55};
        List<TimePoint> points = new ArrayList<>();
        for (int day = 0; day < 28; day++) {
            double value = 400 + 2 * day + weekly[day % 7];
            if (day == 9) {
                value = 820;
            } else if (day == 20) {
                value = 210;
            }
            points.add(new TimePoint(FIRST_DAY.plus(day, ChronoUnit.DAYS), value));
        }
        AnomalyInsight spike = new AnomalyInsight(FIRST_DAY.plus(9, ChronoUnit.DAYS), 820, 433, 6.12, 0.00002,
                List.of(new Contributor("region", "West", 512, 146, 366, 0.946),
                        new Contributor("region", "East", 160, 135, 25, 0.065)));
        AnomalyInsight dip = new AnomalyInsight(FIRST_DAY.plus(20, ChronoUnit.DAYS), 210, 480, -4.85, 0.0004,
                List.of(new Contributor("region", "North", 14, 96, -82, 0.304),
                        new Contributor("region", "South", 9, 73, -64, 0.237)));
        SeriesInsight rows = new SeriesInsight("rows", points,
                Optional.of(new TrendInsight(TrendInsight.Direction.UP, 2.0, 0.135, 0.0004, 0.41)),
                List.of(new SeasonalityInsight(7, "weekly", 0.62)), List.of(spike, dip));
        return new TimeInsights("ordered_at", TimeGrain.DAY, List.of(rows));
    }

    /** A result whose dataset, column, values and notes are all attempts to break out of a format. */
    static AnalysisResult hostile() {
        ColumnProfile column = new ColumnProfile(HOSTILE_NAME, "VARCHAR", ColumnKind.TEXT, 10, 0, 0, 3, true,
                Optional.of("a|b"), Optional.of("<!--"), Optional.empty(),
                Optional.of(new TextStats(1, 40, 7.5, 0, 0,
                        List.of(new ValueCount("<b>A</b>", 4), new ValueCount("9|9", 3)), 0, 0,
                        Map.of("<email>", 0.5))),
                List.of(new ValueCount("x</script><script>alert(2)</script>", 5), new ValueCount("a | b", 3),
                        new ValueCount("line\u2028break & \"quoted\" 'single'\u001b[31m", 2)),
                Optional.empty(), SemanticType.CATEGORY, false, Monotonicity.UNKNOWN, false, 90);
        Finding finding = new Finding(FindingKind.IMBALANCED, Severity.WARNING, Optional.of(HOSTILE_NAME),
                "<script>alert(3)</script> dominates", Map.of("value", "<img src=x onerror=alert(4)>"),
                "[click](javascript:alert(5)) *now*", 3);
        TableProfile table = new TableProfile(10, 1, OptionalLong.empty(), List.of(List.of(HOSTILE_NAME)),
                List.of(), List.of());
        return new AnalysisResult(AnalysisResult.SCHEMA_VERSION, "<b>orders</b> & \"co\"", "duckdb",
                AnalysisMode.FULL, STARTED, Duration.ofMillis(15), table, List.of(column), List.of(finding),
                new QualityScore(90, Map.of(HOSTILE_NAME, 90.0), List.of(finding)), Optional.empty(),
                List.of(new Section("hostile-section", "<i>step</i> & \"title\"", "summary with </script>", List.of(
                        new Section.Column(HOSTILE_NAME, Section.Format.TEXT), new Section.Column("share", Section.Format.SHARE)),
                        List.of(List.of("<img src=x onerror=alert(1)>", 0.25), java.util.Arrays.asList(null, null)))),
                List.of("a note with </script> and \u2029"));
    }

    /** A section as the column-dependencies step makes it. */
    static Section dependencies() {
        return new Section("column-dependencies", "Columns that determine others",
                "Where each value of the first column goes with a single value of the second.", List.of(
                new Section.Column("Column", Section.Format.TEXT),
                new Section.Column("Determines", Section.Format.TEXT),
                new Section.Column("How", Section.Format.TEXT),
                new Section.Column("Values checked", Section.Format.COUNT),
                new Section.Column("Values with several", Section.Format.COUNT)), List.of(
                List.of("country_code", "region", "many to one", 12L, 0L),
                List.of("customer_id", "country_code", "nearly: 1 exception", 1_204L, 1L)));
    }
}
