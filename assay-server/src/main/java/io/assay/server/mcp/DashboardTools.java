package io.assay.server.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.platform.saved.Dashboard;
import io.assay.platform.saved.DashboardService;
import io.assay.platform.workspace.Workspace;
import io.assay.server.api.DashboardApi;
import io.modelcontextprotocol.server.McpServerFeatures;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.assay.server.mcp.Schemas.array;
import static io.assay.server.mcp.Schemas.bool;
import static io.assay.server.mcp.Schemas.object;
import static io.assay.server.mcp.Schemas.string;

/**
 * Dashboards for assistants: list those the caller may see, get one's definition, run one with filter values (each card's
 * result, or its own error), and save one. All through the platform's dashboard service under the caller's rights, and
 * answered in the same JSON as the REST API's.
 */
final class DashboardTools {

    private final Workspace ws;
    private final McpCaller callers;

    DashboardTools(Workspace ws, McpCaller callers) {
        this.ws = ws;
        this.callers = callers;
    }

    List<McpServerFeatures.SyncToolSpecification> tools() {
        return List.of(listDashboards(), getDashboard(), runDashboard(), saveDashboard());
    }

    static Map<String, Object> dashboardSchema() {
        return object().open()
                .req("id", string("its id, for get_dashboard and run_dashboard"))
                .req("name", string("its name"))
                .req("owner", string("who made it"))
                .req("access", string("what you may do with it: owner, write or read"))
                .req("cards", array("its cards on a 12-column grid", object().open().build()))
                .req("filters", array("its filters: each sets query parameters of the charts on it", object().open().build()))
                .build();
    }

    private McpServerFeatures.SyncToolSpecification listDashboards() {
        Map<String, Object> input = object().prop("q", string("text to find in the dashboards' names or descriptions (any case)")).build();
        return McpTool.of(ws, callers, "list_dashboards", "List dashboards",
                "Lists the dashboards you may see: your own, those shared with you, with a role of yours or with everyone (all for "
                        + "admins), by name, with their cards and filters; q keeps those whose name or description holds the text. "
                        + "run_dashboard runs one.",
                input, object().req("dashboards", array("the dashboards", dashboardSchema())).build(),
                McpTool.annotations("List dashboards", true, false, true), call -> {
                    List<Map<String, Object>> out = new ArrayList<>();
                    StringBuilder text = new StringBuilder();
                    for (Dashboard d : ws.dashboards().list(call.caller(), call.args().optString("q"), Optional.empty(), 200)) {
                        out.add(DashboardApi.view(ws, call.caller(), d));
                        text.append(d.id()).append(": ").append(d.name()).append(" (").append(d.cards().size()).append(" cards");
                        if (!d.filters().isEmpty()) {
                            text.append("; filters ").append(String.join(", ", d.filters().stream().map(Dashboard.Filter::name).toList()));
                        }
                        text.append(", by ").append(d.owner()).append(")\n");
                    }
                    if (out.isEmpty()) {
                        text.append("There are no dashboards you may see. save_dashboard makes one from saved charts.");
                    }
                    return McpTool.Answer.of(text.toString().strip(), Map.of("dashboards", out)).rows(out.size());
                });
    }

    private McpServerFeatures.SyncToolSpecification getDashboard() {
        Map<String, Object> input = object().req("id", string("the dashboard's id (see list_dashboards)")).build();
        return McpTool.of(ws, callers, "get_dashboard", "Get a dashboard's definition",
                "Answers a dashboard you may see: its cards (chart, kpi or text, with the saved chart each shows and its place on a "
                        + "12-column grid) and its filters (name, type, the query parameters each sets, defaults). It runs nothing: "
                        + "run_dashboard does.",
                input, object().req("dashboard", dashboardSchema()).build(),
                McpTool.annotations("Get a dashboard", true, false, true), call -> {
                    Dashboard d = ws.dashboards().get(call.caller(), call.args().string("id"));
                    return McpTool.Answer.of(describe(d), Map.of("dashboard", DashboardApi.view(ws, call.caller(), d))).target(d.id());
                });
    }

