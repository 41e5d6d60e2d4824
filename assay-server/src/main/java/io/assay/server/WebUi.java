package io.assay.server;

import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The web page: {@code /} (the single page), {@code /public/d/TOKEN} (a dashboard's public link) and its static files under {@code /ui/}. Not operations of the
 * API (the page calls the REST API like any other client), so they are registered beside the API's routes,
 * not in them. Every answer carries a strict Content-Security-Policy: the page's own scripts and styles only,
 * no inline script, requests to this server only. Plotly comes from assay-platform's vendored bundle.
 */
public final class WebUi {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
            + "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    private static final String ROOT = "/io/assay/server/web/";
    private static final String PLOTLY = "/io/assay/platform/report/vendor/plotly-cartesian-4.1.1.min.js";
    private static final String PLOTLY_LICENSE = "/io/assay/platform/report/vendor/plotly-LICENSE.txt";
    private static final Pattern FILE = Pattern.compile("[a-z0-9][a-z0-9._-]*\\.(js|css|svg|txt)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml", "txt", "text/plain; charset=utf-8");

    private record Asset(byte[] bytes, String type, String etag) {
    }

    private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();

    public List<Route> routes() {
        return List.of(
                Route.get("/", Route.Access.PUBLIC, ctx -> send(ctx, ROOT + "index.html", "no-cache")),
                // A public link's page: no sign-in; its script asks the API for the dashboard and shows what it answers.
                Route.get("/public/d/{token}", Route.Access.PUBLIC, ctx -> {
                    ctx.header("Referrer-Policy", "no-referrer");
                    send(ctx, ROOT + "public.html", "no-cache");
                }),
                Route.get("/ui/vendor/plotly.js", Route.Access.PUBLIC, ctx -> send(ctx, PLOTLY, "public, max-age=86400")),
                Route.get("/ui/vendor/plotly-LICENSE.txt", Route.Access.PUBLIC, ctx -> send(ctx, PLOTLY_LICENSE, "public, max-age=86400")),
                Route.get("/ui/{file}", Route.Access.PUBLIC, ctx -> {
                    String file = ctx.pathParam("file");
                    if (!FILE.matcher(file).matches()) {
                        notFound(ctx);
                        return;
                    }
                    // Revalidated on every load (cheap: an ETag answer is 304), so a new version shows at once.
                    send(ctx, ROOT + file, "no-cache");
                }));
    }

    private void send(Context ctx, String resource, String cacheControl) {
        Optional<Asset> asset = cache.computeIfAbsent(resource, WebUi::load);
        if (asset.isEmpty()) {
            notFound(ctx);
            return;
        }
        Asset a = asset.get();
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("Cache-Control", cacheControl);
        ctx.header("ETag", a.etag());
        ctx.header("X-Frame-Options", "DENY");
        if (a.etag().equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType(a.type()).result(a.bytes());
    }

    private static void notFound(Context ctx) {
        Problems.send(ctx, Http.JSON, 404, "NOT_FOUND", "There is no page file " + ctx.path() + ".", "Open / for the web page.", Map.of());
    }

    private static Optional<Asset> load(String resource) {
        try (InputStream in = WebUi.class.getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            String ext = resource.substring(resource.lastIndexOf('.') + 1);
            String etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 12) + "\"";
            return Optional.of(new Asset(bytes, TYPES.getOrDefault(ext, "application/octet-stream"), etag));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
