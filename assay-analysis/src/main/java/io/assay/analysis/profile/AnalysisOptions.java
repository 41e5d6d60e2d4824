package io.assay.analysis.profile;

import io.assay.analysis.model.AnalysisMode;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How to analyse.
 *
 * @param timeColumn the column for insights over time; detected when empty
 * @param sampleRows analyse a sample of about this many rows instead of the whole table
 */
public record AnalysisOptions(AnalysisMode mode, Optional<String> timeColumn, OptionalLong sampleRows) {

    public AnalysisOptions {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(timeColumn, "timeColumn");
        Objects.requireNonNull(sampleRows, "sampleRows");
    }

    public static AnalysisOptions of(AnalysisMode mode) {
        return new AnalysisOptions(mode, Optional.empty(), OptionalLong.empty());
    }
}
