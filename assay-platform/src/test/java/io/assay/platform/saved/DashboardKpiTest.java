package io.assay.platform.saved;

import io.assay.engine.Column;
import io.assay.engine.ColumnType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A KPI card's answer: the latest period's value, the change from the one before, and the sparkline of the periods in x order. */
class DashboardKpiTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final ChartSpec LINE = new ChartSpec(ChartSpec.Type.LINE, Optional.of("day"), List.of("total"), Optional.empty(),
            ChartSpec.Aggregation.SUM, List.of(), Optional.empty());
    private static final SavedChart CHART = new SavedChart("ch1", "ana", "Daily", Optional.empty(), Optional.empty(),
            Optional.of("SELECT day, total FROM t"), List.of(), LINE, NOW, NOW, Optional.empty());
    private static final Dashboard.Card CARD = new Dashboard.Card("k", Dashboard.CardKind.KPI, 0, 0, 3, 2, Optional.of("ch1"),
            Optional.empty(), Optional.empty(), Optional.empty());

    private static SavedChartService.ChartResult result(List<List<Object>> rows) {
        List<Column> columns = List.of(new Column("day", new ColumnType(ColumnType.Kind.DATE, "DATE"), true),
                new Column("total", new ColumnType(ColumnType.Kind.FLOAT, "DOUBLE"), true));
        return new SavedChartService.ChartResult("ch1", columns, rows, Optional.empty(), false, NOW, false, Map.of());
    }

    @Test
    void theSparklineIsTheColumnInXOrderWithTheValueAndChangeOfTheLastTwo() {
        // Rows out of order: the KPI sorts them by x, as the engine's ORDER BY would.
        DashboardService.Kpi k = DashboardService.kpi(CARD, CHART, result(List.of(
                List.of("2025-01-03", 12.0), List.of("2025-01-01", 5.0), Arrays.asList("2025-01-02", "n/a"), List.of("2025-01-04", 18))));
        assertThat(k.column()).isEqualTo("total");
        assertThat(k.series()).containsExactly(5.0, null, 12.0, 18.0);
        assertThat(k.value()).contains(18.0);
        assertThat(k.previous()).contains(12.0);
        assertThat(k.change()).contains(6.0);
        assertThat(k.changeRatio()).contains(0.5);
    }

    @Test
    void theSparklineKeepsTheLatestPeriodsOnly() {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < DashboardService.SPARKLINE_POINTS + 40; i++) {
            rows.add(List.of(String.format("2025-%02d-%02d", 1 + i / 28, 1 + i % 28), (double) i));
        }
        DashboardService.Kpi k = DashboardService.kpi(CARD, CHART, result(rows));
        assertThat(k.series()).hasSize(DashboardService.SPARKLINE_POINTS);
        assertThat(k.series().get(0)).isEqualTo(40.0);
        assertThat(k.series().get(k.series().size() - 1)).isEqualTo(rows.size() - 1.0);
        assertThat(k.value()).contains(rows.size() - 1.0);
    }

    @Test
    void oneRowHasAValueNoChangeAndAOnePointSparkline() {
        DashboardService.Kpi k = DashboardService.kpi(CARD, CHART, result(List.of(List.of("2025-01-01", 7.0))));
        assertThat(k.value()).contains(7.0);
        assertThat(k.previous()).isEmpty();
        assertThat(k.change()).isEmpty();
        assertThat(k.series()).containsExactly(7.0);
    }
}
