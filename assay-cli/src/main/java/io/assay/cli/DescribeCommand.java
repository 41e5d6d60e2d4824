package io.assay.cli;

import io.assay.engine.ColumnType.Kind;
import io.assay.platform.catalog.DatasetName;
import io.assay.platform.workspace.Workspace;
import io.assay.platform.catalog.Dataset;
import io.assay.platform.catalog.DatasetDescription;
import io.assay.platform.export.ListRowStream;
import io.assay.platform.export.TextTableWriter;
import io.assay.platform.task.TaskContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

@Command(name = "describe", description = "Show a dataset's columns: types, nullability and example values.")
final class DescribeCommand extends AssayCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The dataset.")
    String name;

    @Override
    int run(Workspace ws, TaskContext ctx, ProgressBar bar) throws Exception {
        DatasetDescription description = ws.datasets().describe(caller(), DatasetName.of(name, "NAME"), origin()).description();
        Dataset d = description.dataset();
        terminal.out.printf("%s: %,d rows, %d columns%n", d.name(), d.rows(), d.columns());
        terminal.out.printf("source: %s (%s)%s%n", d.source(), d.format(),
                d.rejectedRows() > 0 ? String.format("; %,d rows rejected", d.rejectedRows()) : "");
        if (!d.options().isEmpty()) {
            terminal.out.println("read with: " + d.options().toString().replace("\t", "\\t"));
        }
        terminal.out.println();
        List<Object[]> rows = new ArrayList<>();
        for (DatasetDescription.ColumnInfo c : description.columns()) {
            rows.add(new Object[] {c.name(), c.type().nativeName().toLowerCase(java.util.Locale.ROOT),
                    c.nullable() ? "yes" : "no", String.join(", ", c.examples())});
        }
        new TextTableWriter(Integer.MAX_VALUE, false).write(new ListRowStream(List.of(
                ListRowStream.column("column", Kind.TEXT), ListRowStream.column("type", Kind.TEXT),
                ListRowStream.column("nullable", Kind.TEXT), ListRowStream.column("examples", Kind.TEXT)), rows), terminal.out);
        return 0;
    }
}
