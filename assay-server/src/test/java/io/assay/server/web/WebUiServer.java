package io.assay.server.web;

import io.assay.platform.auth.Role;
import io.assay.platform.config.ConfigLoader;
import io.assay.platform.workspace.Workspace;
import io.assay.server.AssayServer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** An in-process Assay server on a free port with an admin, an analyst and a viewer, for the web page's tests. */
final class WebUiServer implements AutoCloseable {

    static final String PASSWORD = "correct-horse-battery";

    final Workspace ws;
    final AssayServer server;
    final String url;

    WebUiServer(Path dataDir) {
        var metrics = AssayServer.newMetrics();
        this.ws = Workspace.open(ConfigLoader.load(Map.of(), Optional.empty(), Map.of("data-dir", dataDir.toString(), "server.port", "0")), metrics);
        ws.users().create("admin", Role.ADMIN, PASSWORD);
        ws.users().create("ana", Role.ANALYST, PASSWORD);
        ws.users().create("vic", Role.VIEWER, PASSWORD);
        this.server = AssayServer.create(ws, metrics).start();
        this.url = "http://127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        server.stop(Duration.ofSeconds(2));
    }
}