    private McpServerFeatures.SyncToolSpecification runDashboard() {
        Map<String, Object> filters = object().open().build();
        filters.put("description", "filter values by filter name: text or a number, or [from, to] dates for a date_range "
                + "filter, such as {\"region\": \"EMEA\"}; a filter not given takes its default");
        Map<String, Object> input = object().req("id", string("the dashboard's id (see list_dashboards)"))
                .prop("filters", filters)
                .prop("refresh", bool("run every chart anew instead of serving kept results; default false")).build();
        Map<String, Object> output = object().open().req("dashboardId", string("the dashboard's id")).req("name", string("its name"))
                .req("filters", object().open().build())
                .req("cards", array("each card with its result, kpi or error", object().open().build())).build();
        return McpTool.of(ws, callers, "run_dashboard", "Run a dashboard",
                "Runs a dashboard you may see with filter values, under your own rights: each card answers its chart's result (rows "
                        + "and a Plotly figure), its KPI (last value and change from the one before) or its text, or its own error "
                        + "(such as a dataset you may not read) while the other cards still answer.",
                input, output, McpTool.annotations("Run a dashboard", true, false, true), call -> {
                    Object given = call.request().arguments() == null ? null : call.request().arguments().get("filters");
                    Map<String, Object> values = DashboardApi.filters(given == null ? null : McpTool.JSON.valueToTree(given));
                    DashboardService.Run r = ws.dashboards().run(call.caller(), call.args().string("id"), values,
                            call.args().bool("refresh", false), call.origin());
                    Map<String, Object> out = DashboardApi.run(r);
                    StringBuilder text = new StringBuilder("Dashboard '").append(r.dashboard().name()).append("'");
                    if (!r.filters().isEmpty()) {
                        text.append(" with ").append(r.filters());
                    }
                    text.append(":\n");
                    long rows = 0;
                    for (DashboardService.CardResult c : r.cards()) {
                        text.append("- ").append(c.card().id()).append(c.card().title().map(t -> " (" + t + ")").orElse("")).append(": ");
                        if (c.error().isPresent()) {
                            text.append("error ").append(c.error().get().code()).append(": ").append(c.error().get().getMessage());
                        } else if (c.kpi().isPresent()) {
                            var k = c.kpi().get();
                            text.append(k.column()).append(" = ").append(k.value().map(String::valueOf).orElse("none"))
                                    .append(k.change().map(x -> " (change " + x + ")").orElse(""));
                        } else if (c.result().isPresent()) {
                            int n = c.result().get().rows().size();
                            rows += n;
                            text.append(n).append(" rows");
                        } else {
                            text.append(c.card().markdown().orElse("text"));
                        }
                        text.append('\n');
                    }
                    return McpTool.Answer.of(text.toString().strip(), out).target(r.dashboard().id()).rows(rows);
                });
    }

    private McpServerFeatures.SyncToolSpecification saveDashboard() {
        Map<String, Object> input = object()
                .req("name", string("the dashboard's name"))
                .prop("description", string("what the dashboard shows"))
                .prop("cards", array("its cards: {type: chart|kpi|text, x, y, w, h, chartId (chart, kpi), markdown (text), title, "
                        + "value (the column a kpi shows)} on a 12-column grid", object().open().build()))
                .prop("filters", array("its filters: {name, type: category|number|date_range, parameter (or parameters: [from, to] "
                        + "for date_range), default}, each setting those query parameters of its charts", object().open().build()))
                .build();
        return McpTool.of(ws, callers, "save_dashboard", "Save a dashboard",
                "Makes a dashboard from saved charts you may see (see list_charts, save_chart): cards on a 12-column grid and filters "
                        + "that set the charts' query parameters, in the same JSON as the REST API's POST /api/v1/dashboards. It is "
                        + "yours, to share through the REST API or the web page.",
                input, object().req("dashboard", dashboardSchema()).build(), McpTool.annotations("Save a dashboard", false, false, false),
                call -> {
                    JsonNode body = McpTool.JSON.valueToTree(call.request().arguments() == null ? Map.of() : call.request().arguments());
                    Dashboard d = ws.dashboards().create(call.caller(), DashboardService.draft(body), call.origin());
                    return McpTool.Answer.of("Saved dashboard '" + d.name() + "' as " + d.id() + ".",
                            Map.of("dashboard", DashboardApi.view(ws, call.caller(), d))).target(d.id());
                });
    }

    /** A dashboard's definition in a few lines for the model. */
    static String describe(Dashboard d) {
        StringBuilder text = new StringBuilder("Dashboard '").append(d.name()).append("' (").append(d.id()).append(", by ")
                .append(d.owner()).append(")").append(d.description().map(x -> ": " + x).orElse("")).append("\nCards:\n");
        for (Dashboard.Card c : d.cards()) {
            text.append("- ").append(c.id()).append(' ').append(c.kind().name().toLowerCase(java.util.Locale.ROOT))
                    .append(c.chartId().map(x -> " of chart " + x).orElse("")).append(c.title().map(x -> " \"" + x + "\"").orElse(""))
                    .append('\n');
        }
        if (!d.filters().isEmpty()) {
            text.append("Filters:\n");
            for (Dashboard.Filter f : d.filters()) {
                text.append("- ").append(f.name()).append(" (").append(f.kind().id()).append(", sets ")
                        .append(String.join(", ", f.parameters())).append(")\n");
            }
        }
        return text.toString().strip();
    }
}
