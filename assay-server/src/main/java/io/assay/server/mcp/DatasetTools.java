package io.assay.server.mcp;

import io.assay.analysis.model.AnalysisResult;
import io.assay.analysis.model.ColumnProfile;
import io.assay.analysis.model.Finding;
import io.assay.platform.catalog.DatasetDescription;
import io.assay.platform.report.HumanText;
import io.assay.platform.workspace.DatasetGateway;
import io.assay.platform.workspace.Workspace;
import io.modelcontextprotocol.server.McpServerFeatures;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static io.assay.server.mcp.Schemas.array;
import static io.assay.server.mcp.Schemas.integer;
import static io.assay.server.mcp.Schemas.object;
import static io.assay.server.mcp.Schemas.string;

/** The datasets a caller may read: list them, describe one, find columns across them. */
final class DatasetTools {

    private final Workspace ws;
    private final McpCaller callers;

    DatasetTools(Workspace ws, McpCaller callers) {
        this.ws = ws;
        this.callers = callers;
    }

    List<McpServerFeatures.SyncToolSpecification> tools() {
        return List.of(listDatasets(), describeDataset(), searchColumns());
    }

    private McpServerFeatures.SyncToolSpecification listDatasets() {
        Map<String, Object> item = object().open()
                .req("name", string("dataset name, also its table name in SQL"))
                .req("rows", integer("rows", 0, Integer.MAX_VALUE))
                .req("columns", integer("columns", 0, Integer.MAX_VALUE))
                .req("source", string("where the data came from"))
                .req("access", string("read, write or owner"))
                .prop("qualityScore", Schemas.nullable("number", "0-100 from the latest analysis, null before one"))
                .req("updatedAt", string("when its data last changed (ISO-8601)")).build();
        return McpTool.of(ws, callers, "list_datasets", "List datasets",
                "Lists the datasets you may read, with row and column counts, where each came from, your access and the quality "
                        + "score of its latest analysis. Start here: dataset names are table names in run_query's SQL.",
                object().build(), object().req("datasets", array("the datasets", item)).build(),
                McpTool.annotations("List datasets", true, false, true), call -> {
                    List<Map<String, Object>> out = new ArrayList<>();
                    StringBuilder text = new StringBuilder();
                    for (DatasetGateway.View v : ws.datasets().list(call.caller())) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("name", v.dataset().name());
                        m.put("rows", v.dataset().rows());
                        m.put("columns", v.dataset().columns());
                        m.put("source", v.dataset().source());
                        m.put("access", v.access().id());
                        m.put("qualityScore", v.qualityScore().isPresent() ? io.assay.server.Views.round(v.qualityScore().getAsDouble()) : null);
                        m.put("updatedAt", v.dataset().updatedAt().toString());
                        out.add(m);
                        text.append(v.dataset().name()).append(": ").append(HumanText.count(v.dataset().rows())).append(" rows, ")
                                .append(v.dataset().columns()).append(" columns, from ").append(v.dataset().source())
                                .append(v.qualityScore().isPresent() ? ", quality " + Math.round(v.qualityScore().getAsDouble()) + "/100" : "")
                                .append('\n');
                    }
                    if (out.isEmpty()) {
                        text.append("You may read no datasets yet. An analyst can import one (import_file), or an admin can grant you access.");
                    }
                    return McpTool.Answer.of(text.toString().strip(), Map.of("datasets", out)).rows(out.size());
                });
    }

    private McpServerFeatures.SyncToolSpecification describeDataset() {
        Map<String, Object> input = object().req("dataset", string("the dataset's name (see list_datasets)")).build();
        Map<String, Object> output = object().open()
                .req("name", string("dataset")).req("rows", integer("rows", 0, Integer.MAX_VALUE))
                .req("columns", array("columns with type, example values and, once analysed, their profile", object().open().build()))
                .prop("profile", Schemas.any("summary of the latest analysis (null before one): mode, when, quality score"))
                .req("findings", array("data-quality findings of the latest analysis", object().open().build())).build();
        return McpTool.of(ws, callers, "describe_dataset", "Describe a dataset",
                "Describes one dataset: its columns with SQL types and example values, the row count, and, when it has been "
                        + "analysed, each column's profile (semantic type, missing share, distinct values, range), the quality score "
                        + "and the data-quality findings. Read this before writing SQL against a dataset.",
                input, output, McpTool.annotations("Describe a dataset", true, false, true), call -> {
                    String name = call.args().string("dataset");
                    DatasetGateway.Detail d = ws.datasets().describe(call.caller(), io.assay.platform.catalog.DatasetName.of(name, "dataset"), call.origin());
                    Optional<AnalysisResult> analysed = ws.analyses().latestResult(call.caller(), io.assay.platform.catalog.DatasetName.of(name, "dataset"));
                    McpTool.Answer answer = McpTool.Answer.of(text(d.description(), analysed), structure(d.description(), analysed))
                            .target(name).with(McpResources.schemaLink(d.description().dataset().name()));
                    return analysed.isPresent() ? answer.with(McpResources.profileLink(d.description().dataset().name())) : answer;
                });
    }

    private McpServerFeatures.SyncToolSpecification searchColumns() {
        Map<String, Object> input = object()
                .prop("query", string("text the column name contains (case-insensitive), such as 'email' or 'amount'"))
                .prop("type", string("a SQL type (INTEGER, DECIMAL, DOUBLE, VARCHAR, DATE, TIMESTAMP, BOOLEAN) or a family: numeric, temporal, text"))
                .prop("semantic_type", string("what the latest analysis took the column for: id, category, email, url, phone, country, "
                        + "currency_amount, person_name, postal_code, measure, count, timestamp, flag, free_text, ..."))
                .prop("limit", integer("the most matches (default 100)", 1, 1000)).build();
        Map<String, Object> match = object().open().req("dataset", string("dataset")).req("column", string("column"))
                .req("type", string("SQL type")).prop("semanticType", Schemas.nullable("string", "from the latest analysis"))
                .prop("personalData", Schemas.nullable("boolean", "whether the analysis flagged it as personal data")).build();
        return McpTool.of(ws, callers, "search_columns", "Find columns",
                "Finds columns across all the datasets you may read, by name, SQL type or semantic type (semantic types come from "
                        + "each dataset's latest analysis). Use it to find where a field lives (customer email, order date, revenue) "
                        + "or which datasets hold personal data.",
                input, object().req("matches", array("columns found", match)).build(),
                McpTool.annotations("Find columns", true, false, true), call -> {
                    Args a = call.args();
                    List<DatasetGateway.ColumnMatch> found = ws.datasets().searchColumns(call.caller(), a.optString("query"),
                            a.optString("type"), a.optString("semantic_type"), a.optInt("limit", 1, 1000).orElse(100));
                    List<Map<String, Object>> out = new ArrayList<>();
                    StringBuilder text = new StringBuilder();
                    for (DatasetGateway.ColumnMatch m : found) {
                        out.add(io.assay.server.Views.columnMatch(m));
                        text.append(m.dataset()).append('.').append(m.column()).append(" ").append(m.type().nativeName())
                                .append(m.semanticType().map(s -> " (" + s.replace('_', ' ') + ")").orElse(""))
                                .append(m.personalData().orElse(false) ? " [personal data]" : "").append('\n');
                    }
                    if (found.isEmpty()) {
                        text.append("No column matches. Semantic types are known only for analysed datasets (analyze_dataset).");
                    }
                    return McpTool.Answer.of(text.toString().strip(), Map.of("matches", out)).rows(out.size());
                });
    }

    static String text(DatasetDescription d, Optional<AnalysisResult> analysed) {
        StringBuilder s = new StringBuilder();
        s.append("Dataset ").append(d.dataset().name()).append(": ").append(HumanText.count(d.dataset().rows())).append(" rows, ")
                .append(d.columns().size()).append(" columns (source: ").append(d.dataset().source()).append(").\n");
        analysed.ifPresentOrElse(r -> s.append("Latest analysis: ").append(r.mode().label()).append(" on ").append(r.startedAt())
                        .append(", quality score ").append(Math.round(r.quality().score())).append("/100, ").append(r.findings().size())
                        .append(" findings.\n"),
                () -> s.append("Not analysed yet (run analyze_dataset for profiles and findings).\n"));
        s.append("Columns:\n");
        for (DatasetDescription.ColumnInfo c : d.columns()) {
            s.append("- ").append(c.name()).append(" ").append(c.type().nativeName()).append(c.nullable() ? "" : " NOT NULL");
            analysed.flatMap(r -> r.column(c.name())).ifPresent(p -> s.append(", ").append(p.semanticType().name().toLowerCase(Locale.ROOT))
                    .append(", ").append(HumanText.count(p.distinct())).append(p.distinctExact() ? "" : "~").append(" distinct")
                    .append(p.missingShare() > 0 ? ", " + pct(p.missingShare()) + " missing" : "")
                    .append(p.min().map(min -> ", range " + min + " .. " + p.max().orElse("")).orElse("")));
            if (!c.examples().isEmpty()) {
                s.append(" — e.g. ").append(String.join(", ", c.examples()));
            }
            s.append('\n');
        }
        analysed.ifPresent(r -> {
            if (!r.findings().isEmpty()) {
                s.append("Findings:\n");
                r.findings().stream().limit(15).forEach(f -> s.append("- [").append(f.severity().name().toLowerCase(Locale.ROOT)).append("] ")
                        .append(f.title()).append('\n'));
            }
        });
        return s.toString().strip();
    }

    static Map<String, Object> structure(DatasetDescription d, Optional<AnalysisResult> analysed) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", d.dataset().name());
        out.put("rows", d.dataset().rows());
        out.put("source", d.dataset().source());
        List<Map<String, Object>> columns = new ArrayList<>();
        for (DatasetDescription.ColumnInfo c : d.columns()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("type", c.type().nativeName());
            m.put("nullable", c.nullable());
            m.put("examples", c.examples());
            analysed.flatMap(r -> r.column(c.name())).ifPresent(p -> m.put("profile", profile(p)));
            columns.add(m);
        }
        out.put("columns", columns);
        out.put("profile", analysed.map(r -> {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("mode", r.mode().label());
            p.put("analysedAt", r.startedAt().toString());
            p.put("rows", r.table().rows());
            p.put("qualityScore", io.assay.server.Views.round(r.quality().score()));
            p.put("duplicateRows", r.table().duplicateRows().isPresent() ? r.table().duplicateRows().getAsLong() : null);
            p.put("candidateKeys", r.table().candidateKeys());
            return p;
        }).orElse(null));
        out.put("findings", analysed.map(r -> findings(r.findings())).orElse(List.of()));
        return out;
    }

    static Map<String, Object> profile(ColumnProfile p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("semanticType", p.semanticType().name().toLowerCase(Locale.ROOT));
        m.put("personalData", p.personalData());
        m.put("missingShare", io.assay.server.Views.round(p.missingShare()));
        m.put("distinct", p.distinct());
        m.put("distinctExact", p.distinctExact());
        m.put("min", p.min().orElse(null));
        m.put("max", p.max().orElse(null));
        p.numeric().ifPresent(n -> {
            m.put("mean", io.assay.server.Views.finite(n.mean()));
            m.put("stddev", io.assay.server.Views.finite(n.stddev()));
        });
        m.put("quality", io.assay.server.Views.round(p.quality()));
        return m;
    }

    static List<Map<String, Object>> findings(List<Finding> findings) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Finding f : findings) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("severity", f.severity().name().toLowerCase(Locale.ROOT));
            m.put("kind", f.kind().name().toLowerCase(Locale.ROOT));
            m.put("column", f.column().orElse(null));
            m.put("title", f.title());
            m.put("suggestion", f.suggestion());
            m.put("evidence", f.evidence());
            out.add(m);
        }
        return out;
    }

    static String pct(double share) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }
}
