package io.assay.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code assay} command. */
@Command(name = "assay",
        // Inherited: every subcommand, at any depth, takes -h/--help (and -V/--version), also beside its required parameters.
        scope = CommandLine.ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Assay: point it at data, get its schema, profile, quality and insights; then ask in SQL.",
        subcommands = {
                DemoCommand.class,
                DemoDataCommand.class,
                ImportCommand.class,
                AnalyzeCommand.class,
                AnomaliesCommand.class,
                AskCommand.class,
                SynonymsCommand.class,
                ColumnsCommand.class,
                DatasetsCommand.class,
                DescribeCommand.class,
                QueryCommand.class,
                SavedCommand.class,
                ChartsCommand.class,
                ChartsCommand.Dashboards.class,
                RejectsCommand.class,
                DeleteCommand.class,
                ConnectCommand.class,
                ServeCommand.class,
                McpCommand.class,
                CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Options for every command, before or after the command's name. */
    @CommandLine.Mixin
    GlobalOptions global = new GlobalOptions();

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and answers its exit status (for tests and {@link #main}). */
    public static int run(String... args) {
        Plugins.install();
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(debug ? Level.DEBUG : Level.WARN);
        Terminal terminal = Terminal.system();
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> report(e, terminal, debug));
        cli.setParameterExceptionHandler((e, params) -> {
            terminal.err.println("error: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, terminal.err);
            terminal.err.println("  hint: see `" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help`.");
            return ExitStatus.of(ErrorCode.INVALID_INPUT);
        });
        int status = cli.execute(args);
        terminal.out.flush();
        return status;
    }

    private static int report(Exception e, Terminal terminal, boolean debug) {
        terminal.out.flush();
        if (e instanceof AssayException a) {
            terminal.err.println((a.code() == ErrorCode.CANCELLED ? "cancelled: " : "error: ") + CliHints.describe(a));
            if (debug || a.code() == ErrorCode.INTERNAL) {
                a.printStackTrace(terminal.err);
            }
            return ExitStatus.of(a.code());
        }
        terminal.err.println("error: Assay failed unexpectedly: " + e);
        terminal.err.println("  hint: this is a defect in Assay; run again with --debug and report the output.");
        if (debug) {
            e.printStackTrace(terminal.err);
        }
        return ExitStatus.of(ErrorCode.INTERNAL);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The version from the jar's manifest (the build's version). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"assay " + (v == null ? "(development build)" : v),
                    "Java " + Runtime.version() + " on " + System.getProperty("os.name")};
        }
    }
}
