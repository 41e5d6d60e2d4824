package io.assay.server.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.assay.engine.AssayException;
import io.assay.engine.Column;
import io.assay.engine.ErrorCode;
import io.assay.engine.RowStream;
import io.assay.platform.config.McpConfig;
import io.assay.platform.export.ResultWriter;
import io.assay.platform.export.Values;
import io.assay.platform.query.QueryOutcome;
import io.assay.platform.query.QueryOutput;
import io.assay.platform.query.QueryRequest;
import io.assay.platform.report.ChartImage;
import io.assay.platform.report.PlotlyFigures;
import io.assay.platform.saved.QueryParameter;
import io.assay.platform.saved.SavedQuery;
import io.assay.platform.saved.SavedQueryService;
import io.assay.platform.workspace.Workspace;
import io.assay.server.Views;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;

import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

import static io.assay.server.mcp.Schemas.array;
import static io.assay.server.mcp.Schemas.bool;
import static io.assay.server.mcp.Schemas.choice;
import static io.assay.server.mcp.Schemas.integer;
import static io.assay.server.mcp.Schemas.object;
import static io.assay.server.mcp.Schemas.string;

/** SQL through the governed query gateway (same checks, caps, cache and audit as REST), and charts of its results. */
final class QueryTools {

    /** The most rows a chart reads. */
    static final int CHART_ROWS = 5_000;

    private final Workspace ws;
    private final McpCaller callers;
    private final McpConfig limits;

    QueryTools(Workspace ws, McpCaller callers) {
        this.ws = ws;
        this.callers = callers;
        this.limits = ws.config().mcp();
    }

    List<McpServerFeatures.SyncToolSpecification> tools() {
        return List.of(runQuery(), listSavedQueries(), runSavedQuery(), ask(), makeChart());
    }

    /** The rows of a result, held (capped) for one answer. */
    record Rows(List<Column> columns, List<List<Object>> rows, QueryOutcome outcome) {
    }

    Rows query(McpTool.Call call, String sql, int maxRows, Duration timeout) {
        return query(call, null, sql, maxRows, timeout);
    }

    /** As {@link #query(McpTool.Call, String, int, Duration)}; with a question, audited as the question's query. */
    Rows query(McpTool.Call call, String question, String sql, int maxRows, Duration timeout) {
        // Annotated read-only: one SELECT over datasets for every caller, admins included, by the same guard as everyone's.
        QueryRequest request = new QueryRequest(sql, Optional.of(timeout), OptionalLong.of(maxRows), List.of()).onlyReading();
        return collect(output -> question == null ? ws.queries().run(call.caller(), request, output, call.origin(), call.task())
                : ws.ask().run(call.caller(), question, request, output, call.origin(), call.task()));
    }

    /** Runs a query (given the output to write to) and holds its rows. */
    private static Rows collect(Function<QueryOutput.Stream, QueryOutcome> run) {
        List<List<Object>> rows = new ArrayList<>();
        List<Column>[] columns = new List[] {List.of()};
        ResultWriter collect = (RowStream stream, OutputStream out) -> {
            columns[0] = stream.columns();
            long n = 0;
            while (stream.next()) {
                List<Object> row = new ArrayList<>(stream.columns().size());
                for (int i = 0; i < stream.columns().size(); i++) {
                    row.add(Values.toJson(stream.get(i)));
                }
                rows.add(row);
                n++;
            }
            return n;
        };
        QueryOutput.Stream output = new QueryOutput.Stream(cached -> collect, OutputStream.nullOutputStream(), QueryOutput.Delivery.RESPONSE);
        QueryOutcome outcome = run.apply(output);
        return new Rows(outcome.columns().isEmpty() ? columns[0] : outcome.columns(), rows, outcome);
    }

    private Duration timeout(Args a) {
        int max = (int) Math.max(1, Math.min(limits.queryTimeout().toSeconds(), ws.config().queryTimeout().toSeconds()));
        return Duration.ofSeconds(a.optInt("timeout_seconds", 1, max).orElse(max));
    }

