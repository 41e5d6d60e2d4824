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

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.Locale;
import java.util.Optional;

/** Jobs: list, one, cancel, and progress as Server-Sent Events. */
public final class JobApi {

    private static final Duration KEEP_ALIVE = Duration.ofSeconds(10);
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
        Http.json(ctx, 202, Views.job(ws.cancelJob(Http.caller(ctx), ctx.pathParam("id"), Http.origin(ctx))));
    }

    /**
     * Sends {@code progress} events as the job changes and a final {@code done}, then ends the
     * stream. The request's thread waits on the job's changes; a comment every few seconds notices a
     * client that went away.
     */
    private void events(Context ctx) throws Exception {
        Principal p = Http.caller(ctx);
        String id = ctx.pathParam("id");
        ws.jobs().get(p, id);
        BlockingQueue<Job> changes = new LinkedBlockingQueue<>();
        ctx.status(200).contentType("text/event-stream; charset=utf-8").header("Cache-Control", "no-cache").header("X-Accel-Buffering", "no");
        OutputStream out = ctx.res().getOutputStream();
        try (AutoCloseable watch = ws.jobs().watch(p, id, changes::add)) {
            while (true) {
                Job job = changes.poll(KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
                if (job == null) {
                    out.write(": still running\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    continue;
                }
                while (!job.status().finished() && !changes.isEmpty()) {
                    job = changes.poll(); // only the newest of a burst matters
                }
                boolean done = job.status().finished();
                String data = Http.JSON.writeValueAsString(Views.job(job));
                out.write(("event: " + (done ? "done" : "progress") + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (done) {
                    return;
                }
            }
        } catch (IOException clientGone) {
            // The client closed the stream; the watch is released above.
        }
    }
}
