package io.assay.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.assay.engine.Column;
import io.assay.engine.ColumnType.Kind;
import io.assay.platform.export.ListRowStream;
import io.assay.platform.export.TextTableWriter;
import io.assay.platform.saved.ChartSpec;
import io.assay.platform.saved.Dashboard;
import io.assay.platform.saved.DashboardService;
import io.assay.platform.saved.QueryParameter;
import io.assay.platform.saved.SavedChart;
import io.assay.platform.saved.SavedChartService;
import io.assay.platform.task.TaskContext;
import io.assay.platform.workspace.Workspace;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code assay charts} and {@code assay dashboards}: the saved charts and dashboards the web page and REST keep, from the
 * terminal, through the same platform services (the local operator acts with an admin's rights, audited as such).
 */
@Command(name = "charts", description = "Saved charts (shared with the web page, REST and MCP): list, save, run.",
        subcommands = {ChartsCommand.ListCharts.class, ChartsCommand.Save.class, ChartsCommand.Run.class})
final class ChartsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "list", description = "List the saved charts: id, name, type, owner; --search keeps those whose name or description "
            + "holds the text.")
    static final class ListCharts extends AssayCommand {

        @Option(names = "--search", paramLabel = "TEXT", description = "Text to find in the name or description (any case).")
        String search;

        @Override
        int run(Workspace ws, TaskContext ctx, ProgressBar bar) throws Exception {
            List<SavedChart> charts = ws.savedCharts().list(caller(), Optional.ofNullable(search), Optional.empty(), 500);
            if (charts.isEmpty()) {
                terminal.out.println("No saved charts. Save one with `assay charts save NAME \"SELECT ...\" --type bar --x COL --y COL`.");
                return 0;
            }
            List<Object[]> rows = new ArrayList<>();
            for (SavedChart c : charts) {
                rows.add(new Object[] {c.id(), c.name(), c.spec().type().id(), c.owner(), c.description().orElse("")});
            }
            new TextTableWriter(Integer.MAX_VALUE, false).write(new ListRowStream(List.of(ListRowStream.column("id", Kind.TEXT),
                    ListRowStream.column("name", Kind.TEXT), ListRowStream.column("type", Kind.TEXT), ListRowStream.column("owner", Kind.TEXT),
                    ListRowStream.column("description", Kind.TEXT)), rows), terminal.out);
            return 0;
        }
    }

    @Command(name = "save", description = "Save a chart of SQL (or of a saved query, --saved-query ID); prints its id. Saving runs it once "
            + "to check the columns it names.")
    static final class Save extends AssayCommand {

        @Parameters(index = "0", paramLabel = "NAME", description = "A name for it (1 to 200 characters).")
        String name;

        @Parameters(index = "1", arity = "0..1", paramLabel = "SQL", description = "The query it draws (leave out with --saved-query).")
        String sql;

        @Option(names = "--saved-query", paramLabel = "ID", description = "Draw this saved query instead of SQL.")
        String savedQuery;

        @Option(names = "--type", paramLabel = "TYPE", defaultValue = "bar", description = "bar, line, area, scatter, pie or table "
                + "(default: ${DEFAULT-VALUE}).")
        String type;

        @Option(names = "--x", paramLabel = "COLUMN", description = "The column along the horizontal axis.")
        String x;

        @Option(names = "--y", paramLabel = "COLUMN", description = "A numeric column to plot; repeat for more.")
        List<String> y = new ArrayList<>();

        @Option(names = "--series", paramLabel = "COLUMN", description = "A column whose values split the one y column into traces.")
        String series;

        @Option(names = "--aggregation", paramLabel = "AGG", defaultValue = "none", description = "none, sum, avg, count, min or max, "
                + "per x (default: ${DEFAULT-VALUE}).")
        String aggregation;

        @Option(names = "--color", paramLabel = "#RRGGBB", description = "A trace colour; repeat for more.")
        List<String> colors = new ArrayList<>();

        @Option(names = "--title", paramLabel = "TEXT", description = "The chart's title.")
        String title;

        @Option(names = "--description", paramLabel = "TEXT", description = "What it answers.")
        String description;

        @Option(names = "--param", paramLabel = "NAME:TYPE[:required][=DEFAULT]", description = "Declare a parameter of the SQL, "
                + "as `assay saved save` does.")
        List<String> params = new ArrayList<>();

        @Override
        int run(Workspace ws, TaskContext ctx, ProgressBar bar) throws Exception {
            List<QueryParameter> declared = new ArrayList<>();
            for (String p : params) {
                declared.add(SavedCommand.parameter(p));
            }
            ChartSpec spec = new ChartSpec(ChartSpec.Type.parse(type), Optional.ofNullable(x), y, Optional.ofNullable(series),
                    ChartSpec.Aggregation.parse(aggregation), colors, Optional.ofNullable(title));
            SavedChart c = ws.savedCharts().create(caller(), new SavedChart.Draft(name, Optional.ofNullable(description),
                    Optional.ofNullable(savedQuery), Optional.ofNullable(sql), declared, spec), origin());
            terminal.out.println("Saved chart '" + c.name() + "' as " + c.id());
            return 0;
        }
    }

    @Command(name = "run", description = "Print a chart's rows: its kept result when there is one, else a fresh run; -p gives values.")
    static final class Run extends AssayCommand {

        @Parameters(index = "0", paramLabel = "ID", description = "The chart's id (see `assay charts list`).")
        String id;

        @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", description = "A value for a parameter of its query; repeat for each.")
        Map<String, String> values = new LinkedHashMap<>();

        @Option(names = "--refresh", description = "Run it anew rather than print its kept result.")
        boolean refresh;

        @Override
        int run(Workspace ws, TaskContext ctx, ProgressBar bar) throws Exception {
            SavedChartService.ChartResult r = ws.savedCharts().run(caller(), id, values, refresh, origin());
            print(r, terminal.out);
            terminal.err.println(r.cached() ? "kept result of " + r.computedAt() : r.rows().size() + " rows");
            return 0;
        }
    }

    static void print(SavedChartService.ChartResult r, PrintStream out) throws Exception {
        List<Column> text = new ArrayList<>();
        for (Column c : r.columns()) {
            text.add(ListRowStream.column(c.name(), Kind.TEXT));
        }
        List<Object[]> rows = new ArrayList<>();
        for (List<Object> row : r.rows()) {
            rows.add(row.stream().map(v -> v == null ? null : v.toString()).toArray());
        }
        new TextTableWriter(Integer.MAX_VALUE, false).write(new ListRowStream(text, rows), out);
    }

    /** {@code assay dashboards}: list, save (from the JSON REST takes) and run dashboards. */
    @Command(name = "dashboards", description = "Dashboards (shared with the web page and REST): list, save, run, export.",
            subcommands = {Dashboards.ListDashboards.class, Dashboards.Save.class, Dashboards.RunDashboard.class, Dashboards.Export.class})
    static final class Dashboards implements Runnable {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(System.out);
        }

        @Command(name = "list", description = "List the dashboards: id, name, owner, cards.")
        static final class ListDashboards extends AssayCommand {

            @Override
            int run(Workspace ws, TaskContext ctx, ProgressBar bar) throws Exception {
                List<Dashboard> all = ws.dashboards().list(caller(), Optional.empty(), Optional.empty(), 500);
                if (all.isEmpty()) {
                    terminal.out.println("No dashboards. Save one with `assay dashboards save dashboard.json`.");
                    return 0;
                }
                List<Object[]> rows = new ArrayList<>();
                for (Dashboard d : all) {
                    rows.add(new Object[] {d.id(), d.name(), d.owner(), Integer.toString(d.cards().size())});
                }
                new TextTableWriter(Integer.MAX_VALUE, false).write(new ListRowStream(List.of(ListRowStream.column("id", Kind.TEXT),
                        ListRowStream.column("name", Kind.TEXT), ListRowStream.column("owner", Kind.TEXT),
                        ListRowStream.column("cards", Kind.TEXT)), rows), terminal.out);
                return 0;
            }
        }

        @Command(name = "save", description = "Make a dashboard from a JSON file of the form POST /api/v1/dashboards takes; prints its id.")
        static final class Save extends AssayCommand {

            @Parameters(index = "0", paramLabel = "FILE", description = "{name, description, cards: [...], filters: [...]}")
            Path file;

            @Override
            int run(Workspace ws, TaskContext ctx, ProgressBar bar) throws Exception {
                Dashboard d = ws.dashboards().create(caller(), DashboardService.draft(new ObjectMapper().readTree(Files.readString(file))),
                        origin());
                terminal.out.println("Saved dashboard '" + d.name() + "' as " + d.id());
                return 0;
            }
        }

        @Command(name = "export", description = "Export a dashboard as PDF (A4 landscape pages) or PNG (one image), run as you with "
                + "its filters (-f) or their defaults; prints the file written.")
        static final class Export extends AssayCommand {

            @Parameters(index = "0", paramLabel = "ID", description = "The dashboard's id (see `assay dashboards list`).")
            String id;

            @Option(names = "--format", paramLabel = "FORMAT", description = "pdf or png (default: the file's extension, else pdf).")
            String format;

            @Option(names = {"-o", "--out"}, paramLabel = "FILE", required = true, description = "The file to write.")
            Path out;

            @Option(names = {"-f", "--filter"}, paramLabel = "NAME=VALUE", description = "A filter's value (FROM,TO for a date range); "
                    + "repeat for each.")
            Map<String, String> filters = new LinkedHashMap<>();

            @Override
            int run(Workspace ws, TaskContext ctx, ProgressBar bar) throws Exception {
                String name = out.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
                io.assay.platform.export.DashboardExporter.Format f = io.assay.platform.export.DashboardExporter.Format.parse(
                        format != null ? format : name.endsWith(".png") ? "png" : "pdf");
                Map<String, Object> values = new LinkedHashMap<>();
                filters.forEach((k, v) -> values.put(k, v.contains(",") ? List.of(v.split(",", -1)) : v));
                Path written = ws.dashboardExports().exportTo(caller(), id, values, f, out, origin());
                terminal.out.println("Dashboard written to " + written);
                return 0;
            }
        }

        @Command(name = "run", description = "Print each card of a dashboard: its rows, KPI or text; -f sets a filter.")
        static final class RunDashboard extends AssayCommand {

            @Parameters(index = "0", paramLabel = "ID", description = "The dashboard's id (see `assay dashboards list`).")
            String id;

            @Option(names = {"-f", "--filter"}, paramLabel = "NAME=VALUE", description = "A filter's value (FROM,TO for a date range); "
                    + "repeat for each.")
            Map<String, String> filters = new LinkedHashMap<>();

            @Override
            int run(Workspace ws, TaskContext ctx, ProgressBar bar) throws Exception {
                Map<String, Object> values = new LinkedHashMap<>();
                filters.forEach((k, v) -> values.put(k, v.contains(",") ? List.of(v.split(",", -1)) : v));
                DashboardService.Run run = ws.dashboards().run(caller(), id, values, false, origin());
                terminal.out.println("# " + run.dashboard().name());
                for (DashboardService.CardResult c : run.cards()) {
                    terminal.out.println();
                    terminal.out.println("## " + c.card().title().orElse(c.card().id()) + " (" + c.card().kind().name().toLowerCase(java.util.Locale.ROOT)
                            + ")");
                    if (c.error().isPresent()) {
                        terminal.out.println("error: " + c.error().get().getMessage());
                    } else if (c.kpi().isPresent()) {
                        DashboardService.Kpi k = c.kpi().get();
                        terminal.out.println(k.column() + ": " + k.value().map(String::valueOf).orElse("-") + " (previous "
                                + k.previous().map(String::valueOf).orElse("-") + ", change " + k.change().map(String::valueOf).orElse("-") + ")");
                    } else if (c.result().isPresent()) {
                        print(c.result().get(), terminal.out);
                    } else {
                        terminal.out.println(c.card().markdown().orElse(""));
                    }
                }
                return 0;
            }
        }
    }
}
