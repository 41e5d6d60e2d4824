package io.assay.analysis.model;

import java.util.OptionalDouble;

/**
 * Statistics of a numeric column's non-missing values.
 *
 * @param p05 5th percentile, for outlier fences
 * @param p95 95th percentile
 * @param sum the sum of the values; NaN when not computed (quick mode)
 * @param zeros values equal to zero; empty when not computed (quick mode)
 * @param negatives values below zero; empty when not computed (quick mode)
 * @param infinities infinite values; empty when not computed (quick mode)
 * @param outliers values outside the Tukey fences (Q1 − 3·IQR, Q3 + 3·IQR), when computed
 */
public record NumericStats(double min, double max, double mean, double stddev, double sum,
                           double p05, double q1, double median, double q3, double p95,
                           java.util.OptionalLong zeros, java.util.OptionalLong negatives, java.util.OptionalLong infinities, OptionalDouble skewness,
                           java.util.OptionalLong outliers) {
}
