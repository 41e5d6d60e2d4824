package io.assay.server;

import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.platform.auth.Principal;
import io.assay.platform.workspace.Workspace;
import io.assay.server.api.AdminApi;
import io.assay.server.api.AnalysisApi;
import io.assay.server.api.ChartApi;
import io.assay.server.api.ConnectionApi;
import io.assay.server.api.DatasetApi;
import io.assay.server.api.InsightApi;
import io.assay.server.api.AskApi;
import io.assay.server.api.JobApi;
import io.assay.server.api.OpsApi;
import io.assay.server.api.QueryApi;
import io.assay.server.api.SavedQueryApi;
import io.assay.server.api.SessionApi;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP front door of a shared Assay: REST {@code /api/v1} with its OpenAPI document and
 * reference page, MCP at {@code /mcp}, {@code /health}, {@code /metrics}. Thin by design: each handler parses the request,
 * calls a platform service with the caller, and renders the answer; errors become problem+json.
 */
public final class AssayServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AssayServer.class);
    private static final Logger REQUESTS = LoggerFactory.getLogger("assay.request");
    private static final String STARTED = "assay.started";
    /** The path template of the route a request matched; absent when it matched none (then Javalin answers 404). */
    private static final String ROUTE = "assay.route";

    private final Workspace ws;
    private final PrometheusMeterRegistry metrics;
    private final List<Route> routes;
    private final Javalin app;
    private final Authenticator auth;
    private final io.assay.server.mcp.McpHttp mcp;
    private final io.assay.server.mcp.ResourceMetadata resourceMetadata;

    private AssayServer(Workspace ws, PrometheusMeterRegistry metrics) {
        this.ws = ws;
        this.metrics = metrics;
        // MCP at /mcp: a servlet of its own beside Javalin's, not an /api/v1 operation (so not in routes() or OpenAPI).
        this.mcp = new io.assay.server.mcp.McpHttp(ws);
        this.auth = new Authenticator(ws);
        this.resourceMetadata = new io.assay.server.mcp.ResourceMetadata(ws.config().server());
        OpsApi ops = new OpsApi(ws, metrics, Instant.now());
        List<Route> all = new ArrayList<>();
        all.addAll(new SessionApi(ws).routes());
        all.addAll(ops.routes());
        all.addAll(new DatasetApi(ws).routes());
        all.addAll(new QueryApi(ws).routes());
        all.addAll(new io.assay.server.api.QuestionApi(ws).routes());
        all.addAll(new SavedQueryApi(ws).routes());
        all.addAll(new ChartApi().routes());
        all.addAll(new io.assay.server.api.SavedChartApi(ws).routes());
        all.addAll(new io.assay.server.api.DashboardApi(ws).routes());
        all.addAll(new AnalysisApi(ws).routes());
        all.addAll(new InsightApi(ws).routes());
        all.addAll(new AskApi(ws).routes());
        all.addAll(new ConnectionApi(ws).routes());
        all.addAll(new JobApi(ws).routes());
        all.addAll(new AdminApi(ws).routes());
        this.routes = List.copyOf(all);
        io.micrometer.core.instrument.Gauge.builder("assay.engine.memory", ws,
                        w -> w.warehouseMemoryInUse().isPresent() ? w.warehouseMemoryInUse().getAsLong() : Double.NaN)
                .baseUnit("bytes").description("Memory the warehouse engine holds").register(metrics);
        this.app = create(ws);
        for (Route r : routes) {
            register(r);
        }
        ops.assets().forEach(this::register);
        // OAuth protected-resource metadata (RFC 9728), as MCP clients look for it: not /api/v1 operations, like /mcp itself.
        for (String path : List.of("", io.assay.server.mcp.McpHttp.PATH)) {
            register(Route.get(io.assay.server.mcp.ResourceMetadata.WELL_KNOWN + path, Route.Access.PUBLIC, ctx -> {
                // A public document that browser-based clients (the MCP Inspector) read from another origin.
                ctx.header("Access-Control-Allow-Origin", "*");
                Http.json(ctx, 200, resourceMetadata.document(siteOf(ctx), path));
            }));
        }
        new WebUi().routes().forEach(this::register);
    }

    /** The metrics registry the workspace and the server share; made before either. */
    public static PrometheusMeterRegistry newMetrics() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        return registry;
    }

    /**
     * Loads the HTTP stack's classes (Javalin, Jetty, the MCP transport) on the calling thread, so
     * that a start-up can do it while the warehouse opens on another; builds nothing that stays.
     */
    public static void warmUp() {
        Javalin.create(config -> config.showJavalinBanner = false);
        for (String name : List.of("io.modelcontextprotocol.server.McpServer",
                "io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider",
                "io.micrometer.prometheusmetrics.PrometheusMeterRegistry", "org.eclipse.jetty.server.ServerConnector")) {
            try {
                Class.forName(name, true, AssayServer.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                LOG.debug("warm-up: {} is not on the class path", name);
            }
        }
    }

    /** Builds the server over an open workspace; {@link #start} makes it listen. */
    public static AssayServer create(Workspace ws, PrometheusMeterRegistry metrics) {
        return new AssayServer(ws, metrics);
    }

    /** The operations this server offers, to compare with the OpenAPI document. */
    public List<Route> routes() {
        return routes;
    }

    private Javalin create(Workspace ws) {
        var server = ws.config().server();
        java.nio.file.Path multipartCache = ws.config().uploadsDir().resolve("multipart");
        try {
            Files.createDirectories(multipartCache);
        } catch (java.io.IOException e) {
            throw AssayException.internal("Cannot create " + multipartCache, e);
        }
        Javalin javalin = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jetty.defaultHost = server.host();
            config.jetty.defaultPort = server.port();
            config.http.maxRequestSize = 10L * 1024 * 1024;
            config.jetty.multipartConfig.cacheDirectory(multipartCache.toString());
            config.jetty.multipartConfig.maxFileSize(server.maxUploadBytes(), SizeUnit.BYTES);
            config.jetty.multipartConfig.maxTotalRequestSize(server.maxUploadBytes() + 1024 * 1024, SizeUnit.BYTES);
            config.jetty.multipartConfig.maxInMemoryFileSize(64, SizeUnit.KB);
            config.requestLogger.http(this::logged);
            config.jetty.modifyServletContextHandler(mcp::mount);
        });
        javalin.before(ctx -> {
            ctx.attribute(STARTED, System.nanoTime());
            RequestIds.assign(ctx);
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Referrer-Policy", "no-referrer");
        });
        javalin.exception(AssayException.class, (e, ctx) -> {
            if (e.code() == ErrorCode.INTERNAL) {
                LOG.error("Request {} failed: {}", RequestIds.of(ctx), e.getMessage(), e);
            }
            Problems.send(ctx, Http.JSON, e);
        });
        javalin.exception(Authenticator.Unauthorized.class, (e, ctx) -> {
            ctx.header("WWW-Authenticate", io.assay.server.mcp.ResourceMetadata.challenge(siteOf(ctx), "", Optional.empty()));
            Problems.send(ctx, Http.JSON, 401, "UNAUTHORIZED", e.getMessage(),
                    "Send Authorization: Bearer <token>, or sign in with POST /api/v1/session.", Map.of());
        });
        javalin.exception(Exception.class, (e, ctx) -> {
            LOG.error("Request {} failed unexpectedly", RequestIds.of(ctx), e);
            Problems.send(ctx, Http.JSON, 500, "INTERNAL", "The server failed unexpectedly (request " + RequestIds.of(ctx) + ").",
                    "Report it with the request id; the server log has the details.", Map.of());
        });
        javalin.error(404, ctx -> {
            // A handler's own 404 (a missing dataset, page file) is already a problem; anything else, such as
            // Javalin's plain "Not Found" for a path no route matches, becomes one.
            String type = ctx.res().getContentType();
            if (type == null || !type.startsWith(Problems.MEDIA_TYPE)) {
                Problems.send(ctx, Http.JSON, 404, "NOT_FOUND", "There is no " + ctx.method() + " " + ctx.path() + ".",
                        "See /api/v1/docs for the operations.", Map.of());
            }
        });
        javalin.error(405, ctx -> Problems.send(ctx, Http.JSON, 405, "INVALID_INPUT", ctx.method() + " is not allowed on " + ctx.path() + ".",
                "See /api/v1/docs for the operations.", Map.of()));
        return javalin;
    }

    /** The origin the request reached this server at, as the protected-resource metadata names it. */
    private String siteOf(Context ctx) {
        return resourceMetadata.origin(ctx.scheme(), ctx.header("Host"), ctx.req().getLocalPort());
    }

    private void register(Route r) {
        app.addHttpHandler(r.method(), r.path(), ctx -> {
            ctx.attribute(ROUTE, r.path());
            auth.authenticate(ctx, r.access());
            r.handler().handle(ctx);
        });
    }

    private void logged(Context ctx, Float ms) {
        // Not ctx.endpointHandlerPath(): Javalin throws there when no route matched (an unknown path), which turned
        // every 404 into a logged 500. The route handler records its own template instead.
        String route = ctx.attribute(ROUTE);
        String uri = route == null ? "unmatched" : route;
        int status = ctx.statusCode();
        Timer.builder("http.server.requests").tag("method", ctx.method().name()).tag("uri", uri).tag("status", String.valueOf(status))
                .publishPercentileHistogram(false).register(metrics).record(Duration.ofNanos((long) (ms * 1_000_000)));
        String who = Http.optionalCaller(ctx).map(Principal::name).orElse("-");
        REQUESTS.info("request id={} method={} path={} route={} status={} ms={} user={} remote={}", RequestIds.of(ctx), ctx.method(),
                ctx.path(), uri, status, String.format(java.util.Locale.ROOT, "%.1f", ms), who, ctx.ip());
    }

    /**
     * Starts listening. A port another process holds is the operator's to resolve, not a defect: it is a
     * {@link ErrorCode#CONFLICT} that says which port and how to choose another.
     */
    public AssayServer start() {
        var server = ws.config().server();
        try {
            app.start();
        } catch (RuntimeException e) {
            if (!portTaken(e)) {
                throw e;
            }
            throw AssayException.of(ErrorCode.CONFLICT, "Port " + server.port() + " on " + server.host()
                            + " is already in use by another program, so Assay cannot listen there.")
                    .hint("Stop the program that holds it, or choose another port: --port N (0 picks a free one), "
                            + "server.port in assay.yaml, or ASSAY_SERVER_PORT.")
                    .detail("host", server.host()).detail("port", server.port()).cause(e).build();
        }
        // A graceful stop (requests in flight finish) once started: set only now, because Jetty's graceful stop of a
        // server that failed to start throws over the reason it failed (a port in use became "STOPPED").
        app.jettyServer().server().setStopTimeout(TimeUnit.SECONDS.toMillis(10));
        LOG.info("Assay listens on http://{}:{}", ws.config().server().host(), app.port());
        return this;
    }

    private static boolean portTaken(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof io.javalin.util.JavalinBindException || t instanceof java.net.BindException) {
                return true;
            }
        }
        return false;
    }

    public int port() {
        return app.port();
    }

    /** Stops taking requests, lets requests and jobs in flight finish (or cancels them after a grace period), closes the store. */
    public void stop(Duration grace) {
        LOG.info("Stopping: finishing requests and jobs in flight (up to {} s)", grace.toSeconds());
        mcp.close();
        app.stop();
        ws.shutdown(grace);
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(20));
    }
}
