package io.assay.analysis.model;

/**
 * A repeating pattern.
 *
 * @param period   length of one cycle in buckets
 * @param label    the cycle in words: weekly, yearly, daily
 * @param strength 0..1 (Hyndman's seasonal strength)
 */
public record SeasonalityInsight(int period, String label, double strength) {
}
