package io.assay.cli;

import io.assay.platform.Assay;
import io.assay.platform.config.AssayConfig;
import io.assay.platform.task.TaskContext;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * The common frame of commands: load the configuration, open Assay, run with a progress bar and
 * Ctrl-C wired to cancellation, close everything.
 */
abstract class AssayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    final Terminal terminal = Terminal.system();

    @Override
    public final Integer call() throws Exception {
        ProgressBar bar = new ProgressBar(terminal.err, terminal.interactive);
        // The options every command inherits live on the top-level command, however deep this one is.
        GlobalOptions global = ((Main) spec.root().userObject()).global;
        TaskContext ctx = new TaskContext(global.noProgress ? p -> { } : bar);
        AssayConfig config = global.load(settings());
        opening(config);
        try (Assay assay = Assay.open(config); Interrupts interrupts = Interrupts.cancelOnCtrlC(ctx, terminal.err)) {
            return run(assay, ctx, bar);
        } finally {
            bar.finish();
            terminal.out.flush();
        }
    }

    /**
     * Called with the configuration just before the warehouse opens, for work that can go on meanwhile
     * (the server opens its metadata store then).
     */
    void opening(AssayConfig config) {
    }

    /** Settings this command's own options set, by configuration key; they win over everything else. */
    java.util.Map<String, String> settings() {
        return java.util.Map.of();
    }

    /** The command's work; answers the exit status. */
    abstract int run(Assay assay, TaskContext ctx, ProgressBar bar) throws Exception;
}
