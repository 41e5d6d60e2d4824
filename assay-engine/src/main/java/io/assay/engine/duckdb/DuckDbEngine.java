package io.assay.engine.duckdb;

import io.assay.engine.AssayException;
import io.assay.engine.Capability;
import io.assay.engine.ColumnType;
import io.assay.engine.ColumnType.Kind;
import io.assay.engine.Dialect;
import io.assay.engine.EngineSettings;
import io.assay.engine.ErrorCode;
import io.assay.engine.FileSupport;
import io.assay.engine.jdbc.JdbcEngine;
import io.assay.engine.jdbc.JdbcSession;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The embedded default engine: DuckDB in this process, one database file (the warehouse).
 * One root connection owns the database; sessions are cheap duplicates of it.
 */
public final class DuckDbEngine extends JdbcEngine {

    static final String URL_PREFIX = "jdbc:duckdb:";

    private static final Pattern MEMORY = Pattern.compile("\\d+(\\.\\d+)?\\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB|%)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern LOCK_PID = Pattern.compile("PID (\\d+)");

    private final DuckDBConnection root;
    private final String location;
    private final DuckDbDialect dialect = new DuckDbDialect();
    private final DuckDbFileSupport files = new DuckDbFileSupport(this);

    private DuckDbEngine(DuckDBConnection root, String location) {
        this.root = root;
        this.location = location;
    }

    /** Opens (creating if needed) the database named by {@code settings.url()}. */
    public static DuckDbEngine open(EngineSettings settings) {
        String url = settings.url();
        String location = url.substring(URL_PREFIX.length());
        if (!location.isEmpty() && !location.startsWith(":memory:")) {
            try {
                Path parent = Path.of(location).toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
            } catch (IOException e) {
                throw AssayException.of(ErrorCode.INVALID_INPUT, "Cannot create the warehouse folder for " + location + ": " + e.getMessage())
                        .hint("Choose a writable data directory.").remedy("data-dir")
                        .detail("file", location)
                        .cause(e)
                        .build();
            }
        }
        Properties props = new Properties();
        props.setProperty(DuckDBDriver.JDBC_STREAM_RESULTS, "true");
        settings.memoryLimit().ifPresent(m -> {
            if (!MEMORY.matcher(m.trim()).matches()) {
                throw AssayException.of(ErrorCode.INVALID_INPUT, "The engine memory limit '" + m + "' is not a size.")
                        .hint("Write it like 4GB, 512MB or 80%.")
                        .detail("parameter", "engine.memory-limit")
                        .build();
            }
            props.setProperty("memory_limit", m.trim());
        });
        settings.threads().ifPresent(t -> {
            if (t < 1) {
                throw AssayException.of(ErrorCode.INVALID_INPUT, "The engine thread count must be at least 1, not " + t + ".")
                        .detail("parameter", "engine.threads")
                        .build();
            }
            props.setProperty("threads", Integer.toString(t));
        });
        settings.tempDir().ifPresent(d -> props.setProperty("temp_directory", d.toString()));
        settings.properties().forEach(props::setProperty);
        try {
            // The driver itself, not DriverManager: no dependence on which drivers a class loader registered.
            Connection c = new DuckDBDriver().connect(url, props);
            return new DuckDbEngine((DuckDBConnection) c, location);
        } catch (SQLException e) {
            throw translateStatic(e, "opening the warehouse " + location);
        }
    }

    @Override
    public String name() {
        return "duckdb";
    }

    @Override
    public Dialect dialect() {
        return dialect;
    }

    @Override
    public Set<Capability> capabilities() {
        // DuckDB's read-only mode belongs to the whole database file, not to one session.
        return EnumSet.complementOf(EnumSet.of(Capability.READ_ONLY_SESSIONS));
    }

    @Override
    public Optional<FileSupport> files() {
        return Optional.of(files);
    }

    @Override
    public java.util.OptionalLong memoryInUse() {
        try (Connection c = connect(); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT sum(memory_usage_bytes) FROM duckdb_memory()")) {
            return rs.next() ? java.util.OptionalLong.of(rs.getLong(1)) : java.util.OptionalLong.empty();
        } catch (SQLException e) {
            return java.util.OptionalLong.empty();
        }
    }

    /** Where the database lives (a file path, or empty for in-memory). */
    public String location() {
        return location;
    }

    @Override
    protected Connection connect() throws SQLException {
        Connection c = root.duplicate();
        try (Statement s = c.createStatement()) {
            // DuckDB tracks the progress of a running statement only with its progress bar on; never print it.
            s.execute("SET enable_progress_bar = true");
            s.execute("SET enable_progress_bar_print = false");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    @Override
    protected JdbcSession newSession(Connection connection) {
        return new DuckDbSession(this, connection);
    }

    @Override
    protected String rowEstimateSql() {
        return "SELECT estimated_size FROM duckdb_tables() WHERE schema_name = ? AND table_name = ?";
    }

    @Override
    public ColumnType columnType(String nativeTypeName) {
        return new ColumnType(kindOf(nativeTypeName), nativeTypeName);
    }

    static Kind kindOf(String type) {
        String t = type.toUpperCase(Locale.ROOT).trim();
        if (t.endsWith("]") || t.startsWith("STRUCT") || t.startsWith("MAP") || t.startsWith("UNION")
                || t.equals("LIST") || t.equals("ARRAY")) {
            return Kind.NESTED;
        }
        if (t.startsWith("DECIMAL") || t.startsWith("NUMERIC")) {
            return Kind.DECIMAL;
        }
        if (t.startsWith("ENUM") || t.startsWith("VARCHAR") || t.equals("TEXT") || t.equals("STRING") || t.startsWith("CHAR")) {
            return Kind.TEXT;
        }
        return switch (t) {
            case "BOOLEAN", "BOOL" -> Kind.BOOLEAN;
            case "TINYINT", "SMALLINT", "INTEGER", "INT", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
                 "UBIGINT", "UHUGEINT" -> Kind.INTEGER;
            case "FLOAT", "REAL", "DOUBLE" -> Kind.FLOAT;
            case "DATE" -> Kind.DATE;
            case "TIME", "TIME WITH TIME ZONE", "TIMETZ" -> Kind.TIME;
            case "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS", "DATETIME" -> Kind.TIMESTAMP;
            case "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ" -> Kind.TIMESTAMP_TZ;
            case "INTERVAL" -> Kind.INTERVAL;
            case "BLOB", "BIT", "BYTEA" -> Kind.BINARY;
            case "UUID" -> Kind.UUID;
            case "JSON" -> Kind.JSON;
            default -> Kind.OTHER;
        };
    }

    @Override
    protected AssayException translate(SQLException e, String context) {
        return translateStatic(e, context);
    }

    static AssayException translateStatic(SQLException e, String context) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage().trim();
        String kind = message.contains(":") ? message.substring(0, message.indexOf(':')).trim() : "";
        ErrorCode code;
        String hint = null;
        switch (kind) {
            case "Parser Error", "Syntax Error" -> {
                code = ErrorCode.INVALID_INPUT;
                hint = "Check the SQL near the marked position.";
            }
            case "Binder Error", "Conversion Error", "Invalid Input Error", "Not implemented Error", "Invalid Error",
                 "Permission Error", "Dependency Error" -> code = ErrorCode.INVALID_INPUT;
            case "Catalog Error" -> {
                code = message.contains("does not exist") ? ErrorCode.NOT_FOUND : ErrorCode.INVALID_INPUT;
                hint = "Check the table and column names; list the datasets to see what exists.";
            }
            case "Constraint Error" -> code = ErrorCode.CONFLICT;
            case "TransactionContext Error" -> {
                code = message.contains("onflict") ? ErrorCode.CONFLICT : ErrorCode.ENGINE_ERROR;
                hint = "Another change touched the same data at the same time; try again.";
            }
            case "Out of Memory Error" -> {
                code = ErrorCode.LIMIT_EXCEEDED;
                hint = "Raise engine.memory-limit, or narrow the query.";
            }
            case "INTERRUPT Error" -> code = ErrorCode.CANCELLED;
            case "IO Error" -> {
                Matcher pid = LOCK_PID.matcher(message);
                if (message.contains("Could not set lock")) {
                    code = ErrorCode.CONFLICT;
                    hint = "Another process" + (pid.find() ? " (PID " + pid.group(1) + ")" : "")
                            + " is using this data directory. Stop it, or point Assay at another data directory.";
                } else if (message.contains("No files found") || message.contains("No such file")) {
                    code = ErrorCode.NOT_FOUND;
                } else {
                    code = ErrorCode.INVALID_INPUT;
                }
            }
            default -> code = ErrorCode.ENGINE_ERROR;
        }
        String text = code == ErrorCode.ENGINE_ERROR ? "DuckDB failed while " + context + ": " + message : message;
        return AssayException.of(code, text).hint(hint)
                .remedy(code == ErrorCode.CONFLICT && message.contains("Could not set lock")
                        ? java.util.Optional.of(new AssayException.Remedy("data-dir", java.util.Map.of())) : java.util.Optional.empty())
                .detail("engine", "duckdb").cause(e).build();
    }

    @Override
    public void close() {
        try {
            root.close();
        } catch (SQLException ignored) {
            // Closing the database is best effort at shutdown.
        }
    }
}
