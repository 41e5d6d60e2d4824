package io.assay.cli;

import io.assay.platform.catalog.DatasetName;
import io.assay.platform.workspace.Workspace;
import io.assay.platform.task.TaskContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "delete", description = "Delete a dataset with its rejected rows.")
final class DeleteCommand extends AssayCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The dataset.")
    String name;

    @Override
    int run(Workspace ws, TaskContext ctx, ProgressBar bar) {
        DatasetName dataset = DatasetName.of(name, "NAME");
        ws.datasets().delete(caller(), dataset, origin());
        terminal.out.println("Deleted " + dataset + ".");
        return 0;
    }
}
