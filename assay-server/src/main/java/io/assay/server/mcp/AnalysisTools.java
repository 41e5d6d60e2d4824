package io.assay.server.mcp;

import io.assay.analysis.insight.MetricAnomalies;
import io.assay.analysis.model.AnalysisMode;
import io.assay.analysis.model.AnalysisResult;
import io.assay.analysis.model.Section;
import io.assay.analysis.model.AnomalyInsight;
import io.assay.analysis.model.Finding;
import io.assay.analysis.model.SeriesInsight;
import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.engine.TimeGrain;
import io.assay.platform.report.HumanText;
import io.assay.platform.report.InsightText;
import io.assay.platform.workspace.AnalysisRuns;
import io.assay.platform.workspace.Workspace;
import io.modelcontextprotocol.server.McpServerFeatures;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static io.assay.server.mcp.Schemas.array;
import static io.assay.server.mcp.Schemas.choice;
import static io.assay.server.mcp.Schemas.integer;
import static io.assay.server.mcp.Schemas.object;
import static io.assay.server.mcp.Schemas.string;

/** Analyses (profiles, findings, insights over time) and anomalies in a named metric. */
final class AnalysisTools {

    /** How long analyze_dataset waits for its job before answering that it still runs. */
    static final Duration PATIENCE = Duration.ofMinutes(10);

    private final Workspace ws;
    private final McpCaller callers;

    AnalysisTools(Workspace ws, McpCaller callers) {
        this.ws = ws;
        this.callers = callers;
    }

    List<McpServerFeatures.SyncToolSpecification> tools() {
        return List.of(analyzeDataset(), getFindings(), detectAnomalies());
    }

