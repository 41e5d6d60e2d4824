package io.assay.server.api;

import io.assay.platform.workspace.Workspace;
import io.assay.server.Http;
import io.assay.server.Route;
import io.assay.server.Views;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Server information, health, metrics, and the API's own documentation. */
public final class OpsApi {

    private static final String DOCS = "/io/assay/server/api/";
    private final Workspace ws;
    private final PrometheusMeterRegistry metrics;
    private final Instant started;
    private final String version;

    public OpsApi(Workspace ws, PrometheusMeterRegistry metrics, Instant started) {
        this.ws = ws;
        this.metrics = metrics;
        this.started = started;
        String v = OpsApi.class.getPackage().getImplementationVersion();
        this.version = v == null ? "0.1.0-SNAPSHOT" : v;
    }

    public List<Route> routes() {
        return List.of(
                Route.get("/api/v1/info", Route.Access.OPTIONAL, this::info),
                Route.get("/health/live", Route.Access.PUBLIC, ctx -> Http.json(ctx, 200, Map.of("status", "up"))),
                Route.get("/health/ready", Route.Access.PUBLIC, this::ready),
                Route.get("/metrics", Route.Access.METRICS, ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape())),
                Route.get("/api/v1/openapi.json", Route.Access.PUBLIC, ctx -> resource(ctx, "openapi.json", "application/json")),
                Route.get("/api/v1/docs", Route.Access.PUBLIC, ctx -> resource(ctx, "docs.html", "text/html; charset=utf-8")));
    }

    /** Files the docs page loads; served beside it, not operations of the API. */
    public List<Route> assets() {
        return List.of(
                Route.get("/api/v1/docs/docs.js", Route.Access.PUBLIC, ctx -> resource(ctx, "docs.js", "text/javascript; charset=utf-8")),
                Route.get("/api/v1/docs/docs.css", Route.Access.PUBLIC, ctx -> resource(ctx, "docs.css", "text/css; charset=utf-8")));
    }

    private void info(Context ctx) {
        var server = ws.config().server();
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("maxUploadBytes", server.maxUploadBytes());
        limits.put("queryTimeoutMs", ws.config().queryTimeout().toMillis());
        limits.put("maxConcurrentQueries", server.maxConcurrentQueries());
        limits.put("maxResultRows", ws.config().queryMaxRows());
        limits.put("syncRowCap", server.maxResponseRows());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Assay");
        body.put("version", version);
        body.put("engine", ws.warehouseName());
        body.put("startedAt", Views.time(started));
        body.put("limits", limits);
        body.put("user", Http.optionalCaller(ctx).flatMap(p -> ws.users().find(p.name())).map(Views::user).orElse(null));
        Http.json(ctx, 200, body);
    }

    private void ready(Context ctx) {
        boolean warehouse;
        try {
            ws.checkWarehouse();
            warehouse = true;
        } catch (RuntimeException e) {
            warehouse = false;
        }
        boolean metadata = ws.store().ping();
        Map<String, Object> checks = new LinkedHashMap<>();
        checks.put("warehouse", warehouse ? "up" : "down");
        checks.put("metadata", metadata ? "up" : "down");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", warehouse && metadata ? "ready" : "down");
        body.put("checks", checks);
        Http.json(ctx, warehouse && metadata ? 200 : 503, body);
    }

    private static void resource(Context ctx, String name, String type) throws IOException {
        try (InputStream in = OpsApi.class.getResourceAsStream(DOCS + name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            ctx.contentType(type).result(in.readAllBytes());
        }
        if (name.endsWith(".html")) {
            ctx.header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
        }
    }
}
