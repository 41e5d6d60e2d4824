package io.assay.platform.task;

import io.assay.engine.Session;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * While a long statement runs, asks its session for progress a few times a second and reports it
 * as {@code total} units (bytes of a file, rows of a table) scaled by the engine's fraction.
 */
public final class ProgressPoller implements AutoCloseable {

    private static final long PERIOD_MS = 200;
    private final ScheduledExecutorService timer;

    private ProgressPoller(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    public static ProgressPoller start(Session session, TaskContext ctx, String stage, long total, Progress.Unit unit) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "assay-progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> session.progress().ifPresent(f ->
                ctx.progress(stage, (long) (f * total), total, unit)), PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
        return new ProgressPoller(timer);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
