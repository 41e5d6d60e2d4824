package io.assay.analysis.model;

/**
 * The long-run direction of a series.
 *
 * @param direction      UP, DOWN or FLAT (FLAT when not significant)
 * @param slopePerDay    Theil–Sen slope in the measure's units per day
 * @param relativeChange change over the whole series as a share of its start level (0.6 = +60%)
 * @param pValue         Mann–Kendall significance
 * @param strength       0..1, how much of the variation the trend explains
 */
public record TrendInsight(Direction direction, double slopePerDay, double relativeChange, double pValue,
                           double strength) {

    /** Which way the series goes. */
    public enum Direction { UP, DOWN, FLAT }
}
