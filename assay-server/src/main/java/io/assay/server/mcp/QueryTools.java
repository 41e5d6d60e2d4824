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
        List<McpServerFeatures.SyncToolSpecification> tools = new ArrayList<>(List.of(runQuery(), runQuestion(), listSavedQueries(),
                runSavedQuery(), ask(), listSynonyms(), setSynonym(), makeChart()));
        if (limits.adminStatements()) {
            tools.add(executeSql());
        }
        return tools;
    }

    /** The rows of a result, held (capped) for one answer; no outcome for a page of a kept result. */
    record Rows(List<Column> columns, List<List<Object>> rows, QueryOutcome outcome) {
    }

    Rows query(McpTool.Call call, String sql, int maxRows, Duration timeout) {
        return query(call, null, sql, List.of(), maxRows, timeout);
    }

    Rows query(McpTool.Call call, String question, String sql, int maxRows, Duration timeout) {
        return query(call, question, sql, List.of(), maxRows, timeout);
    }

    /**
     * Runs one read-only query with its bind parameters and holds at most {@code maxRows} of its rows; with a question,
     * audited as the question's query.
     */
    Rows query(McpTool.Call call, String question, String sql, List<Object> params, int maxRows, Duration timeout) {
        // Annotated read-only: one SELECT over datasets for every caller, admins included, by the same guard as everyone's.
        return run(call, question, new QueryRequest(sql, Optional.of(timeout), OptionalLong.of(maxRows), params).onlyReading());
    }

    private Rows run(McpTool.Call call, String question, QueryRequest request) {
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
                .prop("sql", string("one read-only query, SELECT or WITH (DuckDB dialect); dataset names are table names. "
                        + "Required unless cursor is given"))
                .prop("params", array("values bound to the query's ? placeholders, in order (never pasted into the SQL)",
                        Schemas.any("text, a number, true/false or null")))
                .prop("cursor", string("the nextCursor of an earlier answer: answers that result's next rows (sql and params are "
                        + "then not needed)"))
                .prop("max_rows", integer("the most rows to return (default and cap " + limits.maxRows() + ")", 1, limits.maxRows()))
                .prop("timeout_seconds", integer("stop the query after this long (default and cap " + maxTimeout + ")", 1, maxTimeout))
                .build();
        Map<String, Object> output = rowsSchema();
        return McpTool.of(ws, callers, "run_query", "Run a SQL query",
                "Runs one SQL statement on the datasets you may read and answers a compact text table (for reading) plus the rows as "
                        + "structured data. DuckDB SQL; dataset names are table names; values go in params, bound to ? placeholders. One "
                        + "read-only query (SELECT or WITH) over datasets, for every caller: no files, URLs, settings or changes. At most "
                        + limits.maxRows() + " rows and " + limits.maxChars() + " characters of table per answer (aggregate in SQL rather "
                        + "than fetching raw rows); a longer result answers a nextCursor that pages through it. Queries stop after "
                        + maxTimeout + " s.",
                input, output, McpTool.annotations("Run a SQL query", true, false, true), call -> {
                    Args a = call.args();
                    int maxRows = a.optInt("max_rows", 1, limits.maxRows()).orElse(limits.maxRows());
                    Optional<String> cursor = a.optString("cursor");
                    if (cursor.isPresent()) {
                        return pageAnswer(call, Cursor.parse(cursor.get()), maxRows);
                    }
                    String sql = a.string("sql");
                    List<Object> params = a.scalarList("params");
                    Rows rows = query(call, null, sql, params, maxRows, timeout(a));
                    if (!rows.outcome().truncated()) {
                        return rowsAnswer(rows);
                    }
                    // More rows than one answer carries: keep the whole result, and answer it a page at a time from the kept copy,
                    // so that every page comes from the same rows in the same order.
                    QueryRequest request = new QueryRequest(sql, Optional.of(timeout(a)), OptionalLong.empty(), params).onlyReading();
                    io.assay.platform.query.KeptResults.StoredResult kept;
                    try {
                        kept = ws.queries().run(call.caller(), request, new QueryOutput.Keep(), call.origin(), call.task());
                    } catch (AssayException e) {
                        if (e.code() != ErrorCode.FORBIDDEN) {
                            throw e;
                        }
                        return rowsAnswer(rows); // a result that may not be kept (a confined warehouse session): the first rows only
                    }
                    return pageAnswer(call, new Cursor(kept.id(), 0), maxRows);
                });
    }

    /**
     * A question built without SQL (the web page's question builder, as a tool): made into SQL of the warehouse's dialect with
     * its values bound, then run as run_query runs SQL; the answer carries the SQL too.
     */
    private McpServerFeatures.SyncToolSpecification runQuestion() {
        Map<String, Object> input = object()
                .req("dataset", string("a dataset you may read"))
                .prop("measures", array("aggregates, each {fn, column}: fn is count, sum, avg, min, max, distinct, p25, p50, p75, p90, p95 "
                        + "or p99; count may leave out column to count rows", Schemas.any("{\"fn\": \"sum\", \"column\": \"amount\"}")))
                .prop("dimensions", array("columns to group by, each a name or {column, grain}: grain is none, minute, hour, day, week, "
                        + "month, quarter or year (dates and times only)", Schemas.any("\"region\" or {\"column\": \"day\", \"grain\": \"month\"}")))
                .prop("filters", array("conditions, each {column, op, values}: op is =, !=, <, <=, >, >=, in, between, contains, is_null or "
                        + "not_null; values are bound, never pasted", Schemas.any("{\"column\": \"region\", \"op\": \"in\", \"values\": [\"EU\", \"US\"]}")))
                .prop("sort", array("result columns to order by, each a name or {column, direction: asc|desc}", Schemas.any("a sort")))
                .prop("limit", integer("the most rows the question asks for", 1, (int) io.assay.platform.saved.Question.MAX_LIMIT))
                .prop("max_rows", integer("the most rows to return (default and cap " + limits.maxRows() + ")", 1, limits.maxRows()))
                .build();
        Map<String, Object> output = object().open()
                .req("sql", string("the SQL the question made, with a ? for each value"))
                .req("params", array("the values of the ?, in order", Schemas.any("a value")))
                .req("columns", array("result columns", object().req("name", string("name")).req("type", string("SQL type")).build()))
                .req("rows", array("result rows, one array of values per row, in column order", Schemas.array("a row", Schemas.any("a value"))))
                .req("rowCount", integer("rows returned", 0, Integer.MAX_VALUE))
                .req("truncated", bool("true when the row cap cut the result short")).build();
        return McpTool.of(ws, callers, "run_question", "Run a question built without SQL",
                "Answers a question given as a dataset, measures, dimensions (dates by a grain), filters, sort and limit, without writing "
                        + "SQL: Assay writes the SQL in the warehouse's dialect (values bound, never pasted), checks every field against the "
                        + "dataset's columns (a wrong one is named, measures[1].column say), runs it as run_query does and answers the rows "
                        + "with the SQL it ran, which run_query also takes.",
                input, output, McpTool.annotations("Run a question built without SQL", true, false, true), call -> {
                    Args a = call.args();
                    int maxRows = a.optInt("max_rows", 1, limits.maxRows()).orElse(limits.maxRows());
                    io.assay.platform.saved.QuestionCompiler.Compiled c = ws.questionSql(call.caller(),
                            io.assay.platform.saved.Question.parse(a.json(), ""), call.origin());
                    Rows r = query(call, null, c.sql(), c.params(), maxRows, timeout(a));
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("sql", c.sql());
                    out.put("params", c.params().stream().map(v -> v instanceof java.time.temporal.TemporalAccessor ? v.toString() : v).toList());
                    List<Map<String, Object>> cols = new ArrayList<>();
                    for (Column col : r.columns()) {
                        cols.add(Map.of("name", col.name(), "type", col.type().nativeName()));
                    }
                    out.put("columns", cols);
                    out.put("rows", r.rows());
                    out.put("rowCount", r.rows().size());
                    out.put("truncated", r.outcome().truncated());
                    return McpTool.Answer.of(c.sql() + (c.params().isEmpty() ? "" : "\n-- values: " + c.params()) + "\n\n"
                            + table(r, limits.maxChars()), out).rows(r.rows().size());
                });
    }

    /**
     * Any statement, for admins, where {@code mcp.admin-statements} offers it: the one tool that may change the warehouse.
     * Annotated destructive; before it runs, a client that can ask its user (elicitation) asks, and nothing runs unless
     * the user accepts. It goes through the same pipeline as an admin's SQL over REST (audited, timed out, capped).
     */
    private McpServerFeatures.SyncToolSpecification executeSql() {
        Map<String, Object> input = object()
                .req("sql", string("one SQL statement (DuckDB dialect), of any kind: writes and DDL included"))
                .prop("params", array("values bound to the statement's ? placeholders, in order",
                        Schemas.any("text, a number, true/false or null")))
                .prop("timeout_seconds", integer("stop it after this long", 1, (int) ws.config().queryTimeout().toSeconds()))
                .build();
        return McpTool.of(ws, callers, "execute_sql", "Run any SQL statement (admin)",
                "Runs one SQL statement of any kind (INSERT, UPDATE, DELETE, CREATE, DROP, ...) on the warehouse, for an admin only. "
                        + "It can change or destroy data: prefer run_query for reading. The user is asked to confirm the statement "
                        + "first when the client supports it, and nothing runs unless they accept.",
                input, rowsSchema(), McpTool.annotations("Run any SQL statement (admin)", false, true, false), call -> {
                    Args a = call.args();
                    if (!call.caller().isAdmin()) {
                        throw AssayException.of(ErrorCode.FORBIDDEN, "execute_sql is for admins; " + call.caller().name() + " is "
                                + call.caller().role().id() + ".").hint("Use run_query to read.").build();
                    }
                    String sql = a.string("sql");
                    List<Object> params = a.scalarList("params");
                    confirm(call, sql, params);
                    Duration timeout = Duration.ofSeconds(a.optInt("timeout_seconds", 1, (int) ws.config().queryTimeout().toSeconds())
                            .orElse((int) ws.config().queryTimeout().toSeconds()));
                    return rowsAnswer(run(call, null, new QueryRequest(sql, Optional.of(timeout), OptionalLong.of(limits.maxRows()), params)));
                });
    }

    /** Asks the user to confirm a statement, where the client can ask; refuses (CANCELLED) unless they accept. */
    private static void confirm(McpTool.Call call, String sql, List<Object> params) {
        McpSchema.ClientCapabilities client = call.exchange() == null ? null : call.exchange().getClientCapabilities();
        if (client == null || client.elicitation() == null) {
            return; // the client cannot ask: the admin who enabled the tool answers for it, and the destructive annotation warns
        }
        Map<String, Object> schema = Map.of("type", "object",
                "properties", Map.of("run", Map.of("type", "boolean", "title", "Run this statement",
                        "description", "true runs it; anything else runs nothing")),
                "required", List.of("run"));
        McpSchema.ElicitResult answer = call.exchange().createElicitation(McpSchema.ElicitRequest.builder()
                .message("An assistant asks to run this statement on the Assay warehouse as " + call.caller().name() + ":\n\n" + sql
                        + (params.isEmpty() ? "" : "\n\nwith the values " + params) + "\n\nIt may change or delete data. Run it?")
                .requestedSchema(schema).build());
        boolean accepted = answer.action() == McpSchema.ElicitResult.Action.ACCEPT && answer.content() != null
                && Boolean.TRUE.equals(answer.content().get("run"));
        if (!accepted) {
            throw AssayException.of(ErrorCode.CANCELLED, "The user did not confirm the statement (" + answer.action().name()
                    .toLowerCase(Locale.ROOT) + "); nothing was run.").hint("Ask the user before trying again.").build();
        }
    }

    /** Where the next page of a kept result starts: its id and an offset, written {@code id@offset}. */
    record Cursor(String result, long offset) {

        static Cursor parse(String text) {
            int at = text.lastIndexOf('@');
            try {
                if (at > 0) {
                    long offset = Long.parseLong(text.substring(at + 1));
                    if (offset >= 0) {
                        return new Cursor(text.substring(0, at), offset);
                    }
                }
            } catch (NumberFormatException ignored) {
                // said below
            }
            throw Args.invalid("cursor", "is not a cursor of this server", "Give the nextCursor of an earlier run_query answer as it was.");
        }

        @Override
        public String toString() {
            return result + "@" + offset;
        }
    }

    /** Rows of a kept result from the cursor on, with the cursor of the rows after them while there are any. */
    private McpTool.Answer pageAnswer(McpTool.Call call, Cursor cursor, int maxRows) {
        io.assay.platform.query.KeptResults.Page page = ws.queries().page(call.caller(), cursor.result(), cursor.offset(), maxRows);
        List<List<Object>> rows = new ArrayList<>(page.rows().size());
        for (Object[] r : page.rows()) {
            List<Object> row = new ArrayList<>(r.length);
            for (Object v : r) {
                row.add(Values.toJson(v));
            }
            rows.add(row);
        }
        long next = cursor.offset() + rows.size();
        boolean more = next < page.totalRows();
        Map<String, Object> out = new LinkedHashMap<>();
        List<Map<String, Object>> cols = new ArrayList<>();
        for (Column c : page.columns()) {
            cols.add(Map.of("name", c.name(), "type", c.type().nativeName()));
        }
        out.put("columns", cols);
        out.put("rows", rows);
        out.put("rowCount", rows.size());
        out.put("truncated", more);
        out.put("offset", cursor.offset());
        out.put("totalRows", page.totalRows());
        if (more) {
            out.put("nextCursor", new Cursor(cursor.result(), next).toString());
        }
        String text = table(new Rows(page.columns(), rows, null), limits.maxChars())
                + String.format(Locale.ROOT, "%n(rows %,d to %,d of %,d%s)", cursor.offset() + 1, next, page.totalRows(),
                more ? "; call run_query with cursor " + new Cursor(cursor.result(), next) + " for the next ones" : "");
        return McpTool.Answer.of(text, out).rows(rows.size());
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
                .prop("elapsedMs", integer("time taken", 0, Integer.MAX_VALUE))
                .prop("offset", integer("where these rows start in the whole result (paged answers)", 0, Integer.MAX_VALUE))
                .prop("totalRows", integer("rows in the whole result (paged answers)", 0, Integer.MAX_VALUE))
                .prop("nextCursor", string("give it as cursor to run_query for the next rows; absent on the last page")).build();
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
                    SavedQueryService.Prepared p = ws.savedQueries().prepare(call.caller(), a.string("id"), a.namedScalars("params"));
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

    private static Map<String, Object> synonymsAnswer(String dataset, Map<String, String> synonyms) {
        List<Map<String, Object>> items = new ArrayList<>();
        synonyms.forEach((phrase, expression) -> items.add(Map.of("phrase", phrase, "expression", expression)));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dataset", dataset);
        out.put("synonyms", items);
        return out;
    }

    private static String synonymsText(String dataset, Map<String, String> synonyms) {
        StringBuilder t = new StringBuilder(synonyms.isEmpty() ? "'" + dataset + "' has no synonyms." : "Synonyms of '" + dataset + "':");
        synonyms.forEach((phrase, expression) -> t.append("\n").append(phrase).append(" = ").append(expression));
        return t.toString();
    }

    private static Map<String, Object> synonymsOutput() {
        return object().open()
                .req("dataset", string("the dataset"))
                .req("synonyms", array("its synonyms, by phrase", object().req("phrase", string("what users say"))
                        .req("expression", string("the SQL expression it stands for")).build()))
                .build();
    }

    private McpServerFeatures.SyncToolSpecification listSynonyms() {
        Map<String, Object> input = object().req("dataset", string("a dataset you may read")).build();
        return McpTool.of(ws, callers, "list_synonyms", "List a dataset's synonyms for asking",
                "Lists the small dictionary that the ask tool uses for a dataset: each phrase users say (such as \"revenue\") and "
                        + "the SQL expression over the dataset's columns it stands for (such as sum(total_amount)).",
                input, synonymsOutput(), McpTool.annotations("List synonyms", true, false, true), call -> {
                    io.assay.platform.catalog.DatasetName d = io.assay.platform.catalog.DatasetName.of(call.args().string("dataset"), "dataset");
                    Map<String, String> syn = ws.ask().synonyms(call.caller(), d);
                    return McpTool.Answer.of(synonymsText(d.value(), syn), synonymsAnswer(d.value(), syn));
                });
    }

    private McpServerFeatures.SyncToolSpecification setSynonym() {
        Map<String, Object> input = object()
                .req("dataset", string("a dataset you may change"))
                .req("phrase", string("what users say, such as \"revenue\" (1 to 200 characters)"))
                .prop("expression", string("one SQL expression over the dataset's columns, such as sum(total_amount); "
                        + "leave it out to remove the phrase")).build();
        return McpTool.of(ws, callers, "set_synonym", "Set or remove a dataset's synonym for asking",
                "Sets a phrase of a dataset's dictionary for the ask tool to the SQL expression it stands for (replacing one of the "
                        + "same phrase), or removes the phrase when no expression is given. Needs the right to change the dataset; audited.",
                input, synonymsOutput(), McpTool.annotations("Set a synonym", false, true, true), call -> {
                    Args a = call.args();
                    io.assay.platform.catalog.DatasetName d = io.assay.platform.catalog.DatasetName.of(a.string("dataset"), "dataset");
                    Optional<String> expression = a.optString("expression");
                    Map<String, String> syn = expression.isPresent()
                            ? ws.ask().putSynonym(call.caller(), d, a.string("phrase"), expression.get(), call.origin())
                            : ws.ask().removeSynonym(call.caller(), d, a.string("phrase"), call.origin());
                    return McpTool.Answer.of(synonymsText(d.value(), syn), synonymsAnswer(d.value(), syn));
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
        if (r.outcome() == null) {
            return s.append(')').toString(); // a page of a kept result: the caller says where it stands
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
