package io.assay.analysis.step;

import io.assay.analysis.model.AnalysisMode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The registry of analysis steps: the built-in ones, in the order they run, then any a plugin jar names in
 * {@code META-INF/services/io.assay.analysis.step.AnalysisStep}. This list is the one place a new step is added.
 */
public final class AnalysisSteps {

    /** The steps Assay ships with. */
    static final List<AnalysisStep> BUILT_IN = List.of(
            new ColumnDependencies());

    private static final List<AnalysisStep> ALL = load();

    private AnalysisSteps() {
    }

    /** Every registered step, built-in first; ids are unique. */
    public static List<AnalysisStep> all() {
        return ALL;
    }

    /** The steps that run in {@code mode}. */
    public static List<AnalysisStep> forMode(AnalysisMode mode) {
        return ALL.stream().filter(s -> s.modes().contains(mode)).toList();
    }

    private static List<AnalysisStep> load() {
        List<AnalysisStep> steps = new ArrayList<>(BUILT_IN);
        for (AnalysisStep s : ServiceLoader.load(AnalysisStep.class, AnalysisSteps.class.getClassLoader())) {
            steps.add(s);
        }
        Set<String> ids = new HashSet<>();
        for (AnalysisStep s : steps) {
            if (!s.id().matches("[a-z][a-z0-9-]*") || !ids.add(s.id())) {
                throw new IllegalStateException("analysis step id must be unique and lower case with dashes: " + s.id()
                        + " (" + s.getClass().getName() + ")");
            }
        }
        return List.copyOf(steps);
    }
}
