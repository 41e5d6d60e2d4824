package io.assay.platform.saved;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.assay.engine.AssayException;
import io.assay.engine.Column;
import io.assay.engine.Dialect;
import io.assay.engine.ErrorCode;
import io.assay.engine.RowStream;
import io.assay.platform.audit.AuditService;
import io.assay.platform.auth.Principal;
import io.assay.platform.auth.Role;
import io.assay.platform.auth.UserService;
import io.assay.platform.export.ResultWriter;
import io.assay.platform.export.Values;
import io.assay.platform.query.QueryGateway;
import io.assay.platform.query.QueryOutcome;
import io.assay.platform.query.QueryOutput;
import io.assay.platform.query.QueryRequest;
import io.assay.platform.query.QueryService;
import io.assay.platform.report.PlotlyFigures;
import io.assay.platform.store.Ids;
import io.assay.platform.store.MetadataStore;
import io.assay.platform.task.TaskContext;

import java.io.OutputStream;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * Saved charts ("questions"): analysts and admins save them; each is its owner's, and shared with users, roles or everyone
 * through {@link ObjectGrants} (read, or write to change it). Every run goes through the one query pipeline as the caller
 * (governed, capped, audited); an aggregation is pushed down into the engine as a GROUP BY over the query. The result of the
 * last run with default values is kept with the datasets it read; serving it again first checks that the caller may still
 * read every one of them, else runs anew as the caller (and so is refused what the caller may not see).
 */
public final class SavedChartService {

    /** The most rows a chart reads: aggregate in SQL for more. */
    public static final int CHART_ROWS = 5000;
    private static final int MAX_SQL = 100_000;
    private static final int MAX_KEPT_JSON = 9_000_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MetadataStore store;
    private final QueryGateway queries;
    private final SavedQueryService savedQueries;
    private final Dialect dialect;
    private final AuditService audit;
    private final Clock clock;
    private final ObjectGrants grants;

    public SavedChartService(MetadataStore store, QueryGateway queries, SavedQueryService savedQueries, UserService users, Dialect dialect,
                             AuditService audit, Clock clock) {
        this.store = store;
        this.queries = queries;
        this.savedQueries = savedQueries;
        this.dialect = dialect;
        this.audit = audit;
        this.clock = clock;
        this.grants = new ObjectGrants(store, users, clock, "saved_chart_grants", "chart_id", "chart");
    }

    /** A chart's result: its columns and rows (after aggregation), a Plotly figure (none for a table) and where it came from. */
    public record ChartResult(String chartId, List<Column> columns, List<List<Object>> rows, Optional<ObjectNode> figure, boolean truncated,
                              Instant computedAt, boolean cached, Map<String, Object> values) {
        public ChartResult {
            columns = List.copyOf(columns);
            rows = List.copyOf(rows);
            values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }
    }

    /** Who may do what with a chart: read it and run it, change it, and delete or share it. */
    public record Rights(boolean read, boolean write, boolean manage) {
    }

    public SavedChart create(Principal caller, SavedChart.Draft draft, AuditService.Origin origin) {
        caller.require(Role.ANALYST, "save charts");
        check(caller, draft);
        Instant now = clock.instant();
        SavedChart chart = new SavedChart(Ids.newId(), caller.name(), draft.name().strip(), draft.description(), draft.savedQueryId(),
                draft.sql(), draft.parameters(), draft.spec(), now, now, Optional.empty());
        // The spec is checked against the result it draws: the chart is run (as the caller) before it is kept.
        Computed c = compute(caller, chart, Map.of(), origin, true);
        store.update("INSERT INTO saved_charts (id, owner, name, description, saved_query_id, sql_text, parameters_json, spec_json, created_at, "
                        + "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", chart.id(), chart.owner(), chart.name(), chart.description().orElse(null),
                chart.savedQueryId().orElse(null), chart.sql().orElse(null), SavedQueryService.toJson(chart.parameters()), specJson(chart.spec()),
                now, now);
        keep(chart.id(), c);
        audit.record(AuditService.event(caller, "chart.create").origin(origin).target(chart.id()).about("saved chart '" + chart.name() + "'"));
        return get(caller, chart.id());
    }

    /** The charts the caller may see (owned, shared with them, a role of theirs or everyone; all for admins), by name, matching {@code q}. */
    public List<SavedChart> list(Principal caller, Optional<String> q, Optional<String> afterId, int limit) {
        return grants.visible(caller, "saved_charts", COLUMNS, q, afterId, limit, SavedChartService::map);
    }

