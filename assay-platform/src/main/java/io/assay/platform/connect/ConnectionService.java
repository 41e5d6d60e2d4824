package io.assay.platform.connect;

import io.assay.engine.AssayException;
import io.assay.engine.Dialect;
import io.assay.engine.Engine;
import io.assay.engine.EngineProvider;
import io.assay.engine.EngineSettings;
import io.assay.engine.Engines;
import io.assay.engine.ErrorCode;
import io.assay.engine.RelationRef;
import io.assay.engine.RowStream;
import io.assay.engine.Session;
import io.assay.engine.SqlStatement;
import io.assay.platform.catalog.DatasetCatalog;
import io.assay.platform.text.Suggestions;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Named connections to the user's own databases (PostgreSQL, MySQL/MariaDB): added once, tested,
 * listed, removed, and opened as {@link Engine}s by name. They are kept in the warehouse (table
 * {@code assay_meta.connections}); a password is stored only sealed by the {@link SecretBox}, and no
 * method here ever answers or reports it.
 *
 * <p>Engines opened for connections are cached, one per connection, and closed by {@link #close()}.
 */
public final class ConnectionService implements AutoCloseable {

    /** Connection names: lower-case letters, digits and underscores, starting with a letter. */
    public static final int MAX_NAME_LENGTH = 63;

    private static final Pattern VALID_NAME = Pattern.compile("[a-z][a-z0-9_]{0," + (MAX_NAME_LENGTH - 1) + "}");
    /** The authority of a URL such as {@code jdbc:postgresql://host:5432/db}, {@code jdbc:mariadb://u@host/db} or a plugin's {@code sc://host:15002}. */
    private static final Pattern AUTHORITY = Pattern.compile("^(?:jdbc:[a-z0-9]+:(?:[a-z0-9]+:)?|[a-z]+:)//([^/?;]*)", Pattern.CASE_INSENSITIVE);
    private static final Map<String, Integer> DEFAULT_PORTS = Map.of("postgresql", 5432, "mysql", 3306);
    private static final String EMBEDDED_KIND = "duckdb";
    private static final String COLUMNS = "name, kind, url, user_name, secret, created_at";

    private final Engine warehouse;
    private final SecretBox secrets;
    private final String table;
    private final Map<String, Engine> engines = new HashMap<>();

    public ConnectionService(Engine warehouse, SecretBox secrets) {
        this.warehouse = warehouse;
        this.secrets = secrets;
        Dialect dialect = warehouse.dialect();
        this.table = dialect.qualify(new RelationRef(DatasetCatalog.SCHEMA, "connections"));
        try (Session s = warehouse.openSession()) {
            s.execute(SqlStatement.of("CREATE SCHEMA IF NOT EXISTS " + dialect.quoteIdentifier(DatasetCatalog.SCHEMA)));
            s.execute(SqlStatement.of("CREATE TABLE IF NOT EXISTS " + table + " (name VARCHAR NOT NULL PRIMARY KEY, "
                    + "kind VARCHAR NOT NULL, url VARCHAR NOT NULL, user_name VARCHAR, secret VARCHAR, created_at TIMESTAMP NOT NULL)"));
        }
    }

    /**
     * Adds a connection after checking that it works: the name must be valid and free, an installed
     * engine other than the embedded one must handle the URL, and the server must answer. Nothing is
     * saved when any of this fails.
     *
     * @param password stored encrypted; never put it in the URL
     */
    public Connection add(String name, String jdbcUrl, Optional<String> user, Optional<String> password) {
        requireValidName(name);
        String url = jdbcUrl == null ? "" : jdbcUrl.trim();
        String kind = kindOf(url);
        if (user.isPresent() && user.get().isBlank()) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "The user of a connection cannot be blank.")
                    .hint("Give the user name the database knows, or leave the user out.")
                    .detail("parameter", "user")
                    .build();
        }
        if (find(name).isPresent()) {
            throw duplicate(name);
        }
        Engine engine = open(name, kind, url, user, password, "Nothing was saved; fix the URL or the server and add the connection again.");
        try {
            try (Session s = engine.openSession()) {
                s.query(SqlStatement.of("SELECT 1")).close();
            } catch (RuntimeException e) {
                throw cannotConnect(name, kind, url, password, e, "Nothing was saved; fix the URL or the server and add the connection again.");
            }
            Instant createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            String sealed = password.map(p -> secrets.seal(p, name)).orElse(null);
            try (Session s = warehouse.openSession()) {
                s.inTransaction(tx -> {
                    if (find(tx, name).isPresent()) {
                        throw duplicate(name);
                    }
                    tx.execute(SqlStatement.of("INSERT INTO " + table + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)",
                            name, kind, url, user.orElse(null), sealed, timestamp(createdAt)));
                    return null;
                });
            }
            synchronized (engines) {
                Engine previous = engines.put(name, engine);
                if (previous != null) {
                    previous.close();
                }
            }
            return new Connection(name, kind, Engines.redact(url), user, createdAt);
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    /** Every connection, by name, without secrets. */
    public List<Connection> list() {
        try (Session s = warehouse.openSession()) {
            return read(s, SqlStatement.of("SELECT " + COLUMNS + " FROM " + table + " ORDER BY name")).stream()
                    .map(Row::shown)
                    .toList();
        }
    }

    /** One connection, without its secret, or {@link ErrorCode#NOT_FOUND} naming the closest names. */
    public Connection get(String name) {
        return require(name).shown();
    }

    /** A table in one of the user's databases, as {@code CONNECTION.schema.table} names it. */
    public record RemoteTable(String connection, Engine engine, RelationRef relation) {

        /** How it is named: {@code pg.public.orders}. */
        public String label() {
            return connection + "." + relation.schema() + "." + relation.name();
        }
    }

    /**
     * The table that {@code CONNECTION.schema.table} (or {@code CONNECTION.table}, in the connection's
     * default schema) names, when its first part is a known connection.
     */
    public Optional<RemoteTable> resolve(String target) {
        String[] parts = target.split("\\.");
        if (parts.length < 2 || parts.length > 3 || list().stream().noneMatch(c -> c.name().equals(parts[0]))) {
            return Optional.empty();
        }
        Engine engine = engine(parts[0]);
        RelationRef ref = parts.length == 3 ? new RelationRef(parts[1], parts[2]) : new RelationRef(engine.dialect().defaultSchema(), parts[1]);
        return Optional.of(new RemoteTable(parts[0], engine, ref));
    }

    /** Opens the connection (or reuses its open engine) and times a trivial query; answers the server's version too. */
    public ConnectionCheck test(String name) {
        Row row = require(name);
        Engine engine = engine(name);
        try (Session s = engine.openSession()) {
            long start = System.nanoTime();
            s.query(SqlStatement.of("SELECT 1")).close();
            Duration roundTrip = Duration.ofNanos(System.nanoTime() - start);
            return new ConnectionCheck(name, row.kind(), roundTrip, serverVersion(s));
        } catch (RuntimeException e) {
            throw cannotConnect(name, row.kind(), row.url(), Optional.empty(), e,
                    "Then run the test again, or remove the connection and add it with the right URL.");
        }
    }

    /** Removes a connection and closes its engine, if open. */
    public void remove(String name) {
        require(name);
        try (Session s = warehouse.openSession()) {
            s.execute(SqlStatement.of("DELETE FROM " + table + " WHERE name = ?", name));
        }
        Engine engine;
        synchronized (engines) {
            engine = engines.remove(name);
        }
        if (engine != null) {
            engine.close();
        }
    }

    /** The open engine of a connection, opened on first use and kept until {@link #close()} or {@link #remove}. */
    public Engine engine(String name) {
        synchronized (engines) {
            Engine engine = engines.get(name);
            if (engine == null) {
                Row row = require(name);
                Optional<String> password = row.secret().map(sealed -> secrets.open(sealed, name));
                engine = open(name, row.kind(), row.url(), row.user(), password,
                        "Then try again, or remove the connection and add it with the right URL.");
                engines.put(name, engine);
            }
            return engine;
        }
    }

    /** Closes every engine opened for a connection. */
    @Override
    public void close() {
        List<Engine> open;
        synchronized (engines) {
            open = new ArrayList<>(engines.values());
            engines.clear();
        }
        RuntimeException failure = null;
        for (Engine engine : open) {
            try {
                engine.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private Engine open(String name, String kind, String url, Optional<String> user, Optional<String> password, String next) {
        Map<String, String> properties = new LinkedHashMap<>();
        user.ifPresent(u -> properties.put("user", u));
        password.ifPresent(p -> properties.put("password", p));
        try {
            return Engines.open(new EngineSettings(url, Optional.empty(), java.util.OptionalInt.empty(), Optional.empty(), properties));
        } catch (RuntimeException e) {
            throw cannotConnect(name, kind, url, password, e, next);
        }
    }

    /** Which installed engine handles the URL; refuses the embedded warehouse engine and URLs carrying a password. */
    private static String kindOf(String url) {
        if (url.isEmpty()) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "A connection needs a JDBC URL.")
                    .hint("Give one such as jdbc:postgresql://HOST:5432/DATABASE or jdbc:mariadb://HOST:3306/DATABASE.")
                    .detail("parameter", "url")
                    .build();
        }
        if (!Engines.redact(url).equals(url)) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "The URL '" + Engines.redact(url) + "' carries a password.")
                    .hint("Leave the password out of the URL and give it separately, so that it is stored encrypted.")
                    .remedy("connection-password")
                    .detail("parameter", "url")
                    .build();
        }
        List<String> kinds = new ArrayList<>();
        for (EngineProvider provider : Engines.providers()) {
            if (provider.accepts(url)) {
                if (provider.kind().equals(EMBEDDED_KIND)) {
                    throw AssayException.of(ErrorCode.INVALID_INPUT, "The URL '" + url + "' is for the embedded DuckDB engine, "
                                    + "which is Assay's own warehouse, not a database to connect to.")
                            .hint("Import files as datasets instead; connections are for database servers such as PostgreSQL "
                                    + "or MySQL/MariaDB.")
                            .remedy("import-first", "what", "datasets")
                            .detail("parameter", "url")
                            .build();
                }
                return provider.kind();
            }
            if (!provider.kind().equals(EMBEDDED_KIND)) {
                kinds.add(provider.kind());
            }
        }
        throw AssayException.of(ErrorCode.INVALID_INPUT, "No installed engine handles the URL '" + url + "'.")
                .hint("Use a JDBC URL for one of: " + String.join(", ", kinds)
                        + ", such as jdbc:postgresql://HOST:5432/DATABASE or jdbc:mariadb://HOST:3306/DATABASE.")
                .detail("parameter", "url")
                .build();
    }

    private static void requireValidName(String name) {
        if (name != null && VALID_NAME.matcher(name).matches()) {
            return;
        }
        String suggestion = suggestName(name == null ? "" : name);
        throw AssayException.of(ErrorCode.INVALID_INPUT, "'" + name + "' is not a valid connection name: use lower-case letters, "
                        + "digits and underscores, starting with a letter, at most " + MAX_NAME_LENGTH + " characters.")
                .hint("Try '" + suggestion + "'.")
                .detail("parameter", "name")
                .build();
    }

    /** A valid name made from any text, for the hint: {@code "Sales DB"} → {@code sales_db}. */
    static String suggestName(String raw) {
        String s = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (s.isEmpty() || !Character.isLetter(s.charAt(0))) {
            s = "c_" + s;
        }
        if (s.length() > MAX_NAME_LENGTH) {
            s = s.substring(0, MAX_NAME_LENGTH);
        }
        return s.replaceAll("_+$", "");
    }

    private static AssayException duplicate(String name) {
        return AssayException.of(ErrorCode.CONFLICT, "A connection named '" + name + "' exists already.")
                .hint("Remove it first, or choose another name.").remedy("remove-connection", "name", name)
                .detail("parameter", "name")
                .build();
    }

    /**
     * Says which server could not be reached and what to do, with the driver's own message; the
     * password is blanked should a driver ever echo it, and the cause is kept only when it does not.
     */
    private static AssayException cannotConnect(String name, String kind, String url, Optional<String> password,
                                                RuntimeException e, String next) {
        String where = hostAndPort(kind, url);
        String driverMessage = driverMessage(e);
        boolean leaks = password.filter(p -> !p.isEmpty()).map(p -> mentions(e, p)).orElse(false);
        if (leaks) {
            driverMessage = driverMessage.replace(password.get(), "***");
        }
        ErrorCode code = e instanceof AssayException a && (a.code() == ErrorCode.INVALID_INPUT || a.code() == ErrorCode.NOT_FOUND
                || a.code() == ErrorCode.FORBIDDEN) ? a.code() : ErrorCode.ENGINE_ERROR;
        return AssayException.of(code, "Cannot connect to " + kind + " at " + where + " for connection '" + name + "': "
                        + driverMessage)
                .hint("Check that the server runs at " + where + " and accepts connections from this machine, and that the "
                        + "database, user and password are right. " + next)
                .detail("parameter", "url")
                .detail("url", Engines.redact(url))
                .cause(leaks ? null : e)
                .build();
    }

    /** The driver's own words: the first SQL exception's message in the chain, else the error's message. */
    private static String driverMessage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException && t.getMessage() != null) {
                return t.getMessage().trim();
            }
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private static boolean mentions(Throwable e, String secret) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(secret)) {
                return true;
            }
        }
        return false;
    }

    /** {@code host:port} of a JDBC URL for messages, with the engine's default port when none is given. */
    static String hostAndPort(String kind, String url) {
        Matcher m = AUTHORITY.matcher(url);
        String authority = m.find() ? m.group(1) : "";
        authority = authority.substring(authority.lastIndexOf('@') + 1);
        if (authority.isEmpty()) {
            authority = "localhost";
        }
        Integer port = DEFAULT_PORTS.get(kind);
        boolean hasPort = authority.startsWith("[") ? authority.contains("]:") : authority.contains(":");
        return hasPort || port == null || authority.contains(",") ? authority : authority + ":" + port;
    }

    /** The server's version, where it answers {@code version()}; empty otherwise (it is only informative). */
    private static Optional<String> serverVersion(Session s) {
        try (RowStream r = s.query(SqlStatement.of("SELECT version()"))) {
            if (r.next() && r.get(0) != null) {
                String text = r.get(0).toString().trim();
                int on = text.indexOf(" on ");
                return Optional.of(on > 0 ? text.substring(0, on) : text);
            }
        } catch (RuntimeException e) {
            // Not every engine has version(); the test succeeded without it.
        }
        return Optional.empty();
    }

    private Row require(String name) {
        return find(name).orElseThrow(() -> notFound(name));
    }

    private Optional<Row> find(String name) {
        try (Session s = warehouse.openSession()) {
            return find(s, name);
        }
    }

    private Optional<Row> find(Session s, String name) {
        return read(s, SqlStatement.of("SELECT " + COLUMNS + " FROM " + table + " WHERE name = ?", name)).stream().findFirst();
    }

    private AssayException notFound(String name) {
        List<String> names = list().stream().map(Connection::name).toList();
        String wanted = name == null ? "" : name;
        List<String> close = Suggestions.closest(wanted, names, 3);
        String hint = names.isEmpty() ? "There are no connections yet; add one first."
                : close.isEmpty() ? "List the connections to find the name."
                : "Did you mean " + String.join(", ", close) + "?";
        return AssayException.of(ErrorCode.NOT_FOUND, "There is no connection named '" + name + "'.")
                .hint(hint)
                .remedy(names.isEmpty() ? "add-connection" : close.isEmpty() ? "list" : "did-you-mean", "what", "connections")
                .detail("parameter", "name")
                .build();
    }

    private List<Row> read(Session s, SqlStatement sql) {
        List<Row> out = new ArrayList<>();
        try (RowStream r = s.query(sql)) {
            while (r.next()) {
                out.add(new Row((String) r.get(0), (String) r.get(1), (String) r.get(2), Optional.ofNullable((String) r.get(3)),
                        Optional.ofNullable((String) r.get(4)), ((LocalDateTime) r.get(5)).toInstant(ZoneOffset.UTC)));
            }
        }
        return out;
    }

    private static Timestamp timestamp(Instant i) {
        return Timestamp.valueOf(LocalDateTime.ofInstant(i, ZoneOffset.UTC));
    }

    /** A stored connection with its sealed secret: stays inside this class. */
    private record Row(String name, String kind, String url, Optional<String> user, Optional<String> secret, Instant createdAt) {
        Connection shown() {
            return new Connection(name, kind, Engines.redact(url), user, createdAt);
        }
    }
}
