package io.assay.engine.postgres;

import io.assay.engine.RelationRef;
import io.assay.engine.jdbc.JdbcSession;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Read-only logins that may read chosen tables and nothing else, made and kept by PostgreSQL's own
 * privileges: the rule that lets people who are not admins run SQL on a PostgreSQL warehouse, whose
 * statements Assay cannot inspect (see {@link io.assay.engine.Capability#CONFINED_READS}).
 *
 * <p>Each distinct set of tables gets one role, named by a hash of the set (with the database and the
 * warehouse login, so that two warehouses on one server never share a role): {@code LOGIN}, no other
 * attribute, member of no role, with a random password this engine sets when it first uses the role,
 * {@code default_transaction_read_only} on, {@code CONNECT} on the database, {@code USAGE} on the tables'
 * schemas and {@code SELECT} on exactly those tables — checked before every session, so a table dropped and
 * created again under its name (a dataset replaced) is granted again. A confined session logs in as that
 * role on a connection of its own and marks its transactions read-only, so whatever its SQL says, the
 * server reads those tables and no others, and writes nothing. The session user is the role itself, so
 * {@code SET ROLE} and {@code set_config} cannot lead back to the warehouse login.
 *
 * <p>What it needs: the warehouse login may create roles ({@code CREATEROLE}) and owns the dataset tables
 * (Assay creates them), and the server lets the new roles connect with a password from where Assay runs
 * ({@code pg_hba.conf}). What it does not hide: PostgreSQL shows every role the names (not the rows) of
 * tables and columns through its system catalogs.
 */
final class PostgresConfinement {

    private static final String PREFIX = "assay_read_";

    private final PostgresEngine engine;
    private final String url;
    private final Properties driverProperties;
    private final String warehouseUser;
    private final Map<String, String> passwords = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private volatile String database;

    /**
     * @param url        the warehouse URL, its {@code user} and {@code password} parameters removed
     * @param properties driver properties for the confined connections (timeouts, TLS), without user and password
     */
    PostgresConfinement(PostgresEngine engine, String url, Properties properties, String warehouseUser) {
        this.engine = engine;
        this.url = url;
        this.driverProperties = properties;
        this.warehouseUser = warehouseUser;
    }

    JdbcSession open(Set<RelationRef> readable) {
        Connection connection = null;
        try {
            String role = ensureRole(readable);
            Properties p = new Properties();
            p.putAll(driverProperties);
            p.setProperty("user", role);
            p.setProperty("password", passwords.get(role));
            p.setProperty("readOnly", "true");
            connection = DriverManager.getConnection(url, p);
            connection.setAutoCommit(true);
            try (Statement s = connection.createStatement()) {
                s.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
            }
            return engine.confinedSession(connection);
        } catch (SQLException e) {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // Failing already; the first error says why.
                }
            }
            throw engine.translate(e, "opening a confined session");
        }
    }

    /** Makes the role for {@code readable} ready: created or given a fresh password once per engine, grants checked every time. */
    private synchronized String ensureRole(Set<RelationRef> readable) throws SQLException {
        try (JdbcSession admin = (JdbcSession) engine.openSession()) {
            Connection c = admin.connection();
            if (database == null) {
                database = single(c, "SELECT current_database()");
            }
            String role = roleName(readable);
            if (!passwords.containsKey(role)) {
                String password = HexFormat.of().formatHex(bytes(24));
                boolean exists;
                try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
                    ps.setString(1, role);
                    try (ResultSet rs = ps.executeQuery()) {
                        exists = rs.next();
                    }
                }
                String id = quote(role);
                try (Statement s = c.createStatement()) {
                    // The password is hex of random bytes: nothing in it needs escaping.
                    s.execute((exists ? "ALTER ROLE " : "CREATE ROLE ") + id + " WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE "
                            + "NOINHERIT NOREPLICATION NOBYPASSRLS PASSWORD '" + password + "'");
                    s.execute("ALTER ROLE " + id + " SET default_transaction_read_only = on");
                    s.execute("GRANT CONNECT ON DATABASE " + quote(database) + " TO " + id);
                }
                passwords.put(role, password);
            }
            grantMissing(c, role, readable);
            return role;
        }
    }

    private void grantMissing(Connection c, String role, Set<RelationRef> readable) throws SQLException {
        String id = quote(role);
        for (String schema : new TreeSet<>(readable.stream().map(RelationRef::schema).toList())) {
            try (PreparedStatement ps = c.prepareStatement("SELECT has_schema_privilege(?, ?, 'USAGE')")) {
                ps.setString(1, role);
                ps.setString(2, schema);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && !rs.getBoolean(1)) {
                        try (Statement s = c.createStatement()) {
                            s.execute("GRANT USAGE ON SCHEMA " + quote(schema) + " TO " + id);
                        }
                    }
                }
            }
        }
        // One round trip for every table: the ones that exist and the role may not read yet.
        String[] qualified = readable.stream().map(r -> engine.dialect().qualify(r)).toArray(String[]::new);
        List<String> missing = new java.util.ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT t FROM unnest(?::text[]) AS t "
                + "WHERE to_regclass(t) IS NOT NULL AND NOT has_table_privilege(?, to_regclass(t), 'SELECT')")) {
            ps.setArray(1, c.createArrayOf("text", qualified));
            ps.setString(2, role);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    missing.add(rs.getString(1));
                }
            }
        }
        if (!missing.isEmpty()) {
            try (Statement s = c.createStatement()) {
                s.execute("GRANT SELECT ON " + String.join(", ", missing) + " TO " + id);
            }
        }
    }

    /** One role per set of tables, per database and warehouse login. */
    private String roleName(Set<RelationRef> readable) {
        TreeSet<String> names = new TreeSet<>();
        readable.forEach(r -> names.add(r.schema() + "." + r.name()));
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((database + "\n" + warehouseUser + "\n" + String.join("\n", names)).getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(sha.digest()).substring(0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private String quote(String identifier) {
        return engine.dialect().quoteIdentifier(identifier);
    }

    private static String single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The URL without the {@code user} and {@code password} parameters, which a confined login replaces. */
    static String withoutCredentials(String url) {
        int q = url.indexOf('?');
        if (q < 0) {
            return url;
        }
        List<String> kept = java.util.Arrays.stream(url.substring(q + 1).split("&"))
                .filter(p -> !p.toLowerCase(java.util.Locale.ROOT).startsWith("user=")
                        && !p.toLowerCase(java.util.Locale.ROOT).startsWith("password="))
                .toList();
        return url.substring(0, q) + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
    }
}