    private McpServerFeatures.SyncToolSpecification runQuery() {
        int maxTimeout = (int) Math.max(1, Math.min(limits.queryTimeout().toSeconds(), ws.config().queryTimeout().toSeconds()));
        Map<String, Object> input = object()
                .req("sql", string("one read-only query, SELECT or WITH (DuckDB dialect); dataset names are table names"))
                .prop("max_rows", integer("the most rows to return (default and cap " + limits.maxRows() + ")", 1, limits.maxRows()))
                .prop("timeout_seconds", integer("stop the query after this long (default and cap " + maxTimeout + ")", 1, maxTimeout))
                .build();
        Map<String, Object> output = object().open()
                .req("columns", array("result columns", object().req("name", string("name")).req("type", string("SQL type")).build()))
                .req("rows", array("result rows, one array of values per row, in column order", Schemas.array("a row", Schemas.any("a value"))))
                .req("rowCount", integer("rows returned", 0, Integer.MAX_VALUE))
                .req("truncated", bool("true when the row cap cut the result short"))
                .req("elapsedMs", integer("time taken", 0, Integer.MAX_VALUE)).build();
        return McpTool.of(ws, callers, "run_query", "Run a SQL query",
                "Runs one SQL statement on the datasets you may read and answers a compact text table (for reading) plus the rows as "
                        + "structured data. DuckDB SQL; dataset names are table names. One read-only query (SELECT or WITH) over datasets, "
                        + "for every caller: no files, URLs, settings or changes. At most " + limits.maxRows() + " rows and " + limits.maxChars() + " characters of table are "
                        + "returned (aggregate in SQL rather than fetching raw rows); queries stop after " + maxTimeout + " s.",
                input, output, McpTool.annotations("Run a SQL query", true, false, true), call -> {
                    Args a = call.args();
                    String sql = a.string("sql");
                    int maxRows = a.optInt("max_rows", 1, limits.maxRows()).orElse(limits.maxRows());
                    return rowsAnswer(query(call, sql, maxRows, timeout(a)));
                });
    }

