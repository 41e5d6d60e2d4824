package io.assay.engine.postgres;

import io.assay.engine.AssayException;
import io.assay.engine.Capability;
import io.assay.engine.ColumnType.Kind;
import io.assay.engine.ColumnType;
import io.assay.engine.Dialect;
import io.assay.engine.EngineSettings;
import io.assay.engine.ErrorCode;
import io.assay.engine.RelationRef;
import io.assay.engine.Session;
import io.assay.engine.jdbc.JdbcSession;
import io.assay.engine.jdbc.PooledJdbcEngine;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A user's PostgreSQL database, through pgJDBC and a small connection pool.
 *
 * <p>Streaming: pgJDBC honours the fetch size only inside a transaction, so {@link PostgresSession}
 * runs each query outside an explicit transaction in a transaction of its own, held open while the
 * rows stream and ended when the stream closes. Read-only sessions set
 * {@code SESSION CHARACTERISTICS AS TRANSACTION READ ONLY}, which the server enforces.
 */
public final class PostgresEngine extends PooledJdbcEngine {

    static final String URL_PREFIX = "jdbc:postgresql:";

    private static final Map<String, String> DRIVER_DEFAULTS = Map.of(
            "connectTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()),
            "socketTimeout", Long.toString(SOCKET_TIMEOUT.toSeconds()),
            "tcpKeepAlive", "true",
            "ApplicationName", "assay");

    private final PostgresDialect dialect = new PostgresDialect();
    private final PostgresConfinement confinement;

    private PostgresEngine(EngineSettings settings) {
        super("postgresql", settings, DRIVER_DEFAULTS, null);
        java.util.Properties driver = new java.util.Properties();
        driver.putAll(DRIVER_DEFAULTS);
        settings.properties().forEach((k, v) -> {
            if (!k.equals("user") && !k.equals("password") && !k.equals("poolSize")) {
                driver.setProperty(k, v);
            }
        });
        this.confinement = new PostgresConfinement(this, PostgresConfinement.withoutCredentials(settings.url()), driver,
                settings.properties().getOrDefault("user", ""));
    }

