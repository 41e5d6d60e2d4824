package io.assay.cli;

import io.assay.engine.ColumnType.Kind;
import io.assay.platform.workspace.Workspace;
import io.assay.platform.catalog.Dataset;
import io.assay.platform.export.ListRowStream;
import io.assay.platform.export.TextTableWriter;
import io.assay.platform.export.Values;
import io.assay.platform.task.TaskContext;
import picocli.CommandLine.Command;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

@Command(name = "datasets", description = "List the datasets: rows, columns, size, source and when imported.")
final class DatasetsCommand extends AssayCommand {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    @Override
    int run(Workspace ws, TaskContext ctx, ProgressBar bar) throws Exception {
        List<Dataset> datasets = ws.datasets().list(caller()).stream().map(v -> v.dataset()).toList();
        if (datasets.isEmpty()) {
            terminal.out.println("No datasets yet. Import one with `assay import FILE`, or try `assay demo`.");
            return 0;
        }
        List<Object[]> rows = new ArrayList<>();
        for (Dataset d : datasets) {
            long size = d.sourceBytes() > 0 ? d.sourceBytes() : d.storedBytes();
            rows.add(new Object[] {d.name(), d.rows(), (long) d.columns(), size == 0 ? "" : Terminal.bytes(size),
                    d.rejectedRows(), Values.abbreviateMiddle(d.source(), 40), WHEN.format(d.updatedAt())});
        }
        new TextTableWriter(Integer.MAX_VALUE, false).write(new ListRowStream(List.of(
                ListRowStream.column("name", Kind.TEXT), ListRowStream.column("rows", Kind.INTEGER),
                ListRowStream.column("columns", Kind.INTEGER), ListRowStream.column("size", Kind.TEXT),
                ListRowStream.column("rejected", Kind.INTEGER), ListRowStream.column("source", Kind.TEXT),
                ListRowStream.column("imported", Kind.TEXT)), rows), terminal.out);
        return 0;
    }
}
