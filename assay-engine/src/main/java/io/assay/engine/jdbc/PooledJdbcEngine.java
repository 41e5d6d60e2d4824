package io.assay.engine.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.assay.engine.AssayException;
import io.assay.engine.EngineSettings;
import io.assay.engine.Engines;
import io.assay.engine.ErrorCode;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * An engine on a database server reached over the network: a small HikariCP pool of connections,
 * closed with the engine. Sessions borrow a connection and give it back when they close; the pool
 * rolls back what a session left open and resets auto-commit.
 *
 * <p>Settings: {@code user} and {@code password} in {@link EngineSettings#properties()}, and
 * optionally {@code poolSize} (default {@value #DEFAULT_POOL_SIZE}); every other property goes to the
 * driver unchanged, so a driver's own timeouts and TLS options can be set there.
 */
public abstract class PooledJdbcEngine extends JdbcEngine {

    /** Connections the pool keeps at most: analyses and queries on a user's server stay modest. */
    public static final int DEFAULT_POOL_SIZE = 4;

    /** How long opening a connection, or waiting for a free one, may take. */
    protected static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /**
     * How long a read from the server may stall before the connection counts as dead. Queries have
     * their own time limits (the session cancels them); this only catches a server that vanished.
     */
    protected static final Duration SOCKET_TIMEOUT = Duration.ofMinutes(30);

    private final HikariDataSource pool;

    /**
     * Starts the pool and opens its first connection, so that a wrong address or password fails here,
     * with the server's message, rather than at the first query.
     *
     * @param driverDefaults driver properties the engine needs; the user's properties override them
     * @param initSql        SQL each new connection runs once, or null
     */
    protected PooledJdbcEngine(String name, EngineSettings settings, Map<String, String> driverDefaults, String initSql) {
        Map<String, String> properties = new HashMap<>(driverDefaults);
        properties.putAll(settings.properties());
        HikariConfig config = new HikariConfig();
        config.setPoolName("assay-" + name);
        config.setJdbcUrl(settings.url());
        String user = properties.remove("user");
        String password = properties.remove("password");
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(poolSize(properties.remove("poolSize")));
        config.setMinimumIdle(1);
        config.setConnectionTimeout(CONNECT_TIMEOUT.toMillis());
        config.setIdleTimeout(Duration.ofMinutes(5).toMillis());
        config.setAutoCommit(true);
        if (initSql != null) {
            config.setConnectionInitSql(initSql);
        }
        properties.forEach(config::addDataSourceProperty);
        try {
            this.pool = new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw translate(sql, "connecting to " + Engines.redact(settings.url()));
            }
            throw AssayException.of(ErrorCode.ENGINE_ERROR, "Cannot connect to " + Engines.redact(settings.url()) + ": "
                            + e.getMessage())
                    .hint("Check that the server runs and that the URL, user and password are right.")
                    .cause(e)
                    .build();
        }
    }

    private static int poolSize(String value) {
        if (value == null) {
            return DEFAULT_POOL_SIZE;
        }
        try {
            int size = Integer.parseInt(value.trim());
            if (size >= 1) {
                return size;
            }
        } catch (NumberFormatException ignored) {
            // Reported below, with the parameter's name.
        }
        throw AssayException.of(ErrorCode.INVALID_INPUT, "The connection pool size must be a whole number of at least 1, not '"
                        + value + "'.")
                .detail("parameter", "poolSize")
                .build();
    }

    @Override
    protected Connection connect() throws SQLException {
        return pool.getConnection();
    }

    @Override
    public void close() {
        pool.close();
    }
}
