package io.assay.platform.workspace;

import io.assay.analysis.model.AnalysisResult;
import io.assay.analysis.model.ColumnProfile;
import io.assay.analysis.model.ValueCount;
import io.assay.engine.AssayException;
import io.assay.engine.Column;
import io.assay.engine.Engine;
import io.assay.engine.ErrorCode;
import io.assay.engine.QueryOptions;
import io.assay.engine.RelationInfo;
import io.assay.engine.RowStream;
import io.assay.engine.Session;
import io.assay.engine.SqlStatement;
import io.assay.platform.ask.AskJoin;
import io.assay.platform.ask.AskModel;
import io.assay.platform.ask.AskPlan;
import io.assay.platform.ask.AskTable;
import io.assay.platform.ask.QuestionParser;
import io.assay.platform.ask.Synonyms;
import io.assay.platform.ask.ValueLookup;
import io.assay.platform.audit.AuditService;
import io.assay.platform.auth.DatasetAccess;
import io.assay.platform.auth.Principal;
import io.assay.platform.catalog.Dataset;
import io.assay.platform.catalog.DatasetName;
import io.assay.platform.config.AssayConfig;
import io.assay.platform.query.QueryGateway;
import io.assay.platform.query.QueryOutput;
import io.assay.platform.query.QueryRequest;
import io.assay.platform.task.TaskContext;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Questions in plain English: turned into SQL over the datasets the caller may read (the offline {@link QuestionParser},
 * grounded in the catalog, the saved profile, the dataset's synonyms and the values in the engine; or a configured
 * {@link AskModel} that falls back to it), then run through the one query pipeline like any query, the audit record
 * keeping the question with the SQL.
 */
public final class AskGateway {

    /** The most candidate phrases looked up as values, and the most text columns they are looked up in. */
    private static final int MAX_PHRASES = 80;
    private static final int MAX_TEXT_COLUMNS = 40;
    /** The most pairs of columns tried as joins, and the child values sampled to see that the parent holds them. */
    private static final int MAX_JOIN_CANDIDATES = 24;
    private static final int JOIN_SAMPLE = 1000;

    private final Engine warehouse;
    private final DatasetGateway datasets;
    private final AnalysisRuns analyses;
    private final QueryGateway queries;
    private final DatasetAccess access;
    private final AuditService audit;
    private final Synonyms synonyms;
    private final AssayConfig config;
    private final Optional<AskModel> model;
    private final Clock clock;

    AskGateway(Engine warehouse, DatasetGateway datasets, AnalysisRuns analyses, QueryGateway queries, DatasetAccess access,
               AuditService audit, Synonyms synonyms, AssayConfig config, Optional<AskModel> model, Clock clock) {
        this.warehouse = warehouse;
        this.datasets = datasets;
        this.analyses = analyses;
        this.queries = queries;
        this.access = access;
        this.audit = audit;
        this.synonyms = synonyms;
        this.config = config;
        this.model = model;
        this.clock = clock;
    }

    /**
     * The SQL that answers {@code question} over {@code among} (empty: every dataset the caller may read), with its
     * explanation; declined (INVALID_INPUT) with what was and was not understood. Nothing is run but the lookups of
     * values in the datasets the caller may read. Audited as {@code ask.plan}.
     */
    public AskPlan plan(Principal caller, String question, List<DatasetName> among, AuditService.Origin origin, TaskContext ctx) {
        Instant started = clock.instant();
        AuditService.Event event = AuditService.event(caller, "ask.plan").origin(origin).detail(cut(question));
        try {
            if (question == null || question.isBlank() || question.length() > 2000) {
                throw AssayException.of(ErrorCode.INVALID_INPUT, "A question needs 1 to 2000 characters.").detail("parameter", "question").build();
            }
            List<Dataset> readable = new ArrayList<>();
            if (among.isEmpty()) {
                datasets.list(caller).forEach(v -> readable.add(v.dataset()));
            } else {
                for (DatasetName n : among) {
                    readable.add(datasets.requireReadable(caller, n));
                }
            }
            if (readable.isEmpty()) {
                throw AssayException.of(ErrorCode.NOT_FOUND, "There is no dataset you may read to ask about.")
                        .remedy("import-first", "what", "datasets").detail("parameter", "dataset").build();
            }
            AskPlan plan = queries.inQuerySlot(() -> {
                try (Session s = warehouse.openSession(); AutoCloseable cancel = ctx.onCancel(s::cancel)) {
                    List<AskTable> tables = new ArrayList<>();
                    for (Dataset d : readable) {
                        tables.add(table(caller, s, d));
                    }
                    ValueLookup lookup = (table, phrases) -> lookup(s, readable, table, phrases);
                    QuestionParser parser = new QuestionParser(warehouse.dialect());
                    List<AskJoin> joins = joins(s, readable, tables);
                    AskPlan offline = null;
                    AssayException declined = null;
                    try {
                        offline = parser.parse(question, tables, joins, lookup);
                    } catch (AssayException e) {
                        declined = e;
                    }
                    if (model.isPresent()) {
                        Optional<AskPlan> answered = model.get().improve(question, tables, offline);
                        if (answered.isPresent()) {
                            return answered.get();
                        }
                    }
                    if (declined != null) {
                        throw declined;
                    }
                    return offline;
                } catch (AssayException e) {
                    throw e;
                } catch (Exception e) {
                    throw AssayException.internal("Turning the question into SQL failed unexpectedly", e);
                }
            });
            audit.record(event.target(plan.dataset()).sql(plan.sql()).addDetail(plan.source())
                    .duration(Duration.between(started, clock.instant())));
            return plan;
        } catch (AssayException e) {
            audit.record(event.failed(e).duration(Duration.between(started, clock.instant())));
            throw e;
        }
    }

