package io.assay.cli;

import io.assay.analysis.model.AnalysisMode;
import io.assay.analysis.model.AnalysisResult;
import io.assay.platform.catalog.DatasetName;
import io.assay.platform.report.ReportFormat;
import io.assay.platform.demo.DemoService;
import io.assay.platform.export.TextTableWriter;
import io.assay.platform.imports.ImportMode;
import io.assay.platform.imports.ImportRequest;
import io.assay.platform.imports.ImportResult;
import io.assay.platform.query.QueryOutput;
import io.assay.platform.query.QueryRequest;
import io.assay.platform.task.TaskContext;
import io.assay.platform.workspace.AnalysisRuns;
import io.assay.platform.workspace.Workspace;
import io.assay.server.AssayServer;
import io.micrometer.core.instrument.MeterRegistry;
import picocli.CommandLine.Command;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

@Command(name = "demo", description = "The tour: generate the demo warehouse (first time only), import a sample file, list the datasets, "
        + "answer a few questions with SQL, and analyse the orders.")
final class DemoCommand extends AssayCommand {

    @picocli.CommandLine.Option(names = "--serve", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Start the server after the tour and print its URL (default: on; --no-serve to end after the tour).")
    boolean serve;

    @picocli.CommandLine.Option(names = "--port", paramLabel = "PORT", description = "Port for the server (default 8080).")
    Integer port;

    @Override
    java.util.Map<String, String> settings() {
        return port == null ? java.util.Map.of() : java.util.Map.of("server.port", port.toString());
    }

    @Override
    MeterRegistry metrics() {
        // The tour ends by serving: the workspace's metrics then go to the server's Prometheus registry.
        return serve ? AssayServer.newMetrics() : super.metrics();
    }

    @Override
    int run(Workspace ws, TaskContext ctx, ProgressBar bar) throws Exception {
        section("1. Demo data");
        if (ws.demoPresent()) {
            terminal.out.println("The demo warehouse is there already (remove it with `assay demo-data` to regenerate).");
        } else {
            DemoDataCommand.print(terminal, bar, ws.generateDemo(caller(), DemoService.DEFAULT_SEED, 1, origin(), ctx));
        }

        section("2. Import a file");
        // The sample stays in the data directory, so the dataset's source is a file that exists.
        Path sample = ws.writeDemoSample(ws.config().dataDir().resolve("samples"));
        terminal.out.println("$ assay import " + sample + " --name " + DemoService.SAMPLE_DATASET + " --replace");
        ImportResult r = ws.datasets().importLocal(caller(), new ImportRequest(sample, Optional.of(DatasetName.of(DemoService.SAMPLE_DATASET)),
                ImportMode.REPLACE, Map.of(), false), origin(), ctx);
        bar.finish();
        terminal.out.printf("Imported %s: %,d rows, %d columns in %s%n", r.dataset().name(), r.rowsLoaded(),
                r.dataset().columns(), Terminal.seconds(r.elapsed()));
        r.notes().forEach(n -> terminal.out.println("  " + n));

        section("3. The catalog");
        terminal.out.println("$ assay datasets");
        DatasetsCommand datasets = new DatasetsCommand();
        datasets.run(ws, ctx, bar);

        section("4. Questions in SQL");
        for (DemoService.Example example : DemoService.EXAMPLES) {
            terminal.out.println("-- " + example.question());
            terminal.out.println("$ assay query \"" + example.sql().replaceAll("\\s+", " ").trim() + "\"");
            ws.queries().run(caller(), QueryRequest.of(example.sql()),
                    new QueryOutput.Stream(cached -> new TextTableWriter(Integer.MAX_VALUE), terminal.out, QueryOutput.Delivery.FILE), origin(), ctx);
            terminal.out.println();
        }
        section("5. Analyse the orders");
        terminal.out.println("$ assay analyze orders");
        AnalysisRuns.Run run = ws.analyses().analyzeNow(caller(), DatasetName.of("orders"), AnalysisMode.FULL, Optional.empty(),
                OptionalLong.empty(), origin(), ctx);
        AnalysisResult result = ws.analyses().result(caller(), run.id());
        Path report = ws.analyses().report(caller(), run.id(), ReportFormat.HTML, origin());
        bar.finish();
        terminal.out.print(ws.renderReport(result, ReportFormat.MARKDOWN));
        terminal.out.println();
        terminal.out.println("The full report, with charts: " + report);
        terminal.out.println("Next: `assay analyze customers`, `assay query \"SELECT ...\"`, or `assay analyze YOUR_FILE`.");
        terminal.out.println("Data directory: " + ws.config().dataDir());
        if (serve) {
            section("6. Serve it");
            ServeCommand.serve(ws, terminal, (io.micrometer.prometheusmetrics.PrometheusMeterRegistry) ws.metrics());
        }
        return 0;
    }

    void section(String title) {
        terminal.out.println();
        terminal.out.println("== " + title);
    }
}
