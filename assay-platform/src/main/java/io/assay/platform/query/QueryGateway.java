package io.assay.platform.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assay.engine.AssayException;
import io.assay.engine.Column;
import io.assay.engine.ColumnType;
import io.assay.engine.Dialect;
import io.assay.engine.Engine;
import io.assay.engine.ErrorCode;
import io.assay.engine.QueryOptions;
import io.assay.engine.RelationInfo;
import io.assay.engine.RelationRef;
import io.assay.engine.RowStream;
import io.assay.engine.Session;
import io.assay.engine.SqlStatement;
import io.assay.platform.audit.AuditService;
import io.assay.platform.auth.DatasetAccess;
import io.assay.platform.auth.Principal;
import io.assay.platform.config.AssayConfig;
import io.assay.platform.export.ResultFormat;
import io.assay.platform.export.ResultWriter;
import io.assay.platform.governance.QueryGuard;
import io.assay.platform.store.Ids;
import io.assay.platform.store.MetadataStore;
import io.assay.platform.task.TaskContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Governed queries for the shared service: each SQL text is checked for the caller, answered from
 * the cache when it can be, otherwise run on the warehouse under the concurrency limit, the timeout
 * and the row cap, streamed to the caller's format, and audited. Results can also be kept in the
 * warehouse for paging (they stay in the engine, not in Java).
 */
public final class QueryGateway {

