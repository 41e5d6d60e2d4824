package io.assay.cli;

import io.assay.engine.ColumnType.Kind;
import io.assay.platform.export.ListRowStream;
import io.assay.platform.export.TextTableWriter;
import io.assay.platform.query.QueryOutcome;
import io.assay.platform.query.QueryOutput;
import io.assay.platform.query.QueryRequest;
import io.assay.platform.saved.SavedQuery;
import io.assay.platform.task.TaskContext;
import io.assay.platform.workspace.Workspace;
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
 * {@code assay saved}: the saved queries the web page and REST keep, from the terminal: list, save,
 * show, run (through the same query pipeline as {@code assay query}) and delete.
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

    @Command(name = "list", description = "List the saved queries: id, name, owner, last change.")
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
                rows.add(new Object[] {q.id(), q.name(), q.owner(), WHEN.format(q.updatedAt()), q.description().orElse("")});
            }
            new TextTableWriter(Integer.MAX_VALUE, false).write(new ListRowStream(List.of(
                    ListRowStream.column("id", Kind.TEXT), ListRowStream.column("name", Kind.TEXT),
                    ListRowStream.column("owner", Kind.TEXT), ListRowStream.column("changed", Kind.TEXT),
                    ListRowStream.column("description", Kind.TEXT)), rows), terminal.out);
            return 0;
        }
    }

    @Command(name = "save", description = "Save a query under a name; prints its id.")
    static final class Save extends AssayCommand {

        @Parameters(index = "0", paramLabel = "NAME", description = "A name for it (1 to 200 characters).")
        String name;

        @Parameters(index = "1", paramLabel = "SQL", description = "The query.")
        String sql;

        @Option(names = "--description", paramLabel = "TEXT", description = "What it answers.")
        String description;

        @Override
        int run(Workspace ws, TaskContext ctx, ProgressBar bar) throws Exception {
            SavedQuery q = ws.savedQueries().create(caller(), name, sql, Optional.ofNullable(description));
            terminal.out.println("Saved '" + q.name() + "' as " + q.id());
            return 0;
        }
    }

    @Command(name = "show", description = "Print a saved query's SQL.")
    static final class Show extends AssayCommand {

        @Parameters(index = "0", paramLabel = "ID", description = "The saved query's id (see `assay saved list`).")
        String id;

        @Override
        int run(Workspace ws, TaskContext ctx, ProgressBar bar) throws Exception {
            SavedQuery q = ws.savedQueries().get(caller(), id);
            terminal.out.println("-- " + q.name() + q.description().map(d -> ": " + d).orElse(""));
            terminal.out.println(q.sql());
            return 0;
        }
    }

    @Command(name = "run", description = "Run a saved query and print its rows, as `assay query` does.")
    static final class Run extends AssayCommand {

        @Parameters(index = "0", paramLabel = "ID", description = "The saved query's id (see `assay saved list`).")
        String id;

        @Override
        int run(Workspace ws, TaskContext ctx, ProgressBar bar) throws Exception {
            SavedQuery q = ws.savedQueries().get(caller(), id);
            QueryOutcome o = ws.queries().run(caller(), QueryRequest.of(q.sql()), new QueryOutput.Stream(
                    cached -> new TextTableWriter(Integer.MAX_VALUE), terminal.out, QueryOutput.Delivery.FILE), origin(), ctx);
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
