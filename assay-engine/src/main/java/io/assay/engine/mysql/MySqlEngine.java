package io.assay.engine.mysql;

import io.assay.engine.AssayException;
import io.assay.engine.Capability;
import io.assay.engine.ColumnType;
import io.assay.engine.ColumnType.Kind;
import io.assay.engine.Dialect;
import io.assay.engine.EngineSettings;
import io.assay.engine.ErrorCode;
import io.assay.engine.jdbc.PooledJdbcEngine;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A user's MariaDB or MySQL database, through MariaDB Connector/J and a small connection pool.
 * {@code jdbc:mysql:} URLs are read as {@code jdbc:mariadb:} ones (the driver speaks both servers).
 *
 * <p>Streaming: Connector/J streams a result in batches whenever the fetch size is above zero, in
 * auto-commit mode too; closing a stream early makes the driver skip the rest of the rows. Read-only
 * sessions set {@code SESSION TRANSACTION READ ONLY}, which the server enforces. Cancelling sends
 * {@code KILL QUERY} over a second connection. DDL commits implicitly, so it is not transactional.
 */
public final class MySqlEngine extends PooledJdbcEngine {

    static final String MYSQL_PREFIX = "jdbc:mysql:";
    static final String MARIADB_PREFIX = "jdbc:mariadb:";

    /**
     * Run once per connection: room for the sorted values behind a quantile, and for long integer
     * series (the MariaDB-only part sits in a comment only MariaDB executes).
     */
    private static final String INIT_SQL = "SET SESSION group_concat_max_len = 4294967295"
            + " /*M!100000 , max_recursive_iterations = 4294967295 */";

    private final String name;
    private final MySqlDialect dialect;

    private MySqlEngine(EngineSettings settings, String name) {
        super(name, settings, Map.of(
                "connectTimeout", Long.toString(CONNECT_TIMEOUT.toMillis()),
                "socketTimeout", Long.toString(SOCKET_TIMEOUT.toMillis()),
                "tcpKeepAlive", "true"), INIT_SQL);
        this.name = name;
        this.dialect = new MySqlDialect(currentDatabase());
    }

    /** Connects to the database named by {@code settings.url()}; fails at once when it cannot. */
    public static MySqlEngine open(EngineSettings settings) {
        String url = settings.url();
        String name = url.startsWith(MYSQL_PREFIX) ? "mysql" : "mariadb";
        String driverUrl = url.startsWith(MYSQL_PREFIX) ? MARIADB_PREFIX + url.substring(MYSQL_PREFIX.length()) : url;
        return new MySqlEngine(new EngineSettings(driverUrl, settings.memoryLimit(), settings.threads(),
                settings.tempDir(), settings.properties()), name);
    }