    private McpServerFeatures.SyncToolSpecification analyzeDataset() {
        Map<String, Object> input = object()
                .req("dataset", string("the dataset to analyse"))
                .prop("mode", choice("quick (default): one scan, counts, missing values, ranges, findings; full: also histograms, "
                        + "top values, patterns, semantic types, correlations and insights over time (trend, seasonality, anomalies)",
                        "quick", "full"))
                .prop("time_column", string("the time column for insights over time (full mode); detected when left out"))
                .prop("sample_rows", integer("analyse a sample of this many rows instead of all", 1, Integer.MAX_VALUE)).build();
        Map<String, Object> output = object().open()
                .req("analysisId", string("the run, its reports kept by the server"))
                .req("dataset", string("dataset")).req("mode", string("quick or full"))
                .req("qualityScore", Schemas.number("0-100"))
                .req("rows", integer("rows", 0, Integer.MAX_VALUE))
                .req("findings", array("data-quality findings, most severe first", object().open().build()))
                .prop("insights", Schemas.any("insights over time (full mode): trend and anomalies per measure, or null"))
                .prop("sections", array("what the analysis steps added (full mode), each a titled table: id, title, summary, "
                        + "columns (name, format) and rows", object().open().build())).build();
        return McpTool.of(ws, callers, "analyze_dataset", "Analyse a dataset",
                "Profiles a dataset and checks its quality: quick by default (one scan), full on request (also semantic types, "
                        + "correlations, trend, seasonality and anomalies over time). Sends progress notifications while it runs and "
                        + "answers the quality score, the findings and, in full mode, the insights. Analysts and admins only. The "
                        + "result is kept: describe_dataset and get_findings read it afterwards.",
                input, output, McpTool.annotations("Analyse a dataset", false, false, true), call -> {
                    Args a = call.args();
                    String dataset = a.string("dataset");
                    AnalysisMode mode = AnalysisMode.parse(a.optChoice("mode", List.of("quick", "full")).orElse("quick"));
                    OptionalLong sample = a.optInt("sample_rows", 1, Integer.MAX_VALUE).stream().asLongStream().findFirst();
                    call.progress(0, 100.0, "starting the " + mode.label() + " analysis of " + dataset);
                    AnalysisRuns.Run run = ws.analyses().start(call.caller(), io.assay.platform.catalog.DatasetName.of(dataset, "dataset"), mode, a.optString("time_column"), sample, call.origin());
                    JobWaiter.await(ws, call, run.job(), PATIENCE);
                    AnalysisResult r = ws.analyses().result(call.caller(), run.id());
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("analysisId", run.id());
                    out.put("dataset", dataset);
                    out.put("mode", mode.label());
                    out.put("qualityScore", io.assay.server.Views.round(r.quality().score()));
                    out.put("rows", r.table().rows());
                    out.put("findings", DatasetTools.findings(sorted(r.findings())));
                    out.put("insights", r.insights().map(t -> insights(t.timeColumn(), t.grain(), t.series())).orElse(null));
                    out.put("sections", r.sections());
                    out.put("notes", r.notes());
                    StringBuilder text = new StringBuilder();
                    text.append(mode == AnalysisMode.FULL ? "Full" : "Quick").append(" analysis of ").append(dataset).append(" (")
                            .append(HumanText.count(r.table().rows())).append(" rows, ").append(r.table().columns()).append(" columns) in ")
                            .append(HumanText.duration(r.elapsed())).append(": quality score ").append(Math.round(r.quality().score()))
                            .append("/100, ").append(r.findings().size()).append(" findings.\n");
                    sorted(r.findings()).stream().limit(20).forEach(f -> text.append("- [").append(f.severity().name().toLowerCase(Locale.ROOT))
                            .append("] ").append(f.title()).append('\n'));
                    r.insights().ifPresent(t -> {
                        text.append("Over time (").append(t.timeColumn()).append(", by ").append(t.grain().name().toLowerCase(Locale.ROOT)).append("):\n");
                        for (SeriesInsight s : t.series()) {
                            text.append("- ").append(s.measure()).append(": ").append(s.trend().map(tr -> InsightText.trend(s, tr)).orElse("no clear trend"));
                            if (!s.anomalies().isEmpty()) {
                                text.append("; anomalies on ").append(String.join(", ", s.anomalies().stream().limit(5)
                                        .map(x -> HumanText.bucket(x.at(), t.grain())).toList()));
                            }
                            text.append('\n');
                        }
                    });
                    for (Section s : r.sections()) {
                        text.append(s.title()).append(":\n");
                        s.rows().stream().limit(10).forEach(row -> text.append("- ").append(String.join(" · ",
                                row.stream().map(v -> v == null ? "" : String.valueOf(v)).toList())).append('\n'));
                    }
                    return McpTool.Answer.of(text.toString().strip(), out).target(dataset).with(McpResources.profileLink(dataset));
                });
    }

    private McpServerFeatures.SyncToolSpecification getFindings() {
        Map<String, Object> input = object().req("dataset", string("the dataset"))
                .prop("min_severity", choice("only findings at least this severe (default info: all)", "info", "warning", "critical")).build();
        Map<String, Object> output = object().open().req("dataset", string("dataset")).req("analysedAt", string("when"))
                .req("mode", string("quick or full")).req("qualityScore", Schemas.number("0-100"))
                .req("findings", array("findings, most severe first", object().open().build())).build();
        return McpTool.of(ws, callers, "get_findings", "Get data-quality findings",
                "Answers the data-quality findings of a dataset's latest analysis (missing values, placeholders, duplicates, outliers, "
                        + "inconsistent formats, personal data, ...), most severe first, each with its evidence and a suggested fix. "
                        + "When the dataset has not been analysed, says so: run analyze_dataset first.",
                input, output, McpTool.annotations("Get findings", true, false, true), call -> {
                    String dataset = call.args().string("dataset");
                    String min = call.args().optChoice("min_severity", List.of("info", "warning", "critical")).orElse("info");
                    ws.datasets().view(call.caller(), io.assay.platform.catalog.DatasetName.of(dataset, "dataset"));
                    AnalysisResult r = ws.analyses().latestResult(call.caller(), io.assay.platform.catalog.DatasetName.of(dataset, "dataset")).orElseThrow(() ->
                            AssayException.of(ErrorCode.NOT_FOUND, "The dataset '" + dataset + "' has not been analysed yet.")
                                    .hint("Run analyze_dataset on it first (an analyst or admin may).").detail("parameter", "dataset").build());
                    int floor = io.assay.analysis.model.Severity.valueOf(min.toUpperCase(Locale.ROOT)).ordinal();
                    List<Finding> kept = sorted(r.findings()).stream().filter(f -> f.severity().ordinal() >= floor).toList();
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("dataset", dataset);
                    out.put("analysedAt", r.startedAt().toString());
                    out.put("mode", r.mode().label());
                    out.put("qualityScore", io.assay.server.Views.round(r.quality().score()));
                    out.put("findings", DatasetTools.findings(kept));
                    StringBuilder text = new StringBuilder(kept.size() + " findings for " + dataset + " (" + r.mode().label() + " analysis of "
                            + r.startedAt() + ", quality " + Math.round(r.quality().score()) + "/100):\n");
                    kept.forEach(f -> text.append("- [").append(f.severity().name().toLowerCase(Locale.ROOT)).append("] ").append(f.title())
                            .append(" — ").append(f.suggestion()).append('\n'));
                    return McpTool.Answer.of(text.toString().strip(), out).target(dataset).rows(kept.size())
                            .with(McpResources.profileLink(dataset));
                });
    }