    /** How long a kept result may be paged before it is dropped. */
    public static final Duration RESULT_TTL = Duration.ofHours(1);
    /** The most rows one page may hold. */
    public static final int MAX_PAGE = 10_000;
    private static final String RESULTS_SCHEMA = "assay_results";
    private static final Duration QUEUE_WAIT = Duration.ofSeconds(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Engine warehouse;
    private final AssayConfig config;
    private final QueryGuard guard;
    private final ResultCache cache;
    private final AuditService audit;
    private final DatasetAccess access;
    private final MetadataStore store;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final Semaphore running;
    private final QueryService queries;
    private final SessionPool sessions;

    public QueryGateway(Engine warehouse, QueryService queries, SessionPool sessions, AssayConfig config, QueryGuard guard, ResultCache cache, AuditService audit,
                        DatasetAccess access, MetadataStore store, MeterRegistry metrics, Clock clock) {
        this.warehouse = warehouse;
        this.queries = queries;
        this.sessions = sessions;
        this.config = config;
        this.guard = guard;
        this.cache = cache;
        this.audit = audit;
        this.access = access;
        this.store = store;
        this.metrics = metrics;
        this.clock = clock;
        this.running = new Semaphore(config.server().maxConcurrentQueries(), true);
        metrics.gauge("assay.queries.running", running, s -> config.server().maxConcurrentQueries() - s.availablePermits());
    }

    /** Makes the writer for a result; {@code cached} says whether it comes from the cache. */
    @FunctionalInterface
    public interface WriterFactory {
        ResultWriter writer(boolean cached);
    }

    /**
     * Runs a query for {@code caller} and streams its rows (at most the response row cap) through
     * the writer to {@code out}.
     */
    public QueryOutcome run(Principal caller, QueryRequest request, AuditService.Origin origin, WriterFactory writers,
                            OutputStream out, TaskContext ctx) {
        return run(caller, request, Delivery.RESPONSE, origin, writers, out, ctx);
    }

    /** As {@link #run(Principal, QueryRequest, AuditService.Origin, WriterFactory, OutputStream, TaskContext)}, capped for {@code delivery}. */
    public QueryOutcome run(Principal caller, QueryRequest request, Delivery delivery, AuditService.Origin origin, WriterFactory writers,
                            OutputStream out, TaskContext ctx) {
        Instant started = clock.instant();
        String sql = QueryService.clean(request.sql());
        AuditService.Event event = AuditService.event(caller, "query.run").sql(sql).origin(origin);
        Timer.Sample sample = Timer.start(metrics);
        String outcome = "error";
        boolean hit = false;
        try {
            // One deadline for the whole query: the engine's parse and check, its planning and its run.
            QueryGuard.Cleared cleared = guard.check(caller, sql, Optional.of(timeout(request)), request.readOnly());
            event.detail(QueryGuard.describe(cleared));
            long cap = rowCap(request, delivery);
            ResultCache.Key key = new ResultCache.Key(sql, request.params(), cap, grants(caller));
            Optional<ResultCache.Entry> cachedEntry = cleared.cacheable() ? cache.get(key) : Optional.empty();
            QueryOutcome result;
            if (cachedEntry.isPresent()) {
                hit = true;
                ResultCache.Entry e = cachedEntry.get();
                try (RowStream replay = new Replay(e)) {
                    long n = writers.writer(true).write(replay, out);
                    result = new QueryOutcome(e.columns(), n, e.truncated(), Duration.between(started, clock.instant()));
                }
            } else {
                result = execute(sql, request, cap, cleared, key, writers.writer(false), out, ctx, started);
            }
            outcome = "ok";
            audit.record(event.rows(result.rows()).duration(result.elapsed()));
            return result;
        } catch (AssayException failure) {
            AssayException e = inTimeLimit(failure, request);
            outcome = e.code() == ErrorCode.FORBIDDEN ? "denied" : e.code().name().toLowerCase(Locale.ROOT);
            audit.record(event.failed(e).duration(Duration.between(started, clock.instant())));
            throw e;
        } catch (IOException e) {
            audit.record(event.failed("the client went away: " + e.getMessage()).duration(Duration.between(started, clock.instant())));
            throw AssayException.of(ErrorCode.CANCELLED, "The result could not be delivered: " + e.getMessage()).cause(e).build();
        } finally {
            sample.stop(metrics.timer("assay.queries", "outcome", outcome, "cached", String.valueOf(hit)));
        }
    }

    private QueryOutcome execute(String sql, QueryRequest request, long cap, QueryGuard.Cleared cleared, ResultCache.Key key,
                                 ResultWriter writer, OutputStream out, TaskContext ctx, Instant started) throws IOException {
        acquire();
        // A query the parser cleared as one SELECT changes nothing on its connection: reuse one.
        SessionPool.Lease lease = cleared.query() ? sessions.lease() : null;
        Session session = lease != null ? lease.session() : warehouse.openSession();
        try (AutoCloseable cancel = ctx.onCancel(session::cancel);
             RowStream rows = session.query(new SqlStatement(sql, request.params()),
                     new QueryOptions(Optional.of(left(request, started)), OptionalLong.of(cap)))) {
            Recording recording = new Recording(rows, cleared.cacheable() ? ResultCache.MAX_ROWS : 0);
            long n = writer.write(recording, out);
            if (recording.keep()) {
                cache.put(key, new ResultCache.Entry(rows.columns(), recording.kept, rows.truncated(), cleared.datasets(), recording.weight));
            }
            return new QueryOutcome(rows.columns(), n, rows.truncated(), Duration.between(started, clock.instant()));
        } catch (AssayException | IOException e) {
            if (lease != null) {
                lease.discard();
            }
            throw e;
        } catch (Exception e) {
            if (lease != null) {
                lease.discard();
            }
            throw AssayException.internal("The query failed unexpectedly", e);
        } finally {
            if (lease != null) {
                lease.close();
            } else {
                session.close();
            }
            running.release();
        }
    }

    /**
     * Runs other engine work that answers a caller (an on-demand insight, say) under the same limit on
     * concurrent queries as queries themselves: it waits briefly for a slot, else is refused (429).
     */
    public <T> T inQuerySlot(java.util.function.Supplier<T> work) {
        acquire();
        try {
            return work.get();
        } finally {
            running.release();
        }
    }

    private void acquire() {
        try {
            if (!running.tryAcquire(QUEUE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw AssayException.of(ErrorCode.LIMIT_EXCEEDED, "The server is running " + config.server().maxConcurrentQueries()
                                + " queries already, the most it runs at once.")
                        .hint("Try again in a moment, or run a long query as a job (POST /api/v1/query/jobs).")
                        .detail("limit", "concurrent-queries")
                        .detail("retryAfterSeconds", 1)
                        .build();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AssayException.of(ErrorCode.CANCELLED, "The query was cancelled while it waited to run.").build();
        }
    }

    /**
     * Writes a query's whole result to {@code file} in a file format (Parquet by the engine itself),
     * for a download; the file appears complete or not at all.
     */
    /**
     * Where a query's rows go, which sets how many they may be: an answer given at once to a caller
     * ({@code limits.response-rows}: the JSON, CSV, NDJSON, XLSX or Parquet body of a response, an MCP
     * answer); a file or a stream that is written out whole (an export job, the command line's output:
     * {@code limits.export-rows}); or a whole dataset the caller may read, downloaded (all of it). The
     * kind of output decides the cap, never the door; {@code query.max-rows} and the request's own
     * {@code maxRows} narrow any of them.
     */
    public enum Delivery { RESPONSE, FILE, DATASET }

    /**
     * The row cap of an export: a response as any synchronous answer ({@code limits.response-rows}),
     * a job its own, larger one ({@code limits.export-rows}); a smaller {@code maxRows} of the request wins.
     */
    public long rowCap(QueryRequest request, Delivery kind) {
        long cap = switch (kind) {
            case RESPONSE -> config.server().maxResponseRows();
            case FILE -> config.server().maxExportRows();
            case DATASET -> Long.MAX_VALUE;
        };
        if (config.queryMaxRows() > 0) {
            cap = Math.min(cap, config.queryMaxRows());
        }
        return request.maxRows().isPresent() ? Math.min(cap, request.maxRows().getAsLong()) : cap;
    }

    /** The datasets an export read, and its outcome. */
    public record Exported(QueryOutcome outcome, java.util.Set<String> datasets) {
    }

    public Exported exportFile(Principal caller, QueryRequest request, ResultFormat format, Delivery kind, java.nio.file.Path file,
                               AuditService.Origin origin, TaskContext ctx) {
        Instant started = clock.instant();
        String sql = QueryService.clean(request.sql());
        AuditService.Event event = AuditService.event(caller, "query.export").sql(sql).detail(format.name().toLowerCase(Locale.ROOT))
                .origin(origin);
        try {
            QueryGuard.Cleared cleared = guard.check(caller, sql, Optional.of(timeout(request)), request.readOnly());
            if (!cleared.query()) {
                throw AssayException.of(ErrorCode.INVALID_INPUT, "Only a query (SELECT ...) has a result to export.")
                        .detail("parameter", "sql").build();
            }
            acquire();
            QueryOutcome out;
            try {
                long cap = rowCap(request, kind);
                out = queries.export(new QueryRequest(sql, Optional.of(left(request, started)),
                        cap == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(cap), request.params()), file, format, ctx);
            } finally {
                running.release();
            }
            audit.record(event.rows(out.rows()).duration(Duration.between(started, clock.instant())));
            return new Exported(out, cleared.datasets());
        } catch (AssayException failure) {
            AssayException e = inTimeLimit(failure, request);
            audit.record(event.failed(e).duration(Duration.between(started, clock.instant())));
            throw e;
        }
    }

    /** A result kept in the warehouse for paging, with the datasets its query read. */
    public record StoredResult(String id, String owner, String sql, List<Column> columns, long rows, Instant createdAt, Instant expiresAt,
                               java.util.Set<String> datasets) {
        public StoredResult {
            columns = List.copyOf(columns);
            datasets = java.util.Set.copyOf(datasets);
        }
    }

    /** One page of a kept result. */
    public record Page(List<Column> columns, List<Object[]> rows, long offset, long totalRows) {
        public Page {
            columns = List.copyOf(columns);
            rows = List.copyOf(rows);
        }

        public OptionalLong nextOffset() {
            long next = offset + rows.size();
            return next < totalRows && !rows.isEmpty() ? OptionalLong.of(next) : OptionalLong.empty();
        }
    }

    /**
     * Runs a query into a table of the warehouse's results schema, for paging or later download;
     * answers the kept result. The rows never pass through Java.
     */
    public StoredResult keep(Principal caller, QueryRequest request, AuditService.Origin origin, TaskContext ctx) {
        Instant started = clock.instant();
        String sql = QueryService.clean(request.sql());
        AuditService.Event event = AuditService.event(caller, "query.keep").sql(sql).origin(origin);
        try {
            QueryGuard.Cleared cleared = guard.check(caller, sql, Optional.of(timeout(request)), request.readOnly());
            if (!cleared.query()) {
                throw AssayException.of(ErrorCode.INVALID_INPUT, "Only a query (SELECT ...) has a result to keep and page.")
                        .hint("Run other statements with POST /api/v1/query.").detail("parameter", "sql").build();
            }
            event.detail(QueryGuard.describe(cleared));
            String id = Ids.newId();
            Dialect d = warehouse.dialect();
            RelationRef table = resultTable(id);
            long cap = config.queryMaxRows() > 0 ? config.queryMaxRows() : 0;
            StoredResult result;
            acquire();
            try (Session s = warehouse.openSession(); AutoCloseable cancel = cancelUntilDone(ctx, s)) {
                s.execute(SqlStatement.of("CREATE SCHEMA IF NOT EXISTS " + d.quoteIdentifier(RESULTS_SCHEMA)));
                String select = "SELECT * FROM (" + sql + "\n) AS q" + (cap > 0 ? " " + d.limitClause(cap) : "");
                // A cancel that came while no statement ran (checks, the queue, the schema) stopped nothing: look before the long one.
                ctx.checkCancelled();
                String create = "CREATE TABLE " + d.qualify(table) + " AS " + select;
                try {
                    s.execute(new SqlStatement(create, request.params()), new QueryOptions(Optional.of(left(request, started)), OptionalLong.empty()));
                } catch (AssayException e) {
                    // Told in the caller's SQL, not in the statement wrapped around it.
                    throw SqlErrorPlace.inCallersSql(e, create, create.indexOf(select) + "SELECT * FROM (".length(), sql);
                }
                long rows;
                try (RowStream count = s.query(SqlStatement.of("SELECT count(*) FROM " + d.qualify(table)))) {
                    count.next();
                    rows = ((Number) count.get(0)).longValue();
                }
                List<Column> columns = s.describe(table).map(RelationInfo::columns).orElse(List.of());
                Instant now = clock.instant();
                result = new StoredResult(id, caller.name(), sql, columns, rows, now, now.plus(RESULT_TTL), cleared.datasets());
                store.update("INSERT INTO query_results (id, owner, sql_text, row_count, columns_json, created_at, expires_at, datasets) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", id, caller.name(), sql, rows, columnsJson(columns), now, result.expiresAt(),
                        String.join(",", new TreeSet<>(cleared.datasets())));
            } catch (AssayException e) {
                drop(table);
                throw e;
            } catch (Exception e) {
                drop(table);
                throw AssayException.internal("Keeping the query result failed unexpectedly", e);
            } finally {
                running.release();
            }
            audit.record(event.rows(result.rows()).duration(Duration.between(started, clock.instant())).target(id));
            return result;
        } catch (AssayException failure) {
            AssayException e = inTimeLimit(failure, request);
            audit.record(event.failed(e).duration(Duration.between(started, clock.instant())));
            throw e;
        }
    }

    /**
     * A kept result of the caller's (an admin: anyone's), while the caller may still read every dataset
     * its query read: access is checked now, on every fetch, not only when the result was made.
     */
    public StoredResult stored(Principal caller, String id) {
        Optional<StoredResult> r = store.queryOne("SELECT * FROM query_results WHERE id = ?", row -> new StoredResult(row.string("id"),
                row.string("owner"), row.string("sql_text"), parseColumns(row.string("columns_json")), row.longValue("row_count"),
                row.instant("created_at"), row.instant("expires_at"), datasetSet(row.optionalString("datasets").orElse(""))), id);
        if (r.isEmpty() || (!caller.isAdmin() && !r.get().owner().equals(caller.name())) || !clock.instant().isBefore(r.get().expiresAt())
                || !mayStillRead(caller, r.get().datasets())) {
            throw AssayException.of(ErrorCode.NOT_FOUND, "There is no kept result with id '" + id + "' (results are kept for "
                            + RESULT_TTL.toMinutes() + " minutes).")
                    .hint("Run the query again.").detail("parameter", "resultId").build();
        }
        return r.get();
    }

    /** True when the caller may read every one of {@code datasets} now. */
    public boolean mayStillRead(Principal caller, java.util.Collection<String> datasets) {
        return caller.isAdmin() || datasets.stream().allMatch(d -> access.canRead(caller, io.assay.platform.catalog.DatasetName.of(d)));
    }

    private static java.util.Set<String> datasetSet(String text) {
        return java.util.Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** Rows {@code offset} to {@code offset + limit} of a kept result, in the query's order. */
    public Page page(Principal caller, String id, long offset, int limit) {
        StoredResult r = stored(caller, id);
        if (offset < 0 || limit < 1 || limit > MAX_PAGE) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "A page is 1 to " + MAX_PAGE + " rows from an offset of 0 or more.")
                    .detail("parameter", "limit").build();
        }
        Dialect d = warehouse.dialect();
        String order = d.storageOrder().map(o -> " ORDER BY " + o).orElse("");
        List<Object[]> rows = new ArrayList<>();
        try (Session s = warehouse.openSession();
             RowStream rs = s.query(SqlStatement.of("SELECT * FROM " + d.qualify(resultTable(id)) + order + " LIMIT ? OFFSET ?", limit, offset))) {
            int n = rs.columns().size();
            while (rs.next()) {
                Object[] row = new Object[n];
                for (int i = 0; i < n; i++) {
                    row[i] = rs.get(i);
                }
                rows.add(row);
            }
        }
        return new Page(r.columns(), rows, offset, r.rows());
    }

    /** Streams a whole kept result through a writer. */
    public long download(Principal caller, String id, ResultWriter writer, OutputStream out) throws IOException {
        stored(caller, id);
        Dialect d = warehouse.dialect();
        String order = d.storageOrder().map(o -> " ORDER BY " + o).orElse("");
        try (Session s = warehouse.openSession();
             RowStream rs = s.query(SqlStatement.of("SELECT * FROM " + d.qualify(resultTable(id)) + order))) {
            return writer.write(rs, out);
        }
    }

    /** Drops kept results past their time; answers how many. */
    public int dropExpired() {
        List<String> ids = store.query("SELECT id FROM query_results WHERE expires_at < ?", r -> r.string("id"), clock.instant());
        for (String id : ids) {
            drop(resultTable(id));
            store.update("DELETE FROM query_results WHERE id = ?", id);
        }
        return ids.size();
    }

    /** Forgets cached results that read {@code dataset}, after it changed. */
    public void datasetChanged(String dataset) {
        guard.datasetsChanged();
        cache.invalidate(dataset);
    }

    /**
     * Cancels the session's statement when the task is cancelled, and again every 100 ms until the work
     * ends: a cancel that lands between two statements, or as one starts, stops nothing (the engine
     * forgets it when the next statement begins), and a kept result is one long statement.
     */
    private static AutoCloseable cancelUntilDone(TaskContext ctx, Session s) {
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        AutoCloseable hook = ctx.onCancel(() -> {
            s.cancel();
            Thread retry = new Thread(() -> {
                while (!done.get()) {
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (!done.get()) {
                        s.cancel();
                    }
                }
            }, "assay-cancel-retry");
            retry.setDaemon(true);
            retry.start();
        });
        return () -> {
            done.set(true);
            hook.close();
        };
    }

    private void drop(RelationRef table) {
        try (Session s = warehouse.openSession()) {
            s.execute(SqlStatement.of("DROP TABLE IF EXISTS " + warehouse.dialect().qualify(table)));
        } catch (RuntimeException e) {
            // Dropped on the next sweep.
        }
    }

    private static RelationRef resultTable(String id) {
        return new RelationRef(RESULTS_SCHEMA, "r_" + id);
    }

    private Duration timeout(QueryRequest request) {
        Duration limit = config.queryTimeout();
        return request.timeout().filter(t -> t.compareTo(limit) < 0).orElse(limit);
    }

    /**
     * A timeout of the engine's, worded with the caller's whole time limit: the engine was given only what was left
     * of it after the check, and its message names that.
     */
    private AssayException inTimeLimit(AssayException e, QueryRequest request) {
        if (e.code() != ErrorCode.TIMEOUT || !"timeout".equals(e.details().get("limit"))) {
            return e;
        }
        long ms = timeout(request).toMillis();
        Object during = e.details().get("during");
        AssayException.Builder b = AssayException.of(ErrorCode.TIMEOUT, "The query ran longer than its time limit of "
                        + (ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms") + (during != null ? " " + during + "," : "")
                        + " and was stopped.")
                .cause(e);
        e.hint().ifPresent(b::hint);
        e.details().forEach(b::detail);
        return b.build();
    }

    /**
     * What is left of the query's time since {@code started}: the check and the wait for a slot came out of it.
     * Nothing left is a timeout now, before the engine is asked to start.
     */
    private Duration left(QueryRequest request, Instant started) {
        Duration limit = timeout(request);
        Duration left = limit.minus(Duration.between(started, clock.instant()));
        if (left.toMillis() < 1) {
            throw AssayException.of(ErrorCode.TIMEOUT, "The query used up its time limit of " + limit.toMillis()
                            + " ms before it could start (checking it and waiting for a free slot took that long).")
                    .hint("Try again when the server is less busy, or raise the limit with --timeout (timeoutMs in the API).")
                    .detail("limit", "timeout")
                    .detail("during", "before it could start (checking it and waiting for a free slot took that long)")
                    .build();
        }
        return left;
    }

    /** What the caller may read, as part of a cache key: admins see all, others what they were granted. */
    private String grants(Principal caller) {
        return caller.isAdmin() ? "*" : String.join(",", new TreeSet<>(access.readable(caller)));
    }

    private static String columnsJson(List<Column> columns) throws JsonProcessingException {
        List<List<Object>> out = new ArrayList<>();
        for (Column c : columns) {
            out.add(List.of(c.name(), c.type().kind().name(), c.type().nativeName(), c.nullable()));
        }
        return JSON.writeValueAsString(out);
    }

    private static List<Column> parseColumns(String json) {
        try {
            List<List<Object>> raw = JSON.readValue(json, new TypeReference<>() { });
            List<Column> out = new ArrayList<>();
            for (List<Object> c : raw) {
                out.add(new Column((String) c.get(0), new ColumnType(ColumnType.Kind.valueOf((String) c.get(1)), (String) c.get(2)),
                        (Boolean) c.get(3)));
            }
            return out;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a kept result's columns are malformed", e);
        }
    }

    /** Passes rows through while keeping the first {@code max} for the cache. */
    private static final class Recording extends io.assay.engine.ForwardingRowStream {
        private final int max;
        private final List<Object[]> kept = new ArrayList<>();
        private int weight;
        private boolean overflow;
        private boolean ended;

        Recording(RowStream rows, int max) {
            super(rows);
            this.max = max;
            this.overflow = max == 0;
        }

        @Override
        public boolean next() {
            boolean more = rows.next();
            if (!more) {
                ended = true;
                return false;
            }
            if (!overflow) {
                if (kept.size() >= max) {
                    overflow = true;
                    kept.clear();
                } else {
                    Object[] row = new Object[rows.columns().size()];
                    for (int i = 0; i < row.length; i++) {
                        row[i] = rows.get(i);
                    }
                    weight += ResultCache.weigh(row);
                    kept.add(row);
                }
            }
            return true;
        }

        boolean keep() {
            return ended && !overflow;
        }
    }

    /** A cached result read again. */
    private static final class Replay implements RowStream {
        private final ResultCache.Entry entry;
        private int position = -1;

        Replay(ResultCache.Entry entry) {
            this.entry = entry;
        }

        @Override
        public List<Column> columns() {
            return entry.columns();
        }

        @Override
        public boolean next() {
            if (position + 1 >= entry.rows().size()) {
                position = entry.rows().size();
                return false;
            }
            position++;
            return true;
        }

        @Override
        public Object get(int index) {
            return entry.rows().get(position)[index];
        }

        @Override
        public long rowCount() {
            return Math.min(position + 1, entry.rows().size());
        }

        @Override
        public boolean truncated() {
            return entry.truncated();
        }

        @Override
        public void close() {
        }
    }
}
