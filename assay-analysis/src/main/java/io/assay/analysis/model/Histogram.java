package io.assay.analysis.model;

import java.util.List;

/**
 * Equal-width bins over a numeric or temporal column.
 *
 * @param edges  the bins' boundaries, one more than counts; epoch seconds for temporal columns
 * @param counts rows per bin; the last bin includes its upper edge
 */
public record Histogram(List<Double> edges, List<Long> counts) {

    public Histogram {
        edges = List.copyOf(edges);
        counts = List.copyOf(counts);
        if (edges.size() != counts.size() + 1) {
            throw new IllegalArgumentException("a histogram needs one more edge than bins");
        }
    }
}