    private McpServerFeatures.SyncToolSpecification detectAnomalies() {
        Map<String, Object> condition = object()
                .req("column", string("a column of the dataset"))
                .req("op", choice("comparison", "=", "!=", "<", "<=", ">", ">=", "in", "is_null", "not_null"))
                .prop("value", Schemas.any("the value (a list for 'in'; none for is_null / not_null)")).build();
        Map<String, Object> input = object()
                .req("dataset", string("the dataset"))
                .prop("time_column", string("the date or time column (detected when left out: order_date, created_at, ...)"))
                .prop("measure", string("a numeric column to measure; rows are counted when left out"))
                .prop("aggregate", choice("how the measure is aggregated per bucket (default: avg for a measurement such as cpu, "
                        + "temperature, price or latency; sum for counts and amounts; the answer's notes say which)", "sum", "avg", "count"))
                .prop("grain", choice("bucket size (default: the data's own step when its times are regular, e.g. every 5 minutes; "
                        + "else the finest calendar grain that keeps the series under 1500 buckets)",
                        "minute", "hour", "day", "week", "month", "quarter", "year"))
                .prop("filter", array("conditions the rows must all meet", condition))
                .prop("breakdown", array("category columns that may explain an anomaly (default: low-cardinality text columns)",
                        string("a column")))
                .prop("max_anomalies", integer("the most anomalies to report, of those the significance test finds, strongest first (default "
                        + MetricAnomalies.DEFAULT_MAX_ANOMALIES + ")", 1, 50)).build();
        Map<String, Object> anomaly = object().open().req("at", string("bucket start (ISO-8601)")).req("value", Schemas.number("actual"))
                .req("expected", Schemas.number("what trend and seasonality predict"))
                .req("score", Schemas.number("robust z-score")).req("contributors", array("category values that drove it", object().open().build()))
                .build();
        Map<String, Object> output = object().open().req("dataset", string("dataset")).req("timeColumn", string("time column"))
                .req("grain", string("bucket size")).req("measure", string("what was measured"))
                .req("buckets", integer("points in the series", 0, Integer.MAX_VALUE))
                .req("anomalies", array("anomalies, strongest first", anomaly)).build();
        return McpTool.of(ws, callers, "detect_anomalies", "Detect anomalies in a metric",
                "Finds the points of a metric over time that trend and seasonality do not explain (seasonal-hybrid ESD), each with "
                        + "its actual and expected value and the category values that drove it (e.g. region = APAC). The metric is a "
                        + "count of rows or the sum/avg of a numeric column, per minute ... year, over the rows a filter keeps. "
                        + "Runs in a few seconds on the engine; nothing is stored.",
                input, output, McpTool.annotations("Detect anomalies", true, false, true), call -> {
                    Args a = call.args();
                    String dataset = a.string("dataset");
                    Optional<String> measure = a.optString("measure");
                    Optional<MetricAnomalies.Aggregate> agg = a.optChoice("aggregate", List.of("sum", "avg", "count"))
                            .map(x -> MetricAnomalies.Aggregate.valueOf(x.toUpperCase(Locale.ROOT)));
                    Optional<TimeGrain> grain = a.optChoice("grain", List.of("minute", "hour", "day", "week", "month", "quarter", "year"))
                            .map(g -> TimeGrain.valueOf(g.toUpperCase(Locale.ROOT)));
                    List<MetricAnomalies.Condition> filter = new ArrayList<>();
                    for (Map<String, Object> c : a.objects("filter")) {
                        Args ca = new Args(c);
                        MetricAnomalies.Op op = MetricAnomalies.Op.parse(ca.string("op"));
                        Object v = c.get("value");
                        List<Object> values = v == null ? List.of() : v instanceof List<?> l ? new ArrayList<>(l) : List.of(v);
                        filter.add(new MetricAnomalies.Condition(ca.string("column"), op, values));
                    }
                    MetricAnomalies.Spec spec = new MetricAnomalies.Spec(a.optString("time_column"), measure, agg, grain, filter,
                            a.strings("breakdown"), a.optInt("max_anomalies", 1, 50).orElse(MetricAnomalies.DEFAULT_MAX_ANOMALIES));
                    call.progress(0, null, "aggregating " + dataset);
                    MetricAnomalies.Result r = ws.insights().anomalies(call.caller(), io.assay.platform.catalog.DatasetName.of(dataset, "dataset"), spec,
                            Optional.of(ws.config().mcp().queryTimeout()), call.origin(), call.task());
                    Map<String, Object> out = io.assay.server.Views.metricAnomalies(dataset, r);
                    StringBuilder text = new StringBuilder();
                    text.append(r.measure()).append(" of ").append(dataset).append(" every ").append(r.every())
                            .append(" of ").append(r.timeColumn()).append(" (").append(r.series().points().size()).append(" buckets");
                    if (!filter.isEmpty()) {
                        text.append(", filtered");
                    }
                    text.append("): ").append(r.series().anomalies().isEmpty() ? "no anomalies." : r.series().anomalies().size() + " anomalies, strongest first:")
                            .append('\n');
                    for (AnomalyInsight x : r.series().anomalies()) {
                        String drivers = InsightText.contributors(x, 3);
                        text.append("- ").append(HumanText.bucket(x.at(), r.grain())).append(": ").append(HumanText.number(x.value()))
                                .append(" (expected ").append(HumanText.number(x.expected())).append("; ").append(InsightText.deviation(x)).append(")")
                                .append(drivers.isEmpty() ? "" : "; top contributors: " + drivers).append('\n');
                    }
                    r.notes().forEach(n -> text.append("Note: ").append(n).append('\n'));
                    return McpTool.Answer.of(text.toString().strip(), out).target(dataset).rows(r.series().points().size());
                });
    }

    static List<Finding> sorted(List<Finding> findings) {
        return findings.stream().sorted((x, y) -> y.severity().compareTo(x.severity())).toList();
    }

    private static Map<String, Object> insights(String timeColumn, TimeGrain grain, List<SeriesInsight> series) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("timeColumn", timeColumn);
        m.put("grain", grain.name().toLowerCase(Locale.ROOT));
        List<Map<String, Object>> ss = new ArrayList<>();
        for (SeriesInsight s : series) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("measure", s.measure());
            x.put("trend", s.trend().map(t -> Map.of("direction", t.direction().name().toLowerCase(Locale.ROOT),
                    "slopePerDay", io.assay.server.Views.round(t.slopePerDay()))).orElse(null));
            x.put("seasonality", s.seasonality().stream().map(p -> p.label()).toList());
            x.put("anomalies", io.assay.server.Views.anomalies(s.anomalies()));
            ss.add(x);
        }
        m.put("series", ss);
        return m;
    }
}
