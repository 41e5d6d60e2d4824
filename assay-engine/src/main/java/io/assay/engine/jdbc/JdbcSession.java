package io.assay.engine.jdbc;

import io.assay.engine.AssayException;
import io.assay.engine.Column;
import io.assay.engine.Engine;
import io.assay.engine.ErrorCode;
import io.assay.engine.QueryOptions;
import io.assay.engine.RelationInfo;
import io.assay.engine.RelationRef;
import io.assay.engine.RowStream;
import io.assay.engine.Session;
import io.assay.engine.SqlStatement;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A session over one JDBC connection. Keeps track of the running statement so that
 * {@link #cancel()} and the timeout can reach it from another thread.
 */
public class JdbcSession implements Session {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcSession.class);

    private final JdbcEngine engine;
    private final Connection connection;
    private final Object lock = new Object();
    private Statement running;
    private boolean cancelRequested;
    private boolean timedOut;
    private int transactionDepth;
    /** Parsing or planning that outlived its deadline and still holds the connection; closing waits for it. */
    private CompletableFuture<Void> abandoned;
    /** The work waiting for parsing or planning on a planner thread, so that {@link #cancel()} can stop the wait. */
    private CompletableFuture<?> waiting;

    protected JdbcSession(JdbcEngine engine, Connection connection) {
        this.engine = engine;
        this.connection = connection;
    }

    @Override
    public Engine engine() {
        return engine;
    }

    /** The underlying connection, for the engine's own code (file loading, appenders). */
    public Connection connection() {
        return connection;
    }

    @Override
    public RowStream query(SqlStatement statement, QueryOptions options) {
        long started = System.nanoTime();
        PreparedStatement ps = prepare(statement, options.timeout(), started);
        ScheduledFuture<?> timeout = startTimeout(ps, remaining(options.timeout(), started));
        try {
            ps.setFetchSize(engine.fetchSize());
            if (!ps.execute()) {
                // A statement with no result set (DDL, DML): its answer is how many rows it changed, as one row.
                long count = Math.max(0, ps.getUpdateCount());
                logTime(statement, started);
                finish(ps, timeout);
                closeQuietly(ps);
                return new UpdateCount(count);
            }
            ResultSet rs = ps.getResultSet();
            logTime(statement, started);
            List<Column> columns = JdbcRowStream.columnsOf(rs.getMetaData(), engine);
            return new JdbcRowStream(engine, ps, rs, columns, options.maxRows(), () -> finish(ps, timeout),
                    e -> failure(e, statement, options.timeout()));
        } catch (SQLException e) {
            finish(ps, timeout);
            closeQuietly(ps);
            throw failure(e, statement, options.timeout());
        } catch (RuntimeException e) {
            finish(ps, timeout);
            closeQuietly(ps);
            throw e;
        }
    }

    @Override
    public long execute(SqlStatement statement, QueryOptions options) {
        long started = System.nanoTime();
        PreparedStatement ps = prepare(statement, options.timeout(), started);
        ScheduledFuture<?> timeout = startTimeout(ps, remaining(options.timeout(), started));
        try (ps) {
            boolean hasResult = ps.execute();
            return hasResult ? -1 : ps.getLargeUpdateCount();
        } catch (SQLException e) {
            throw failure(e, statement, options.timeout());
        } finally {
            finish(ps, timeout);
            logTime(statement, started);
        }
    }

    private static void logTime(SqlStatement statement, long startedNanos) {
        if (LOG.isDebugEnabled()) {
            String sql = statement.sql();
            LOG.debug("{} ms: {}", (System.nanoTime() - startedNanos) / 1_000_000, sql.length() > 160 ? sql.substring(0, 160) + "…" : sql);
        }
    }

    /** Runs a statement on the engine's native API (for example a bulk load) under the same cancel and timeout rules. */
    public <T> T withStatement(PreparedStatement ps, Optional<Duration> timeout, SqlCall<T> call, String what) {
        synchronized (lock) {
            running = ps;
            cancelRequested = false;
            timedOut = false;
        }
        ScheduledFuture<?> timer = startTimeout(ps, timeout);
        try {
            return call.call();
        } catch (SQLException e) {
            throw failure(e, SqlStatement.of(what), timeout);
        } finally {
            finish(ps, timer);
        }
    }

    @Override
    public <T> T inTransaction(TransactionWork<T> work) {
        try {
            if (transactionDepth++ == 0) {
                connection.setAutoCommit(false);
            }
        } catch (SQLException e) {
            transactionDepth--;
            throw engine.translate(e, "starting a transaction");
        }
        boolean ok = false;
        try {
            T result = work.run(this);
            ok = true;
            return result;
        } finally {
            if (--transactionDepth == 0) {
                endTransaction(ok);
            }
        }
    }

    private void endTransaction(boolean commit) {
        try {
            if (commit) {
                connection.commit();
            } else {
                connection.rollback();
            }
        } catch (SQLException e) {
            if (commit) {
                rollbackQuietly();
                throw engine.translate(e, "committing a transaction");
            }
        } finally {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException ignored) {
                // The connection is unusable; close() will discard it.
            }
        }
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // Nothing more to do: the transaction is gone either way.
        }
    }

    @Override
    public void cancel() {
        Statement target;
        CompletableFuture<?> wait;
        synchronized (lock) {
            cancelRequested = true;
            target = running;
            wait = waiting;
        }
        if (wait != null) {
            wait.cancel(false);
        }
        if (target != null) {
            try {
                target.cancel();
            } catch (SQLException ignored) {
                // The statement finished or the driver cannot cancel it; either way nothing runs.
            }
        }
    }

    @Override
    public OptionalDouble progress() {
        return OptionalDouble.empty();
    }

    /** The statement running now, for engines that can ask it for progress. */
    protected Optional<Statement> runningStatement() {
        synchronized (lock) {
            return Optional.ofNullable(running);
        }
    }

    @Override
    public List<String> schemas() {
        List<String> out = new ArrayList<>();
        try (RowStream rows = query(SqlStatement.of("SELECT schema_name FROM information_schema.schemata ORDER BY schema_name"))) {
            while (rows.next()) {
                String name = String.valueOf(rows.get(0));
                if (!engine.systemSchema(name)) {
                    out.add(name);
                }
            }
        }
        return out.stream().distinct().toList();
    }

    @Override
    public List<RelationInfo> relations(String schema) {
        Map<String, RelationInfo.Type> tables = new LinkedHashMap<>();
        SqlStatement sql = SqlStatement.of(
                "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = ? ORDER BY table_name",
                schema);
        try (RowStream rows = query(sql)) {
            while (rows.next()) {
                String type = String.valueOf(rows.get(1));
                tables.put((String) rows.get(0), type.contains("VIEW") ? RelationInfo.Type.VIEW : RelationInfo.Type.TABLE);
            }
        }
        List<RelationInfo> result = new ArrayList<>();
        for (Map.Entry<String, RelationInfo.Type> t : tables.entrySet()) {
            describe(new RelationRef(schema, t.getKey())).ifPresent(result::add);
        }
        return result;
    }

    @Override
    public Optional<RelationInfo> describe(RelationRef ref) {
        RelationInfo.Type type = null;
        try (RowStream rows = query(SqlStatement.of(
                "SELECT table_type FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
                ref.schema(), ref.name()))) {
            if (rows.next()) {
                type = String.valueOf(rows.get(0)).contains("VIEW") ? RelationInfo.Type.VIEW : RelationInfo.Type.TABLE;
            }
        }
        if (type == null) {
            return Optional.empty();
        }
        List<Column> columns = new ArrayList<>();
        try (RowStream rows = query(SqlStatement.of(
                "SELECT column_name, " + engine.catalogTypeColumn() + ", is_nullable FROM information_schema.columns "
                        + "WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position",
                ref.schema(), ref.name()))) {
            while (rows.next()) {
                columns.add(new Column((String) rows.get(0), engine.columnType(String.valueOf(rows.get(1))),
                        !"NO".equalsIgnoreCase(String.valueOf(rows.get(2)))));
            }
        }
        List<String> primaryKey = new ArrayList<>();
        try (RowStream rows = query(SqlStatement.of(
                "SELECT k.column_name FROM information_schema.table_constraints c "
                        + "JOIN information_schema.key_column_usage k ON k.constraint_name = c.constraint_name "
                        + "AND k.table_schema = c.table_schema AND k.table_name = c.table_name "
                        + "WHERE c.constraint_type = 'PRIMARY KEY' AND c.table_schema = ? AND c.table_name = ? "
                        + "ORDER BY k.ordinal_position",
                ref.schema(), ref.name()))) {
            while (rows.next()) {
                primaryKey.add((String) rows.get(0));
            }
        }
        OptionalLong estimate = OptionalLong.empty();
        String estimateSql = engine.rowEstimateSql();
        if (estimateSql != null && type == RelationInfo.Type.TABLE) {
            try (RowStream rows = query(SqlStatement.of(estimateSql, ref.schema(), ref.name()))) {
                if (rows.next() && rows.get(0) instanceof Number n) {
                    estimate = OptionalLong.of(n.longValue());
                }
            }
        }
        return Optional.of(new RelationInfo(ref, type, columns, estimate, primaryKey));
    }

    @Override
    public void close() {
        CompletableFuture<Void> late;
        synchronized (lock) {
            late = abandoned;
        }
        if (late != null && !late.isDone()) {
            // The engine still parses or plans on a planner thread and holds the connection: close when it lets go.
            late.whenComplete((r, e) -> closeConnection());
            return;
        }
        closeConnection();
    }

    private void closeConnection() {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
            connection.close();
        } catch (SQLException ignored) {
            // Closing is best effort: the connection is discarded either way.
        }
    }

    /**
     * Prepares the statement (the engine parses, binds and plans it) and binds its values. With a timeout the
     * work runs on a planner thread and the timeout covers it: an engine may spend long in planning, where
     * its own cancel does not reach.
     */
    private PreparedStatement prepare(SqlStatement statement, Optional<Duration> timeout, long startedNanos) {
        synchronized (lock) {
            cancelRequested = false;
            timedOut = false;
        }
        PreparedStatement ps = beforeDeadline(timeout, startedNanos, () -> prepareNow(statement), JdbcSession::closeQuietly,
                "while the engine parsed and planned it");
        synchronized (lock) {
            running = ps;
        }
        return ps;
    }

    private PreparedStatement prepareNow(SqlStatement statement) {
        PreparedStatement ps;
        try {
            ps = connection.prepareStatement(statement.sql());
        } catch (SQLException e) {
            throw engine.translate(e, "preparing the statement");
        }
        try {
            List<Object> params = statement.params();
            checkParameterCount(ps, params.size());
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            return ps;
        } catch (SQLException e) {
            closeQuietly(ps);
            throw engine.translate(e, "binding the statement's values");
        } catch (RuntimeException e) {
            closeQuietly(ps);
            throw e;
        }
    }

    /**
     * Refuses values that do not match the statement's placeholders one for one. Some engines (DuckDB) would run
     * a missing value as NULL, others fail with their own words, or ignore extra values: every engine says the same here.
     */
    private void checkParameterCount(PreparedStatement ps, int given) throws SQLException {
        int expected = engine.parameterCount(ps);
        if (expected < 0 || expected == given) {
            return;
        }
        throw AssayException.of(ErrorCode.INVALID_INPUT, "The SQL has " + expected + (expected == 1 ? " parameter" : " parameters")
                        + " (?) but " + given + (given == 1 ? " value was" : " values were") + " given.")
                .hint("Give exactly one value in params for each ? in the SQL, in order.")
                .detail("parameter", "params")
                .detail("expected", expected)
                .detail("given", given)
                .build();
    }

    /** Threads that parse and plan under a deadline. Few, so that abandoned planning cannot take every core; large stacks, since parsers and planners recurse. */
    private static final int PLANNERS = Math.max(2, Runtime.getRuntime().availableProcessors());
    private static final java.util.concurrent.ThreadPoolExecutor PLANNER;

    static {
        PLANNER = new java.util.concurrent.ThreadPoolExecutor(PLANNERS, PLANNERS, 60, TimeUnit.SECONDS,
                new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(null, r, "assay-sql-planner", 64L << 20);
                    t.setDaemon(true);
                    return t;
                });
        PLANNER.allowCoreThreadTimeOut(true);
    }

    /**
     * Runs {@code work} (parsing, inspecting or planning a statement on this session's connection) so that it ends
     * for the caller within {@code timeout} from {@code startedNanos}. Without a timeout it runs here. With one it
     * runs on a planner thread with a large stack; when the time is up, or {@link #cancel()} is called, the caller
     * gets {@link ErrorCode#TIMEOUT} (or {@link ErrorCode#CANCELLED}) at once, the session is abandoned (closing it
     * closes the connection when the engine lets go of it), and a result that comes late goes to {@code discard}.
     */
    protected final <T> T beforeDeadline(Optional<Duration> timeout, long startedNanos, java.util.function.Supplier<T> work,
                                         java.util.function.Consumer<T> discard, String during) {
        if (timeout.isEmpty()) {
            return work.get();
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (lock) {
            if (abandoned != null && !abandoned.isDone()) {
                throw AssayException.of(ErrorCode.ENGINE_ERROR, "This session is still busy with work that ran out of time.")
                        .hint("Open a new session.").build();
            }
            waiting = result;
        }
        try {
            PLANNER.execute(() -> {
                try {
                    T value = work.get();
                    if (!result.complete(value)) {
                        discard.accept(value);
                    }
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                } finally {
                    done.complete(null);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw AssayException.internal("The planner threads refused work", e);
        }
        long left = remainingNanos(timeout.get(), startedNanos);
        try {
            return result.get(Math.max(0, left), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.CancellationException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            result.cancel(false);
            boolean wasCancel;
            synchronized (lock) {
                abandoned = done;
                wasCancel = cancelRequested || e instanceof InterruptedException;
                if (!wasCancel) {
                    timedOut = true;
                }
            }
            if (wasCancel) {
                throw AssayException.of(ErrorCode.CANCELLED, "The query was cancelled " + during + ".").build();
            }
            throw AssayException.of(ErrorCode.TIMEOUT, "The query ran longer than its time limit of " + human(timeout.get())
                            + " " + during + ", and was stopped.")
                    .hint("Simplify the query, or give it a longer time limit.").remedy("raise-timeout")
                    .detail("limit", "timeout")
                    .detail("during", during)
                    .build();
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw AssayException.internal("Preparing the statement failed unexpectedly", cause);
        } finally {
            synchronized (lock) {
                if (waiting == result) {
                    waiting = null;
                }
            }
        }
    }

    private static long remainingNanos(Duration timeout, long startedNanos) {
        return timeout.toNanos() - (System.nanoTime() - startedNanos);
    }

    /** What is left of {@code timeout} since {@code startedNanos}, at least a millisecond (the timer then fires at once). */
    private static Optional<Duration> remaining(Optional<Duration> timeout, long startedNanos) {
        return timeout.map(t -> Duration.ofNanos(Math.max(1_000_000, remainingNanos(t, startedNanos))));
    }

    private ScheduledFuture<?> startTimeout(Statement ps, Optional<Duration> timeout) {
        return timeout.<ScheduledFuture<?>>map(t -> JdbcEngine.timer().schedule(() -> {
            synchronized (lock) {
                if (running != ps) {
                    return;
                }
                timedOut = true;
            }
            try {
                ps.cancel();
            } catch (SQLException ignored) {
                // The statement ended in the meantime.
            }
        }, t.toMillis(), TimeUnit.MILLISECONDS)).orElse(null);
    }

    private void finish(Statement ps, ScheduledFuture<?> timeout) {
        if (timeout != null) {
            timeout.cancel(false);
        }
        synchronized (lock) {
            if (running == ps) {
                running = null;
            }
        }
    }

    private AssayException failure(SQLException e, SqlStatement statement, Optional<Duration> timeout) {
        boolean wasTimeout;
        boolean wasCancel;
        synchronized (lock) {
            wasTimeout = timedOut;
            wasCancel = cancelRequested;
        }
        if (wasTimeout) {
            return AssayException.of(ErrorCode.TIMEOUT,
                            "The query ran longer than its time limit of " + timeout.map(JdbcSession::human).orElse("?")
                                    + " and was stopped.")
                    .hint("Narrow the query (filters, LIMIT), or give it a longer time limit.").remedy("raise-timeout")
                    .detail("limit", "timeout")
                    .cause(e)
                    .build();
        }
        if (wasCancel) {
            return AssayException.of(ErrorCode.CANCELLED, "The query was cancelled.").cause(e).build();
        }
        return engine.translate(e, "running the query");
    }

    private static String human(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // Already failing; the original error matters more.
        }
    }

    /** A call against the driver that may throw {@link SQLException}. */
    @FunctionalInterface
    public interface SqlCall<T> {
        T call() throws SQLException;
    }

    /** The answer of a statement that returns no rows: one row, {@code count}, the rows it changed (0 for DDL). */
    private static final class UpdateCount implements RowStream {
        private static final List<Column> COLUMNS = List.of(new Column("count", new io.assay.engine.ColumnType(
                io.assay.engine.ColumnType.Kind.INTEGER, "BIGINT"), false));
        private final long count;
        private int position = -1;

        UpdateCount(long count) {
            this.count = count;
        }

        @Override
        public List<Column> columns() {
            return COLUMNS;
        }

        @Override
        public boolean next() {
            position++;
            return position == 0;
        }

        @Override
        public Object get(int index) {
            return count;
        }

        @Override
        public long rowCount() {
            return Math.min(position + 1, 1);
        }

        @Override
        public boolean truncated() {
            return false;
        }

        @Override
        public void close() {
        }
    }
}
