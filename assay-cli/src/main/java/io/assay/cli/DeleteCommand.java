package io.assay.cli;

import io.assay.platform.Assay;
import io.assay.platform.task.TaskContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "delete", description = "Delete a dataset with its rejected rows.")
final class DeleteCommand extends AssayCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The dataset.")
    String name;

    @Override
    int run(Assay assay, TaskContext ctx, ProgressBar bar) {
        assay.datasets().delete(name);
        terminal.out.println("Deleted " + name + ".");
        return 0;
    }
}