    /** Connects to the database named by {@code settings.url()}; fails at once when it cannot. */
    public static PostgresEngine open(EngineSettings settings) {
        return new PostgresEngine(settings);
    }

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public Dialect dialect() {
        return dialect;
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.WRITE, Capability.TRANSACTIONS, Capability.TRANSACTIONAL_DDL, Capability.EXACT_QUANTILES,
                Capability.QUANTILE_LISTS, Capability.CANCEL, Capability.READ_ONLY_SESSIONS, Capability.GROUPING_SETS,
                Capability.CONFINED_READS);
    }

    /** See {@link PostgresConfinement}: a login of its own that may read {@code readable} and nothing else. */
    @Override
    public Session openConfinedSession(Set<RelationRef> readable) {
        return confinement.open(readable);
    }

    /** A session over a connection the confinement opened (not from the pool): closing it closes the connection. */
    JdbcSession confinedSession(Connection connection) {
        return newSession(connection);
    }

    @Override
    protected void prepareSession(Connection connection, boolean readOnly) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("SET SESSION CHARACTERISTICS AS TRANSACTION " + (readOnly ? "READ ONLY" : "READ WRITE"));
        }
    }

    @Override
    protected JdbcSession newSession(Connection connection) {
        return new PostgresSession(this, connection);
    }

    /** The planner's estimate, kept up to date by ANALYZE and autovacuum; none for a table never analysed. */
    @Override
    protected String rowEstimateSql() {
        return "SELECT CASE WHEN c.reltuples < 0 THEN NULL ELSE CAST(c.reltuples AS bigint) END "
                + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?";
    }

    /** The catalog's {@code udt_name} ({@code int4}, {@code _text}) is the name result metadata uses too. */
    @Override
    protected String catalogTypeColumn() {
        return "udt_name";
    }

    @Override
    protected Object readValue(ResultSet resultSet, int index, ColumnType type) throws SQLException {
        return switch (type.kind()) {
            case DATE -> resultSet.getObject(index, LocalDate.class);
            case TIMESTAMP -> resultSet.getObject(index, LocalDateTime.class);
            case TIMESTAMP_TZ -> resultSet.getObject(index, OffsetDateTime.class);
            default -> super.readValue(resultSet, index, type);
        };
    }

    @Override
    public ColumnType columnType(String nativeTypeName) {
        return new ColumnType(kindOf(nativeTypeName), nativeTypeName);
    }

    /** Maps PostgreSQL's internal type names ({@code int4}, {@code timestamptz}, {@code _int8}) to kinds. */
    static Kind kindOf(String type) {
        String t = type.toLowerCase(Locale.ROOT).trim();
        if (t.startsWith("_") || t.endsWith("[]")) {
            return Kind.NESTED;
        }
        return switch (t) {
            case "bool", "boolean" -> Kind.BOOLEAN;
            case "int2", "int4", "int8", "smallint", "integer", "bigint", "serial", "bigserial", "oid" -> Kind.INTEGER;
            case "numeric", "decimal", "money" -> Kind.DECIMAL;
            case "float4", "float8", "real", "double precision" -> Kind.FLOAT;
            case "text", "varchar", "bpchar", "char", "name", "citext", "character varying", "character" -> Kind.TEXT;
            case "date" -> Kind.DATE;
            case "time", "timetz" -> Kind.TIME;
            case "timestamp" -> Kind.TIMESTAMP;
            case "timestamptz" -> Kind.TIMESTAMP_TZ;
            case "interval" -> Kind.INTERVAL;
            case "bytea" -> Kind.BINARY;
            case "uuid" -> Kind.UUID;
            case "json", "jsonb" -> Kind.JSON;
            default -> Kind.OTHER;
        };
    }

    @Override
    protected AssayException translate(SQLException e, String context) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = e.getMessage() == null ? e.toString() : e.getMessage().trim();
        ErrorCode code;
        String hint = null;
        switch (state) {
            case "42601" -> {
                code = ErrorCode.INVALID_INPUT;
                hint = "Check the SQL near the position the message gives.";
            }
            case "42P01", "3F000", "3D000" -> {
                code = ErrorCode.NOT_FOUND;
                hint = "Check the schema and table names; list the relations to see what exists.";
            }
            case "57014" -> code = ErrorCode.CANCELLED;
            case "25006" -> {
                code = ErrorCode.FORBIDDEN;
                hint = "This session is read-only; changes need a session opened for writing.";
            }
            case "42501" -> code = ErrorCode.FORBIDDEN;
            case "28000", "28P01" -> {
                code = ErrorCode.INVALID_INPUT;
                hint = "Check the user and password of the connection.";
            }
            case "40001", "40P01", "55P03" -> {
                code = ErrorCode.CONFLICT;
                hint = "Another change touched the same data at the same time; try again.";
            }
            default -> code = byClass(state);
        }
        if (code == ErrorCode.ENGINE_ERROR && state.startsWith("08")) {
            hint = "Check that the PostgreSQL server runs and is reachable at the configured URL.";
        }
        String text = code == ErrorCode.ENGINE_ERROR ? "PostgreSQL failed while " + context + ": " + message : message;
        return AssayException.of(code, text).hint(hint).detail("engine", "postgresql").detail("sqlState", state)
                .cause(e).build();
    }

    /** The SQLSTATE class decides where no specific state did. */
    private static ErrorCode byClass(String state) {
        String category = state.length() >= 2 ? state.substring(0, 2) : "";
        return switch (category) {
            case "22", "42", "2B", "0A" -> ErrorCode.INVALID_INPUT;
            case "23" -> ErrorCode.CONFLICT;
            case "53", "54" -> ErrorCode.LIMIT_EXCEEDED;
            default -> ErrorCode.ENGINE_ERROR;
        };
    }
}