    /** A chart the caller may read: else not found (a chart not shared with the caller is not told of). */
    public SavedChart get(Principal caller, String id) {
        Optional<SavedChart> c = find(id);
        if (c.isEmpty() || !rights(caller, c.get()).read()) {
            throw notFound(id);
        }
        return c.get();
    }

    /** The chart {@code id}, whoever may see it, for the platform's own use (a dashboard shared with the caller shows it). */
    public Optional<SavedChart> find(String id) {
        return store.queryOne("SELECT " + COLUMNS + " FROM saved_charts WHERE id = ?", SavedChartService::map, id);
    }

    public Rights rights(Principal caller, SavedChart c) {
        boolean owner = caller.name().equals(c.owner());
        if (caller.isAdmin() || owner) {
            boolean analyst = caller.role().includes(Role.ANALYST);
            return new Rights(true, analyst, analyst);
        }
        Optional<ObjectGrants.Access> g = grants.granted(caller, c.id());
        return new Rights(g.isPresent(), g.filter(a -> a == ObjectGrants.Access.WRITE).isPresent() && caller.role().includes(Role.ANALYST), false);
    }

    public SavedChart update(Principal caller, String id, SavedChart.Draft draft, AuditService.Origin origin) {
        SavedChart old = get(caller, id);
        if (!rights(caller, old).write()) {
            throw AssayException.of(ErrorCode.FORBIDDEN, "Only the owner of chart '" + old.name() + "', an admin, or an analyst it was shared with "
                    + "for writing may change it.").build();
        }
        check(caller, draft);
        Instant now = clock.instant();
        SavedChart chart = new SavedChart(id, old.owner(), draft.name().strip(), draft.description(), draft.savedQueryId(), draft.sql(),
                draft.parameters(), draft.spec(), old.createdAt(), now, Optional.empty());
        Computed c = compute(caller, chart, Map.of(), origin, true);
        store.update("UPDATE saved_charts SET name = ?, description = ?, saved_query_id = ?, sql_text = ?, parameters_json = ?, spec_json = ?, "
                        + "updated_at = ?, result_json = NULL, result_datasets = NULL, result_at = NULL WHERE id = ?", chart.name(),
                chart.description().orElse(null), chart.savedQueryId().orElse(null), chart.sql().orElse(null),
                SavedQueryService.toJson(chart.parameters()), specJson(chart.spec()), now, id);
        keep(id, c);
        audit.record(AuditService.event(caller, "chart.update").origin(origin).target(id).about("saved chart '" + chart.name() + "'"));
        return get(caller, id);
    }

    public void delete(Principal caller, String id, AuditService.Origin origin) {
        SavedChart c = get(caller, id);
        requireManage(caller, c);
        store.inTransaction(tx -> {
            tx.update("DELETE FROM saved_chart_grants WHERE chart_id = ?", id);
            tx.update("DELETE FROM saved_charts WHERE id = ?", id);
            return null;
        });
        audit.record(AuditService.event(caller, "chart.delete").origin(origin).target(id).about("saved chart '" + c.name() + "'"));
    }

    public ObjectGrants.Grant grant(Principal caller, String id, String grantee, ObjectGrants.Access access, AuditService.Origin origin) {
        SavedChart c = get(caller, id);
        requireManage(caller, c);
        ObjectGrants.Grant g = grants.grant(id, c.owner(), grantee, access);
        audit.record(AuditService.event(caller, "chart.grant").origin(origin).target(id).detail(grantee + ": " + access.id()));
        return g;
    }

    public void revoke(Principal caller, String id, String grantee, AuditService.Origin origin) {
        SavedChart c = get(caller, id);
        requireManage(caller, c);
        grants.revoke(id, grantee);
        audit.record(AuditService.event(caller, "chart.revoke").origin(origin).target(id).detail(grantee));
    }

    /**
     * The chart's result for the caller. With no values and no {@code refresh}, the kept result is served when there is one
     * and the caller may still read every dataset it read; otherwise the chart runs anew as the caller, and a run with default
     * values is kept.
     */
    public ChartResult run(Principal caller, String id, Map<String, ?> values, boolean refresh, AuditService.Origin origin) {
        return runShown(caller, get(caller, id), values, refresh, origin);
    }

