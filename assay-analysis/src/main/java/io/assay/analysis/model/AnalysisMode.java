package io.assay.analysis.model;

import java.util.Locale;

/** How deep an analysis goes. */
public enum AnalysisMode {
    /** Types, keys and sizes from the catalog and a small sample: no scan of the data. */
    SCHEMA,
    /** One scan: per column counts, missing, approximate distinct, min/max, mean, stddev, quartiles. */
    QUICK,
    /** Everything: histograms, top values, patterns, semantic types, findings, correlations, insights over time. */
    FULL;

    public static AnalysisMode parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
