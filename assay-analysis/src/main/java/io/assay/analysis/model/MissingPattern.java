package io.assay.analysis.model;

/** Two columns that tend to be missing in the same rows: rows where both are missing, and the Jaccard share. */
public record MissingPattern(String left, String right, long bothMissing, double jaccard) {
}
