package io.assay.cli;

import io.assay.engine.ColumnType.Kind;
import io.assay.platform.export.ListRowStream;
import io.assay.platform.export.TextTableWriter;
import io.assay.platform.task.TaskContext;
import io.assay.platform.workspace.DatasetGateway;
import io.assay.platform.workspace.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

@Command(name = "columns", description = "Find columns across the datasets by name, SQL type or semantic type (from each dataset's "
        + "latest analysis): where a field lives, or which datasets hold personal data.")
final class ColumnsCommand extends AssayCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "TEXT", description = "Text the column name contains (case-insensitive).")
    String text;

    @Option(names = "--type", paramLabel = "TYPE", description = "A SQL type (INTEGER, VARCHAR, DATE, ...) or a family: numeric, temporal, text.")
    String type;

    @Option(names = "--semantic", paramLabel = "TYPE", description = "A semantic type: id, category, email, currency_amount, person_name, ...")
    String semantic;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "The most matches (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    int run(Workspace ws, TaskContext ctx, ProgressBar bar) throws Exception {
        List<DatasetGateway.ColumnMatch> found = ws.datasets().searchColumns(caller(), Optional.ofNullable(text), Optional.ofNullable(type),
                Optional.ofNullable(semantic), Math.max(1, Math.min(limit, 1000)));
        if (found.isEmpty()) {
            terminal.out.println("No column matches. Semantic types are known for analysed datasets only (`assay analyze DATASET`).");
            return 0;
        }
        List<Object[]> rows = new ArrayList<>();
        for (DatasetGateway.ColumnMatch m : found) {
            rows.add(new Object[] {m.dataset(), m.column(), m.type().nativeName().toLowerCase(java.util.Locale.ROOT),
                    m.semanticType().map(s -> s.replace('_', ' ')).orElse(""), m.personalData().orElse(false) ? "yes" : ""});
        }
        new TextTableWriter(Integer.MAX_VALUE, false).write(new ListRowStream(List.of(
                ListRowStream.column("dataset", Kind.TEXT), ListRowStream.column("column", Kind.TEXT),
                ListRowStream.column("type", Kind.TEXT), ListRowStream.column("semantic type", Kind.TEXT),
                ListRowStream.column("personal data", Kind.TEXT)), rows), terminal.out);
        return 0;
    }
}