    private String currentDatabase() {
        String database;
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT DATABASE()")) {
            database = rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            close();
            throw translate(e, "asking for the current database");
        }
        if (database == null) {
            close();
            throw AssayException.of(ErrorCode.INVALID_INPUT, "The " + name + " URL names no database.")
                    .hint("Add the database to the URL, as in jdbc:" + name + "://host:3306/sales.")
                    .detail("parameter", "url")
                    .build();
        }
        return database;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Dialect dialect() {
        return dialect;
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.WRITE, Capability.TRANSACTIONS, Capability.EXACT_QUANTILES, Capability.CANCEL, Capability.READ_ONLY_SESSIONS);
    }

    @Override
    protected void prepareSession(Connection connection, boolean readOnly) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("SET SESSION TRANSACTION " + (readOnly ? "READ ONLY" : "READ WRITE"));
        }
    }

    /** InnoDB's estimate, refreshed by ANALYZE TABLE and as the table changes. */
    @Override
    protected String rowEstimateSql() {
        return "SELECT table_rows FROM information_schema.tables WHERE table_schema = ? AND table_name = ?";
    }

    /** {@code column_type} keeps what {@code data_type} drops: {@code tinyint(1)} is a boolean. */
    @Override
    protected String catalogTypeColumn() {
        return "column_type";
    }

    @Override
    protected Object readValue(ResultSet resultSet, int index, ColumnType type) throws SQLException {
        return switch (type.kind()) {
            case DATE -> resultSet.getObject(index, LocalDate.class);
            case TIMESTAMP -> resultSet.getObject(index, LocalDateTime.class);
            default -> super.readValue(resultSet, index, type);
        };
    }

    @Override
    public ColumnType columnType(String nativeTypeName) {
        return new ColumnType(kindOf(nativeTypeName), nativeTypeName);
    }

    /**
     * Maps catalog column types ({@code int(11) unsigned}, {@code tinyint(1)}, {@code decimal(12,2)})
     * and result metadata names ({@code BIGINT}, {@code BOOLEAN}) to kinds. MariaDB's TIMESTAMP is
     * shown in the session's time zone, so it reads as a local timestamp like DATETIME.
     */
    static Kind kindOf(String type) {
        String t = type.toLowerCase(Locale.ROOT).replace(" unsigned", "").replace(" zerofill", "").trim();
        if (t.equals("tinyint(1)") || t.equals("bit(1)")) {
            return Kind.BOOLEAN;
        }
        int paren = t.indexOf('(');
        String base = paren < 0 ? t : t.substring(0, paren).trim();
        return switch (base) {
            case "boolean", "bool", "bit" -> Kind.BOOLEAN;
            case "tinyint", "smallint", "mediumint", "int", "integer", "bigint", "year" -> Kind.INTEGER;
            case "decimal", "numeric", "dec", "fixed" -> Kind.DECIMAL;
            case "float", "double", "double precision", "real" -> Kind.FLOAT;
            case "char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set" -> Kind.TEXT;
            case "date" -> Kind.DATE;
            case "time" -> Kind.TIME;
            case "datetime", "timestamp" -> Kind.TIMESTAMP;
            case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> Kind.BINARY;
            case "uuid" -> Kind.UUID;
            case "json" -> Kind.JSON;
            default -> Kind.OTHER;
        };
    }

    @Override
    protected AssayException translate(SQLException e, String context) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage().trim();
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        ErrorCode code;
        String hint = null;
        switch (e.getErrorCode()) {
            case 1064, 1149 -> {
                code = ErrorCode.INVALID_INPUT;
                hint = "Check the SQL near the place the message quotes.";
            }
            case 1146, 1049, 1051, 1109 -> {
                code = ErrorCode.NOT_FOUND;
                hint = "Check the database and table names; list the relations to see what exists.";
            }
            case 1792 -> {
                code = ErrorCode.FORBIDDEN;
                hint = "This session is read-only; changes need a session opened for writing.";
            }
            case 1044, 1142, 1143, 1227 -> code = ErrorCode.FORBIDDEN;
            case 1045 -> {
                code = ErrorCode.INVALID_INPUT;
                hint = "Check the user and password of the connection.";
            }
            case 1062, 1451, 1452, 1048, 1216, 1217 -> code = ErrorCode.CONFLICT;
            case 1205, 1213 -> {
                code = ErrorCode.CONFLICT;
                hint = "Another change touched the same data at the same time; try again.";
            }
            case 1317 -> code = ErrorCode.CANCELLED;
            case 1969, 3024 -> code = ErrorCode.TIMEOUT;
            case 1114, 1037, 1038, 1041 -> code = ErrorCode.LIMIT_EXCEEDED;
            default -> code = state.startsWith("42") || state.startsWith("22") ? ErrorCode.INVALID_INPUT : ErrorCode.ENGINE_ERROR;
        }
        if (code == ErrorCode.ENGINE_ERROR && state.startsWith("08")) {
            hint = "Check that the " + displayName() + " server runs and is reachable at the configured URL.";
        }
        String text = code == ErrorCode.ENGINE_ERROR ? displayName() + " failed while " + context + ": " + message : message;
        return AssayException.of(code, text).hint(hint).detail("engine", name()).detail("sqlState", state)
                .detail("errorCode", e.getErrorCode()).cause(e).build();
    }

    /** The server's name for messages; MariaDB for errors while the pool starts, before {@code name} is set. */
    private String displayName() {
        return "mysql".equals(name) ? "MySQL" : "MariaDB";
    }
}