    /**
     * Runs the SQL of a question (as planned, or as the caller edited it) through the query pipeline, governed for the
     * caller like any query, audited as {@code query.ask} with the question and the SQL.
     */
    public <T> T run(Principal caller, String question, QueryRequest request, QueryOutput<T> output, AuditService.Origin origin, TaskContext ctx) {
        AuditService.Event event = AuditService.event(caller, "query.ask").origin(origin).detail("question: " + cut(question));
        return queries.run(caller, request, output, event, ctx);
    }

    /** The synonyms of a dataset the caller may read. */
    public Map<String, String> synonyms(Principal caller, DatasetName dataset) {
        datasets.requireReadable(caller, dataset);
        return synonyms.of(dataset.value());
    }

    /** Sets a synonym of a dataset the caller may change; audited. */
    public Map<String, String> putSynonym(Principal caller, DatasetName dataset, String phrase, String expression, AuditService.Origin origin) {
        AuditService.Event event = AuditService.event(caller, "ask.synonym.put").target(dataset.value()).origin(origin)
                .detail(cut(phrase) + " = " + cut(expression));
        try {
            requireWritable(caller, dataset);
            synonyms.put(dataset.value(), phrase, expression, caller.name());
            audit.record(event);
            return synonyms.of(dataset.value());
        } catch (AssayException e) {
            audit.record(event.failed(e));
            throw e;
        }
    }

    /** Removes a synonym of a dataset the caller may change; NOT_FOUND when it has none by that phrase; audited. */
    public Map<String, String> removeSynonym(Principal caller, DatasetName dataset, String phrase, AuditService.Origin origin) {
        AuditService.Event event = AuditService.event(caller, "ask.synonym.remove").target(dataset.value()).origin(origin).detail(cut(phrase));
        try {
            requireWritable(caller, dataset);
            if (!synonyms.remove(dataset.value(), phrase)) {
                throw AssayException.of(ErrorCode.NOT_FOUND, "'" + dataset + "' has no synonym '" + phrase + "'.")
                        .detail("parameter", "phrase").build();
            }
            audit.record(event);
            return synonyms.of(dataset.value());
        } catch (AssayException e) {
            audit.record(event.failed(e));
            throw e;
        }
    }

    private void requireWritable(Principal caller, DatasetName dataset) {
        datasets.requireReadable(caller, dataset);
        if (!access.canWrite(caller, dataset)) {
            throw AssayException.of(ErrorCode.FORBIDDEN, "You may read '" + dataset + "' but not change its synonyms.")
                    .hint("Ask its owner or an admin.").build();
        }
    }

    /**
     * The joins between the datasets the caller may read that the data bears out: of the pairs of columns the names
     * suggest ({@link AskJoin#candidates}), those whose parent column is unique (by the profile or the declared key, else
     * counted in the engine) and that hold at least 90% of a bounded sample of the child column's values.
     */
    private List<AskJoin> joins(Session s, List<Dataset> readable, List<AskTable> tables) {
        if (tables.size() < 2) {
            return List.of();
        }
        List<AskJoin> out = new ArrayList<>();
        var dialect = warehouse.dialect();
        QueryOptions options = new QueryOptions(Optional.of(config.queryTimeout()), OptionalLong.of(10));
        for (AskJoin j : AskJoin.candidates(tables).stream().limit(MAX_JOIN_CANDIDATES).toList()) {
            Dataset child = readable.stream().filter(x -> x.name().equals(j.child())).findFirst().orElseThrow();
            Dataset parent = readable.stream().filter(x -> x.name().equals(j.parent())).findFirst().orElseThrow();
            AskTable pt = tables.stream().filter(t -> t.name().equals(j.parent())).findFirst().orElseThrow();
            String pc = dialect.quoteIdentifier(j.parentColumn());
            String cc = dialect.quoteIdentifier(j.childColumn());
            String p = dialect.qualify(parent.relation());
            String c = dialect.qualify(child.relation());
            boolean unique = pt.column(j.parentColumn()).map(AskTable.Column::unique).orElse(false);
            if (!unique) {
                try (RowStream rows = s.query(new SqlStatement("SELECT count(" + pc + ") AS n, count(DISTINCT " + pc + ") AS d FROM " + p, List.of()), options)) {
                    unique = rows.next() && ((Number) rows.get(0)).longValue() > 0 && ((Number) rows.get(0)).longValue() == ((Number) rows.get(1)).longValue();
                }
            }
            if (!unique) {
                continue;
            }
            String sample = "SELECT " + cc + " AS v FROM " + c + " WHERE " + cc + " IS NOT NULL " + dialect.limitClause(JOIN_SAMPLE);
            String sql = "SELECT count(*) AS n, count(k.v) AS hit FROM (" + sample + ") x LEFT JOIN (SELECT " + pc + " AS v FROM " + p
                    + ") k ON k.v = x.v";
            try (RowStream rows = s.query(new SqlStatement(sql, List.of()), options)) {
                if (rows.next()) {
                    long n = ((Number) rows.get(0)).longValue();
                    long hit = ((Number) rows.get(1)).longValue();
                    if (n > 0 && hit * 10 >= n * 9) {
                        out.add(j);
                    }
                }
            }
        }
        return out;
    }

