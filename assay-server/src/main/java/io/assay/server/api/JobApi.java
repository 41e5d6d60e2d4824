package io.assay.server.api;

import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.platform.auth.Principal;
import io.assay.platform.jobs.Job;
import io.assay.platform.workspace.Workspace;
import io.assay.server.Http;
import io.assay.server.Route;
import io.assay.server.Views;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Jobs: list, one, cancel, and progress as Server-Sent Events. */
public final class JobApi {

    private final Workspace ws;

    public JobApi(Workspace ws) {
        this.ws = ws;
    }

    public List<Route> routes() {
        return List.of(
                Route.get("/api/v1/jobs", Route.Access.SIGNED_IN, this::list),
                Route.get("/api/v1/jobs/{id}", Route.Access.SIGNED_IN, ctx -> Http.json(ctx, 200, Views.job(ws.jobs().get(Http.caller(ctx), ctx.pathParam("id"))))),
                Route.post("/api/v1/jobs/{id}/cancel", Route.Access.SIGNED_IN, this::cancel),
                Route.get("/api/v1/jobs/{id}/events", Route.Access.SIGNED_IN, this::events));
    }

    private void list(Context ctx) {
        Principal p = Http.caller(ctx);
        Optional<Job.Status> status = Http.query(ctx, "status").map(s -> parse(Job.Status.class, s, "status"));
        Optional<Job.Kind> kind = Http.query(ctx, "kind").map(s -> parse(Job.Kind.class, s, "kind"));
        int limit = Http.limit(ctx);
        List<Job> jobs = ws.jobs().list(p, status, kind, Http.cursorKey(ctx), limit + 1);
        Http.json(ctx, 200, Http.page(jobs, limit, Job::id, Views::job));
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String s, String parameter) {
        try {
            return Enum.valueOf(type, s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "'" + s + "' is not a job " + parameter + ".").detail("parameter", parameter).build();
        }
    }

    private void cancel(Context ctx) {
        Principal p = Http.caller(ctx);
        Job j = ws.jobs().get(p, ctx.pathParam("id"));
        if (j.status().finished()) {
            throw AssayException.of(ErrorCode.CONFLICT, "The job " + j.id() + " has " + j.status().id() + " already.")
                    .detail("parameter", "id").build();
        }
        Job after = ws.jobs().cancel(p, j.id());
        ws.audit().record(io.assay.platform.audit.AuditService.event(p, "job.cancel").target(j.id()).detail(j.description()).origin(Http.origin(ctx)));
        Http.json(ctx, 202, Views.job(after));
    }

    /** Sends {@code progress} events as the job changes and a final {@code done}, then closes. */
    private void events(Context ctx) throws Exception {
        Principal p = Http.caller(ctx);
        String id = ctx.pathParam("id");
        ws.jobs().get(p, id);
        new SseHandler(client -> stream(client, p, id)).handle(ctx);
    }

    private void stream(SseClient client, Principal p, String id) {
        Object lock = new Object();
        boolean[] closed = {false};
        try {
            AutoCloseable watch = ws.jobs().watch(p, id, job -> {
                synchronized (lock) {
                    if (closed[0]) {
                        return;
                    }
                    try {
                        String data = Http.JSON.writeValueAsString(Views.job(job));
                        client.sendEvent(job.status().finished() ? "done" : "progress", data, null);
                        if (job.status().finished()) {
                            closed[0] = true;
                            client.close();
                        }
                    } catch (Exception e) {
                        closed[0] = true;
                        client.close();
                    }
                }
            });
            client.onClose(() -> {
                try {
                    watch.close();
                } catch (Exception ignored) {
                    // Nothing to release beyond the listener.
                }
            });
            synchronized (lock) {
                if (!closed[0]) {
                    client.keepAlive();
                }
            }
        } catch (AssayException e) {
            client.close();
        }
    }
}
