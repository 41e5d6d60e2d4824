package io.assay.cli;

import io.assay.analysis.model.AnalysisMode;
import io.assay.analysis.model.AnalysisResult;
import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.platform.workspace.Workspace;
import io.assay.platform.report.ReportFormat;
import io.assay.platform.task.TaskContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

@Command(name = "analyze", description = "Profile a dataset (or a file, imported first): schema, statistics, data-quality findings with a score, "
        + "and insights over time (trend, seasonality, anomalies and what drove them). Prints a summary and "
        + "keeps an HTML report in the data directory.")
final class AnalyzeCommand extends AssayCommand {

    @Parameters(index = "0", paramLabel = "TARGET", description = "A dataset name or a file path.")
    String target;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "full",
            description = "schema (metadata and a sample), quick (one scan) or full (default).")
    String mode;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the report here: .html, .json, .xlsx, .md or .pdf.")
    Path out;

    @Option(names = "--time-column", paramLabel = "COLUMN", description = "The column for insights over time (detected by default).")
    String timeColumn;

    @Option(names = "--sample", paramLabel = "N", description = "Analyse a sample of about N rows.")
    Long sample;

    @Override
    int run(Workspace ws, TaskContext ctx, ProgressBar bar) {
        AnalysisMode m;
        try {
            m = AnalysisMode.parse(mode);
        } catch (IllegalArgumentException e) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "Unknown mode '" + mode + "'.")
                    .hint("Choose schema, quick or full.").detail("parameter", "mode").build();
        }
        if (out != null) {
            ReportFormat.fromFileName(out.getFileName().toString()); // fail before the work, not after
        }
        Workspace.Analysed analysed = ws.analyze(caller(), target, m, Optional.ofNullable(timeColumn),
                sample == null ? OptionalLong.empty() : OptionalLong.of(sample), origin(), ctx);
        AnalysisResult result = analysed.result();
        Path kept = analysed.run().isPresent()
                ? ws.analyses().report(caller(), analysed.run().get().id(), ReportFormat.HTML, origin())
                : ws.keepReport(result);
        bar.finish();
        terminal.out.print(ws.renderReport(result, ReportFormat.MARKDOWN));
        terminal.out.println();
        terminal.out.println("HTML report: " + kept);
        if (out != null) {
            terminal.out.println("Report written to " + ws.writeReport(result, out));
        }
        return 0;
    }
}