    /** What the parser knows of a dataset: its columns, what its latest analysis said of them, its synonyms. */
    private AskTable table(Principal caller, Session s, Dataset d) {
        Optional<RelationInfo> info = s.describe(d.relation());
        List<Column> columns = info.map(RelationInfo::columns).orElse(List.of());
        Optional<AnalysisResult> profile;
        try {
            profile = analyses.latestResult(caller, DatasetName.of(d.name()));
        } catch (RuntimeException e) {
            profile = Optional.empty(); // the profile only refines the grounding: a question is answered without it
        }
        Optional<AnalysisResult> saved = profile;
        List<AskTable.Column> out = new ArrayList<>();
        List<String> declaredKey = info.map(RelationInfo::primaryKey).orElse(List.of());
        for (Column c : columns) {
            Optional<ColumnProfile> p = saved.flatMap(r -> r.column(c.name()));
            AskTable.Kind kind = c.type().isNumeric() ? AskTable.Kind.NUMBER : c.type().isTemporal() ? AskTable.Kind.TIME
                    : c.type().isText() ? AskTable.Kind.TEXT : c.type().kind() == io.assay.engine.ColumnType.Kind.BOOLEAN ? AskTable.Kind.BOOLEAN
                    : AskTable.Kind.OTHER;
            boolean key = declaredKey.size() == 1 && declaredKey.get(0).equals(c.name());
            out.add(new AskTable.Column(c.name(), kind, key || p.map(ColumnProfile::unique).orElse(false),
                    p.map(x -> x.topValues().stream().map(ValueCount::value).filter(java.util.Objects::nonNull).toList()).orElse(List.of())));
        }
        return new AskTable(d.name(), out, synonyms.of(d.name()), d.rows());
    }

    /** Looks the phrases up in the text columns of the table, in the engine, as bind parameters: bounded by phrases and columns. */
    private List<ValueLookup.Hit> lookup(Session s, List<Dataset> readable, AskTable table, Collection<String> phrases) {
        Dataset d = readable.stream().filter(x -> x.name().equals(table.name())).findFirst().orElse(null);
        if (d == null || phrases.isEmpty()) {
            return List.of();
        }
        List<String> ps = phrases.stream().limit(MAX_PHRASES).toList();
        List<AskTable.Column> text = table.columns().stream().filter(c -> c.kind() == AskTable.Kind.TEXT).limit(MAX_TEXT_COLUMNS).toList();
        if (text.isEmpty()) {
            return List.of();
        }
        var dialect = warehouse.dialect();
        String in = String.join(", ", java.util.Collections.nCopies(ps.size(), "?"));
        StringBuilder sql = new StringBuilder();
        List<Object> params = new ArrayList<>();
        for (int i = 0; i < text.size(); i++) {
            String c = dialect.quoteIdentifier(text.get(i).name());
            sql.append(i == 0 ? "" : " UNION ALL ").append("SELECT ").append(i).append(" AS k, lower(").append(c).append(") AS p, ")
                    .append("min(").append(c).append(") AS v, count(*) AS n FROM ").append(dialect.qualify(d.relation()))
                    .append(" WHERE lower(").append(c).append(") IN (").append(in).append(") GROUP BY lower(").append(c).append(")");
            params.addAll(ps);
        }
        List<ValueLookup.Hit> hits = new ArrayList<>();
        QueryOptions options = new QueryOptions(Optional.of(config.queryTimeout()), OptionalLong.of(10_000));
        try (RowStream rows = s.query(new SqlStatement(sql.toString(), params), options)) {
            while (rows.next()) {
                int k = ((Number) rows.get(0)).intValue();
                hits.add(new ValueLookup.Hit(String.valueOf(rows.get(1)).toLowerCase(Locale.ROOT), text.get(k).name(),
                        String.valueOf(rows.get(2)), ((Number) rows.get(3)).longValue()));
            }
        }
        return hits;
    }

    private static String cut(String s) {
        return s == null ? "" : s.length() > 1000 ? s.substring(0, 1000) + "..." : s;
    }
}
