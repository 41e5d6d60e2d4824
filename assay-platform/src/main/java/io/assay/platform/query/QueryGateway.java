package io.assay.platform.query;

import io.assay.engine.AssayException;
import io.assay.engine.Column;
import io.assay.engine.Engine;
import io.assay.engine.ErrorCode;
import io.assay.engine.QueryOptions;
import io.assay.engine.RowStream;
import io.assay.engine.Session;
import io.assay.engine.SqlStatement;
import io.assay.platform.audit.AuditService;
import io.assay.platform.auth.DatasetAccess;
import io.assay.platform.auth.Principal;
import io.assay.platform.config.AssayConfig;
import io.assay.platform.export.ResultWriter;
import io.assay.platform.governance.QueryGuard;
import io.assay.platform.store.Ids;
import io.assay.platform.task.TaskContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The one query pipeline. Everything query-shaped that a caller asks for, through any door &mdash; a
 * query answered at once, a result kept for paging, an export to a file, a dataset downloaded &mdash;
 * passes the same stages:
 * <ol>
 *   <li><b>govern</b>: the SQL's size and shape, then the engine's parse of it, checked for the caller
 *       ({@link QueryGuard}), under the query's deadline;</li>
 *   <li><b>slot</b>: the limit on work running at once ({@link QuerySlots});</li>
 *   <li><b>cache</b>: small streamed results answered from memory ({@link ResultCache});</li>
 *   <li><b>execute</b>: what is left of the deadline, the row cap of the output's {@link QueryOutput.Delivery},
 *       cancellation ({@link Cancellation});</li>
 *   <li><b>audit and metrics</b>: one record per request, with the caller, the SQL, the datasets read,
 *       rows, duration and outcome.</li>
 * </ol>
 * The requests differ only in their {@link QueryOutput}: where the rows go. Kept results live in
 * {@link KeptResults}.
 */
public final class QueryGateway {

    private final Engine warehouse;
    private final AssayConfig config;
    private final QueryGuard guard;
    private final ResultCache cache;
    private final AuditService audit;
    private final DatasetAccess access;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final QuerySlots slots;
    private final QueryService files;
    private final SessionPool sessions;
    private final KeptResults kept;

    public QueryGateway(Engine warehouse, QueryService files, SessionPool sessions, AssayConfig config, QueryGuard guard, ResultCache cache,
                        AuditService audit, DatasetAccess access, KeptResults kept, MeterRegistry metrics, Clock clock) {
        this.warehouse = warehouse;
        this.files = files;
        this.sessions = sessions;
        this.config = config;
        this.guard = guard;
        this.cache = cache;
        this.audit = audit;
        this.access = access;
        this.kept = kept;
        this.metrics = metrics;
        this.clock = clock;
        this.slots = new QuerySlots(config.server().maxConcurrentQueries(), metrics);
    }

    /** Runs a query for the caller through the pipeline, its rows going to {@code output}; audited as {@code query.run}. */
    public <T> T run(Principal caller, QueryRequest request, QueryOutput<T> output, AuditService.Origin origin, TaskContext ctx) {
        return run(caller, request, output, AuditService.event(caller, "query.run").origin(origin), ctx);
    }

    /**
     * As {@link #run(Principal, QueryRequest, QueryOutput, AuditService.Origin, TaskContext)}, recorded as
     * {@code event} (a download of a dataset is recorded as such, say).
     */
    public <T> T run(Principal caller, QueryRequest request, QueryOutput<T> output, AuditService.Event event, TaskContext ctx) {
        Instant started = clock.instant();
        String sql = QueryService.clean(request.sql());
        event.sql(sql);
        Timer.Sample sample = Timer.start(metrics);
        String outcome = "error";
        boolean[] hit = {false};
        try {
            // One deadline for the whole query: the engine's parse and check, the wait for a slot, the plan and the run.
            QueryGuard.Cleared cleared = guard.check(caller, sql, Optional.of(timeout(request)), request.readOnly());
            if (cleared.confinedTo().isPresent() && !(output instanceof QueryOutput.Stream)) {
                throw AssayException.of(ErrorCode.INVALID_INPUT, "On the " + warehouse.name() + " warehouse, SQL from people who are "
                                + "not admins runs confined to their datasets and is answered directly, not " + output.describe() + ".")
                        .hint("Ask for the answer directly (fewer rows at a time), or ask an admin to save the result as a dataset.")
                        .detail("parameter", "sql").build();
            }
            if (output.needsQuery() && !cleared.query()) {
                throw AssayException.of(ErrorCode.INVALID_INPUT, "Only a query (SELECT ...) has a result to " + output.describe() + ".")
                        .detail("parameter", "sql").build();
            }
            String what = QueryGuard.describe(cleared);
            event.addDetail(output.describe().isEmpty() ? what : what.isEmpty() ? output.describe() : what + "; " + output.describe());
            long cap = rowCap(request, output.delivery());
            T result = execute(caller, sql, request, cap, cleared, output, started, ctx, hit);
            if (result instanceof KeptResults.StoredResult r) {
                event.target(r.id());
            }
            outcome = "ok";
            audit.record(event.rows(output.rows(result)).duration(Duration.between(started, clock.instant())));
            return result;
        } catch (AssayException failure) {
            AssayException e = inTimeLimit(failure, request);
            outcome = e.code() == ErrorCode.FORBIDDEN ? "denied" : e.code().name().toLowerCase(Locale.ROOT);
            audit.record(event.failed(e).duration(Duration.between(started, clock.instant())));
            throw e;
        } finally {
            sample.stop(metrics.timer("assay.queries", "outcome", outcome, "cached", String.valueOf(hit[0])));
        }
    }

