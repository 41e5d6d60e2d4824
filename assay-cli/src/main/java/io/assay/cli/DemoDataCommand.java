package io.assay.cli;

import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.platform.workspace.Workspace;
import io.assay.platform.catalog.Dataset;
import io.assay.platform.demo.DemoService;
import io.assay.platform.task.TaskContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo-data", description = "Generate the demo e-commerce warehouse (customers, products, orders, order_items) inside the engine. "
        + "Deterministic from --seed; --scale 1 is about 100,000 orders, --scale 100 about 10 million.")
final class DemoDataCommand extends AssayCommand {

    @Option(names = "--scale", paramLabel = "N", defaultValue = "1", description = "Size factor, 1 to 10000 (default 1).")
    int scale;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "" + DemoService.DEFAULT_SEED,
            description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    int run(Workspace ws, TaskContext ctx, ProgressBar bar) {
        if (scale < 1 || scale > 10_000) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "--scale must be between 1 and 10000, not " + scale + ".")
                    .detail("parameter", "scale")
                    .build();
        }
        print(terminal, bar, ws.generateDemo(caller(), seed, scale, origin(), ctx));
        return 0;
    }

    static void print(Terminal terminal, ProgressBar bar, DemoService.DemoResult result) {
        bar.finish();
        terminal.out.printf("Generated the demo warehouse in %s:%n", Terminal.seconds(result.elapsed()));
        for (Dataset d : result.datasets()) {
            terminal.out.printf("  %-12s %,12d rows  %2d columns%n", d.name(), d.rows(), d.columns());
        }
        terminal.out.println("Planted anomalies, for the analysis to find:");
        result.injectedAnomalies().forEach(a -> terminal.out.println("  - " + a));
    }
}
