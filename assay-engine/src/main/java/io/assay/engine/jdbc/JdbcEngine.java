package io.assay.engine.jdbc;

import io.assay.engine.AssayException;
import io.assay.engine.ColumnType;
import io.assay.engine.Engine;
import io.assay.engine.ErrorCode;
import io.assay.engine.Session;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The common ground of engines reached through JDBC: sessions, streaming, transactions,
 * timeouts and cancellation are the same everywhere; what differs (connections, type names,
 * error texts) each engine says by implementing the abstract methods.
 */
public abstract class JdbcEngine implements Engine {

    /** One timer thread for all engines: it cancels statements that outlive their timeout. */
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "assay-query-timeout");
        t.setDaemon(true);
        return t;
    });

    static ScheduledExecutorService timer() {
        return TIMER;
    }

    /**
     * How many values a prepared statement takes, or -1 when the driver cannot tell. The session refuses values that
     * do not match it one for one.
     */
    protected int parameterCount(java.sql.PreparedStatement ps) throws SQLException {
        try {
            return ps.getParameterMetaData().getParameterCount();
        } catch (java.sql.SQLFeatureNotSupportedException e) {
            return -1;
        }
    }

    /** A new connection, in auto-commit mode, ready for a session. */
    protected abstract Connection connect() throws SQLException;

    /** Maps an engine type name (as the catalog or result metadata spells it) to a {@link ColumnType}. */
    public abstract ColumnType columnType(String nativeTypeName);

    /** Turns a driver exception into Assay's error model, with the engine's own message kept. */
    protected abstract AssayException translate(SQLException e, String context);

    /** True for the engine's own catalog schemas, which {@link io.assay.engine.Session#schemas()} leaves out. */
    protected boolean systemSchema(String schema) {
        String s = schema.toLowerCase(java.util.Locale.ROOT);
        return s.equals("information_schema") || s.equals("pg_catalog") || s.startsWith("pg_toast") || s.startsWith("pg_temp")
                || s.equals("performance_schema") || s.equals("mysql") || s.equals("sys") || s.equals("pg_internal");
    }

    /** How many rows the driver should fetch per round trip when streaming. */
    protected int fetchSize() {
        return 2048;
    }

    /** SQL that answers the row estimate of one table (bind parameters: schema, name), or null. */
    protected String rowEstimateSql() {
        return null;
    }

    /**
     * The catalog column of {@code information_schema.columns} that names a column's type for
     * {@link #columnType}: {@code data_type} where it says enough, an engine's richer column otherwise.
     */
    protected String catalogTypeColumn() {
        return "data_type";
    }

    /**
     * Reads one value of the current row as the plain Java value {@link io.assay.engine.RowStream}
     * promises. Engines whose drivers need asking for a specific class (dates and times without the
     * JVM's time zone in between) override this.
     */
    protected Object readValue(ResultSet resultSet, int index, ColumnType type) throws SQLException {
        return JdbcRowStream.plain(resultSet.getObject(index));
    }

    /**
     * Makes a fresh connection fit for a session that is read-only or not. Pooled connections keep
     * session settings, so an engine that enforces read-only sets the mode both ways, every time.
     */
    protected void prepareSession(Connection connection, boolean readOnly) throws SQLException {
    }

    @Override
    public Session openSession() {
        return openSession(false);
    }

    @Override
    public Session openSession(boolean readOnly) {
        Connection connection = null;
        try {
            connection = connect();
            prepareSession(connection, readOnly);
            return newSession(connection);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw translate(e, "opening a session on " + name());
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Already failing; the original error matters more.
            }
        }
    }

    /** Wraps a fresh connection in a session; engines with richer drivers return their own subclass. */
    protected JdbcSession newSession(Connection connection) {
        return new JdbcSession(this, connection);
    }

    /** Error for SQL exceptions no engine-specific rule recognised. */
    protected static AssayException engineError(SQLException e, String context) {
        return AssayException.of(ErrorCode.ENGINE_ERROR, "The engine failed while " + context + ": " + e.getMessage())
                .cause(e)
                .build();
    }
}
