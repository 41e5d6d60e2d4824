package io.assay.cli;

import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.platform.query.QueryOutput;
import io.assay.platform.workspace.Workspace;
import io.assay.platform.config.ConfigLoader;
import io.assay.platform.export.ResultFormat;
import io.assay.platform.export.ResultWriter;
import io.assay.platform.export.TextTableWriter;
import io.assay.platform.query.QueryOutcome;
import io.assay.platform.query.QueryRequest;
import io.assay.platform.task.TaskContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

@Command(name = "query", description = "Run SQL on the warehouse. Datasets are tables of the same name. "
        + "Results stream, so any size can be written with --format csv|json|ndjson|parquet --out FILE.")
final class QueryCommand extends AssayCommand {

    @Parameters(index = "0", paramLabel = "SQL", description = "The query, such as \"SELECT * FROM orders LIMIT 10\".")
    String sql;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default), csv, json, ndjson or parquet (parquet needs --out).")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the result to this file instead of the terminal.")
    Path out;

    @Option(names = "--limit", paramLabel = "N",
            description = "Return at most N rows (table format: " + TextTableWriter.DEFAULT_SHOWN_ROWS + " by default).")
    Long limit;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "Stop the query after this long: 30s, 5m (default from config).")
    String timeout;

    @Override
    int run(Workspace ws, TaskContext ctx, ProgressBar bar) {
        ResultFormat f;
        try {
            f = ResultFormat.parse(format);
        } catch (IllegalArgumentException e) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "Unknown format '" + format + "'.")
                    .hint("Choose table, csv, json, ndjson or parquet.")
                    .detail("parameter", "format")
                    .build();
        }
        if (limit != null && limit < 0) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "--limit must not be negative.").detail("parameter", "limit").build();
        }
        OptionalLong cap = limit != null ? OptionalLong.of(limit)
                : f == ResultFormat.TABLE && out == null ? OptionalLong.of(TextTableWriter.DEFAULT_SHOWN_ROWS) : OptionalLong.empty();
        QueryRequest request = new QueryRequest(sql,
                Optional.ofNullable(timeout).map(t -> ConfigLoader.parseDuration("timeout", t)), cap);
        if (out != null) {
            QueryOutcome o = ws.queries().run(caller(), request, new QueryOutput.Export(f, out, QueryOutput.Delivery.FILE), origin(), ctx)
                    .outcome();
            bar.finish();
            terminal.err.printf("wrote %,d rows to %s in %s%n", o.rows(), out, Terminal.seconds(o.elapsed()));
            return 0;
        }
        if (f.binary()) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, f.name().toLowerCase(Locale.ROOT) + " output needs a file.")
                    .hint("Add --out FILE.parquet.")
                    .detail("parameter", "out")
                    .build();
        }
        ResultWriter writer = f == ResultFormat.TABLE ? new TextTableWriter(Integer.MAX_VALUE) : ResultWriter.of(f);
        QueryOutcome o = ws.queries().run(caller(), request, new QueryOutput.Stream(cached -> writer, terminal.out, QueryOutput.Delivery.FILE),
                origin(), ctx);
        terminal.out.flush();
        bar.finish();
        if (f == ResultFormat.TABLE) {
            terminal.err.printf("%s%n", Terminal.seconds(o.elapsed()));
        }
        return 0;
    }
}
