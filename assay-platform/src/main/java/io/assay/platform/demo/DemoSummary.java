package io.assay.platform.demo;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link DemoDataGenerator#generate} made.
 *
 * @param rowCounts         rows per table, in creation order
 * @param injectedAnomalies the planted events an analysis should find, each starting with its date,
 *                          such as {@code "2025-03-14: checkout outage, orders fell to ~5% of normal"}
 */
public record DemoSummary(Map<String, Long> rowCounts, List<String> injectedAnomalies) {

    public DemoSummary {
        Objects.requireNonNull(rowCounts, "rowCounts");
        rowCounts = Collections.unmodifiableMap(new LinkedHashMap<>(rowCounts));
        injectedAnomalies = List.copyOf(injectedAnomalies);
    }
}
