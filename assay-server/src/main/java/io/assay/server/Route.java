package io.assay.server;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

import java.util.Objects;

/**
 * One operation of the HTTP API: method, path template (as in the OpenAPI document, {@code {name}}
 * for a parameter), who may call it, and the handler. The server registers routes from this list,
 * and a test compares the list with the OpenAPI document, so the two cannot drift apart.
 */
public record Route(HandlerType method, String path, Access access, Handler handler) {

    /** Who may call a route. */
    public enum Access {
        /** Anyone, signed in or not. */
        PUBLIC,
        /** Anyone; the caller is known when signed in. */
        OPTIONAL,
        /** Any signed-in user or token; the service checks roles and grants. */
        SIGNED_IN,
        /** Admins only. */
        ADMIN,
        /** Admins, or a scraper holding the server's metrics token ({@code server.metrics-token}), which opens nothing else. */
        METRICS
    }

    public Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(handler, "handler");
    }

    /** {@code GET /api/v1/datasets/{name}}: the form the OpenAPI document's operations take. */
    public String operation() {
        return method.name() + " " + path;
    }

    public static Route get(String path, Access access, Handler h) {
        return new Route(HandlerType.GET, path, access, h);
    }

    public static Route post(String path, Access access, Handler h) {
        return new Route(HandlerType.POST, path, access, h);
    }

    public static Route put(String path, Access access, Handler h) {
        return new Route(HandlerType.PUT, path, access, h);
    }

    public static Route patch(String path, Access access, Handler h) {
        return new Route(HandlerType.PATCH, path, access, h);
    }

    public static Route delete(String path, Access access, Handler h) {
        return new Route(HandlerType.DELETE, path, access, h);
    }
}
