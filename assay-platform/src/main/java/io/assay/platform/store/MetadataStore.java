package io.assay.platform.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.platform.config.AssayConfig;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The metadata of the shared service: users, tokens, sessions, grants, saved queries, jobs,
 * analysis runs and the audit log. An embedded H2 file in the data directory by default, or the
 * PostgreSQL database that {@code db.url} names; the schema is kept by Flyway migrations that run
 * on both. (The dataset catalog itself stays in the warehouse, so that a table and its entry swap
 * in one transaction.)
 */
public final class MetadataStore implements AutoCloseable {

    private static final String MIGRATIONS = "classpath:io/assay/platform/store/migration";

    /**
     * The version of the newest migration in {@code io/assay/platform/store/migration} ({@code V<n>__…sql}); a test keeps
     * the two equal. A store already at this version is not handed to Flyway at all: its scan of the class path and
     * validation of every applied migration took a quarter of a second of each command's start.
     */
    static final String SCHEMA_VERSION = "6";

    private final HikariDataSource pool;
    private final String product;

    private MetadataStore(HikariDataSource pool, String product) {
        this.pool = pool;
        this.product = product;
    }

    /** Opens the store the configuration names and brings its schema up to date. */
    public static MetadataStore open(AssayConfig config) {
        // WRITE_DELAY=0: a commit is on disk when it returns. H2 otherwise flushes up to half a second later, and a job
        // recorded just before a crash (kill -9) was gone after the restart instead of marked failed.
        String url = config.server().dbUrl().orElseGet(() -> "jdbc:h2:file:" + config.metadataFile()
                + ";DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000;WRITE_DELAY=0");
        String user = config.server().dbUrl().isPresent() ? config.server().dbUser() : "assay";
        String password = config.server().dbUrl().isPresent() ? config.server().dbPassword() : "";
        return open(url, user, password);
    }

