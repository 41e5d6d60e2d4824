package io.assay.server.mcp;

import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.platform.jobs.Job;
import io.assay.platform.workspace.Workspace;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** Waits for a job a tool started, passing its progress on as MCP progress notifications. */
final class JobWaiter {

    private JobWaiter() {
    }

    /** The finished job; throws the job's own error when it failed or was cancelled, LIMIT_EXCEEDED when it outlasts {@code patience}. */
    static Job await(Workspace ws, McpTool.Call call, Job job, Duration patience) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Job> last = new AtomicReference<>(job);
        double[] reported = {-1};
        // The client cancelling the call cancels the job (its progress notifications stop with the call).
        try (AutoCloseable cancel = call.task().onCancel(() -> {
                try {
                    ws.jobs().cancel(call.caller(), job.id());
                } catch (AssayException e) {
                    // finished meanwhile
                }
            });
             AutoCloseable watch = ws.jobs().watch(call.caller(), job.id(), j -> {
            last.set(j);
            j.progress().ifPresent(p -> {
                // Steps are progress in their own right; rows and bytes go from 0 to 1 within a stage.
                double fraction = p.fraction();
                double now = fraction >= 0 ? fraction * 100 : reported[0] + 0.01;
                if (now > reported[0]) {
                    reported[0] = now;
                    call.progress(now, fraction >= 0 ? 100.0 : null, p.stage()
                            + (p.total() > 0 ? " (" + p.done() + " of " + p.total() + " " + p.unit().name().toLowerCase(java.util.Locale.ROOT) + ")" : ""));
                }
            });
            if (j.status().finished()) {
                done.countDown();
            }
        })) {
            if (!done.await(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                throw AssayException.of(ErrorCode.LIMIT_EXCEEDED, "The job " + job.id() + " (" + job.description() + ") is still running after "
                                + patience.toSeconds() + " s.")
                        .hint("It goes on in the background; ask again later (its result is kept), or use a smaller dataset or sample.")
                        .detail("jobId", job.id()).build();
            }
        } catch (AssayException | InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw AssayException.internal("Watching job " + job.id() + " failed", e);
        }
        Job end = ws.jobs().get(call.caller(), job.id());
        if (end.status() != Job.Status.SUCCEEDED) {
            Job.JobError err = end.error().orElse(new Job.JobError("INTERNAL", "The job " + end.status().id() + ".", java.util.Optional.empty(),
                    java.util.Map.of()));
            ErrorCode code;
            try {
                code = ErrorCode.valueOf(err.code());
            } catch (IllegalArgumentException e) {
                code = ErrorCode.INTERNAL;
            }
            AssayException.Builder b = AssayException.of(code, err.message());
            err.hint().ifPresent(b::hint);
            err.details().forEach(b::detail);
            throw b.build();
        }
        call.progress(100, 100.0, "done");
        return end;
    }
}
