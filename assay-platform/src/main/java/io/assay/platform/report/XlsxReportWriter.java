package io.assay.platform.report;

import io.assay.analysis.model.AnalysisResult;
import io.assay.analysis.model.AnomalyInsight;
import io.assay.analysis.model.ColumnProfile;
import io.assay.analysis.model.Correlation;
import io.assay.analysis.model.Finding;
import io.assay.analysis.model.MissingPattern;
import io.assay.analysis.model.NumericStats;
import io.assay.analysis.model.Section;
import io.assay.analysis.model.SeriesInsight;
import io.assay.analysis.model.TableProfile;
import io.assay.analysis.model.TextStats;
import io.assay.analysis.model.TimeInsights;
import io.assay.analysis.model.ValueCount;
import io.assay.platform.export.KeepOpenOutputStream;
import org.dhatim.fastexcel.Workbook;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The result as a workbook with a sheet per section: Overview, Columns, Findings, Top values, Correlations,
 * Insights, Anomalies. Numbers are numeric cells, times are dates in UTC, shares are percentages.
 */
public final class XlsxReportWriter implements ReportWriter {

    private static final String APPLICATION = "Assay";
    private static final String APPLICATION_VERSION = "1.0";

    /** Mean, Std dev, P05, Q1, Median, Q3, P95, Zeros, Negatives, Outliers, Skewness. */
    private static final int NUMERIC_STATS_COLUMNS = 11;

    private final Clock clock;

    /** @param clock gives the time the workbook says it was generated */
    public XlsxReportWriter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void write(AnalysisResult result, OutputStream out) throws IOException {
        Workbook workbook = new Workbook(new KeepOpenOutputStream(out), APPLICATION, APPLICATION_VERSION);
        overview(new SheetWriter(workbook, "Overview"), result);
        columns(new SheetWriter(workbook, "Columns"), result.columns());
        findings(new SheetWriter(workbook, "Findings"), FindingText.bySeverity(result.findings()));
        topValues(new SheetWriter(workbook, "Top values"), result.columns());
        correlations(new SheetWriter(workbook, "Correlations"), result.table());
        insights(new SheetWriter(workbook, "Insights"), result.insights());
        anomalies(new SheetWriter(workbook, "Anomalies"), result.insights().map(TimeInsights::series).orElse(List.of()));
        java.util.Set<String> names = new java.util.HashSet<>(List.of("overview", "columns", "findings", "top values",
                "correlations", "insights", "anomalies"));
        for (Section s : result.sections()) {
            section(new SheetWriter(workbook, sheetName(s.title(), names)), s);
        }
        workbook.finish();
        out.flush();
    }

    private void overview(SheetWriter sheet, AnalysisResult r) {
        sheet.widths(22, 40).header("Field", "Value");
        sheet.row().text("Dataset").text(r.dataset());
        sheet.row().text("Engine").text(r.engine());
        sheet.row().text("Mode").text(r.mode().label());
        sheet.row().text("Started (UTC)").date(r.startedAt());
        sheet.row().text("Elapsed (seconds)").number(r.elapsed().toMillis() / 1000.0);
        sheet.row().text("Rows").count(r.table().rows());
        sheet.row().text("Columns").count(r.table().columns());
        sheet.row().text("Quality score").number(r.quality().score());
        sheet.row().text("Findings").count(r.findings().size());
        sheet.row().text("Duplicate rows");
        r.table().duplicateRows().ifPresentOrElse(sheet::count, () -> sheet.text("not computed"));
        sheet.row().text("Candidate keys").text(InsightText.keys(r.table().candidateKeys()));
        sheet.row().text("Schema version").text(r.schemaVersion());
        sheet.row().text("Generated (UTC)").date(clock.instant());
        for (String note : r.notes()) {
            sheet.row().text("Note").text(note);
        }
    }

    private static void columns(SheetWriter sheet, List<ColumnProfile> columns) {
        sheet.widths(24, 14, 10, 22).header("Column", "Type", "Kind", "Semantic type", "Personal data", "Values",
                "Missing", "Placeholders", "Missing share", "Distinct", "Distinct exact", "Unique", "Min", "Max",
                "Mean", "Std dev", "P05", "Q1", "Median", "Q3", "P95", "Zeros", "Negatives", "Outliers",
                "Skewness", "Min length", "Mean length", "Max length", "Quality");
        for (ColumnProfile c : columns) {
            sheet.row().text(c.name()).text(c.type()).text(c.kind().name()).text(c.semanticType().label())
                    .bool(c.personalData()).count(c.count()).count(c.missing()).count(c.placeholders())
                    .percent(c.missingShare()).count(c.distinct()).bool(c.distinctExact()).bool(c.unique())
                    .text(c.min().orElse("")).text(c.max().orElse(""));
            numericStats(sheet, c.numeric());
            textStats(sheet, c.text());
            sheet.number(c.quality());
        }
    }

    private static void numericStats(SheetWriter sheet, Optional<NumericStats> stats) {
        if (stats.isEmpty()) {
            for (int i = 0; i < NUMERIC_STATS_COLUMNS; i++) {
                sheet.empty();
            }
            return;
        }
        NumericStats s = stats.get();
        sheet.number(s.mean()).number(s.stddev()).number(s.p05()).number(s.q1()).number(s.median())
                .number(s.q3()).number(s.p95());
        // Absent, not 0, where quick mode did not count them.
        for (java.util.OptionalLong n : List.of(s.zeros(), s.negatives())) {
            if (n.isPresent()) {
                sheet.count(n.getAsLong());
            } else {
                sheet.empty();
            }
        }
        if (s.outliers().isPresent()) {
            sheet.count(s.outliers().getAsLong());
        } else {
            sheet.empty();
        }
        sheet.number(s.skewness().orElse(Double.NaN));
    }

