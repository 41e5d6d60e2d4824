package io.assay.engine.postgres;

import io.assay.engine.QueryOptions;
import io.assay.engine.ForwardingRowStream;
import io.assay.engine.RowStream;
import io.assay.engine.SqlStatement;
import io.assay.engine.jdbc.JdbcSession;

import io.assay.engine.RelationRef;
import io.assay.engine.RowAppender;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.sql.Connection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.sql.SQLException;

/**
 * A PostgreSQL session. pgJDBC streams a result in fetch-size batches only inside a transaction (in
 * auto-commit mode it reads the whole result into memory first), so a query run outside
 * {@link #inTransaction} gets a transaction of its own for as long as its rows stream: committed when
 * the stream closes after reading normally, rolled back when reading failed.
 */
final class PostgresSession extends JdbcSession {

    private final PostgresEngine engine;

    PostgresSession(PostgresEngine engine, Connection connection) {
        super(engine, connection);
        this.engine = engine;
    }

    /** Rows go in through {@code COPY ... FROM STDIN}, see {@link PostgresCopyAppender}. */
    @Override
    public Optional<RowAppender> appender(RelationRef table) {
        try {
            PGConnection pg = connection().unwrap(PGConnection.class);
            CopyIn copy = pg.getCopyAPI().copyIn("COPY " + engine.dialect().qualify(table) + " FROM STDIN");
            return Optional.of(new PostgresCopyAppender(engine, copy));
        } catch (SQLException e) {
            throw engine.translate(e, "starting to append rows to " + table);
        }
    }

    @Override
    public OptionalLong storageBytes(RelationRef ref) {
        try (RowStream rows = query(new SqlStatement("SELECT pg_total_relation_size(to_regclass(?))",
                List.of(engine.dialect().qualify(ref))))) {
            if (rows.next() && rows.get(0) instanceof Number n) {
                return OptionalLong.of(n.longValue());
            }
            return OptionalLong.empty();
        }
    }

    @Override
    public RowStream query(SqlStatement statement, QueryOptions options) {
        Connection connection = connection();
        try {
            if (!connection.getAutoCommit()) {
                return super.query(statement, options);
            }
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            throw engine.translate(e, "starting a transaction for the query");
        }
        try {
            return new StreamTransaction(super.query(statement, options));
        } catch (RuntimeException e) {
            endStreamTransaction(false);
            throw e;
        }
    }

    private void endStreamTransaction(boolean commit) {
        Connection connection = connection();
        try {
            if (commit) {
                connection.commit();
            } else {
                connection.rollback();
            }
        } catch (SQLException ignored) {
            // The transaction only carried a read; if it cannot end cleanly the pool discards the connection.
        } finally {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException ignored) {
                // The connection is broken; close() hands it back to the pool, which evicts it.
            }
        }
    }

    /** The rows of one query, and the transaction that lets them stream. */
    private final class StreamTransaction extends ForwardingRowStream {

        private boolean failed;
        private boolean closed;

        StreamTransaction(RowStream rows) {
            super(rows);
        }

        @Override
        public boolean next() {
            try {
                return rows.next();
            } catch (RuntimeException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            rows.close();
            endStreamTransaction(!failed);
        }
    }
}
