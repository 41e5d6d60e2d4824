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
        PreparedStatement ps = prepare(statement);
        ScheduledFuture<?> timeout = startTimeout(ps, options.timeout());
        long started = System.nanoTime();
        try {
            ps.setFetchSize(engine.fetchSize());
            ResultSet rs = ps.executeQuery();
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
        PreparedStatement ps = prepare(statement);
        ScheduledFuture<?> timeout = startTimeout(ps, options.timeout());
        long started = System.nanoTime();
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
        synchronized (lock) {
            cancelRequested = true;
            target = running;
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
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
            connection.close();
        } catch (SQLException ignored) {
            // Closing is best effort: the connection is discarded either way.
        }
    }

    private PreparedStatement prepare(SqlStatement statement) {
        try {
            PreparedStatement ps = connection.prepareStatement(statement.sql());
            List<Object> params = statement.params();
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            synchronized (lock) {
                running = ps;
                cancelRequested = false;
                timedOut = false;
            }
            return ps;
        } catch (SQLException e) {
            throw engine.translate(e, "preparing the statement");
        }
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
                    .hint("Narrow the query (filters, LIMIT) or raise the limit with --timeout.")
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
}
