package io.assay.analysis.model;

/**
 * How strongly two columns go together.
 *
 * @param method  {@code pearson} for numeric pairs, {@code cramers_v} for low-cardinality categories
 * @param value   -1..1 for Pearson, 0..1 for Cramér's V
 */
public record Correlation(String left, String right, String method, double value) {
}
