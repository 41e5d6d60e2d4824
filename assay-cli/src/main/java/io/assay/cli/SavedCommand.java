package io.assay.cli;

import io.assay.engine.AssayException;
import io.assay.engine.ColumnType.Kind;
import io.assay.engine.ErrorCode;
import io.assay.platform.export.ListRowStream;
import io.assay.platform.export.TextTableWriter;
import io.assay.platform.query.QueryOutcome;
import io.assay.platform.query.QueryOutput;
import io.assay.platform.saved.QueryParameter;
import io.assay.platform.saved.SavedQuery;
import io.assay.platform.saved.SavedQueryService;
import io.assay.platform.task.TaskContext;
import io.assay.platform.workspace.Workspace;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * {@code assay saved}: the saved queries the web page and REST keep, from the terminal: list, save,
 * show, run (through the same query pipeline as {@code assay query}) and delete. A saved query's SQL may hold
 * {@code {{name}}} placeholders for typed parameters, declared when saved ({@code --param region:text=North}) and
 * given values when run ({@code -p region=South}); the values are bound as engine parameters, never pasted into the SQL.
 */
@Command(name = "saved",
        description = "Saved queries (shared with the web page and the REST API): list, save, show, run, delete.",
        subcommands = {
                SavedCommand.ListSaved.class,
                SavedCommand.Save.class,
                SavedCommand.Show.class,
                SavedCommand.Run.class,
                SavedCommand.Delete.class
        })
