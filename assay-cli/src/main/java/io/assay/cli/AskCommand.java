package io.assay.cli;

import io.assay.platform.ask.AskPlan;
import io.assay.platform.catalog.DatasetName;
import io.assay.platform.export.TextTableWriter;
import io.assay.platform.query.QueryOutcome;
import io.assay.platform.query.QueryOutput;
import io.assay.platform.query.QueryRequest;
import io.assay.platform.task.TaskContext;
import io.assay.platform.workspace.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

@Command(name = "ask", description = "Ask a question in plain English: prints the SQL it chose, what it means in words and the result. "
        + "Grounded in the datasets' columns, values, synonyms and dates; run like any query (same checks, limits and audit). "
        + "The same as the API's POST /api/v1/ask and MCP's ask.")
final class AskCommand extends AssayCommand {

    @Parameters(index = "0", paramLabel = "QUESTION", description = "The question, such as \"Which 3 products sold the most units in March?\".")
    String question;

    @Option(names = "--dataset", paramLabel = "NAME", description = "A dataset to ask about; repeatable (default: every dataset).")
    List<String> datasets = new ArrayList<>();

    @Option(names = "--sql-only", description = "Print only the SQL, and run nothing.")
    boolean sqlOnly;

    @Option(names = "--limit", paramLabel = "N", description = "Show at most N rows (" + TextTableWriter.DEFAULT_SHOWN_ROWS + " by default).")
    Long limit;

    @Override
    int run(Workspace ws, TaskContext ctx, ProgressBar bar) {
        List<DatasetName> among = datasets.stream().map(d -> DatasetName.of(d, "--dataset")).toList();
        AskPlan plan = ws.ask().plan(caller(), question, among, origin(), ctx);
        if (sqlOnly) {
            bar.finish();
            terminal.out.println(plan.sql());
            terminal.out.flush();
            return 0;
        }
        bar.finish();
        terminal.out.println(plan.sql());
        terminal.out.println("-- " + plan.explanation() + (plan.source().equals("model") ? " (answered by the model)" : ""));
        plan.notes().forEach(n -> terminal.out.println("-- note: " + n));
        QueryRequest request = new QueryRequest(plan.sql(), Optional.empty(),
                OptionalLong.of(limit != null ? limit : TextTableWriter.DEFAULT_SHOWN_ROWS));
        TextTableWriter writer = new TextTableWriter(Integer.MAX_VALUE);
        QueryOutcome o = ws.ask().run(caller(), question, request,
                new QueryOutput.Stream(cached -> writer, terminal.out, QueryOutput.Delivery.FILE), origin(), ctx);
        terminal.out.flush();
        terminal.err.printf("%s%n", Terminal.seconds(o.elapsed()));
        return 0;
    }
}
