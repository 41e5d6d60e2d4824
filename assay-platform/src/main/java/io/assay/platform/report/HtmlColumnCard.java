package io.assay.platform.report;

import io.assay.analysis.model.ColumnProfile;
import io.assay.analysis.model.NumericStats;
import io.assay.analysis.model.TextStats;
import io.assay.analysis.model.ValueCount;
import io.assay.platform.report.Html.Fact;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One column's card in the HTML report: what it holds, its statistics and its chart. */
final class HtmlColumnCard {

    private HtmlColumnCard() {
    }

    static void render(Html html, ColumnProfile c, int index) {
        html.raw("<article class=\"card\" id=\"column-" + index + "\">\n<h3>").element("code", "", c.name())
                .raw(" ").element("span", "badge", c.type());
        if (c.personalData()) {
            html.raw(" ").element("span", "badge pii", "personal data");
        }
        html.raw("</h3>\n").element("p", "muted", description(c)).raw("\n");
        html.facts(facts(c));
        c.numeric().ifPresent(stats -> numeric(html, c, stats));
        c.text().ifPresent(stats -> text(html, c, stats));
        PlotlyFigures.histogram(c).or(() -> PlotlyFigures.topValues(c)).ifPresent(html::chart);
        html.raw("</article>\n");
    }

    /** {@code identifier or key · numeric · unique · increasing}. */
    private static String description(ColumnProfile c) {
        List<String> parts = new ArrayList<>();
        parts.add(c.semanticType().label());
        parts.add(c.kind().name().toLowerCase(Locale.ROOT));
        if (c.unique()) {
            parts.add("unique");
        }
        switch (c.monotonic()) {
            case INCREASING -> parts.add("increasing in storage order");
            case DECREASING -> parts.add("decreasing in storage order");
            case NONE, UNKNOWN -> { }
        }
        return String.join(" · ", parts);
    }

    private static List<Fact> facts(ColumnProfile c) {
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact("Missing", InsightText.missing(c)));
        facts.add(new Fact("Distinct", InsightText.distinct(c)));
        c.min().ifPresent(min -> facts.add(new Fact("Min", min)));
        c.max().ifPresent(max -> facts.add(new Fact("Max", max)));
        facts.add(new Fact("Quality", HumanText.number(c.quality())));
        return facts;
    }

    private static void numeric(Html html, ColumnProfile c, NumericStats s) {
        html.table(c.name() + ": statistics",
                List.of("Mean", "Std dev", "P05", "Q1", "Median", "Q3", "P95", "Zeros", "Negatives", "Outliers",
                        "Skewness"),
                "rrrrrrrrrrr",
                List.of(List.of(HumanText.number(s.mean()), HumanText.number(s.stddev()), HumanText.number(s.p05()),
                        HumanText.number(s.q1()), HumanText.number(s.median()), HumanText.number(s.q3()),
                        HumanText.number(s.p95()), computed(s.zeros()), computed(s.negatives()),
                        s.outliers().isPresent() ? HumanText.count(s.outliers().getAsLong()) : "–",
                        s.skewness().isPresent() ? HumanText.number(s.skewness().getAsDouble()) : "–")));
    }

    /** A count, or what stands for one the analysis did not compute (quick mode). */
    private static String computed(java.util.OptionalLong n) {
        return n.isPresent() ? HumanText.count(n.getAsLong()) : "not computed in quick mode";
    }

    private static void text(Html html, ColumnProfile c, TextStats t) {
        html.table(c.name() + ": text lengths and shares", List.of("Length min", "mean", "max", "Empty", "Blank", "Numbers", "Dates"), "rrrrrrr",
                List.of(List.of(HumanText.count(t.minLength()), HumanText.number(t.meanLength()),
                        HumanText.count(t.maxLength()), HumanText.count(t.empty()), HumanText.count(t.blank()),
                        HumanText.percent(t.numericShare()), HumanText.percent(t.dateShare()))));
        if (!t.patterns().isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            for (ValueCount p : t.patterns()) {
                rows.add(List.of(p.value(), HumanText.count(p.count()),
                        c.count() == 0 ? "" : HumanText.percent((double) p.count() / c.count())));
            }
            html.table(c.name() + ": patterns", List.of("Pattern", "Values", "Share"), "lrr", rows);
        }
        if (!t.shapeShares().isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            t.shapeShares().forEach((shape, share) -> rows.add(List.of(shape, HumanText.percent(share))));
            html.table(c.name() + ": shapes", List.of("Shape", "Share of sample"), "lr", rows);
        }
    }
}