    /** As {@link #run}, for a chart the caller was let see some other way (a dashboard shared with them). */
    public ChartResult runShown(Principal caller, SavedChart chart, Map<String, ?> values, boolean refresh, AuditService.Origin origin) {
        if (!refresh && values.isEmpty()) {
            Optional<Kept> kept = kept(chart.id());
            if (kept.isPresent() && queries.mayStillRead(caller, kept.get().datasets())) {
                audit.record(AuditService.event(caller, "chart.view").origin(origin).target(chart.id())
                        .about("saved chart '" + chart.name() + "'; kept result of " + kept.get().result().computedAt()));
                return kept.get().result();
            }
        }
        Computed c = compute(caller, chart, values, origin, false);
        if (c.defaults()) {
            keep(chart.id(), c);
        }
        return c.result();
    }

    /** The most rows a drill-down answers. */
    public static final int DRILL_ROWS = 1000;

    /**
     * A drill-down: the rows of a chart's query as written (before the spec's aggregation) where each column of
     * {@code where} (x or the series, the columns the chart draws by) equals its value; run as the caller through the query
     * pipeline, so the caller's dataset grants and row rules apply. The values are bind parameters (text compared with the
     * column as text, numbers as numbers, null as IS NULL). At most {@link #DRILL_ROWS} rows.
     */
    public ChartResult drill(Principal caller, SavedChart chart, Map<String, ?> values, Map<String, ?> where, AuditService.Origin origin) {
        String sql;
        List<QueryParameter> declared;
        if (chart.savedQueryId().isPresent()) {
            SavedQuery q = query(chart);
            sql = q.sql();
            declared = q.parameters();
        } else {
            sql = chart.sql().orElseThrow();
            declared = chart.parameters();
        }
        SqlTemplate.Bound bound = SqlTemplate.parse(sql).bind(declared, values, dialect);
        List<String> by = new ArrayList<>();
        chart.spec().x().ifPresent(by::add);
        chart.spec().series().ifPresent(by::add);
        List<Object> params = new ArrayList<>(bound.params());
        List<String> conditions = new ArrayList<>();
        for (Map.Entry<String, ?> e : where.entrySet()) {
            if (!by.contains(e.getKey())) {
                throw AssayException.of(ErrorCode.INVALID_INPUT, "Chart '" + chart.name() + "' is drilled into by "
                                + (by.isEmpty() ? "no column (it has no x)" : String.join(" or ", by)) + ", not '" + e.getKey() + "'.")
                        .detail("parameter", "where." + e.getKey()).build();
            }
            String column = dialect.quoteIdentifier(e.getKey());
            Object v = e.getValue();
            if (v == null) {
                conditions.add(column + " IS NULL");
            } else if (v instanceof Number n) {
                conditions.add(column + " = " + dialect.castToDouble("?"));
                params.add(n.doubleValue());
            } else {
                conditions.add(dialect.castToText(column) + " = " + dialect.castToText("?"));
                params.add(v.toString());
            }
        }
        String run = "SELECT * FROM (" + QueryService.clean(bound.sql()) + "\n) AS assay_drill"
                + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions));
        Rows r = collect(caller, new QueryRequest(run, Optional.empty(), OptionalLong.of(DRILL_ROWS), params).onlyReading(), chart,
                "; drill-down" + (where.isEmpty() ? "" : " where " + where), origin);
        return new ChartResult(chart.id(), r.columns(), r.rows(), Optional.empty(), r.outcome().truncated(), clock.instant(), false,
                bound.values());
    }

    /** {@code datasets} is empty when the engine could not say what the query read: such a result is not kept. */
    private record Computed(ChartResult result, Optional<Set<String>> datasets, boolean defaults) {
    }

    private record Kept(ChartResult result, Set<String> datasets) {
    }

    /** The parameters a chart's query declares: its saved query's, or its own. */
    public List<QueryParameter> declaredParameters(SavedChart chart) {
        return chart.savedQueryId().isPresent() ? query(chart).parameters() : chart.parameters();
    }

    private SavedQuery query(SavedChart chart) {
        return savedQueries.find(chart.savedQueryId().get()).orElseThrow(() -> AssayException.of(ErrorCode.NOT_FOUND,
                "Chart '" + chart.name() + "' draws saved query '" + chart.savedQueryId().get() + "', which no longer exists.")
                .hint("Change the chart to draw another query.").detail("parameter", "savedQueryId").build());
    }

    private Computed compute(Principal caller, SavedChart chart, Map<String, ?> values, AuditService.Origin origin, boolean checking) {
        String sql;
        List<QueryParameter> declared;
        if (chart.savedQueryId().isPresent()) {
            SavedQuery q = query(chart);
            sql = q.sql();
            declared = q.parameters();
        } else {
            sql = chart.sql().orElseThrow();
            declared = chart.parameters();
        }
        SqlTemplate.Bound bound = SqlTemplate.parse(sql).bind(declared, values, dialect);
        ChartSpec spec = chart.spec();
        String inner = QueryService.clean(bound.sql());
        if (checking && spec.aggregation() != ChartSpec.Aggregation.NONE) {
            // The columns the spec names must be in the query's result: asked of the engine before grouping by them.
            Rows probe = collect(caller, new QueryRequest("SELECT * FROM (" + inner + "\n) AS assay_chart LIMIT 0", Optional.empty(),
                    OptionalLong.of(1), bound.params()).onlyReading(), chart, "; checking its columns", origin);
            checkColumns(spec, probe.columns(), false);
        }
        String run = spec.aggregation() == ChartSpec.Aggregation.NONE ? bound.sql() : aggregate(spec, inner);
        Rows r = collect(caller, new QueryRequest(run, Optional.empty(), OptionalLong.of(CHART_ROWS), bound.params()).onlyReading(), chart,
                bound.values().isEmpty() ? "" : "; parameters " + SqlTemplate.describe(bound.values()), origin);
        checkColumns(spec, r.columns(), true);
        Optional<Set<String>> datasets = queries.datasetsRead(caller, run).map(TreeSet::new);
        ChartResult result = new ChartResult(chart.id(), r.columns(), r.rows(), figure(chart, r), r.outcome().truncated(), clock.instant(), false,
                bound.values());
        return new Computed(result, datasets, values.isEmpty());
    }

    /** The query grouped by x (and series), y aggregated, ordered by x: pushed down to the engine. */
    private String aggregate(ChartSpec spec, String inner) {
        List<String> keys = new ArrayList<>();
        spec.x().ifPresent(x -> keys.add(dialect.quoteIdentifier(x)));
        spec.series().ifPresent(s -> keys.add(dialect.quoteIdentifier(s)));
        List<String> select = new ArrayList<>(keys);
        for (String y : spec.y()) {
            select.add(spec.aggregation().id() + "(" + dialect.quoteIdentifier(y) + ") AS " + dialect.quoteIdentifier(y));
        }
        return "SELECT " + String.join(", ", select) + " FROM (" + inner + "\n) AS assay_chart GROUP BY " + String.join(", ", keys)
                + " ORDER BY " + String.join(", ", keys);
    }

    private static void checkColumns(ChartSpec spec, List<Column> columns, boolean numericY) {
        Set<String> names = new LinkedHashSet<>();
        columns.forEach(c -> names.add(c.name()));
        List<String> fields = new ArrayList<>();
        spec.x().ifPresent(x -> fields.add("spec.x=" + x));
        spec.y().forEach(y -> fields.add("spec.y=" + y));
        spec.series().ifPresent(s -> fields.add("spec.series=" + s));
        for (String f : fields) {
            String field = f.substring(0, f.indexOf('='));
            String name = f.substring(f.indexOf('=') + 1);
            Optional<Column> col = columns.stream().filter(c -> c.name().equals(name)).findFirst();
            if (col.isEmpty()) {
                throw AssayException.of(ErrorCode.INVALID_INPUT, field + " names '" + name + "', which is not a column of the chart's query.")
                        .hint("Its columns: " + String.join(", ", names) + ".").detail("parameter", field).build();
            }
            if (numericY && field.equals("spec.y") && spec.type() != ChartSpec.Type.TABLE && !col.get().type().isNumeric()) {
                throw AssayException.of(ErrorCode.INVALID_INPUT, "spec.y names '" + name + "', which is " + col.get().type().nativeName()
                        + ", not a number.").hint("Plot numeric columns, or aggregate with count.").detail("parameter", "spec.y").build();
            }
        }
    }

    private record Rows(List<Column> columns, List<List<Object>> rows, QueryOutcome outcome) {
    }

    private Rows collect(Principal caller, QueryRequest request, SavedChart chart, String about, AuditService.Origin origin) {
        List<List<Object>> rows = new ArrayList<>();
        List<Column>[] columns = new List[] {List.of()};
        ResultWriter writer = (RowStream stream, OutputStream out) -> {
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
        QueryOutput.Stream output = new QueryOutput.Stream(cached -> writer, OutputStream.nullOutputStream(), QueryOutput.Delivery.RESPONSE);
        AuditService.Event event = AuditService.event(caller, "query.run").origin(origin).target(chart.id())
                .about("saved chart '" + chart.name() + "'" + about);
        QueryOutcome outcome = queries.run(caller, request, output, event, TaskContext.silent());
        return new Rows(outcome.columns().isEmpty() ? columns[0] : outcome.columns(), rows, outcome);
    }

    /** The Plotly figure of a result: none for a table; one trace per y, or per value of the series column. */
    private static Optional<ObjectNode> figure(SavedChart chart, Rows r) {
        ChartSpec spec = chart.spec();
        if (spec.type() == ChartSpec.Type.TABLE) {
            return Optional.empty();
        }
        int xi = index(r.columns(), spec.x().orElseThrow());
        String title = spec.title().orElse(chart.name());
        if (spec.type() == ChartSpec.Type.PIE) {
            int yi = index(r.columns(), spec.y().get(0));
            ObjectNode fig = JSON.createObjectNode();
            ObjectNode trace = fig.putArray("data").addObject().put("type", "pie");
            ArrayNode labels = trace.putArray("labels");
            ArrayNode values = trace.putArray("values");
            for (List<Object> row : r.rows()) {
                labels.add(String.valueOf(row.get(xi)));
                values.add(row.get(yi) instanceof Number n ? n.doubleValue() : 0);
            }
            if (!spec.colors().isEmpty()) {
                ArrayNode colors = trace.putObject("marker").putArray("colors");
                spec.colors().forEach(colors::add);
            }
            fig.putObject("layout").putObject("title").put("text", title);
            return Optional.of(fig);
        }
        List<Object> xs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<List<Double>> values = new ArrayList<>();
        if (spec.series().isPresent()) {
            int si = index(r.columns(), spec.series().get());
            int yi = index(r.columns(), spec.y().get(0));
            Map<Object, Integer> xAt = new LinkedHashMap<>();
            Map<String, Map<Integer, Double>> bySeries = new LinkedHashMap<>();
            for (List<Object> row : r.rows()) {
                int at = xAt.computeIfAbsent(row.get(xi), k -> xAt.size());
                bySeries.computeIfAbsent(String.valueOf(row.get(si)), k -> new LinkedHashMap<>())
                        .put(at, row.get(yi) instanceof Number n ? n.doubleValue() : null);
            }
            xs.addAll(xAt.keySet());
            bySeries.forEach((name, points) -> {
                names.add(name);
                List<Double> v = new ArrayList<>();
                for (int i = 0; i < xs.size(); i++) {
                    v.add(points.get(i));
                }
                values.add(v);
            });
        } else {
            for (List<Object> row : r.rows()) {
                xs.add(row.get(xi));
            }
            for (String y : spec.y()) {
                int yi = index(r.columns(), y);
                names.add(y);
                values.add(r.rows().stream().map(row -> row.get(yi) instanceof Number n ? n.doubleValue() : null).toList());
            }
        }
        PlotlyFigures.ChartKind kind = switch (spec.type()) {
            case BAR -> PlotlyFigures.ChartKind.BAR;
            case SCATTER -> PlotlyFigures.ChartKind.SCATTER;
            default -> PlotlyFigures.ChartKind.LINE;
        };
        ObjectNode fig = PlotlyFigures.chart(title, kind, spec.x().get(), xs, names, values, r.columns().get(xi).type().isTemporal());
        int i = 0;
        for (JsonNode t : fig.path("data")) {
            ObjectNode trace = (ObjectNode) t;
            if (spec.type() == ChartSpec.Type.AREA) {
                trace.put("fill", "tozeroy");
            }
            if (spec.type() == ChartSpec.Type.LINE && isolatedPoints(trace.path("y"))) {
                // A line through points none of which has a neighbour draws nothing: such a trace (say, anomalies marked on
                // a series) is drawn as markers.
                trace.put("mode", "markers");
            }
            if (!spec.colors().isEmpty()) {
                String color = spec.colors().get(i % spec.colors().size());
                trace.putObject(kind == PlotlyFigures.ChartKind.LINE ? "line" : "marker").put("color", color);
            }
            i++;
        }
        return Optional.of(fig);
    }

    /** True when the values hold a point and no two points side by side (the rest nulls). */
    static boolean isolatedPoints(JsonNode ys) {
        boolean any = false;
        boolean previous = false;
        for (JsonNode y : ys) {
            boolean point = !y.isNull() && !y.isMissingNode();
            if (point && previous) {
                return false;
            }
            any |= point;
            previous = point;
        }
        return any;
    }

    private static int index(List<Column> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        throw ChartSpec.invalid("spec", "The result has no column '" + name + "'.");
    }

    private void keep(String id, Computed c) {
        String json = resultJson(c.result());
        if (json.length() > MAX_KEPT_JSON || c.datasets().isEmpty()) {
            return;
        }
        store.update("UPDATE saved_charts SET result_json = ?, result_datasets = ?, result_at = ? WHERE id = ?", json,
                String.join("\n", c.datasets().get()), c.result().computedAt(), id);
    }

    private Optional<Kept> kept(String id) {
        return store.queryOne("SELECT result_json, result_datasets, result_at FROM saved_charts WHERE id = ? AND result_json IS NOT NULL", r -> {
            Set<String> datasets = new TreeSet<>();
            r.optionalString("result_datasets").ifPresent(d -> Arrays.stream(d.split("\n")).filter(s -> !s.isBlank()).forEach(datasets::add));
            return new Kept(readResult(id, r.string("result_json"), r.instant("result_at")), datasets);
        }, id);
    }

    private static String resultJson(ChartResult r) {
        ObjectNode o = JSON.createObjectNode();
        ArrayNode cols = o.putArray("columns");
        for (Column c : r.columns()) {
            cols.addObject().put("name", c.name()).put("kind", c.type().kind().name()).put("nativeType", c.type().nativeName())
                    .put("nullable", c.nullable());
        }
        o.set("rows", JSON.valueToTree(r.rows()));
        r.figure().ifPresent(f -> o.set("figure", f));
        o.put("truncated", r.truncated());
        return o.toString();
    }

    private static ChartResult readResult(String id, String json, Instant at) throws SQLException {
        try {
            JsonNode o = JSON.readTree(json);
            List<Column> columns = new ArrayList<>();
            for (JsonNode c : o.path("columns")) {
                columns.add(new Column(c.path("name").asText(), new io.assay.engine.ColumnType(io.assay.engine.ColumnType.Kind.valueOf(
                        c.path("kind").asText()), c.path("nativeType").asText()), c.path("nullable").asBoolean(true)));
            }
            List<List<Object>> rows = new ArrayList<>();
            for (JsonNode row : o.path("rows")) {
                List<Object> values = new ArrayList<>();
                for (JsonNode v : row) {
                    values.add(JSON.treeToValue(v, Object.class));
                }
                rows.add(values);
            }
            Optional<ObjectNode> figure = o.has("figure") ? Optional.of((ObjectNode) o.get("figure")) : Optional.empty();
            return new ChartResult(id, columns, rows, figure, o.path("truncated").asBoolean(), at, true, Map.of());
        } catch (JsonProcessingException e) {
            throw new SQLException("a kept chart result is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private void check(Principal caller, SavedChart.Draft d) {
        if (d.name() == null || d.name().isBlank() || d.name().length() > 200) {
            throw ChartSpec.invalid("name", "A saved chart needs a name of 1 to 200 characters.");
        }
        if (d.description().filter(s -> s.length() > 2000).isPresent()) {
            throw ChartSpec.invalid("description", "A chart's description is at most 2000 characters.");
        }
        if (d.savedQueryId().isPresent() == d.sql().isPresent()) {
            throw ChartSpec.invalid(d.sql().isPresent() ? "savedQueryId" : "sql",
                    "A saved chart draws either a saved query (savedQueryId) or SQL of its own (sql): give exactly one.");
        }
        if (d.savedQueryId().isPresent()) {
            if (!d.parameters().isEmpty()) {
                throw ChartSpec.invalid("parameters", "A chart of a saved query takes the saved query's parameters; declare none of its own.");
            }
            try {
                savedQueries.get(caller, d.savedQueryId().get());
            } catch (AssayException e) {
                throw AssayException.of(ErrorCode.INVALID_INPUT, "savedQueryId: there is no saved query of yours with id '"
                        + d.savedQueryId().get() + "'.").detail("parameter", "savedQueryId").build();
            }
        } else {
            String sql = d.sql().get();
            if (sql.isBlank() || sql.length() > MAX_SQL) {
                throw ChartSpec.invalid("sql", "A chart's SQL is 1 to " + MAX_SQL + " characters.");
            }
            SqlTemplate.parse(sql).checkDeclared(d.parameters());
        }
    }

    private void requireManage(Principal caller, SavedChart c) {
        if (!rights(caller, c).manage()) {
            throw AssayException.of(ErrorCode.FORBIDDEN, "Only the owner of chart '" + c.name() + "' or an admin may delete it or change who can "
                    + "see it.").build();
        }
    }

    private static AssayException notFound(String id) {
        return AssayException.of(ErrorCode.NOT_FOUND, "There is no saved chart with id '" + id + "' that you may see.")
                .hint("List the charts you may see to find its id.").detail("parameter", "id").build();
    }

    private static final String COLUMNS = "id, owner, name, description, saved_query_id, sql_text, parameters_json, spec_json, created_at, "
            + "updated_at, result_at";

    static String specJson(ChartSpec s) {
        ObjectNode o = JSON.createObjectNode().put("type", s.type().id());
        s.x().ifPresent(x -> o.put("x", x));
        ArrayNode y = o.putArray("y");
        s.y().forEach(y::add);
        s.series().ifPresent(v -> o.put("series", v));
        o.put("aggregation", s.aggregation().id());
        ArrayNode colors = o.putArray("colors");
        s.colors().forEach(colors::add);
        s.title().ifPresent(t -> o.put("title", t));
        return o.toString();
    }

    /** A spec from its JSON form (as stored, and as the doors take it); a field that is wrong is named. */
    public static ChartSpec spec(JsonNode o) {
        if (o == null || !o.isObject()) {
            throw ChartSpec.invalid("spec", "spec must be an object: {type, x, y, series, aggregation, colors, title}.");
        }
        List<String> y = new ArrayList<>();
        JsonNode ys = o.get("y");
        if (ys != null && ys.isTextual()) {
            y.add(ys.asText());
        } else if (ys != null && ys.isArray()) {
            for (JsonNode v : ys) {
                if (!v.isTextual()) {
                    throw ChartSpec.invalid("spec.y", "spec.y must be a column name or an array of column names.");
                }
                y.add(v.asText());
            }
        } else if (ys != null && !ys.isNull()) {
            throw ChartSpec.invalid("spec.y", "spec.y must be a column name or an array of column names.");
        }
        List<String> colors = new ArrayList<>();
        JsonNode cs = o.get("colors");
        if (cs != null && !cs.isNull()) {
            if (!cs.isArray()) {
                throw ChartSpec.invalid("spec.colors", "spec.colors must be an array of colours such as \"#1f77b4\".");
            }
            cs.forEach(c -> colors.add(c.isTextual() ? c.asText() : c.toString()));
        }
        return new ChartSpec(ChartSpec.Type.parse(text(o, "type", true).orElse(null)), text(o, "x", false), y, text(o, "series", false),
                text(o, "aggregation", false).map(ChartSpec.Aggregation::parse).orElse(ChartSpec.Aggregation.NONE), colors, text(o, "title", false));
    }

    private static Optional<String> text(JsonNode o, String field, boolean required) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw ChartSpec.invalid("spec." + field, "spec." + field + " is required.");
            }
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw ChartSpec.invalid("spec." + field, "spec." + field + " must be a string.");
        }
        return Optional.of(v.asText());
    }

    private static SavedChart map(MetadataStore.Row r) throws SQLException {
        ChartSpec spec;
        try {
            spec = spec(JSON.readTree(r.string("spec_json")));
        } catch (JsonProcessingException e) {
            throw new SQLException("a chart spec is not JSON: " + e.getOriginalMessage(), e);
        }
        return new SavedChart(r.string("id"), r.string("owner"), r.string("name"), r.optionalString("description"),
                r.optionalString("saved_query_id"), r.optionalString("sql_text"), SavedQueryService.parameters(r.optionalString("parameters_json")),
                spec, r.instant("created_at"), r.instant("updated_at"), r.optionalInstant("result_at"));
    }
}
