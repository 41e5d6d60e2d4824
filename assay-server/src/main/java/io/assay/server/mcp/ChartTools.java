package io.assay.server.mcp;

import io.assay.platform.saved.ChartSpec;
import io.assay.platform.saved.SavedChart;
import io.assay.platform.saved.SavedChartService;
import io.assay.platform.workspace.Workspace;
import io.assay.server.api.SavedChartApi;
import io.modelcontextprotocol.server.McpServerFeatures;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.assay.server.mcp.Schemas.array;
import static io.assay.server.mcp.Schemas.bool;
import static io.assay.server.mcp.Schemas.choice;
import static io.assay.server.mcp.Schemas.object;
import static io.assay.server.mcp.Schemas.string;

/**
 * Saved charts for assistants: list the charts the caller may see, get one with its (kept or fresh) result, and save a chart
 * (a make_chart call's arguments, with a name, make one). All through the platform's chart service, under the caller's rights.
 */
final class ChartTools {

    private final Workspace ws;
    private final McpCaller callers;

    ChartTools(Workspace ws, McpCaller callers) {
        this.ws = ws;
        this.callers = callers;
    }

    List<McpServerFeatures.SyncToolSpecification> tools() {
        return List.of(listCharts(), getChart(), saveChart());
    }

    private static Map<String, Object> chartSchema() {
        return object().open()
                .req("id", string("its id, for get_chart"))
                .req("name", string("its name"))
                .req("owner", string("who saved it"))
                .req("access", string("what you may do with it: owner, write or read"))
                .req("spec", object().open().build())
                .build();
    }

    private McpServerFeatures.SyncToolSpecification listCharts() {
        Map<String, Object> input = object().prop("q", string("text to find in the charts' names or descriptions (any case)")).build();
        return McpTool.of(ws, callers, "list_charts", "List saved charts",
                "Lists the saved charts (\"questions\") you may see: your own, those shared with you, with a role of yours or with "
                        + "everyone (all for admins), by name, with their chart spec; q keeps those whose name or description holds the text.",
                input, object().req("charts", array("the charts", chartSchema())).build(),
                McpTool.annotations("List saved charts", true, false, true), call -> {
                    List<Map<String, Object>> out = new ArrayList<>();
                    StringBuilder text = new StringBuilder();
                    for (SavedChart c : ws.savedCharts().list(call.caller(), call.args().optString("q"), Optional.empty(), 200)) {
                        out.add(SavedChartApi.chart(c, ws.savedCharts().rights(call.caller(), c)));
                        text.append(c.id()).append(": ").append(c.name()).append(" (").append(c.spec().type().id()).append(", by ")
                                .append(c.owner()).append(")\n");
                    }
                    if (out.isEmpty()) {
                        text.append("There are no saved charts you may see. save_chart saves one.");
                    }
                    return McpTool.Answer.of(text.toString().strip(), Map.of("charts", out)).rows(out.size());
                });
    }

    private McpServerFeatures.SyncToolSpecification getChart() {
        Map<String, Object> input = object().req("id", string("the chart's id (see list_charts)"))
                .prop("refresh", bool("run the chart anew instead of serving its kept result; default false")).build();
        Map<String, Object> output = object().req("chart", chartSchema())
                .req("result", object().open().req("columns", array("the result's columns", object().open().build()))
                        .req("rows", array("the rows charted", array("a row", Schemas.any("a value")))).build()).build();
        return McpTool.of(ws, callers, "get_chart", "Get a saved chart and its result",
                "Answers a saved chart you may see, with its result: the kept result of its last run when you may still read every "
                        + "dataset it read, else a fresh run under your own rights (refresh forces one). The result holds the rows and a "
                        + "Plotly figure (JSON with data and layout).",
                input, output, McpTool.annotations("Get a saved chart", true, false, true), call -> {
                    SavedChart c = ws.savedCharts().get(call.caller(), call.args().string("id"));
                    SavedChartService.ChartResult r = ws.savedCharts().run(call.caller(), c.id(), Map.of(), call.args().bool("refresh", false),
                            call.origin());
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("chart", SavedChartApi.chart(c, ws.savedCharts().rights(call.caller(), c)));
                    out.put("result", SavedChartApi.result(r));
                    String text = "Chart '" + c.name() + "' (" + c.spec().type().id() + "), " + r.rows().size() + " rows"
                            + (r.cached() ? ", kept result of " + r.computedAt() : "") + r.figure().map(f -> ":\n" + f).orElse(".");
                    return McpTool.Answer.of(text, out).rows(r.rows().size());
                });
    }

    private McpServerFeatures.SyncToolSpecification saveChart() {
        Map<String, Object> input = object()
                .req("name", string("the chart's name (1 to 200 characters)"))
                .prop("sql", string("the query whose result the chart draws (as given to make_chart); or give saved_query_id"))
                .prop("saved_query_id", string("a saved query of yours to draw, instead of sql (see list_saved_queries)"))
                .prop("x", string("the column along the horizontal axis (labels, for a pie); not needed for a table"))
                .prop("y", array("the numeric columns to plot, one trace each", string("a column")))
                .prop("kind", choice("the chart type: line (default), bar, area, scatter, pie or table",
                        "line", "bar", "area", "scatter", "pie", "table"))
                .prop("series", string("a column whose values split the one y column into traces"))
                .prop("aggregation", choice("applied to y per x (and series) in the engine; default none",
                        "none", "sum", "avg", "count", "min", "max"))
                .prop("colors", array("trace colours, #rgb or #rrggbb", string("a colour")))
                .prop("title", string("the chart's title"))
                .prop("description", string("what the chart answers")).build();
        return McpTool.of(ws, callers, "save_chart", "Save a chart",
                "Saves a chart (a \"question\") under a name: the same sql, x, y, kind and title as make_chart (so a make_chart "
                        + "result can be saved), or a saved query of yours by id, with optional series, aggregation and colours. "
                        + "Saving runs it once to check the columns it names; it is yours, to share through the REST API or the web page.",
                input, object().req("chart", chartSchema()).build(), McpTool.annotations("Save a chart", false, false, false), call -> {
                    Args a = call.args();
                    ChartSpec spec = new ChartSpec(ChartSpec.Type.parse(a.optString("kind").orElse("line")), a.optString("x"), a.strings("y"),
                            a.optString("series"), ChartSpec.Aggregation.parse(a.optString("aggregation").orElse("none")), a.strings("colors"),
                            a.optString("title"));
                    SavedChart c = ws.savedCharts().create(call.caller(), new SavedChart.Draft(a.string("name"), a.optString("description"),
                            a.optString("saved_query_id"), a.optString("sql"), List.of(), spec), call.origin());
                    return McpTool.Answer.of("Saved chart '" + c.name() + "' as " + c.id() + ".",
                            Map.of("chart", SavedChartApi.chart(c, ws.savedCharts().rights(call.caller(), c)))).target(c.id());
                });
    }
}
