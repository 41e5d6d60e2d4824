package io.assay.engine.duckdb;

import io.assay.engine.RelationRef;
import io.assay.engine.RowStream;
import io.assay.engine.SqlStatement;
import io.assay.engine.StatementInfo;
import io.assay.engine.jdbc.JdbcSession;
import org.duckdb.DuckDBPreparedStatement;
import org.duckdb.QueryProgress;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** A DuckDB session: a JDBC session that can also report the running statement's progress. */
final class DuckDbSession extends JdbcSession {

    DuckDbSession(DuckDbEngine engine, Connection connection) {
        super(engine, connection);
    }

    @Override
    public OptionalDouble progress() {
        Statement running = runningStatement().orElse(null);
        if (running instanceof DuckDBPreparedStatement ps) {
            try {
                QueryProgress p = ps.getQueryProgress();
                double pct = p.getPercentage();
                if (pct >= 0) {
                    return OptionalDouble.of(Math.min(1.0, pct / 100.0));
                }
            } catch (SQLException ignored) {
                // The statement has just finished: no progress to report.
            }
        }
        return OptionalDouble.empty();
    }

    @Override
    public java.util.Optional<io.assay.engine.RowAppender> appender(RelationRef table) {
        try {
            org.duckdb.DuckDBAppender appender = ((org.duckdb.DuckDBConnection) connection()).createAppender(table.schema(), table.name());
            return java.util.Optional.of(new DuckDbRowAppender(appender));
        } catch (SQLException e) {
            throw DuckDbEngine.translateStatic(e, "opening an appender on " + table);
        }
    }

    /**
     * Parses {@code sql} with DuckDB's own parser ({@code json_serialize_sql}, the text a bind parameter)
     * and reads the tree; nothing is bound or run. See {@link DuckDbStatementInspector} for the rules.
     */
    @Override
    public java.util.Optional<StatementInfo> inspect(String sql) {
        return inspect(sql, java.util.Optional.empty());
    }

    /**
     * The parse and the walk run on a planner thread under {@code timeout} (a text may take seconds to parse, and
     * DuckDB's parser does not stop for a cancel), which also gives them a large stack for deep trees.
     */
    @Override
    public java.util.Optional<StatementInfo> inspect(String sql, java.util.Optional<java.time.Duration> timeout) {
        java.util.Objects.requireNonNull(sql, "sql");
        return beforeDeadline(timeout, System.nanoTime(), () -> inspectNow(sql), info -> { }, "while the engine parsed and checked it");
    }

    private java.util.Optional<StatementInfo> inspectNow(String sql) {
        String serialized;
        String database;
        try (RowStream rows = query(SqlStatement.of("SELECT json_serialize_sql(?), current_database()", sql))) {
            if (!rows.next()) {
                throw io.assay.engine.AssayException.internal("json_serialize_sql answered no row", null);
            }
            serialized = String.valueOf(rows.get(0));
            database = String.valueOf(rows.get(1));
        }
        List<String> catalogs = new ArrayList<>();
        try (RowStream rows = query(SqlStatement.of("SELECT database_name FROM duckdb_databases()"))) {
            while (rows.next()) {
                catalogs.add(String.valueOf(rows.get(0)));
            }
        }
        return java.util.Optional.of(new DuckDbStatementInspector(engine().dialect().defaultSchema(), database, catalogs)
                .read(sql, serialized));
    }

    @Override
    public void checkpoint() {
        try {
            execute(SqlStatement.of("CHECKPOINT"));
        } catch (io.assay.engine.AssayException busy) {
            // Another transaction is writing; DuckDB checkpoints on its own later.
        }
    }

    /**
     * The blocks the table's persisted segments occupy, times the block size. Data still only in the
     * write-ahead log is not counted; the import checkpoints before it asks.
     */
    @Override
    public OptionalLong storageBytes(RelationRef ref) {
        String sql = "SELECT count(DISTINCT block_id) * (SELECT block_size FROM pragma_database_size() LIMIT 1) "
                + "FROM pragma_storage_info(?) WHERE persistent";
        try (RowStream rows = query(SqlStatement.of(sql, engine().dialect().qualify(ref)))) {
            if (rows.next() && rows.get(0) instanceof Number n) {
                return OptionalLong.of(n.longValue());
            }
        }
        return OptionalLong.empty();
    }
}
