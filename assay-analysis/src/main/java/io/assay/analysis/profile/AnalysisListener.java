package io.assay.analysis.profile;

/** Hears which stage an analysis is in, to show progress. Called on the analysing thread; keep it quick. */
@FunctionalInterface
public interface AnalysisListener {

    AnalysisListener NONE = (stage, step, steps) -> { };

    /** Stage {@code step} (0-based) of {@code steps} begins. */
    void onStage(String stage, int step, int steps);
}
