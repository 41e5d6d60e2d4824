package io.assay.cli;

import io.assay.engine.LoadResult.Rejection;
import io.assay.platform.catalog.DatasetName;
import io.assay.platform.workspace.Workspace;
import io.assay.platform.export.Values;
import io.assay.platform.imports.ImportMode;
import io.assay.platform.imports.ImportRequest;
import io.assay.platform.imports.ImportResult;
import io.assay.platform.task.TaskContext;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

@Command(name = "import", description = "Import a file as a dataset: CSV/TSV (also .gz), Parquet, JSON/NDJSON, XLSX; "
        + "or copy a table of one of your databases: CONNECTION.schema.table (see `assay connect`). "
        + "Delimiter, header, encoding, decimal comma and date formats are detected; --option overrides them.")
final class ImportCommand extends AssayCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "The file to import, or CONNECTION.schema.table.")
    Path file;

    @Option(names = "--name", paramLabel = "NAME", description = "Dataset name (default: from the file name).")
    String name;

    @ArgGroup(exclusive = true)
    Mode mode = new Mode();

    static final class Mode {
        @Option(names = "--replace", description = "Replace the dataset if it exists (atomically).")
        boolean replace;

        @Option(names = "--append", description = "Append the rows to the existing dataset.")
        boolean append;
    }

    @Option(names = "--option", paramLabel = "KEY=VALUE", description = "Reader option overriding detection, repeatable: delimiter, quote, escape, header, encoding, "
        + "decimal_separator, date_format, timestamp_format, skip, null, sample_size, all_varchar, max_line_size; sheet (XLSX).")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--skip-bad-rows", description = "Load the rows that parse; keep the others for `assay rejects NAME`.")
    boolean skipBadRows;

    @Override
    int run(Workspace ws, TaskContext ctx, ProgressBar bar) {
        ImportMode m = mode.replace ? ImportMode.REPLACE : mode.append ? ImportMode.APPEND : ImportMode.CREATE;
        ImportResult r = ws.datasets().importLocal(caller(),
                new ImportRequest(file, Optional.ofNullable(name).map(n -> DatasetName.of(n, "--name")), m, options, skipBadRows), origin(), ctx);
        bar.finish();
        var d = r.dataset();
        String from = d.sourceBytes() > 0 ? file.getFileName() + " (" + d.format() + ", " + Terminal.bytes(d.sourceBytes()) + ")"
                : d.source() + " (" + d.format() + ")";
        terminal.out.printf("%s %s: %,d rows, %d columns from %s in %s%n",
                m == ImportMode.APPEND ? "Appended to" : "Imported", d.name(), r.rowsLoaded(), d.columns(), from,
                Terminal.seconds(r.elapsed()));
        for (String note : r.notes()) {
            terminal.out.println("  " + note);
        }
        if (r.rejectedRows() > 0) {
            terminal.out.printf("  %,d rows could not be read and were kept aside; see them with `assay rejects %s`:%n",
                    r.rejectedRows(), d.name());
            for (Rejection x : r.firstRejections()) {
                terminal.out.printf("    line %d%s: %s%n", x.line(), x.column().isEmpty() ? "" : " (" + x.column() + ")",
                        Values.abbreviate(x.error(), 100));
            }
        }
        return 0;
    }
}
