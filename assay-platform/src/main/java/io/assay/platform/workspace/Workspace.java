package io.assay.platform.workspace;

import io.assay.analysis.model.AnalysisMode;
import io.assay.analysis.model.AnalysisResult;
import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.platform.analysis.AnalysisRequest;
import io.assay.platform.ask.AskModel;
import io.assay.platform.ask.Synonyms;
import io.assay.platform.audit.AuditService;
import io.assay.platform.auth.DatasetAccess;
import io.assay.platform.auth.Principal;
import io.assay.platform.auth.Role;
import io.assay.platform.auth.SessionService;
import io.assay.platform.auth.SignInThrottle;
import io.assay.platform.auth.TokenService;
import io.assay.platform.auth.UserService;
import io.assay.platform.catalog.Dataset;
import io.assay.platform.catalog.DatasetName;
import io.assay.platform.config.AssayConfig;
import io.assay.platform.config.ServerConfig;
import io.assay.platform.demo.DemoService;
import io.assay.platform.governance.QueryGuard;
import io.assay.platform.imports.ImportMode;
import io.assay.platform.imports.ImportRequest;
import io.assay.platform.jobs.Job;
import io.assay.platform.jobs.JobService;
import io.assay.platform.query.KeptResults;
import io.assay.platform.query.QueryGateway;
import io.assay.platform.query.ResultCache;
import io.assay.platform.query.SessionPool;
import io.assay.platform.saved.SavedQueryService;
import io.assay.platform.store.MetadataStore;
import io.assay.platform.task.TaskContext;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The application: the one object every door opens and calls. It holds the warehouse and its internal services
 * ({@link Warehouse}, seen by no door) and the governed services over them: users, tokens and sessions,
 * dataset grants, governed queries with their cache, jobs, analyses, saved queries and the audit log,
 * all kept in the {@link MetadataStore}. Every front door of the server (REST, the web page, MCP)
 * calls these with the caller's {@link io.assay.platform.auth.Principal}, so that a permission
 * checked once is checked for all of them.
 */
