package io.assay.analysis.model;

import java.util.List;

/**
 * Shape of a text column's values.
 *
 * @param patterns the commonest shapes, letters as {@code a}/{@code A}, digits as {@code 9}
 *                 (runs shortened: {@code Aaaa 99} for "Main 12")
 * @param numericShare share of values that parse as numbers
 * @param dateShare    share of values that parse as dates
 * @param shapeShares  share of sampled values with each recognised shape, by name
 */
public record TextStats(long minLength, long maxLength, double meanLength, long empty, long blank,
                        List<ValueCount> patterns, double numericShare, double dateShare, java.util.Map<String, Double> shapeShares) {

    public TextStats {
        patterns = List.copyOf(patterns);
        shapeShares = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(shapeShares));
    }

    /** Share of sampled values with a shape (email, url, uuid, ip, phone, postal, currency), 0 when not measured. */
    public double shapeShare(String shape) {
        return shapeShares.getOrDefault(shape, 0.0);
    }
}
