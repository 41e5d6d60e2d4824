package io.assay.platform.report;

import io.assay.analysis.model.AnalysisResult;
import io.assay.analysis.model.AnomalyInsight;
import io.assay.analysis.model.ColumnProfile;
import io.assay.analysis.model.Finding;
import io.assay.analysis.model.SeasonalityInsight;
import io.assay.analysis.model.Section;
import io.assay.analysis.model.SeriesInsight;
import io.assay.analysis.model.TimeInsights;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A short summary in Markdown: what the CLI prints on a terminal and what {@code --out report.md} writes.
 * A headline, the most severe findings, a compact table of columns, insights over time and notes. Text from
 * the data is escaped by {@link MarkdownText}; numbers are formatted by {@link HumanText}.
 */
public final class MarkdownReportWriter implements ReportWriter {

    /** At most this many findings are listed; the rest are counted. */
    static final int MAX_FINDINGS = 10;
    /** At most this many contributors are named per anomaly. */
    static final int MAX_CONTRIBUTORS = 3;

    @Override
    public void write(AnalysisResult result, OutputStream out) throws IOException {
        out.write(render(result).getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The summary as text, ending in a line break. */
    public String render(AnalysisResult result) {
        StringBuilder md = new StringBuilder();
        headline(md, result);
        findings(md, result.findings());
        columns(md, result.columns());
        result.insights().ifPresent(insights -> insights(md, insights));
        result.sections().forEach(section -> section(md, section));
        notes(md, result.notes());
        return md.toString();
    }

    private static void headline(StringBuilder md, AnalysisResult r) {
        md.append("# ").append(MarkdownText.text(r.dataset())).append("\n\n");
        md.append(HumanText.count(r.table().rows())).append(" rows × ")
                .append(HumanText.count(r.table().columns())).append(" columns · quality **")
                .append(HumanText.number(r.quality().score())).append("**/100 · ")
                .append(r.mode().label()).append(" analysis in ").append(HumanText.duration(r.elapsed()))
                .append(" on ").append(MarkdownText.text(r.engine())).append(" · ")
                .append(HumanText.dateTime(r.startedAt())).append("\n");
    }

    private static void findings(StringBuilder md, List<Finding> findings) {
        md.append("\n## Findings\n\n");
        if (findings.isEmpty()) {
            md.append("No findings.\n");
            return;
        }
        List<Finding> ordered = FindingText.bySeverity(findings);
        for (Finding f : ordered.subList(0, Math.min(MAX_FINDINGS, ordered.size()))) {
            md.append("- **").append(FindingText.label(f.severity())).append("** ");
            // A title that starts with its column shows the column as code once, instead of naming it twice.
            String title = f.title();
            if (f.column().isPresent() && title.startsWith(f.column().get() + " ")) {
                md.append(MarkdownText.code(f.column().get())).append(MarkdownText.text(title.substring(f.column().get().length())));
            } else {
                f.column().ifPresent(c -> md.append(MarkdownText.code(c)).append(": "));
                md.append(MarkdownText.text(title));
            }
            md.append('\n');
            List<String> details = new ArrayList<>();
            if (!f.evidence().isEmpty()) {
                details.add(MarkdownText.text(FindingText.evidence(f.evidence())) + ".");
            }
            if (!f.suggestion().isBlank()) {
                details.add("Suggestion: " + MarkdownText.text(f.suggestion()));
            }
            if (!details.isEmpty()) {
                md.append("  ").append(String.join(" ", details)).append('\n');
            }
        }
        if (ordered.size() > MAX_FINDINGS) {
            md.append("- … and ").append(ordered.size() - MAX_FINDINGS).append(" more in the full report\n");
        }
    }

    private static void columns(StringBuilder md, List<ColumnProfile> columns) {
        md.append("\n## Columns\n\n");
        md.append("| Column | Type | Semantic type | Missing | Placeholders | Distinct | Quality |\n");
        md.append("|---|---|---|--:|--:|--:|--:|\n");
        for (ColumnProfile c : columns) {
            md.append("| ").append(MarkdownText.cell(MarkdownText.code(c.name())))
                    .append(c.personalData() ? " (personal)" : "")
                    .append(" | ").append(MarkdownText.cell(MarkdownText.text(c.type())))
                    .append(" | ").append(c.semanticType().label())
                    .append(" | ").append(HumanText.percent(c.missingShare()))
                    .append(" | ").append(c.placeholders() == 0 ? "" : HumanText.percent(c.placeholderShare()))
                    .append(" | ").append(c.distinctExact() ? "" : "≈").append(HumanText.count(c.distinct()))
                    .append(" | ").append(HumanText.number(c.quality()))
                    .append(" |\n");
        }
    }

    private static void insights(StringBuilder md, TimeInsights insights) {
        md.append("\n## Insights over time\n\n");
        md.append("By ").append(MarkdownText.code(insights.timeColumn())).append(", per ")
                .append(InsightText.unit(insights.grain())).append(".\n\n");
        for (SeriesInsight s : insights.series()) {
            md.append("- ").append(MarkdownText.text(s.trend()
                    .map(t -> InsightText.trend(s, t))
                    .orElse(s.measure() + ": too few points for a trend"))).append('\n');
            for (SeasonalityInsight season : s.seasonality()) {
                md.append("  - ").append(MarkdownText.text(InsightText.seasonality(season, insights.grain())))
                        .append('\n');
            }
            for (AnomalyInsight a : s.anomalies()) {
                md.append("  - ").append(MarkdownText.text(anomaly(a, insights))).append('\n');
            }
        }
    }

    /** {@code anomaly 2024-03-10: 1,820 vs expected 1,200 (+51.7%, z=6.1); top contributors: region = West (+410)}. */
    private static String anomaly(AnomalyInsight a, TimeInsights insights) {
        String contributors = InsightText.contributors(a, MAX_CONTRIBUTORS);
        return "anomaly " + HumanText.bucket(a.at(), insights.grain()) + ": " + HumanText.number(a.value())
                + " vs expected " + HumanText.number(a.expected()) + " (" + InsightText.deviation(a) + ")"
                + (contributors.isEmpty() ? "" : "; top contributors: " + contributors);
    }

    /** An analysis step's section: its title, summary and table, each value by its column's format. */
    private static void section(StringBuilder md, Section section) {
        md.append("\n## ").append(MarkdownText.text(section.title())).append("\n\n")
                .append(MarkdownText.text(section.summary())).append("\n\n|");
        section.columns().forEach(c -> md.append(' ').append(MarkdownText.cell(MarkdownText.text(c.name()))).append(" |"));
        md.append("\n|");
        for (char a : SectionText.alignment(section).toCharArray()) {
            md.append(a == 'r' ? "--:|" : "---|");
        }
        md.append('\n');
        for (List<Object> row : section.rows()) {
            md.append('|');
            SectionText.cells(section, row).forEach(v -> md.append(' ').append(MarkdownText.cell(MarkdownText.text(v))).append(" |"));
            md.append('\n');
        }
    }

    private static void notes(StringBuilder md, List<String> notes) {
        if (notes.isEmpty()) {
            return;
        }
        md.append("\n## Notes\n\n");
        notes.forEach(n -> md.append("- ").append(MarkdownText.text(n)).append('\n'));
    }
}
