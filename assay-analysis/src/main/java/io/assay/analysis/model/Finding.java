package io.assay.analysis.model;

import java.util.Map;
import java.util.Optional;

/**
 * One data-quality observation, with the numbers behind it and what to do.
 *
 * @param column     the column it is about, empty for the whole table
 * @param title      one line for people
 * @param evidence   the numbers that support it, by name
 * @param suggestion a fix or a check to add
 * @param penalty    points it takes off the quality score of its column (and, weighted, of the dataset)
 */
public record Finding(FindingKind kind, Severity severity, Optional<String> column, String title,
                      Map<String, Object> evidence, String suggestion, double penalty) {

    public Finding {
        evidence = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(evidence));
    }
}
