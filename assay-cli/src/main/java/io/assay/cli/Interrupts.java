package io.assay.cli;

import io.assay.platform.task.TaskContext;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.PrintStream;

/**
 * Ctrl-C cancels the running work instead of killing the process: the engine stops the statement,
 * the transaction rolls back, and the command exits with status 130. A second Ctrl-C exits at once.
 */
final class Interrupts implements AutoCloseable {

    private static final Signal INT = new Signal("INT");
    private final SignalHandler previous;

    private Interrupts(SignalHandler previous) {
        this.previous = previous;
    }

    static Interrupts cancelOnCtrlC(TaskContext ctx, PrintStream err) {
        SignalHandler previous;
        try {
            previous = Signal.handle(INT, signal -> {
                if (ctx.isCancelled()) {
                    err.println("\nstopping now.");
                    Runtime.getRuntime().halt(130);
                }
                err.println("\ncancelling… (Ctrl-C again to stop at once)");
                ctx.cancel();
            });
        } catch (IllegalArgumentException unsupported) {
            previous = null; // no SIGINT on this platform: the default behaviour stays
        }
        return new Interrupts(previous);
    }

    @Override
    public void close() {
        if (previous != null) {
            Signal.handle(INT, previous);
        }
    }
}
