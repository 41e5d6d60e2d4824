package io.assay.server;

import io.assay.platform.auth.Principal;
import io.assay.platform.auth.Role;
import io.assay.platform.config.ConfigLoader;
import io.assay.platform.workspace.Workspace;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real Assay server on a free port of 127.0.0.1, over a fresh data directory, with an admin
 * ({@value #ADMIN} / {@value #ADMIN_PASSWORD}) and an admin API token. One per test class.
 */
public final class TestServer implements AutoCloseable {

    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "admin-password-for-tests";
    /** Every test user's password (long enough for the rule of 12). */
    public static final String PASSWORD = "a long enough password";

    public final Path dataDir;
    public final Workspace ws;
    public final AssayServer server;
    public final String adminToken;

    private TestServer(Path dataDir, Map<String, String> settings) {
        this.dataDir = dataDir;
        Map<String, String> flags = new HashMap<>(settings);
        flags.put("data-dir", dataDir.toString());
        flags.putIfAbsent("server.port", "0");
        flags.putIfAbsent("server.host", "127.0.0.1");
        PrometheusMeterRegistry metrics = AssayServer.newMetrics();
        this.ws = Workspace.open(ConfigLoader.load(Map.of(), Optional.empty(), flags), metrics);
        ws.users().bootstrapAdmin(Optional.of(ADMIN_PASSWORD));
        this.server = AssayServer.create(ws, metrics).start();
        this.adminToken = ws.tokens().create(Principal.user(ADMIN, Role.ADMIN), "tests", Optional.empty(), Optional.empty()).secret();
    }

    /** Starts a server with the given settings (ConfigLoader keys, e.g. {@code limits.upload-size}). */
    public static TestServer start(Path dataDir, Map<String, String> settings) {
        return new TestServer(dataDir, settings);
    }

    public static TestServer start(Path dataDir) {
        return start(dataDir, Map.of());
    }

    public String base() {
        return "http://127.0.0.1:" + server.port();
    }

    /** A client with no credentials. */
    public Api anonymous() {
        return new Api(base(), Optional.empty());
    }

    /** A client with a bearer token. */
    public Api as(String token) {
        return new Api(base(), Optional.of(token));
    }

    public Api admin() {
        return as(adminToken);
    }

    /** Creates a user (through the API, as the admin) and answers a client with a fresh token of theirs. */
    public Api user(String name, String role) {
        Api admin = admin();
        admin.post("/api/v1/users", Map.of("name", name, "role", role, "password", PASSWORD)).expect(201);
        String token = ws.tokens().create(Principal.user(name, Role.valueOf(role.toUpperCase(java.util.Locale.ROOT))), "tests",
                Optional.empty(), Optional.empty()).secret();
        return as(token);
    }

    /** Files (not folders) under the uploads folder {@code <data-dir>/tmp/uploads}. */
    public List<Path> uploadedFilesLeft() {
        Path uploads = ws.config().uploadsDir();
        if (!Files.isDirectory(uploads)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(uploads)) {
            return s.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shared datasets folder (system property {@code assay.shared.dir}). */
    public static Path shared(String relative) {
        Path p = Path.of(System.getProperty("assay.shared.dir", "../../shared")).resolve("datasets").resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException("The shared dataset " + p + " is missing");
        }
        return p.toAbsolutePath().normalize();
    }

    @Override
    public void close() {
        // Stopping the server shuts the workspace down, and the workspace closes the warehouse it opened.
        server.stop(Duration.ofSeconds(5));
    }
}