final class SavedCommand implements Runnable {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "list", description = "List the saved queries: id, name, owner, last change, parameters.")
    static final class ListSaved extends AssayCommand {

        @Option(names = "--limit", paramLabel = "N", defaultValue = "500", description = "At most this many (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        int run(Workspace ws, TaskContext ctx, ProgressBar bar) throws Exception {
            List<SavedQuery> saved = ws.savedQueries().list(caller(), Optional.empty(), limit);
            if (saved.isEmpty()) {
                terminal.out.println("No saved queries yet. Save one with `assay saved save NAME \"SELECT ...\"`.");
                return 0;
            }
            List<Object[]> rows = new ArrayList<>();
            for (SavedQuery q : saved) {
                rows.add(new Object[] {q.id(), q.name(), q.owner(), WHEN.format(q.updatedAt()),
                        q.parameters().stream().map(SavedCommand::declaration).collect(Collectors.joining(" ")), q.description().orElse("")});
            }
            new TextTableWriter(Integer.MAX_VALUE, false).write(new ListRowStream(List.of(
                    ListRowStream.column("id", Kind.TEXT), ListRowStream.column("name", Kind.TEXT),
                    ListRowStream.column("owner", Kind.TEXT), ListRowStream.column("changed", Kind.TEXT),
                    ListRowStream.column("parameters", Kind.TEXT), ListRowStream.column("description", Kind.TEXT)), rows), terminal.out);
            return 0;
        }
    }

    @Command(name = "save", description = "Save a query under a name; prints its id. Where a value goes, write {{name}} and declare "
            + "it with --param.")
    static final class Save extends AssayCommand {

        @Parameters(index = "0", paramLabel = "NAME", description = "A name for it (1 to 200 characters).")
        String name;

        @Parameters(index = "1", paramLabel = "SQL", description = "The query, with a {{name}} placeholder where each parameter's value goes.")
        String sql;

        @Option(names = "--description", paramLabel = "TEXT", description = "What it answers.")
        String description;

        @Option(names = "--param", paramLabel = "NAME:TYPE[:required][=DEFAULT]",
                description = "Declare a parameter for the placeholder {{NAME}}: TYPE is text, number, date or boolean; "
                        + "=DEFAULT is the value a run takes when it gives none; :required makes a run give one. "
                        + "An optional parameter without a value is NULL. Repeat for each parameter.")
        List<String> params = new ArrayList<>();

        @Override
        int run(Workspace ws, TaskContext ctx, ProgressBar bar) throws Exception {
            List<QueryParameter> declared = new ArrayList<>();
            for (String p : params) {
                declared.add(parameter(p));
            }
            SavedQuery q = ws.savedQueries().create(caller(), name, sql, Optional.ofNullable(description), declared);
            terminal.out.println("Saved '" + q.name() + "' as " + q.id());
            return 0;
        }
    }

    /** A declaration from the command line: {@code region:text}, {@code from:date=2025-01-01}, {@code min:number:required}. */
    static QueryParameter parameter(String text) {
        int eq = text.indexOf('=');
        String head = eq < 0 ? text : text.substring(0, eq);
        Optional<String> defaultValue = eq < 0 ? Optional.empty() : Optional.of(text.substring(eq + 1));
        String[] parts = head.split(":", -1);
        if (parts.length < 2 || parts.length > 3 || (parts.length == 3 && !parts[2].equalsIgnoreCase("required"))) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "--param " + text + " is not NAME:TYPE[:required][=DEFAULT].")
                    .hint("For example --param region:text=North, --param from:date or --param min:number:required.")
                    .detail("parameter", "--param").build();
        }
        String name = parts[0].strip();
        return new QueryParameter(name, QueryParameter.Type.of(parts[1], name), defaultValue, parts.length == 3);
    }

    /** A declaration as the command line writes it, such as {@code from:date=2025-01-01}. */
    static String declaration(QueryParameter p) {
        return p.name() + ":" + p.type().label() + (p.required() ? ":required" : "") + p.defaultValue().map(d -> "=" + d).orElse("");
    }

    @Command(name = "show", description = "Print a saved query's SQL and the parameters it takes.")
    static final class Show extends AssayCommand {

        @Parameters(index = "0", paramLabel = "ID", description = "The saved query's id (see `assay saved list`).")
        String id;

        @Override
        int run(Workspace ws, TaskContext ctx, ProgressBar bar) throws Exception {
            SavedQuery q = ws.savedQueries().get(caller(), id);
            terminal.out.println("-- " + q.name() + q.description().map(d -> ": " + d).orElse(""));
            for (QueryParameter p : q.parameters()) {
                terminal.out.println("-- --param " + declaration(p));
            }
            terminal.out.println(q.sql());
            return 0;
        }
    }

    @Command(name = "run", description = "Run a saved query and print its rows, as `assay query` does; -p gives its parameters' values.")
    static final class Run extends AssayCommand {

        @Parameters(index = "0", paramLabel = "ID", description = "The saved query's id (see `assay saved list`).")
        String id;

        @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE",
                description = "A value for the parameter NAME (see `assay saved show`); repeat for each. One left out takes its default, "
                        + "else is NULL when optional.")
        Map<String, String> values = new LinkedHashMap<>();

        @Override
        int run(Workspace ws, TaskContext ctx, ProgressBar bar) throws Exception {
            SavedQueryService.Prepared p = ws.savedQueries().prepare(caller(), id, values);
            QueryOutcome o = ws.queries().run(caller(), p.request(Optional.empty(), OptionalLong.empty()), new QueryOutput.Stream(
                    cached -> new TextTableWriter(Integer.MAX_VALUE), terminal.out, QueryOutput.Delivery.FILE), p.event(caller(), origin()), ctx);
            terminal.out.flush();
            bar.finish();
            terminal.err.printf("%s%n", Terminal.seconds(o.elapsed()));
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a saved query.")
    static final class Delete extends AssayCommand {

        @Parameters(index = "0", paramLabel = "ID", description = "The saved query's id (see `assay saved list`).")
        String id;

        @Override
        int run(Workspace ws, TaskContext ctx, ProgressBar bar) throws Exception {
            SavedQuery q = ws.savedQueries().get(caller(), id);
            ws.savedQueries().delete(caller(), id);
            terminal.out.println("Deleted the saved query '" + q.name() + "' (" + id + ").");
            return 0;
        }
    }
}
