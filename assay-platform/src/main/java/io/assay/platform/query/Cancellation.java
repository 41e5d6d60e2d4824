package io.assay.platform.query;

import io.assay.engine.Session;
import io.assay.platform.task.TaskContext;

import java.util.concurrent.atomic.AtomicBoolean;

/** How a task's cancel reaches the engine statement running for it. */
final class Cancellation {

    private Cancellation() {
    }

    /**
     * Cancels the session's statement when the task is cancelled, and again every 100 ms until the work
     * ends: a cancel that lands between two statements, or as one starts, stops nothing (the engine
     * forgets it when the next statement begins), and work of several statements must stop at any of them. So does a
     * single statement: a Ctrl-C that lands while it is still being prepared must stop it once it runs.
     */
    static AutoCloseable untilDone(TaskContext ctx, Session s) {
        AtomicBoolean done = new AtomicBoolean();
        AutoCloseable hook = ctx.onCancel(() -> {
            s.cancel();
            Thread retry = new Thread(() -> {
                while (!done.get()) {
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (!done.get()) {
                        s.cancel();
                    }
                }
            }, "assay-cancel-retry");
            retry.setDaemon(true);
            retry.start();
        });
        return () -> {
            done.set(true);
            hook.close();
        };
    }
}