    private static void textStats(SheetWriter sheet, Optional<TextStats> stats) {
        if (stats.isEmpty()) {
            sheet.empty().empty().empty();
            return;
        }
        TextStats t = stats.get();
        sheet.count(t.minLength()).number(t.meanLength()).count(t.maxLength());
    }

    private static void findings(SheetWriter sheet, List<Finding> findings) {
        sheet.widths(10, 18, 20, 50, 40, 50, 10)
                .header("Severity", "Kind", "Column", "Title", "Evidence", "Suggestion", "Penalty");
        for (Finding f : findings) {
            sheet.row().text(FindingText.label(f.severity())).text(f.kind().name()).text(f.column().orElse(""))
                    .text(f.title()).text(FindingText.evidence(f.evidence())).text(f.suggestion())
                    .number(f.penalty());
        }
    }

    private static void topValues(SheetWriter sheet, List<ColumnProfile> columns) {
        sheet.widths(24, 10, 30, 12, 12).header("Column", "Of", "Value", "Rows", "Share of rows");
        for (ColumnProfile c : columns) {
            valueRows(sheet, c, "value", c.topValues());
            valueRows(sheet, c, "pattern", c.text().map(TextStats::patterns).orElse(List.of()));
        }
    }

    private static void valueRows(SheetWriter sheet, ColumnProfile column, String of, List<ValueCount> values) {
        for (ValueCount v : values) {
            sheet.row().text(column.name()).text(of).text(v.value()).count(v.count())
                    .percent(column.rows() == 0 ? Double.NaN : (double) v.count() / column.rows());
        }
    }

    private static void correlations(SheetWriter sheet, TableProfile table) {
        sheet.widths(24, 24, 12, 12).header("Left", "Right", "Method", "Value");
        for (Correlation c : table.correlations()) {
            sheet.row().text(c.left()).text(c.right()).text(c.method()).number(c.value());
        }
        sheet.gap().header("Missing together: left", "Right", "Rows both missing", "Jaccard");
        for (MissingPattern m : table.missingTogether()) {
            sheet.row().text(m.left()).text(m.right()).count(m.bothMissing()).number(m.jaccard());
        }
    }

    private static void insights(SheetWriter sheet, Optional<TimeInsights> insights) {
        sheet.widths(24, 10, 10, 12, 10, 10, 40, 60).header("Measure", "Trend", "Change", "Slope per day",
                "p-value", "Strength", "Seasonality", "Summary");
        insights.ifPresent(i -> i.series().forEach(s -> seriesRow(sheet, s, i)));
    }

    private static void seriesRow(SheetWriter sheet, SeriesInsight s, TimeInsights insights) {
        sheet.row().text(s.measure());
        s.trend().ifPresentOrElse(
                t -> sheet.text(t.direction().name()).percent(t.relativeChange()).number(t.slopePerDay())
                        .number(t.pValue()).number(t.strength()),
                () -> sheet.empty().empty().empty().empty().empty());
        sheet.text(s.seasonality().stream()
                .map(season -> InsightText.seasonality(season, insights.grain()))
                .collect(Collectors.joining("; ")));
        sheet.text(s.trend().map(t -> InsightText.trend(s, t)).orElse(""));
    }

    /** An analysis step's section as a sheet of its own: the summary, then the table with typed cells. */
    private static void section(SheetWriter sheet, Section section) {
        sheet.widths(section.columns().stream().mapToDouble(c -> c.format() == Section.Format.TEXT ? 28 : 14).toArray());
        sheet.row().text(section.summary());
        sheet.gap().header(section.columns().stream().map(Section.Column::name).toArray(String[]::new));
        for (List<Object> values : section.rows()) {
            sheet.row();
            for (int i = 0; i < values.size(); i++) {
                Object v = values.get(i);
                switch (v == null ? Section.Format.TEXT : section.columns().get(i).format()) {
                    case COUNT -> sheet.count(((Number) v).longValue());
                    case NUMBER -> sheet.number(((Number) v).doubleValue());
                    case SHARE -> sheet.percent(((Number) v).doubleValue());
                    case TEXT -> {
                        if (v == null) {
                            sheet.empty();
                        } else if (v instanceof Boolean b) {
                            sheet.bool(b);
                        } else {
                            sheet.text(String.valueOf(v));
                        }
                    }
                }
            }
        }
    }

    /** A sheet name Excel accepts (31 characters, none of []:*?/\), unique in the workbook. */
    static String sheetName(String title, java.util.Set<String> taken) {
        String base = title.replaceAll("[\\[\\]:*?/\\\\]", " ").strip();
        base = base.isEmpty() ? "Section" : base;
        String name = base.substring(0, Math.min(31, base.length())).strip();
        for (int n = 2; !taken.add(name.toLowerCase(java.util.Locale.ROOT)); n++) {
            String suffix = " " + n;
            name = base.substring(0, Math.min(31 - suffix.length(), base.length())).strip() + suffix;
        }
        return name;
    }

    private static void anomalies(SheetWriter sheet, List<SeriesInsight> series) {
        sheet.widths(24, 18, 12, 12, 12, 10, 60)
                .header("Measure", "At (UTC)", "Value", "Expected", "Magnitude", "p-value", "Top contributors");
        for (SeriesInsight s : series) {
            for (AnomalyInsight a : s.anomalies()) {
                sheet.row().text(s.measure()).date(a.at()).number(a.value()).number(a.expected())
                        .number(a.magnitude()).number(a.pValue())
                        .text(InsightText.contributors(a, a.contributors().size()));
            }
        }
    }
}