    @SuppressWarnings("unchecked")
    private <T> T execute(Principal caller, String sql, QueryRequest request, long cap, QueryGuard.Cleared cleared, QueryOutput<T> output,
                          Instant started, TaskContext ctx, boolean[] hit) {
        if (output instanceof QueryOutput.Stream stream) {
            return (T) stream(caller, sql, request, cap, cleared, stream, started, ctx, hit);
        }
        if (output instanceof QueryOutput.Keep) {
            return (T) slots.inSlot(() -> {
                try (Session s = warehouse.openSession(); AutoCloseable cancel = Cancellation.untilDone(ctx, s)) {
                    // A cancel that came while no statement ran (the check, the queue) stopped nothing: look before the long one.
                    ctx.checkCancelled();
                    return kept.create(s, caller, sql, request.params(), options(request, started, OptionalLong.empty()), cap, cleared.datasets());
                } catch (AssayException e) {
                    throw e;
                } catch (Exception e) {
                    throw AssayException.internal("Keeping the query result failed unexpectedly", e);
                }
            });
        }
        if (output instanceof QueryOutput.Export export) {
            QueryOutcome out = slots.inSlot(() -> files.export(fileRequest(sql, request, started, cap), export.file(), export.format(), ctx));
            return (T) new QueryOutput.Exported(out, cleared.datasets());
        }
        QueryOutput.FileAnswer answer = (QueryOutput.FileAnswer) output;
        return (T) slots.inSlot(() -> answerFromFile(sql, request, started, cap, answer, ctx));
    }

    private QueryOutcome stream(Principal caller, String sql, QueryRequest request, long cap, QueryGuard.Cleared cleared,
                                QueryOutput.Stream output, Instant started, TaskContext ctx, boolean[] hit) {
        ResultCache.Key key = new ResultCache.Key(sql, request.params(), cap, grants(caller));
        Optional<ResultCache.Entry> cachedEntry = cleared.cacheable() ? cache.get(key) : Optional.empty();
        try {
            if (cachedEntry.isPresent()) {
                hit[0] = true;
                ResultCache.Entry e = cachedEntry.get();
                try (RowStream replay = new Replay(e)) {
                    long n = output.writers().writer(true).write(replay, output.out());
                    return new QueryOutcome(e.columns(), n, e.truncated(), Duration.between(started, clock.instant()));
                }
            }
            return slots.inSlot(() -> streamFromEngine(sql, request, cap, cleared, key, output, started, ctx));
        } catch (IOException e) {
            throw delivery(e);
        }
    }

    private QueryOutcome streamFromEngine(String sql, QueryRequest request, long cap, QueryGuard.Cleared cleared, ResultCache.Key key,
                                          QueryOutput.Stream output, Instant started, TaskContext ctx) {
        // A query the parser cleared as one SELECT changes nothing on its connection: reuse one.
        SessionPool.Lease lease = cleared.query() && cleared.confinedTo().isEmpty() ? sessions.lease() : null;
        Session session = lease != null ? lease.session()
                : cleared.confinedTo().map(warehouse::openConfinedSession).orElseGet(warehouse::openSession);
        try (AutoCloseable cancel = Cancellation.untilDone(ctx, session);
             RowStream rows = session.query(new SqlStatement(sql, request.params()), options(request, started, OptionalLong.of(cap)))) {
            Recording recording = new Recording(rows, cleared.cacheable() ? ResultCache.MAX_ROWS : 0);
            long n = output.writers().writer(false).write(recording, output.out());
            if (recording.keep()) {
                cache.put(key, new ResultCache.Entry(rows.columns(), recording.kept, rows.truncated(), cleared.datasets(), recording.weight));
            }
            return new QueryOutcome(rows.columns(), n, rows.truncated(), Duration.between(started, clock.instant()));
        } catch (AssayException e) {
            discard(lease);
            throw e;
        } catch (IOException e) {
            discard(lease);
            throw delivery(e);
        } catch (Exception e) {
            discard(lease);
            throw AssayException.internal("The query failed unexpectedly", e);
        } finally {
            if (lease != null) {
                lease.close();
            } else {
                session.close();
            }
        }
    }

