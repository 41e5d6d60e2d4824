package io.assay.engine.jdbc;

import io.assay.engine.AssayException;
import io.assay.engine.ColumnType;
import io.assay.engine.Engine;
import io.assay.engine.ErrorCode;
import io.assay.engine.Session;

import java.sql.Connection;
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

    /** A new connection, in auto-commit mode, ready for a session. */
    protected abstract Connection connect() throws SQLException;

    /** Maps an engine type name (as the catalog or result metadata spells it) to a {@link ColumnType}. */
    public abstract ColumnType columnType(String nativeTypeName);

    /** Turns a driver exception into Assay's error model, with the engine's own message kept. */
    protected abstract AssayException translate(SQLException e, String context);

    /** How many rows the driver should fetch per round trip when streaming. */
    protected int fetchSize() {
        return 2048;
    }

    /** SQL that answers the row estimate of one table (bind parameters: schema, name), or null. */
    protected String rowEstimateSql() {
        return null;
    }

    @Override
    public Session openSession() {
        try {
            return newSession(connect());
        } catch (SQLException e) {
            throw translate(e, "opening a session on " + name());
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
