package io.assay.cli;

import io.assay.platform.audit.AuditService;
import io.assay.platform.auth.Principal;
import io.assay.platform.config.AssayConfig;
import io.assay.platform.task.TaskContext;
import io.assay.platform.workspace.Workspace;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * The common frame of commands: load the configuration, open the application (the same governed
 * services every door uses), run as the local operator with a progress bar and Ctrl-C wired to
 * cancellation, close everything.
 *
 * <p>The command line acts as {@link Principal#local()}: the user who owns the data directory, with
 * an admin's rights (whoever can read the files can read the data anyway). Its work is recorded and
 * audited like any other caller's (actor kind {@code local}).
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
        // Ctrl-C is caught from the start: one that comes while the application opens cancels the command before its work.
        try (Interrupts interrupts = Interrupts.cancelOnCtrlC(ctx, terminal.err)) {
            Workspace ws = Workspace.open(config, metrics());
            try {
                ctx.checkCancelled();
                return run(ws, ctx, bar);
            } finally {
                bar.finish();
                terminal.out.flush();
                ws.shutdown(java.time.Duration.ofSeconds(5));
            }
        }
    }

    /** The registry the application's metrics go to; the server's is Prometheus', the others keep them in memory. */
    MeterRegistry metrics() {
        return new SimpleMeterRegistry();
    }

    /** Who the command acts as. */
    static Principal caller() {
        return Principal.local();
    }

    /** Where an audited action came from: this machine's command line. */
    static AuditService.Origin origin() {
        return new AuditService.Origin(java.util.Optional.empty(), java.util.Optional.of("local"));
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
    abstract int run(Workspace ws, TaskContext ctx, ProgressBar bar) throws Exception;
}