    /** Has the engine write the result to a temporary file, then copies it to the caller and removes it. */
    private QueryOutcome answerFromFile(String sql, QueryRequest request, Instant started, long cap, QueryOutput.FileAnswer answer,
                                        TaskContext ctx) {
        Path folder = config.tempDir().resolve("answers");
        Path file = folder.resolve(Ids.newId() + "." + answer.format().name().toLowerCase(Locale.ROOT));
        try {
            Files.createDirectories(folder);
            QueryOutcome out = files.export(fileRequest(sql, request, started, cap), file, answer.format(), ctx);
            try (InputStream in = Files.newInputStream(file)) {
                in.transferTo(answer.out());
            }
            return out;
        } catch (IOException e) {
            throw delivery(e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // The temporary folder is cleared at start-up.
            }
        }
    }

    private static void discard(SessionPool.Lease lease) {
        if (lease != null) {
            lease.discard();
        }
    }

    private static AssayException delivery(IOException e) {
        return AssayException.of(ErrorCode.CANCELLED, "The result could not be delivered: " + e.getMessage()).cause(e).build();
    }

    private QueryRequest fileRequest(String sql, QueryRequest request, Instant started, long cap) {
        return new QueryRequest(sql, Optional.of(left(request, started)), cap == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(cap),
                request.params());
    }

    private QueryOptions options(QueryRequest request, Instant started, OptionalLong cap) {
        return new QueryOptions(Optional.of(left(request, started)), cap);
    }

    /**
     * Runs other engine work that answers a caller (an on-demand insight, say) under the same limit on
     * concurrent work as queries themselves: it waits briefly for a slot, else is refused.
     */
    public <T> T inQuerySlot(Supplier<T> work) {
        return slots.inSlot(work);
    }

    /**
     * The row cap for a request whose rows go as {@code delivery}: {@code limits.response-rows} for an
     * answer, {@code limits.export-rows} for a file, none for a dataset's download; a smaller
     * {@code query.max-rows} or request {@code maxRows} wins.
     */
    public long rowCap(QueryRequest request, QueryOutput.Delivery delivery) {
        long cap = switch (delivery) {
            case RESPONSE -> config.server().maxResponseRows();
            case FILE -> config.server().maxExportRows();
            case DATASET -> Long.MAX_VALUE;
        };
        if (config.queryMaxRows() > 0) {
            cap = Math.min(cap, config.queryMaxRows());
        }
        return request.maxRows().isPresent() ? Math.min(cap, request.maxRows().getAsLong()) : cap;
    }

    /** A kept result of the caller's that the caller may still read. */
    public KeptResults.StoredResult stored(Principal caller, String id) {
        return kept.stored(caller, id);
    }

    /**
     * The datasets a query reads, as the governance of the pipeline sees them for the caller (refused as it would refuse
     * the query): a result kept for later remembers them, so that serving it again checks them against the reader. Empty
     * when the engine cannot tell (such a result must not be kept for others).
     */
    public Optional<java.util.Set<String>> datasetsRead(Principal caller, String sql) {
        QueryGuard.Cleared cleared = guard.check(caller, QueryService.clean(sql), Optional.of(config.queryTimeout()), true);
        // An engine that cannot say what the text reads runs it confined to the caller's datasets: nothing is known to keep it by.
        return cleared.confinedTo().isPresent() ? Optional.empty() : Optional.of(cleared.datasets());
    }

    /** True when the caller may read every one of {@code datasets} now. */
    public boolean mayStillRead(Principal caller, Collection<String> datasets) {
        return kept.mayStillRead(caller, datasets);
    }

    /** Rows {@code offset} to {@code offset + limit} of a kept result, in a slot and under the query timeout. */
    public KeptResults.Page page(Principal caller, String id, long offset, int limit) {
        return slots.inSlot(() -> kept.page(caller, id, offset, limit, new QueryOptions(Optional.of(config.queryTimeout()), OptionalLong.empty())));
    }

    /** Streams a whole kept result through a writer, in a slot and under the query timeout. */
    public long download(Principal caller, String id, ResultWriter writer, OutputStream out) {
        return slots.inSlot(() -> {
            try {
                return kept.download(caller, id, writer, out, new QueryOptions(Optional.of(config.queryTimeout()), OptionalLong.empty()));
            } catch (IOException e) {
                throw delivery(e);
            }
        });
    }

    /** Drops kept results past their time; answers how many. */
    public int dropExpired() {
        return kept.dropExpired();
    }

    /** Forgets cached results that read {@code dataset}, after it changed. */
    public void datasetChanged(String dataset) {
        guard.datasetsChanged();
        cache.invalidate(dataset);
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