    /** Opens the store at a JDBC URL (H2 or PostgreSQL) and migrates it. */
    public static MetadataStore open(String url, String user, String password) {
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "The metadata store must be H2 or PostgreSQL, not " + redact(url) + ".")
                    .hint("Set db.url (ASSAY_DB_URL) to a jdbc:postgresql:// URL, or leave it empty for the embedded store.")
                    .detail("parameter", "db.url")
                    .build();
        }
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        hc.setUsername(user);
        hc.setPassword(password);
        hc.setPoolName("assay-metadata");
        hc.setMaximumPoolSize(8);
        hc.setConnectionTimeout(10_000);
        hc.setInitializationFailTimeout(10_000);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw AssayException.of(ErrorCode.ENGINE_ERROR, "Cannot open the metadata store " + redact(url) + ": " + rootMessage(e))
                    .hint("Check db.url, db.user and ASSAY_DB_PASSWORD, and that the database server runs; "
                            + "an embedded store in use by another Assay process must be stopped first.")
                    .cause(e)
                    .build();
        }
        try {
            if (!SCHEMA_VERSION.equals(appliedVersion(pool).orElse(null))) {
                Flyway.configure().dataSource(pool).locations(MIGRATIONS).load().migrate();
            }
            return new MetadataStore(pool, url.startsWith("jdbc:h2:") ? "h2" : "postgresql");
        } catch (FlywayException e) {
            pool.close();
            throw AssayException.of(ErrorCode.ENGINE_ERROR, "Cannot bring the metadata store " + redact(url)
                            + " up to date: " + rootMessage(e))
                    .hint("The store may belong to a newer Assay; restore a backup or point db.url at a fresh database.")
                    .cause(e)
                    .build();
        }
    }

    /**
     * The version of the last migration Flyway applied successfully to the store, or empty for a new store (no history
     * table yet) or one whose last migration failed: then Flyway decides what to do.
     */
    private static Optional<String> appliedVersion(HikariDataSource pool) {
        try (Connection c = pool.getConnection()) {
            return appliedVersion(c);
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    /** {@link #appliedVersion(HikariDataSource)} on one connection. */
    static Optional<String> appliedVersion(Connection c) {
        try {
            try (ResultSet tables = c.getMetaData().getTables(null, c.getSchema(), "flyway_schema_history", null)) {
                if (!tables.next()) {
                    return Optional.empty();
                }
            }
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT \"version\", \"success\" FROM \"flyway_schema_history\""
                         + " WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\" DESC")) {
                return rs.next() && rs.getBoolean(2) ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    /** {@code h2} or {@code postgresql}. */
    public String product() {
        return product;
    }

    /** True when the store answers a trivial query within a second. */
    public boolean ping() {
        try (Connection c = pool.getConnection()) {
            return c.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Maps one row of a result. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(Row row) throws SQLException;
    }

    /** Work done on one connection, inside a transaction when run by {@link #inTransaction}. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Tx tx) throws SQLException;
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        return withConnection(false, tx -> tx.query(sql, mapper, params));
    }

    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
        List<T> rows = query(sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    public int update(String sql, Object... params) {
        return withConnection(false, tx -> tx.update(sql, params));
    }

    /** Inserts a row and answers its generated numeric key. */
    public long insert(String sql, String keyColumn, Object... params) {
        return withConnection(false, tx -> tx.insert(sql, keyColumn, params));
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(Work<T> work) {
        return withConnection(true, work);
    }

    private <T> T withConnection(boolean transaction, Work<T> work) {
        try (Connection c = pool.getConnection()) {
            if (!transaction) {
                return work.run(new Tx(c));
            }
            c.setAutoCommit(false);
            try {
                T result = work.run(new Tx(c));
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw AssayException.of(ErrorCode.ENGINE_ERROR, "The metadata store failed: " + e.getMessage())
                    .hint("Check that the metadata database is reachable and has space.")
                    .cause(e)
                    .build();
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    /** Statements on one connection. */
    public static final class Tx {
        private final Connection connection;

        Tx(Connection connection) {
            this.connection = connection;
        }

        public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) throws SQLException {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                bind(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    List<T> out = new ArrayList<>();
                    Row row = new Row(rs);
                    while (rs.next()) {
                        out.add(mapper.map(row));
                    }
                    return out;
                }
            }
        }

        public int update(String sql, Object... params) throws SQLException {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                bind(ps, params);
                return ps.executeUpdate();
            }
        }

        public long insert(String sql, String keyColumn, Object... params) throws SQLException {
            try (PreparedStatement ps = connection.prepareStatement(sql, new String[] {keyColumn})) {
                bind(ps, params);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    if (!keys.next()) {
                        throw new SQLException("no generated key for " + keyColumn);
                    }
                    return keys.getLong(1);
                }
            }
        }

        private static void bind(PreparedStatement ps, Object[] params) throws SQLException {
            for (int i = 0; i < params.length; i++) {
                Object p = params[i];
                if (p instanceof Optional<?> o) {
                    p = o.orElse(null);
                }
                if (p == null) {
                    ps.setNull(i + 1, Types.NULL);
                } else if (p instanceof Instant t) {
                    ps.setObject(i + 1, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
                } else if (p instanceof Enum<?> e) {
                    ps.setString(i + 1, e.name().toLowerCase(java.util.Locale.ROOT));
                } else {
                    ps.setObject(i + 1, p);
                }
            }
        }
    }

    /** Typed access to the current row of a result. */
    public static final class Row {
        private final ResultSet rs;

        Row(ResultSet rs) {
            this.rs = rs;
        }

        public String string(String column) throws SQLException {
            return rs.getString(column);
        }

        public Optional<String> optionalString(String column) throws SQLException {
            return Optional.ofNullable(rs.getString(column));
        }

        public long longValue(String column) throws SQLException {
            return rs.getLong(column);
        }

        public OptionalLong optionalLong(String column) throws SQLException {
            long v = rs.getLong(column);
            return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
        }

        public OptionalDouble optionalDouble(String column) throws SQLException {
            double v = rs.getDouble(column);
            return rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(v);
        }

        public int intValue(String column) throws SQLException {
            return rs.getInt(column);
        }

        public boolean bool(String column) throws SQLException {
            return rs.getBoolean(column);
        }

        public Instant instant(String column) throws SQLException {
            return optionalInstant(column).orElseThrow(() -> new SQLException(column + " is null"));
        }

        public Optional<Instant> optionalInstant(String column) throws SQLException {
            OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
            return Optional.ofNullable(t).map(OffsetDateTime::toInstant);
        }
    }

    /** A JDBC URL without anything that looks like a password. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
