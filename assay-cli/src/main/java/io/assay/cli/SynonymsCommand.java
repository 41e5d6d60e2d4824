package io.assay.cli;

import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.platform.catalog.DatasetName;
import io.assay.platform.task.TaskContext;
import io.assay.platform.workspace.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Map;

@Command(name = "synonyms", description = "Show or edit the synonyms `assay ask` uses for a dataset: a phrase people say and the SQL "
        + "expression it stands for, such as revenue=sum(total_amount). The same as the API's /api/v1/datasets/{name}/synonyms.")
final class SynonymsCommand extends AssayCommand {

    @Parameters(index = "0", paramLabel = "DATASET", description = "The dataset.")
    String dataset;

    @Option(names = "--set", paramLabel = "PHRASE=EXPRESSION", description = "Add or replace a synonym, such as 'revenue=sum(total_amount)'.")
    String set;

    @Option(names = "--remove", paramLabel = "PHRASE", description = "Remove a synonym.")
    String remove;

    @Override
    int run(Workspace ws, TaskContext ctx, ProgressBar bar) {
        DatasetName name = DatasetName.of(dataset, "DATASET");
        Map<String, String> now;
        if (set != null) {
            int eq = set.indexOf('=');
            if (eq <= 0) {
                throw AssayException.of(ErrorCode.INVALID_INPUT, "'" + set + "' is not PHRASE=EXPRESSION.")
                        .hint("Write it as --set 'revenue=sum(total_amount)'.").detail("parameter", "--set").build();
            }
            now = ws.ask().putSynonym(caller(), name, set.substring(0, eq), set.substring(eq + 1), origin());
        } else if (remove != null) {
            now = ws.ask().removeSynonym(caller(), name, remove, origin());
        } else {
            now = ws.ask().synonyms(caller(), name);
        }
        bar.finish();
        if (now.isEmpty()) {
            terminal.out.println(dataset + " has no synonyms.");
        }
        now.forEach((p, e) -> terminal.out.println(p + " = " + e));
        return 0;
    }
}
