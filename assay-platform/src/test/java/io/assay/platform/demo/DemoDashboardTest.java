package io.assay.platform.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.platform.audit.AuditService;
import io.assay.platform.auth.Principal;
import io.assay.platform.config.ConfigLoader;
import io.assay.platform.saved.Dashboard;
import io.assay.platform.saved.DashboardService;
import io.assay.platform.saved.SavedChartService;
import io.assay.platform.task.TaskContext;
import io.assay.platform.workspace.Workspace;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's "Sales overview" dashboard: made with the demo, once, and every card of it answers, for all regions and one. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoDashboardTest {

    private Workspace ws;
    private final Principal local = Principal.local();

    @BeforeAll
    void start(@TempDir Path dir) {
        ws = Workspace.open(ConfigLoader.load(Map.of(), Optional.empty(), Map.of("data-dir", dir.resolve("data").toString())),
                new SimpleMeterRegistry());
        ws.generateDemo(local, DemoService.DEFAULT_SEED, 1, AuditService.Origin.NONE, TaskContext.silent());
    }

    @AfterAll
    void stop() {
        ws.close();
    }

    private Dashboard salesOverview() {
        List<Dashboard> found = ws.dashboards().list(local, Optional.of(DemoDashboard.NAME), Optional.empty(), 100);
        assertThat(found).extracting(Dashboard::name).containsExactly(DemoDashboard.NAME);
        return found.get(0);
    }

    private static Map<String, DashboardService.CardResult> cards(DashboardService.Run run) {
        Map<String, DashboardService.CardResult> out = new HashMap<>();
        run.cards().forEach(c -> out.put(c.card().id(), c));
        return out;
    }

    @Test
    void theDemoHasASalesOverviewWhoseEveryCardAnswersForAllRegionsAndForOne() {
        Dashboard d = salesOverview();
        assertThat(d.cards()).extracting(c -> c.kind().name() + " " + c.id())
                .containsExactlyInAnyOrder("KPI revenue", "TEXT about", "CHART regions", "CHART orders", "CHART products");
        assertThat(d.filters()).extracting(Dashboard.Filter::name).containsExactly("region");

        Map<String, DashboardService.CardResult> all = cards(ws.dashboards().run(local, d.id(), Map.of(), true, AuditService.Origin.NONE));
        all.values().forEach(c -> assertThat(c.error()).as(c.card().id()).isEmpty());
        DashboardService.Kpi kpi = all.get("revenue").kpi().orElseThrow();
        assertThat(kpi.column()).isEqualTo("revenue");
        assertThat(kpi.value()).get().matches(v -> v > 0);
        assertThat(kpi.previous()).isPresent();

        SavedChartService.ChartResult regions = all.get("regions").result().orElseThrow();
        assertThat(regions.rows()).extracting(r -> r.get(0)).containsExactlyInAnyOrder("North America", "Europe", "APAC", "LATAM");

        SavedChartService.ChartResult orders = all.get("orders").result().orElseThrow();
        assertThat(orders.rows()).hasSizeGreaterThan(300);
        long marked = orders.rows().stream().filter(r -> r.get(2) != null).count();
        assertThat(marked).as("days marked as anomalies").isBetween(1L, 30L);
        assertThat(orders.rows().stream().filter(r -> r.get(2) != null).map(r -> String.valueOf(r.get(0))))
                .as("the planted checkout outage is marked").anyMatch(day -> day.startsWith("2025-03-14"));
        JsonNode traces = orders.figure().orElseThrow().path("data");
        assertThat(traces.get(0).path("mode").asText()).isEqualTo("lines");
        assertThat(traces.get(1).path("mode").asText()).isEqualTo("markers");
        assertThat(traces.get(1).path("name").asText()).isEqualTo("anomaly");

        SavedChartService.ChartResult products = all.get("products").result().orElseThrow();
        assertThat(products.rows()).hasSize(10);
        assertThat(products.columns()).extracting(c -> c.name()).containsExactly("product", "category", "units", "revenue");
        assertThat(products.figure()).isEmpty();

        // One region: the filter sets every chart's region.
        Map<String, DashboardService.CardResult> apac = cards(ws.dashboards().run(local, d.id(), Map.of("region", "APAC"), false,
                AuditService.Origin.NONE));
        apac.values().forEach(c -> assertThat(c.error()).as(c.card().id()).isEmpty());
        assertThat(apac.get("regions").result().orElseThrow().rows()).extracting(r -> r.get(0)).containsExactly("APAC");
        assertThat(apac.get("revenue").kpi().orElseThrow().value().orElseThrow()).isLessThan(kpi.value().orElseThrow());
        long apacOrders = apac.get("orders").result().orElseThrow().rows().stream().mapToLong(r -> ((Number) r.get(1)).longValue()).sum();
        long allOrders = orders.rows().stream().mapToLong(r -> ((Number) r.get(1)).longValue()).sum();
        assertThat(apacOrders).isPositive().isLessThan(allOrders);
        assertThat(apac.get("orders").result().orElseThrow().rows().stream().filter(r -> r.get(2) != null).map(r -> String.valueOf(r.get(0))))
                .as("APAC's planted demand spike is marked").anyMatch(day -> day.startsWith("2025-09-20"));
    }

    @Test
    void generatingTheDemoAgainKeepsTheOneDashboardAndItsCharts() {
        String id = salesOverview().id();
        int charts = ws.savedCharts().list(local, Optional.of("Sales overview"), Optional.empty(), 100).size();
        assertThat(charts).isEqualTo(4);
        ws.generateDemo(local, DemoService.DEFAULT_SEED, 1, AuditService.Origin.NONE, TaskContext.silent());
        assertThat(salesOverview().id()).isEqualTo(id);
        assertThat(ws.savedCharts().list(local, Optional.of("Sales overview"), Optional.empty(), 100)).hasSize(4);
    }
}
