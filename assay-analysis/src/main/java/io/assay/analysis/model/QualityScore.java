package io.assay.analysis.model;

import java.util.List;
import java.util.Map;

/**
 * The dataset's quality, 0..100: the mean of its columns' scores less table-level penalties.
 *
 * @param byColumn  each column's score
 * @param lowered   the findings that lowered a score, largest penalty first, as explanation
 */
public record QualityScore(double score, Map<String, Double> byColumn, List<Finding> lowered) {

    public QualityScore {
        byColumn = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(byColumn));
        lowered = List.copyOf(lowered);
    }
}
