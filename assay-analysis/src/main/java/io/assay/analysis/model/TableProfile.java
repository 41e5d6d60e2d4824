package io.assay.analysis.model;

import java.util.List;
import java.util.OptionalLong;

/**
 * Facts about the table as a whole.
 *
 * @param duplicateRows  rows identical to an earlier row (full mode)
 * @param candidateKeys  columns (or pairs) whose values are unique and never missing
 * @param correlations   strong associations between columns (full mode)
 * @param missingTogether columns missing in the same rows (full mode)
 */
public record TableProfile(long rows, int columns, OptionalLong duplicateRows, List<List<String>> candidateKeys,
                           List<Correlation> correlations, List<MissingPattern> missingTogether) {

    public TableProfile {
        candidateKeys = candidateKeys.stream().map(List::copyOf).toList();
        correlations = List.copyOf(correlations);
        missingTogether = List.copyOf(missingTogether);
    }
}