public final class Workspace implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Workspace.class);

    private final Warehouse warehouse;
    private final MetadataStore store;
    private final UserService users;
    private final TokenService tokens;
    private final SessionService sessions;
    private final SignInThrottle signInThrottle;
    private final DatasetAccess access;
    private final AuditService audit;
    private final JobService jobs;
    private final QueryGateway queries;
    private final DatasetGateway datasets;
    private final AnalysisRuns analyses;
    private final SavedQueryService savedQueries;
    private final io.assay.platform.saved.SavedChartService savedCharts;
    private final io.assay.platform.saved.DashboardService dashboards;
    private final io.assay.platform.export.DashboardExporter dashboardExports;
    private final InsightGateway insights;
    private final AskGateway ask;
    private final ScheduledExecutorService sweeper;
    private final SessionPool readSessions;
    private final Exports exports;
    private final QueryJobs queryJobs;
    private final Connections connections;
    private final Accounts accounts;
    /** True when this workspace opened the warehouse itself and so closes it. */
    private volatile boolean ownsWarehouse;
    private final MeterRegistry metrics;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private Workspace(Warehouse warehouse, MetadataStore store, MeterRegistry metrics, Clock clock) {
        this.metrics = metrics;
        ServerConfig server = warehouse.config().server();
        this.warehouse = warehouse;
        this.store = store;
        this.users = new UserService(store, server.maxFailedSignIns(), server.lockout(), clock);
        this.tokens = new TokenService(store, users, clock);
        this.sessions = new SessionService(store, server.sessionTtl(), clock);
        this.signInThrottle = new SignInThrottle(30);
        this.audit = new AuditService(store, clock);
        this.access = new DatasetAccess(store, users, clock);
        this.jobs = new JobService(store, server.jobThreads(), metrics, clock);
        this.accounts = new Accounts(users, tokens, sessions, signInThrottle, audit, jobs);
        ResultCache cache = new ResultCache(server.cacheMaxBytes(), server.cacheTtl(), metrics);
        this.readSessions = new SessionPool(warehouse.engine(), Math.max(4, server.maxConcurrentQueries() * 2));
        QueryGuard guard = new QueryGuard(warehouse.engine(), warehouse.catalog(), access, readSessions,
                warehouse.config().sqlLimits());
        this.queries = new QueryGateway(warehouse.engine(), warehouse.queries(), readSessions, warehouse.config(), guard, cache, audit, access,
                new KeptResults(warehouse.engine(), store, access, clock), metrics, clock);
        this.analyses = new AnalysisRuns(warehouse.analysis(), warehouse.datasets(), access, jobs, audit, store, warehouse.config().analysesDir(), clock);
        Synonyms synonyms = new Synonyms(store, clock);
        this.datasets = new DatasetGateway(warehouse.engine(), warehouse.datasets(), warehouse.imports(), access, audit, jobs, queries, analyses,
                synonyms, server.maxExpandedUploadBytes(), clock);
        this.savedQueries = new SavedQueryService(store, warehouse.engine().dialect(), clock);
        this.savedCharts = new io.assay.platform.saved.SavedChartService(store, queries, savedQueries, users, warehouse.engine().dialect(),
                audit, clock);
        // Public links are signed with a key derived from the server's secret key (ASSAY_SECRET_KEY or the data directory's key file).
        io.assay.platform.connect.SecretBox secrets = io.assay.platform.connect.SecretBox.forDataDir(System.getenv(), warehouse.config().dataDir());
        java.util.function.Supplier<byte[]> linkKey = new java.util.function.Supplier<>() {
            private volatile byte[] key;

            @Override
            public byte[] get() {
                byte[] k = key;
                if (k == null) {
                    k = secrets.derivedKey("assay dashboard links v1");
                    key = k;
                }
                return k.clone();
            }
        };
        this.dashboards = new io.assay.platform.saved.DashboardService(store, savedCharts, users, audit, linkKey, clock);
        this.dashboardExports = new io.assay.platform.export.DashboardExporter(dashboards, audit, clock);
        this.exports = new Exports(jobs, queries, warehouse.config().dataDir().resolve("exports"), server.maxExportStorage(), clock);
        this.queryJobs = new QueryJobs(jobs, queries);
        this.connections = new Connections(warehouse.connections(), audit);
        this.insights = new InsightGateway(warehouse.engine(), datasets, queries, audit, warehouse.config(), clock);
        this.ask = new AskGateway(warehouse.engine(), datasets, analyses, queries, access, audit, synonyms, warehouse.config(),
                AskModel.of(warehouse.config().ask()), clock);
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "assay-sweeper");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens the whole application from its configuration: the warehouse and the metadata store, side by
     * side (each takes a few hundred milliseconds), then the services over them. Every front door starts
     * here; the workspace closes both when it shuts down.
     */
    public static Workspace open(AssayConfig config, MeterRegistry metrics) {
        CompletableFuture<MetadataStore> store = CompletableFuture
                .supplyAsync(() -> MetadataStore.open(config));
        Warehouse warehouse;
        try {
            warehouse = Warehouse.open(config);
        } catch (RuntimeException e) {
            store.thenAccept(MetadataStore::close);
            throw e;
        }
        try {
            Workspace w = open(warehouse, join(store), metrics);
            w.ownsWarehouse = true;
            return w;
        } catch (RuntimeException e) {
            warehouse.close();
            throw e;
        }
    }

    private static MetadataStore join(CompletableFuture<MetadataStore> store) {
        try {
            return store.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * Opens the workspace: the metadata store (migrated), jobs a crash cut off marked failed, uploads
     * left by a crash removed, and a sweeper for expired results.
     */
    static Workspace open(Warehouse warehouse, MeterRegistry metrics) {
        return open(warehouse, MetadataStore.open(warehouse.config()), metrics);
    }

    /**
     * Opens the workspace over a metadata store opened already (the server opens it while the
     * warehouse opens, to start sooner); the workspace owns the store from here on.
     */
    static Workspace open(Warehouse warehouse, MetadataStore store, MeterRegistry metrics) {
        try {
            Workspace w = new Workspace(warehouse, store, metrics, Clock.systemUTC());
            w.jobs.recover();
            w.clearUploads();
            w.queries.dropExpired();
            w.sweeper.scheduleWithFixedDelay(w::sweep, 10, 10, TimeUnit.MINUTES);
            return w;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private void sweep() {
        try {
            queries.dropExpired();
            exports.dropExpired();
        } catch (RuntimeException e) {
            LOG.warn("Sweeping expired query results failed", e);
        }
    }

    private void clearUploads() {
        Path uploads = warehouse.config().uploadsDir();
        if (!Files.isDirectory(uploads)) {
            return;
        }
        try (Stream<Path> files = Files.walk(uploads)) {
            files.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(uploads)).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not clear old uploads in {}", uploads, e);
        }
    }

    /** Where the application's metrics go (the server exposes them at /metrics). */
    public MeterRegistry metrics() {
        return metrics;
    }

    /** The internal services over the warehouse, for the platform's own use: doors call the governed methods instead. */
    Warehouse warehouse() {
        return warehouse;
    }

    /** The settings this application was opened with. */
    public AssayConfig config() {
        return warehouse.config();
    }

    /** The warehouse engine's short name, such as {@code duckdb} or {@code postgresql}. */
    public String warehouseName() {
        return warehouse.engine().name();
    }

    /** Memory the warehouse engine holds now, where it can tell (for the metrics). */
    public OptionalLong warehouseMemoryInUse() {
        return warehouse.engine().memoryInUse();
    }

    /** Runs the smallest query on the warehouse, for readiness checks; throws when it cannot answer. */
    public void checkWarehouse() {
        try (var s = warehouse.engine().openSession(); var rows = s.query(io.assay.engine.SqlStatement.of("SELECT 1"))) {
            rows.next();
        }
    }

    /**
     * A version of each dataset that changes when its rows or its latest analysis do (when it was last imported and
     * when its latest analysis finished), for a door that tells its clients what changed. Names only: whoever is told
     * reads the dataset under its own rights.
     */
    public Map<String, String> datasetVersions() {
        Map<String, Instant> analysed = analyses().latestFinishedAt();
        Map<String, String> out = new java.util.TreeMap<>();
        for (Dataset d : warehouse.datasets().list()) {
            out.put(d.name(), d.updatedAt() + "|" + java.util.Optional.ofNullable(analysed.get(d.name())).map(Instant::toString).orElse("-"));
        }
        return out;
    }

    /** An analysis result the caller holds, rendered in one of the report formats. */
    public String renderReport(AnalysisResult result, io.assay.platform.report.ReportFormat format) {
        return warehouse.analysis().render(result, format);
    }

    /** Writes an analysis result the caller holds as a report file; the format comes from the extension. */
    public Path writeReport(AnalysisResult result, Path file) {
        return warehouse.analysis().writeReport(result, file);
    }

    /** Keeps an analysis result's HTML report in the data directory's reports folder; answers its path. */
    public Path keepReport(AnalysisResult result) {
        return warehouse.analysis().keepReport(result);
    }

    /** True when the demo datasets are in the warehouse. */
    public boolean demoPresent() {
        return warehouse.demo().present();
    }

    /** Writes the demo's sample file (to import in the tour) into {@code folder}; answers its path. */
    public Path writeDemoSample(Path folder) {
        return warehouse.demo().writeSampleFile(folder);
    }

    public MetadataStore store() {
        return store;
    }

    public UserService users() {
        return users;
    }

    public TokenService tokens() {
        return tokens;
    }

    public SessionService sessions() {
        return sessions;
    }

    public SignInThrottle signInThrottle() {
        return signInThrottle;
    }

    public DatasetAccess access() {
        return access;
    }

    public AuditService audit() {
        return audit;
    }

    public JobService jobs() {
        return jobs;
    }

    /**
     * Cancels a job of the caller's (an admin: anyone's), audited; a job that has finished already is
     * {@link ErrorCode#CONFLICT}.
     */
    public Job cancelJob(Principal caller, String id, AuditService.Origin origin) {
        AuditService.Event event = AuditService.event(caller, "job.cancel").target(id).origin(origin);
        try {
            Job j = jobs.get(caller, id);
            if (j.status().finished()) {
                throw AssayException.of(ErrorCode.CONFLICT, "The job " + j.id() + " has "
                                + j.status().id() + " already; there is nothing to cancel.")
                        .hint("See its result.").remedy("follow-job", "job", j.id()).detail("parameter", "id").build();
            }
            Job after = jobs.cancel(caller, id);
            audit.record(event.detail(j.description()));
            return after;
        } catch (AssayException e) {
            audit.record(event.failed(e));
            throw e;
        }
    }

    public QueryGateway queries() {
        return queries;
    }

    public DatasetGateway datasets() {
        return datasets;
    }

    public AnalysisRuns analyses() {
        return analyses;
    }

    /** Signing in and out, users and tokens: checked and audited. */
    public Accounts accounts() {
        return accounts;
    }

    /** Query results written to files as jobs, for download. */
    public Exports exports() {
        return exports;
    }

    /** Connections to the users' own databases: admins only, audited. */
    public Connections connections() {
        return connections;
    }

    /** Queries run as jobs, their results kept for paging. */
    public QueryJobs queryJobs() {
        return queryJobs;
    }

    public SavedQueryService savedQueries() {
        return savedQueries;
    }

    /** Saved charts ("questions"): owned, shared, run through the query pipeline as the caller, their last result kept. */
    public io.assay.platform.saved.SavedChartService savedCharts() {
        return savedCharts;
    }

    /** Dashboards of saved charts, text and KPIs, with filters; owned, shared, and opened through signed public links. */
    public io.assay.platform.saved.DashboardService dashboards() {
        return dashboards;
    }

    /**
     * The SQL of a question built without SQL, about a dataset the caller may read: checked against the dataset's columns (a
     * wrong field named), written in the warehouse's dialect, its filter values as bind parameters. Running it is running that
     * SQL with those parameters through {@link #queries()}, as any query.
     */
    public io.assay.platform.saved.QuestionCompiler.Compiled questionSql(Principal caller, io.assay.platform.saved.Question question,
                                                                        AuditService.Origin origin) {
        io.assay.platform.catalog.DatasetName name = io.assay.platform.catalog.DatasetName.of(question.dataset(), "dataset");
        DatasetGateway.Detail detail = datasets.describe(caller, name, origin);
        io.assay.engine.Dialect dialect = warehouse.engine().dialect();
        return io.assay.platform.saved.QuestionCompiler.compile(question, dialect.quoteIdentifier(name.value()),
                io.assay.platform.saved.QuestionCompiler.columns(detail.description().columns()), dialect);
    }

    /** Dashboards exported as PDF or PNG, run as the caller first. */
    public io.assay.platform.export.DashboardExporter dashboardExports() {
        return dashboardExports;
    }

    /** Anomalies in a named metric, on demand. */
    public InsightGateway insights() {
        return insights;
    }

    /** Questions in plain English turned into governed SQL, and the synonyms they use. */
    public AskGateway ask() {
        return ask;
    }

    /**
     * Analyses what {@code target} names for the caller, on the calling thread, recorded as a run: a
     * dataset the caller may read; for the local operator also a file of this machine (imported first,
     * again when it is the file the dataset came from) or a table of one of its connections
     * ({@code CONNECTION.schema.table}, analysed where it lies and not recorded as a run of a dataset).
     */
    public Analysed analyze(Principal caller, String target, AnalysisMode mode,
                            Optional<String> timeColumn, OptionalLong sampleRows, AuditService.Origin origin,
                            TaskContext ctx) {
        boolean local = caller.kind() == Principal.Kind.LOCAL;
        if (warehouse.datasets().list().stream().anyMatch(d -> d.name().equals(target)) || !local) {
            return analysed(caller, analyses.analyzeNow(caller, DatasetName.of(target, "target"), mode, timeColumn,
                    sampleRows, origin, ctx));
        }
        Path file = Path.of(target).toAbsolutePath().normalize();
        if (Files.isRegularFile(file)) {
            DatasetName name = DatasetName.fromFileName(file.getFileName().toString());
            Optional<Dataset> existing = warehouse.datasets().list().stream()
                    .filter(d -> d.name().equals(name.value())).findFirst();
            if (existing.isPresent() && !existing.get().source().equals(file.toString())) {
                throw AssayException.of(ErrorCode.CONFLICT, "A dataset named '" + name
                                + "' exists already, from " + existing.get().source() + ".")
                        .detail("parameter", "target").detail("dataset", name.value()).detail("reason", "name-taken").build();
            }
            datasets.importLocal(caller, new ImportRequest(file, Optional.of(name),
                    existing.isPresent() ? ImportMode.REPLACE : ImportMode.CREATE,
                    Map.of(), false), origin, ctx);
            return analysed(caller, analyses.analyzeNow(caller, name, mode, timeColumn, sampleRows, origin, ctx));
        }
        if (warehouse.connections().resolve(target).isEmpty()) {
            throw warehouse.analysis().notFound(target);
        }
        AuditService.Event event = AuditService.event(caller, "analysis.remote").target(target).origin(origin);
        try {
            AnalysisResult r = warehouse.analysis().analyze(new AnalysisRequest(target, mode,
                    timeColumn, sampleRows), ctx);
            audit.record(event.detail(mode.label()));
            return new Analysed(r, Optional.empty());
        } catch (AssayException e) {
            audit.record(event.failed(e));
            throw e;
        }
    }

    /**
     * Generates the demo warehouse (an admin's work): its datasets start with no grants (only admins see
     * them until one grants them), whatever datasets of the same names had before; audited. The caller also gets the
     * demo's "Sales overview" dashboard and its charts, when it has none of that name yet.
     */
    public DemoService.DemoResult generateDemo(Principal caller, long seed, int scale,
                                                                      AuditService.Origin origin, TaskContext ctx) {
        AuditService.Event event = AuditService.event(caller, "demo.generate").detail("seed " + seed + ", scale " + scale).origin(origin);
        try {
            caller.require(Role.ADMIN, "generate the demo data");
            DemoService.DemoResult r = warehouse.demo().generate(seed, scale, ctx);
            for (Dataset d : r.datasets()) {
                access.created(caller, DatasetName.of(d.name()));
                queries.datasetChanged(d.name());
            }
            io.assay.platform.demo.DemoDashboard.ensure(savedCharts, dashboards, caller, origin);
            audit.record(event);
            return r;
        } catch (AssayException e) {
            audit.record(event.failed(e));
            throw e;
        }
    }

    /** A finished analysis and, when it was of a dataset, its recorded run. */
    public record Analysed(AnalysisResult result, Optional<AnalysisRuns.Run> run) {
    }

    private Analysed analysed(Principal caller, AnalysisRuns.Run run) {
        return new Analysed(analyses.result(caller, run.id()), Optional.of(run));
    }

    /** Stops: lets running jobs finish for {@code grace}, cancels the rest, closes the store (and the warehouse it opened). */
    public void shutdown(Duration grace) {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        sweeper.shutdownNow();
        jobs.shutdown(grace);
        readSessions.close();
        audit.close();
        store.close();
        if (ownsWarehouse) {
            warehouse.close();
        }
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(10));
    }
}
