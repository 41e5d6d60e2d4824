package io.assay.analysis.model;

/** A value (or a pattern) and how many rows have it. */
public record ValueCount(String value, long count) {
}
