package io.assay.analysis.step;

import io.assay.analysis.model.AnalysisMode;
import io.assay.analysis.model.Finding;
import io.assay.analysis.model.Section;

import java.util.List;
import java.util.Set;

/**
 * One step of an analysis that runs after the columns are profiled: it may ask the engine more questions (as SQL,
 * through {@link StepContext}) and answers sections and findings. Its findings are scored with the others, and its
 * sections are shown by every report format and door without code of their own.
 *
 * <p>To add a step: write the class and list it in {@link AnalysisSteps#BUILT_IN}, or, from another jar, name it in
 * {@code META-INF/services/io.assay.analysis.step.AnalysisStep}. A step that fails is noted in the result and the
 * analysis goes on; cancellation and timeouts stop the analysis as a whole.
 */
public interface AnalysisStep {

    /** Stable id, lower case with dashes; also the id of the section it adds. */
    String id();

    /** What it does, for progress messages ("finding columns that determine others"). */
    String stage();

    /** The modes it runs in. */
    Set<AnalysisMode> modes();

    /** Runs the step. */
    Outcome run(StepContext context);

    /** What a step found: sections to show, findings to score, and notes about what it could not do. */
    record Outcome(List<Section> sections, List<Finding> findings, List<String> notes) {

        public static final Outcome NOTHING = new Outcome(List.of(), List.of(), List.of());

        public Outcome {
            sections = List.copyOf(sections);
            findings = List.copyOf(findings);
            notes = List.copyOf(notes);
        }
    }
}