    /** A result as a compact text table (for reading) plus its rows as structured data. */
    private McpTool.Answer rowsAnswer(Rows r) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Map<String, Object>> cols = new ArrayList<>();
        for (Column c : r.columns()) {
            cols.add(Map.of("name", c.name(), "type", c.type().nativeName()));
        }
        out.put("columns", cols);
        out.put("rows", r.rows());
        out.put("rowCount", r.rows().size());
        out.put("truncated", r.outcome().truncated());
        out.put("elapsedMs", r.outcome().elapsed().toMillis());
        return McpTool.Answer.of(table(r, limits.maxChars()), out).rows(r.rows().size());
    }

    private Map<String, Object> rowsSchema() {
        return object().open()
                .req("columns", array("result columns", object().req("name", string("name")).req("type", string("SQL type")).build()))
                .req("rows", array("result rows, one array of values per row, in column order", Schemas.array("a row", Schemas.any("a value"))))
                .req("rowCount", integer("rows returned", 0, Integer.MAX_VALUE))
                .req("truncated", bool("true when the row cap cut the result short"))
                .req("elapsedMs", integer("time taken", 0, Integer.MAX_VALUE)).build();
    }

    private McpServerFeatures.SyncToolSpecification listSavedQueries() {
        Map<String, Object> input = object().build();
        Map<String, Object> output = object()
                .req("queries", array("the saved queries", object().open()
                        .req("id", string("its id, for run_saved_query"))
                        .req("name", string("its name"))
                        .req("owner", string("who saved it"))
                        .req("description", string("what it answers; empty when none was given"))
                        .req("sql", string("its SQL; {{name}} marks where a parameter's value goes"))
                        .req("parameters", array("the values it takes, by name, in run_saved_query's params", object()
                                .req("name", string("the parameter's name, as in {{name}}"))
                                .req("type", choice("what its values are: text; a number; a date as 2025-03-31; true or false",
                                        "text", "number", "date", "boolean"))
                                .req("default", Schemas.nullable("string", "the value taken when none is given; null when none"))
                                .req("required", bool("true when a value must be given (or the default stands in); "
                                        + "an optional parameter without one is NULL")).build())).build()))
                .build();
        return McpTool.of(ws, callers, "list_saved_queries", "List saved queries",
                "Lists the saved queries you may run (yours; an admin sees everyone's), with their SQL and the typed parameters "
                        + "they take: the questions people here already ask of the data. Run one with run_saved_query.",
                input, output, McpTool.annotations("List saved queries", true, false, true), call -> {
                    List<Map<String, Object>> items = new ArrayList<>();
                    StringBuilder text = new StringBuilder();
                    for (SavedQuery q : ws.savedQueries().list(call.caller(), Optional.empty(), 500)) {
                        Map<String, Object> item = new LinkedHashMap<>();
                        item.put("id", q.id());
                        item.put("name", q.name());
                        item.put("owner", q.owner());
                        item.put("description", q.description().orElse(""));
                        item.put("sql", q.sql());
                        item.put("parameters", q.parameters().stream().map(Views::queryParameter).toList());
                        items.add(item);
                        text.append(q.id()).append("  ").append(q.name()).append(q.description().map(d -> " — " + d).orElse(""))
                                .append('\n').append("    ").append(q.sql().replaceAll("\\s+", " ").trim()).append('\n');
                        if (!q.parameters().isEmpty()) {
                            text.append("    parameters: ").append(String.join(", ", q.parameters().stream().map(QueryTools::describe).toList()))
                                    .append('\n');
                        }
                    }
                    return McpTool.Answer.of(items.isEmpty() ? "No saved queries." : text.toString(), Map.of("queries", items))
                            .rows(items.size());
                });
    }

    /** A parameter as one phrase: {@code region (text, optional)}, {@code from (date, default 2025-01-01)}. */
    private static String describe(QueryParameter p) {
        return p.name() + " (" + p.type().label() + p.defaultValue().map(d -> ", default " + d).orElse(p.required() ? ", required" : ", optional")
                + ")";
    }

    private McpServerFeatures.SyncToolSpecification runSavedQuery() {
        int maxTimeout = (int) Math.max(1, Math.min(limits.queryTimeout().toSeconds(), ws.config().queryTimeout().toSeconds()));
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("type", "object");
        values.put("description", "values for the query's parameters by name, such as {\"region\": \"North\", \"from\": \"2025-01-01\"} "
                + "(see list_saved_queries); one left out takes its default, else is NULL when optional");
        values.put("additionalProperties", Map.of("type", List.of("string", "number", "boolean", "null")));
        Map<String, Object> input = object()
                .req("id", string("the saved query's id, from list_saved_queries"))
                .prop("params", values)
                .prop("max_rows", integer("the most rows to return (default and cap " + limits.maxRows() + ")", 1, limits.maxRows()))
                .prop("timeout_seconds", integer("stop the query after this long (default and cap " + maxTimeout + ")", 1, maxTimeout))
                .build();
        return McpTool.of(ws, callers, "run_saved_query", "Run a saved query",
                "Runs a saved query (see list_saved_queries) with values for its parameters, under the same rules as run_query: one "
                        + "read-only query over the datasets you may read, at most " + limits.maxRows() + " rows. Values are bound as "
                        + "parameters of their declared type, never put into the SQL.",
                input, rowsSchema(), McpTool.annotations("Run a saved query", true, false, true), call -> {
                    Args a = call.args();
                    SavedQueryService.Prepared p = ws.savedQueries().prepare(call.caller(), a.string("id"), a.scalars("params"));
                    int maxRows = a.optInt("max_rows", 1, limits.maxRows()).orElse(limits.maxRows());
                    // Held to one read-only query over datasets, as run_query is, whoever saved it.
                    QueryRequest request = p.request(Optional.of(timeout(a)), OptionalLong.of(maxRows)).onlyReading();
                    return rowsAnswer(collect(output -> ws.queries().run(call.caller(), request, output, p.event(call.caller(), call.origin()),
                            call.task())));
                });
    }

    private McpServerFeatures.SyncToolSpecification ask() {
        Map<String, Object> input = object()
                .req("question", string("a question in plain English, such as \"Which 3 products sold the most units in March?\""))
                .prop("datasets", array("the datasets to ask about (default: every dataset you may read)", string("a dataset")))
                .prop("sql_only", bool("answer only the SQL chosen, without running it (default false)"))
                .prop("max_rows", integer("the most rows to return (default and cap " + limits.maxRows() + ")", 1, limits.maxRows())).build();
        Map<String, Object> output = object().open()
                .req("sql", string("the SQL chosen (DuckDB dialect)"))
                .req("explanation", string("what the SQL computes, in words"))
                .req("dataset", string("the dataset it reads"))
                .req("source", string("offline (the parser) or model"))
                .prop("rows", array("result rows, one array of values per row", Schemas.array("a row", Schemas.any("a value"))))
                .prop("columns", array("result columns", object().req("name", string("name")).req("type", string("SQL type")).build()))
                .build();
        return McpTool.of(ws, callers, "ask", "Ask a question in plain English",
                "Turns a question in plain English into SQL over the datasets you may read (grounded in their columns, the values "
                        + "they hold, their synonyms and dates), says what it means in words, and runs it like run_query (same checks, "
                        + "caps and audit). Answers counts, sums, averages, minimums and maximums, per a column or a year or month, top N, "
                        + "filtered by values, numbers and dates. A question it cannot ground is an error saying what it understood.",
                input, output, McpTool.annotations("Ask in plain English", true, false, true), call -> {
                    Args a = call.args();
                    String question = a.string("question");
                    List<io.assay.platform.catalog.DatasetName> among = a.strings("datasets").stream()
                            .map(d -> io.assay.platform.catalog.DatasetName.of(d, "datasets")).toList();
                    io.assay.platform.ask.AskPlan plan = ws.ask().plan(call.caller(), question, among, call.origin(), call.task());
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("sql", plan.sql());
                    out.put("explanation", plan.explanation());
                    out.put("dataset", plan.dataset());
                    out.put("source", plan.source());
                    StringBuilder text = new StringBuilder(plan.sql()).append("\n-- ").append(plan.explanation());
                    plan.notes().forEach(n -> text.append("\n-- note: ").append(n));
                    if (a.bool("sql_only", false)) {
                        return McpTool.Answer.of(text.toString(), out);
                    }
                    int maxRows = a.optInt("max_rows", 1, limits.maxRows()).orElse(limits.maxRows());
                    Rows r = query(call, question, plan.sql(), maxRows, timeout(a));
                    List<Map<String, Object>> cols = new ArrayList<>();
                    for (Column c : r.columns()) {
                        cols.add(Map.of("name", c.name(), "type", c.type().nativeName()));
                    }
                    out.put("columns", cols);
                    out.put("rows", r.rows());
                    return McpTool.Answer.of(text + "\n\n" + table(r, limits.maxChars()), out).rows(r.rows().size());
                });
    }

    private McpServerFeatures.SyncToolSpecification makeChart() {
        Map<String, Object> input = object()
                .req("sql", string("a query whose result holds the chart's data (aggregate it: at most " + CHART_ROWS + " rows are read)"))
                .req("x", string("the column along the horizontal axis (a date or time, a number or a category)"))
                .req("y", array("the columns to plot, one trace each (numbers)", string("a column")))
                .prop("kind", choice("line (default), bar or scatter", "line", "bar", "scatter"))
                .prop("title", string("the chart's title"))
                .prop("image", bool("also answer a PNG image of the chart (for clients that show images); default false")).build();
        Map<String, Object> output = object().open()
                .req("figure", object().open().prop("data", array("traces", object().open().build()))
                        .prop("layout", object().open().build()).build())
                .req("rows", integer("rows charted", 0, Integer.MAX_VALUE)).build();
        return McpTool.of(ws, callers, "make_chart", "Make a chart",
                "Runs a query and charts its result: answers a Plotly figure (JSON with data and layout, as Plotly takes it in "
                        + "Python or JavaScript) and, when image is true, a PNG of it drawn by the server (lines, markers and bars only).",
                input, output, McpTool.annotations("Make a chart", true, false, true), call -> {
                    Args a = call.args();
                    String sql = a.string("sql");
                    String x = a.string("x");
                    List<String> ys = a.strings("y");
                    if (ys.isEmpty()) {
                        throw Args.invalid("y", "is empty", "Name at least one numeric column to plot.");
                    }
                    PlotlyFigures.ChartKind kind = PlotlyFigures.ChartKind.valueOf(a.optChoice("kind", List.of("line", "bar", "scatter"))
                            .orElse("line").toUpperCase(Locale.ROOT));
                    Rows r = query(call, sql, CHART_ROWS, timeout(a));
                    int xi = index(r.columns(), x, "x");
                    List<Integer> yi = new ArrayList<>();
                    for (String y : ys) {
                        int i = index(r.columns(), y, "y");
                        if (!r.columns().get(i).type().isNumeric()) {
                            throw Args.invalid("y", "names '" + y + "', which is " + r.columns().get(i).type().nativeName() + ", not a number",
                                    "Plot numeric columns; cast in SQL if need be.");
                        }
                        yi.add(i);
                    }
                    List<Object> xs = new ArrayList<>();
                    List<List<Double>> values = new ArrayList<>();
                    yi.forEach(i -> values.add(new ArrayList<>()));
                    for (List<Object> row : r.rows()) {
                        xs.add(row.get(xi));
                        for (int k = 0; k < yi.size(); k++) {
                            Object v = row.get(yi.get(k));
                            values.get(k).add(v instanceof Number n ? n.doubleValue() : null);
                        }
                    }
                    boolean time = r.columns().get(xi).type().isTemporal();
                    String title = a.optString("title").orElse(String.join(", ", ys) + " by " + x);
                    ObjectNode figure = PlotlyFigures.chart(title, kind, x, xs, ys, values, time);
                    McpTool.Answer answer = McpTool.Answer.of("Plotly figure (" + kind.name().toLowerCase(Locale.ROOT) + ", " + r.rows().size()
                                    + " points" + (r.outcome().truncated() ? ", cut at " + CHART_ROWS + " rows" : "") + "):\n" + figure,
                            Map.of("figure", figure, "rows", r.rows().size())).rows(r.rows().size());
                    if (a.bool("image", false)) {
                        byte[] png = ChartImage.png(figure, 800, 450);
                        answer = answer.with(new McpSchema.ImageContent(null, Base64.getEncoder().encodeToString(png), "image/png"));
                    }
                    return answer;
                });
    }

    private static int index(List<Column> columns, String name, String argument) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw AssayException.of(ErrorCode.INVALID_INPUT, "The result has no column '" + name + "'.")
                .hint("Its columns: " + String.join(", ", columns.stream().map(Column::name).toList()) + ".")
                .detail("parameter", argument).build();
    }


    /** A compact pipe table, cut at {@code maxChars}, with a last line saying what was left out. */
    static String table(Rows r, int maxChars) {
        List<String> header = r.columns().stream().map(Column::name).toList();
        List<List<String>> cells = new ArrayList<>();
        for (List<Object> row : r.rows()) {
            List<String> c = new ArrayList<>();
            for (Object v : row) {
                c.add(v == null ? "NULL" : Values.abbreviate(v instanceof Double d ? Values.formatDouble(d) : v.toString(), 60)
                        .replace('\n', ' ').replace("|", "\\|"));
            }
            cells.add(c);
        }
        int[] width = new int[header.size()];
        for (int i = 0; i < header.size(); i++) {
            width[i] = header.get(i).length();
            for (List<String> c : cells) {
                width[i] = Math.max(width[i], c.get(i).length());
            }
        }
        StringBuilder s = new StringBuilder();
        line(s, header, width);
        for (int i = 0; i < header.size(); i++) {
            s.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
        }
        s.append('\n');
        int shown = 0;
        for (List<String> c : cells) {
            StringBuilder l = new StringBuilder();
            line(l, c, width);
            if (s.length() + l.length() > maxChars) {
                break;
            }
            s.append(l);
            shown++;
        }
        s.append('(').append(r.rows().size()).append(r.rows().size() == 1 ? " row" : " rows");
        if (shown < cells.size()) {
            s.append("; ").append(shown).append(" shown here, all in the structured result; the table was cut at ").append(maxChars)
                    .append(" characters");
        }
        if (r.outcome().truncated()) {
            s.append("; the result was cut at the row cap of ").append(r.rows().size()).append(": aggregate or add LIMIT");
        }
        s.append("; ").append(r.outcome().elapsed().toMillis()).append(" ms)");
        return s.toString();
    }

    private static void line(StringBuilder s, List<String> values, int[] width) {
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            s.append(i == 0 ? "" : " | ").append(v).append(" ".repeat(Math.max(0, width[i] - v.length())));
        }
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') {
            end--;
        }
        s.setLength(end);
        s.append('\n');
    }
}
