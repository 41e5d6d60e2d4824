package io.assay.platform.demo;

import io.assay.platform.audit.AuditService;
import io.assay.platform.auth.Principal;
import io.assay.platform.saved.ChartSpec;
import io.assay.platform.saved.Dashboard;
import io.assay.platform.saved.DashboardService;
import io.assay.platform.saved.QueryParameter;
import io.assay.platform.saved.SavedChart;
import io.assay.platform.saved.SavedChartService;

import java.util.List;
import java.util.Optional;

/**
 * The demo's "Sales overview" dashboard on the demo data: a revenue KPI, orders per day with anomalies marked, revenue by
 * region (bars) and the top products (a table), all set by one region filter. Made through the chart and dashboard services
 * as the caller who generates the demo, and only once: a caller's charts and dashboard of these names are kept as they are.
 */
public final class DemoDashboard {

    public static final String NAME = "Sales overview";
    /** The region filter's value that keeps every region. */
    public static final String ALL_REGIONS = "All";

    /** A region condition on {@code column}: every region for {@link #ALL_REGIONS}, else the one given (a bound value). */
    private static String region(String column) {
        return "(CAST({{region}} AS VARCHAR) = '" + ALL_REGIONS + "' OR " + column + " = {{region}})";
    }

    static final String REVENUE = "SELECT substr(CAST(order_date AS VARCHAR), 1, 7) AS month, round(sum(total_amount), 2) AS revenue "
            + "FROM orders WHERE status = 'completed' AND " + region("region") + " GROUP BY 1 ORDER BY 1";
    /** Orders per day, and the day's count again as anomaly where it lies over 3 standard deviations from its 4 weeks around. */
    static final String ORDERS_PER_DAY = "WITH d AS (SELECT order_date AS day, count(*) AS orders FROM orders WHERE " + region("region")
            + " GROUP BY order_date), s AS (SELECT day, orders, avg(orders) OVER w AS mean, stddev_samp(orders) OVER w AS sd FROM d "
            + "WINDOW w AS (ORDER BY day ROWS BETWEEN 14 PRECEDING AND 14 FOLLOWING)) "
            + "SELECT day, orders, CASE WHEN sd > 0 AND abs(orders - mean) > 3 * sd THEN orders END AS anomaly FROM s ORDER BY day";
    static final String REVENUE_BY_REGION = "SELECT region, round(sum(total_amount), 2) AS revenue FROM orders "
            + "WHERE status = 'completed' AND " + region("region") + " GROUP BY region ORDER BY revenue DESC";
    static final String TOP_PRODUCTS = "SELECT p.product_name AS product, p.category, sum(i.quantity) AS units, "
            + "round(sum(i.line_amount), 2) AS revenue FROM order_items i JOIN orders o ON o.order_id = i.order_id "
            + "JOIN products p ON p.product_id = i.product_id WHERE o.status = 'completed' AND " + region("o.region")
            + " GROUP BY p.product_name, p.category ORDER BY revenue DESC LIMIT 10";

    private DemoDashboard() {
    }

    /** The caller's "Sales overview" dashboard, made (with its charts) when the caller has none of that name. */
    public static Dashboard ensure(SavedChartService charts, DashboardService dashboards, Principal caller, AuditService.Origin origin) {
        Optional<Dashboard> kept = dashboards.list(caller, Optional.of(NAME), Optional.empty(), 500).stream()
                .filter(d -> d.name().equals(NAME) && d.owner().equals(caller.name())).findFirst();
        if (kept.isPresent()) {
            return kept.get();
        }
        String revenue = chart(charts, caller, origin, "Sales overview: revenue by month", "Completed orders' revenue per month",
                REVENUE, new ChartSpec(ChartSpec.Type.LINE, Optional.of("month"), List.of("revenue"), Optional.empty(),
                        ChartSpec.Aggregation.NONE, List.of(), Optional.of("Revenue by month")));
        String perDay = chart(charts, caller, origin, "Sales overview: orders per day", "Orders per day; anomaly marks the days over 3 "
                        + "standard deviations from the 4 weeks around them", ORDERS_PER_DAY,
                new ChartSpec(ChartSpec.Type.LINE, Optional.of("day"), List.of("orders", "anomaly"), Optional.empty(),
                        ChartSpec.Aggregation.NONE, List.of("#1f77b4", "#d62728"), Optional.of("Orders per day")));
        String byRegion = chart(charts, caller, origin, "Sales overview: revenue by region", "Completed orders' revenue per region",
                REVENUE_BY_REGION, new ChartSpec(ChartSpec.Type.BAR, Optional.of("region"), List.of("revenue"), Optional.empty(),
                        ChartSpec.Aggregation.NONE, List.of(), Optional.of("Revenue by region")));
        String top = chart(charts, caller, origin, "Sales overview: top products", "The 10 products with the most revenue",
                TOP_PRODUCTS, new ChartSpec(ChartSpec.Type.TABLE, Optional.empty(), List.of(), Optional.empty(),
                        ChartSpec.Aggregation.NONE, List.of(), Optional.of("Top products")));
        List<Dashboard.Card> cards = List.of(
                new Dashboard.Card("revenue", Dashboard.CardKind.KPI, 0, 0, 4, 2, Optional.of(revenue), Optional.empty(),
                        Optional.of("Revenue, last month"), Optional.of("revenue")),
                new Dashboard.Card("about", Dashboard.CardKind.TEXT, 0, 2, 4, 2, Optional.empty(), Optional.of("**Sales overview** of the "
                        + "demo shop. Pick a region above, or *" + ALL_REGIONS + "*; red points on orders per day mark anomalies."),
                        Optional.empty(), Optional.empty()),
                new Dashboard.Card("regions", Dashboard.CardKind.CHART, 4, 0, 8, 4, Optional.of(byRegion), Optional.empty(),
                        Optional.of("Revenue by region"), Optional.empty()),
                new Dashboard.Card("orders", Dashboard.CardKind.CHART, 0, 4, 12, 4, Optional.of(perDay), Optional.empty(),
                        Optional.of("Orders per day"), Optional.empty()),
                new Dashboard.Card("products", Dashboard.CardKind.CHART, 0, 8, 12, 4, Optional.of(top), Optional.empty(),
                        Optional.of("Top products"), Optional.empty()));
        List<Dashboard.Filter> filters = List.of(new Dashboard.Filter("region", Dashboard.FilterKind.CATEGORY, List.of("region"),
                List.of(Optional.of(ALL_REGIONS))));
        return dashboards.create(caller, new Dashboard.Draft(NAME, Optional.of("Revenue, orders (anomalies marked), regions and top "
                + "products of the demo shop, by region."), cards, filters), origin);
    }

    private static String chart(SavedChartService charts, Principal caller, AuditService.Origin origin, String name, String description,
                                String sql, ChartSpec spec) {
        Optional<SavedChart> kept = charts.list(caller, Optional.of(name), Optional.empty(), 500).stream()
                .filter(c -> c.name().equals(name) && c.owner().equals(caller.name())).findFirst();
        if (kept.isPresent()) {
            return kept.get().id();
        }
        QueryParameter region = new QueryParameter("region", QueryParameter.Type.TEXT, Optional.of(ALL_REGIONS), false);
        return charts.create(caller, new SavedChart.Draft(name, Optional.of(description), Optional.empty(), Optional.of(sql),
                List.of(region), spec), origin).id();
    }
}
