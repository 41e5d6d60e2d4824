package io.assay.server;

import io.javalin.http.Context;

import java.util.UUID;

/** The id of each request: the client's {@code X-Request-Id} when it is sane, else a new one. Echoed in the response. */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    private static final String ATTRIBUTE = "assay.requestId";

    private RequestIds() {
    }

    static void assign(Context ctx) {
        String given = ctx.header(HEADER);
        String id = given != null && given.matches("[A-Za-z0-9._:-]{1,64}") ? given : UUID.randomUUID().toString();
        ctx.attribute(ATTRIBUTE, id);
        ctx.header(HEADER, id);
    }

    public static String of(Context ctx) {
        String id = ctx.attribute(ATTRIBUTE);
        return id == null ? "-" : id;
    }
}
