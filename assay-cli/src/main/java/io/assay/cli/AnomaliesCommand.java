package io.assay.cli;

import io.assay.analysis.insight.MetricAnomalies;
import io.assay.analysis.model.AnomalyInsight;
import io.assay.engine.AssayException;
import io.assay.engine.ColumnType.Kind;
import io.assay.engine.ErrorCode;
import io.assay.engine.TimeGrain;
import io.assay.platform.catalog.DatasetName;
import io.assay.platform.export.ListRowStream;
import io.assay.platform.export.TextTableWriter;
import io.assay.platform.report.HumanText;
import io.assay.platform.report.InsightText;
import io.assay.platform.task.TaskContext;
import io.assay.platform.workspace.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

@Command(name = "anomalies", description = "Find the anomalies of a metric over time: the buckets that trend and seasonality do not "
        + "explain, with their expected values, scores and the category values that drove them. The same question as the API's "
        + "POST /api/v1/datasets/{name}/anomalies and MCP's detect_anomalies.")
final class AnomaliesCommand extends AssayCommand {

    private static final Pattern CONDITION = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_ ]*?)\\s*(<=|>=|!=|<>|=|<|>)\\s*(.*)");

    @Parameters(index = "0", paramLabel = "DATASET", description = "The dataset.")
    String dataset;

    @Option(names = "--time", paramLabel = "COLUMN", description = "The date or time column (detected by default).")
    String time;

    @Option(names = "--measure", paramLabel = "COLUMN", description = "A numeric column to measure (default: count the rows).")
    String measure;

    @Option(names = "--aggregate", paramLabel = "HOW", description = "sum, avg or count (default with --measure: avg for a measurement "
            + "such as cpu, temperature, price or latency, sum for counts and amounts; a note says which).")
    String aggregate;

    @Option(names = "--grain", paramLabel = "GRAIN", description = "minute, hour, day, week, month, quarter or year (default: the data's own "
            + "step when its times are regular, e.g. every 5 minutes; else chosen from the span).")
    String grain;

    @Option(names = "--by", paramLabel = "COLUMN", description = "A category column that may explain an anomaly; repeatable (default: low-cardinality text columns).")
    List<String> by = new ArrayList<>();

    @Option(names = "--where", paramLabel = "CONDITION", description = "Keep only rows where COLUMN=VALUE (or !=, <, <=, >, >=); repeatable, all must hold.")
    List<String> where = new ArrayList<>();

    @Option(names = {"--max", "--top"}, paramLabel = "N", description = "The most anomalies to show, of those the significance test finds, strongest first, 1 to 50 (default "
            + MetricAnomalies.DEFAULT_MAX_ANOMALIES + ").")
    Integer max;

    @Override
    int run(Workspace ws, TaskContext ctx, ProgressBar bar) throws Exception {
        if (max == null) {
            max = MetricAnomalies.DEFAULT_MAX_ANOMALIES;
        }
        if (max < 1 || max > 50) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "--max must be from 1 to 50, not " + max + ".").detail("parameter", "--max").build();
        }
        Optional<MetricAnomalies.Aggregate> agg = Optional.ofNullable(aggregate)
                .map(x -> parse(MetricAnomalies.Aggregate.class, x, "--aggregate"));
        Optional<TimeGrain> g = Optional.ofNullable(grain).map(x -> parse(TimeGrain.class, x, "--grain"));
        List<MetricAnomalies.Condition> filter = new ArrayList<>();
        for (String w : where) {
            Matcher m = CONDITION.matcher(w);
            if (!m.matches()) {
                throw AssayException.of(ErrorCode.INVALID_INPUT, "'" + w + "' is not a condition.")
                        .hint("Write COLUMN=VALUE, or use !=, <, <=, >, >= (quote it for the shell: --where 'region=APAC').")
                        .detail("parameter", "--where").build();
            }
            filter.add(new MetricAnomalies.Condition(m.group(1).strip(), MetricAnomalies.Op.parse(m.group(2)), List.of(m.group(3))));
        }
        MetricAnomalies.Spec spec = new MetricAnomalies.Spec(Optional.ofNullable(time), Optional.ofNullable(measure), agg, g, filter, by, max);
        MetricAnomalies.Result r = ws.insights().anomalies(caller(), DatasetName.of(dataset, "DATASET"), spec, Optional.empty(), origin(), ctx);
        bar.finish();
        String grainName = r.grain().name().toLowerCase(Locale.ROOT);
        terminal.out.printf("%s of %s every %s of %s: %,d points%s%n", r.measure(), dataset, r.every(), r.timeColumn(),
                r.series().points().size(), r.series().points().isEmpty() ? ""
                        : ", " + HumanText.bucket(r.series().points().get(0).at(), r.grain()) + " to "
                        + HumanText.bucket(r.series().points().get(r.series().points().size() - 1).at(), r.grain()));
        if (r.series().anomalies().isEmpty()) {
            terminal.out.println("No anomalies.");
        } else {
            List<Object[]> rows = new ArrayList<>();
            for (AnomalyInsight x : r.series().anomalies()) {
                rows.add(new Object[] {HumanText.bucket(x.at(), r.grain()), HumanText.number(x.value()), HumanText.number(x.expected()),
                        InsightText.deviation(x), InsightText.contributors(x, 3)});
            }
            new TextTableWriter(Integer.MAX_VALUE, false).write(new ListRowStream(List.of(
                    ListRowStream.column(grainName, Kind.TEXT), ListRowStream.column("value", Kind.TEXT),
                    ListRowStream.column("expected", Kind.TEXT), ListRowStream.column("deviation", Kind.TEXT),
                    ListRowStream.column("top contributors", Kind.TEXT)), rows), terminal.out);
        }
        r.notes().forEach(n -> terminal.out.println("note: " + n));
        return 0;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String text, String option) {
        try {
            return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> names = new ArrayList<>();
            for (E v : type.getEnumConstants()) {
                names.add(v.name().toLowerCase(Locale.ROOT));
            }
            throw AssayException.of(ErrorCode.INVALID_INPUT, "'" + text + "' is not valid for " + option + ".")
                    .hint("Give one of " + String.join(", ", names) + ".").detail("parameter", option).build();
        }
    }
}
