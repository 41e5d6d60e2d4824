package io.assay.cli;

import io.assay.engine.AssayException;
import io.assay.engine.ColumnType.Kind;
import io.assay.engine.ErrorCode;
import io.assay.platform.workspace.Workspace;
import io.assay.platform.connect.Connection;
import io.assay.platform.connect.ConnectionCheck;
import io.assay.platform.export.ListRowStream;
import io.assay.platform.export.TextTableWriter;
import io.assay.platform.task.TaskContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code assay connect}: named connections to the user's own databases. Passwords are read from an
 * environment variable, never from the command line, and are never printed.
 */
@Command(name = "connect",
        description = "Named connections to your own databases (PostgreSQL, MySQL/MariaDB).",
        subcommands = {
                ConnectCommand.Add.class,
                ConnectCommand.ListConnections.class,
                ConnectCommand.Test.class,
                ConnectCommand.Remove.class
        })
final class ConnectCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "add", description = "Add a connection, after checking that it works.")
    static final class Add extends AssayCommand {

        @Parameters(index = "0", paramLabel = "NAME", description = "A name for the connection: lower-case letters, digits, _.")
        String name;

        @Option(names = "--url", required = true, paramLabel = "JDBC-URL",
                description = "Where the database is, such as jdbc:postgresql://HOST:5432/DB or jdbc:mariadb://HOST:3306/DB.")
        String url;

        @Option(names = "--user", paramLabel = "USER", description = "The user to connect as.")
        String user;

        @Option(names = "--password-env", paramLabel = "VAR",
                description = "The environment variable holding the password; it is stored encrypted.")
        String passwordEnv;

        @Override
        int run(Workspace ws, TaskContext ctx, ProgressBar bar) throws Exception {
            Optional<String> password = Optional.empty();
            if (passwordEnv != null) {
                String value = System.getenv(passwordEnv);
                if (value == null) {
                    throw AssayException.of(ErrorCode.INVALID_INPUT, "The environment variable '" + passwordEnv + "' is not set.")
                            .hint("Set it to the password before running (for example `read -s " + passwordEnv + " && export "
                                    + passwordEnv + "`), or leave out --password-env for a connection without a password.")
                            .detail("parameter", "password-env")
                            .build();
                }
                password = Optional.of(value);
            }
            Connection c = ws.connections().add(caller(), name, url, Optional.ofNullable(user), password, origin());
            terminal.out.println("Added connection " + c.name() + " (" + c.kind() + ", " + c.url()
                    + c.user().map(u -> ", user " + u).orElse("") + "): it works.");
            return 0;
        }
    }

    @Command(name = "list", description = "List the connections: name, engine, URL, user, when added.")
    static final class ListConnections extends AssayCommand {

        private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                .withZone(ZoneId.systemDefault());

        @Override
        int run(Workspace ws, TaskContext ctx, ProgressBar bar) throws Exception {
            List<Connection> connections = ws.connections().list(caller());
            if (connections.isEmpty()) {
                terminal.out.println("No connections yet. Add one with `assay connect add NAME --url JDBC-URL`.");
                return 0;
            }
            List<Object[]> rows = new ArrayList<>();
            for (Connection c : connections) {
                rows.add(new Object[] {c.name(), c.kind(), c.url(), c.user().orElse(""), WHEN.format(c.createdAt())});
            }
            new TextTableWriter(Integer.MAX_VALUE, false).write(new ListRowStream(List.of(
                    ListRowStream.column("name", Kind.TEXT), ListRowStream.column("engine", Kind.TEXT),
                    ListRowStream.column("url", Kind.TEXT), ListRowStream.column("user", Kind.TEXT),
                    ListRowStream.column("created", Kind.TEXT)), rows), terminal.out);
            return 0;
        }
    }

    @Command(name = "test", description = "Check that a connection works: round trip time and server version.")
    static final class Test extends AssayCommand {

        @Parameters(index = "0", paramLabel = "NAME", description = "The connection.")
        String name;

        @Override
        int run(Workspace ws, TaskContext ctx, ProgressBar bar) throws Exception {
            ConnectionCheck check = ws.connections().test(caller(), name, origin());
            double millis = check.roundTrip().toNanos() / 1_000_000.0;
            terminal.out.println(check.name() + ": ok (" + check.kind() + ", round trip " + String.format(java.util.Locale.ROOT, "%.1f ms", millis)
                    + check.serverVersion().map(v -> ", " + v).orElse("") + ")");
            return 0;
        }
    }

    @Command(name = "remove", description = "Remove a connection and its stored password.")
    static final class Remove extends AssayCommand {

        @Parameters(index = "0", paramLabel = "NAME", description = "The connection.")
        String name;

        @Override
        int run(Workspace ws, TaskContext ctx, ProgressBar bar) throws Exception {
            ws.connections().remove(caller(), name, origin());
            terminal.out.println("Removed connection " + name + ".");
            return 0;
        }
    }
}
