package io.assay.cli;

import io.assay.platform.config.AssayConfig;
import io.assay.platform.task.TaskContext;
import io.assay.platform.workspace.Workspace;
import io.assay.server.AssayServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

@Command(name = "serve", description = "Run Assay as a shared service: the REST API (/api/v1, reference at /api/v1/docs), MCP for AI assistants at /mcp "
        + "(Streamable HTTP, bearer API token), /health and /metrics. "
        + "On first start it creates the user 'admin' and prints its one-time password (or takes ASSAY_ADMIN_PASSWORD). "
        + "Ctrl-C or SIGTERM stops it gracefully: requests and jobs in flight finish, or are cancelled and rolled back.")
final class ServeCommand extends AssayCommand {

    private static final Duration GRACE = Duration.ofSeconds(20);

    @Option(names = "--host", paramLabel = "ADDRESS", description = "Address to listen on (default 127.0.0.1: this machine only).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on (default 8080; 0 picks a free one).")
    Integer port;

    @Override
    Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        if (host != null) {
            s.put("server.host", host);
        }
        if (port != null) {
            s.put("server.port", port.toString());
        }
        return s;
    }

    private PrometheusMeterRegistry registry;

    @Override
    void opening(AssayConfig config) {
        // The HTTP stack's classes load on another thread while the warehouse and the store open.
        CompletableFuture.runAsync(AssayServer::warmUp);
    }

    @Override
    MeterRegistry metrics() {
        registry = AssayServer.newMetrics();
        return registry;
    }

    @Override
    int run(Workspace ws, TaskContext ctx, ProgressBar bar) throws Exception {
        serve(ws, terminal, registry);
        return 0;
    }

    /** Runs the server over an open workspace until the process is told to stop. */
    static void serve(Workspace ws, Terminal terminal, PrometheusMeterRegistry metrics) throws InterruptedException {
        Instant started = Instant.now();
        Optional<String> password = ws.users().bootstrapAdmin(Optional.ofNullable(System.getenv("ASSAY_ADMIN_PASSWORD")));
        AssayServer server;
        try {
            server = AssayServer.create(ws, metrics).start();
        } catch (RuntimeException e) {
            ws.shutdown(Duration.ZERO);
            throw e;
        }
        password.ifPresent(p -> {
            terminal.out.println("Created the user 'admin' with the one-time password: " + p);
            terminal.out.println("Sign in and change it (the page's Password button, or PUT /api/v1/session/password), or set ASSAY_ADMIN_PASSWORD before the first start.");
        });
        String host = ws.config().server().host();
        String url = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.port();
        terminal.out.printf("Assay is serving at %s (ready in %d ms) — API reference: %s/api/v1/docs%n", url,
                Duration.between(started, Instant.now()).toMillis(), url);
        terminal.out.println("Press Ctrl-C to stop.");
        terminal.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            server.stop(GRACE);
            stopped.countDown();
        }, "assay-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        stopped.await();
    }
}
