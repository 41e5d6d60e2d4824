package io.assay.platform.report;

import io.assay.analysis.model.AnomalyInsight;
import io.assay.analysis.model.ColumnProfile;
import io.assay.analysis.model.SeasonalityInsight;
import io.assay.analysis.model.SeriesInsight;
import io.assay.analysis.model.TrendInsight;
import io.assay.engine.TimeGrain;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Sentences about columns and about what happened over time, shared by the reports. */
public final class InsightText {

    private InsightText() {
    }

    /**
     * The trend in words: {@code rows: up 58% over 2 years (Theil–Sen +0.06/day, p<0.001)}; a flat trend
     * reads {@code no significant trend}.
     */
    public static String trend(SeriesInsight series, TrendInsight trend) {
        String direction = switch (trend.direction()) {
            // No percentage from a start level of zero (it would read "NaN" or "Infinity").
            case UP -> Double.isFinite(trend.relativeChange()) ? "up " + HumanText.change(trend.relativeChange()).substring(1) : "up";
            case DOWN -> Double.isFinite(trend.relativeChange())
                    ? "down " + HumanText.change(trend.relativeChange()).substring(1) : "down";
            case FLAT -> "no significant trend";
        };
        String over = series.points().size() < 2 ? ""
                : " over " + HumanText.span(series.points().get(0).at(),
                        series.points().get(series.points().size() - 1).at());
        return series.measure() + ": " + direction + over + " (Theil–Sen " + HumanText.signed(trend.slopePerDay())
                + "/day, " + HumanText.pValue(trend.pValue()) + ")";
    }

    /** A cycle in words: {@code weekly seasonality: period 7 days, strength 0.62}. */
    public static String seasonality(SeasonalityInsight season, TimeGrain grain) {
        return season.label() + " seasonality: period " + HumanText.plural(season.period(), unit(grain))
                + ", strength " + HumanText.number(season.strength());
    }

    /** The first {@code max} contributors: {@code region = West (+410), channel = web (+150)}; empty for none. */
    public static String contributors(AnomalyInsight anomaly, int max) {
        return anomaly.contributors().stream().limit(max)
                .map(c -> c.column() + " = " + c.value() + " (" + HumanText.signed(c.delta()) + ")")
                .collect(Collectors.joining(", "));
    }

    /** The expected level must be at least this share of the value for a percentage change to be shown. */
    static final double MEANINGFUL_LEVEL = 0.05;

    /** How far an anomaly is from what was expected: {@code +51.7%, z=6.1}. */
    public static String deviation(AnomalyInsight anomaly) {
        // A change in percent means something only against an expected level of some size: against an
        // expected 0.0001 any value is a million percent.
        boolean meaningful = anomaly.expected() > 0 && anomaly.expected() >= MEANINGFUL_LEVEL * Math.abs(anomaly.value());
        String relative = !meaningful ? ""
                : HumanText.change((anomaly.value() - anomaly.expected()) / anomaly.expected()) + ", ";
        return relative + "z=" + HumanText.number(anomaly.magnitude());
    }

    /** Distinct values, marked when approximate: {@code 1,234} or {@code ≈1,234 (approximate)}. */
    public static String distinct(ColumnProfile column) {
        String count = HumanText.count(column.distinct());
        return column.distinctExact() ? count : "≈" + count + " (approximate)";
    }

    /**
     * Missing values with their share of rows, and placeholder-like values apart: {@code 120 (2.4%)} or
     * {@code 0 (0%); 48 placeholder-like values (1%)}.
     */
    public static String missing(ColumnProfile column) {
        String text = HumanText.count(column.missing()) + " (" + HumanText.percent(column.missingShare()) + ")";
        return column.placeholders() == 0 ? text
                : text + "; " + HumanText.count(column.placeholders()) + " placeholder-like values ("
                        + HumanText.percent(column.placeholderShare()) + ")";
    }

    /** Candidate keys in words: {@code order_id; customer_id + line}. */
    public static String keys(List<List<String>> candidateKeys) {
        return candidateKeys.stream().map(k -> String.join(" + ", k)).collect(Collectors.joining("; "));
    }

    /** The singular unit of one bucket: {@code day}, {@code week}. */
    static String unit(TimeGrain grain) {
        return grain.name().toLowerCase(Locale.ROOT);
    }
}
