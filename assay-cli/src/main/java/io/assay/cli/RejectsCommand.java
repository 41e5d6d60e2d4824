package io.assay.cli;

import io.assay.platform.catalog.DatasetName;
import io.assay.platform.workspace.Workspace;
import io.assay.platform.export.TextTableWriter;
import io.assay.platform.task.TaskContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.UncheckedIOException;

@Command(name = "rejects", description = "Show the rows of a dataset's imports that could not be read: line, column, error, raw text.")
final class RejectsCommand extends AssayCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The dataset.")
    String name;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "Show at most N rows (default 100).")
    long limit;

    @Override
    int run(Workspace ws, TaskContext ctx, ProgressBar bar) {
        return ws.datasets().rejects(caller(), DatasetName.of(name, "NAME"), limit, origin(), rows -> {
            try {
                new TextTableWriter(Integer.MAX_VALUE).write(rows, terminal.out);
                return 0;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
