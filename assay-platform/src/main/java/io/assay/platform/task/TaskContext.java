package io.assay.platform.task;

import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a long operation needs from whoever started it: somewhere to report progress, and a way to
 * be cancelled. Services register what stops their current step ({@link #onCancel}); a front door
 * calls {@link #cancel()} (Ctrl-C in the CLI, a cancel request over HTTP).
 */
public final class TaskContext {

    private final ProgressListener listener;
    private final List<Runnable> cancelHooks = new CopyOnWriteArrayList<>();
    private volatile boolean cancelled;

    public TaskContext(ProgressListener listener) {
        this.listener = listener;
    }

    public static TaskContext silent() {
        return new TaskContext(ProgressListener.NONE);
    }

    public void progress(Progress progress) {
        listener.onProgress(progress);
    }

    public void progress(String stage, long done, long total, Progress.Unit unit) {
        listener.onProgress(new Progress(stage, done, total, unit));
    }

    /**
     * Registers what to run on cancel (for example {@code session::cancel}); runs it at once when the
     * task is already cancelled. Answers a handle that unregisters it.
     */
    public AutoCloseable onCancel(Runnable hook) {
        cancelHooks.add(hook);
        if (cancelled) {
            hook.run();
        }
        return () -> cancelHooks.remove(hook);
    }

    /** Asks the work to stop. Safe from any thread, any number of times. */
    public void cancel() {
        cancelled = true;
        for (Runnable hook : cancelHooks) {
            hook.run();
        }
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Throws {@link ErrorCode#CANCELLED} when the task has been cancelled; call between steps. */
    public void checkCancelled() {
        if (cancelled) {
            throw AssayException.of(ErrorCode.CANCELLED, "The operation was cancelled.").build();
        }
    }
}
