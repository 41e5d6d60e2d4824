package io.assay.platform.analysis;

import io.assay.analysis.model.AnalysisMode;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An analysis to run.
 *
 * @param target     a dataset name, or the path of a file to import first
 * @param timeColumn the column for insights over time; detected when empty
 * @param sampleRows analyse a sample of about this many rows
 */
public record AnalysisRequest(String target, AnalysisMode mode, Optional<String> timeColumn, OptionalLong sampleRows) {

    public AnalysisRequest {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(timeColumn, "timeColumn");
        Objects.requireNonNull(sampleRows, "sampleRows");
    }

    public static AnalysisRequest of(String target, AnalysisMode mode) {
        return new AnalysisRequest(target, mode, Optional.empty(), OptionalLong.empty());
    }
}
