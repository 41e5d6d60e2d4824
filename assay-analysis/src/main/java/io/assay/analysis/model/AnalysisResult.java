package io.assay.analysis.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of analysing one dataset: the value every renderer (HTML, JSON, XLSX, Markdown) and
 * every front door works from. Its JSON form is versioned by {@link #SCHEMA_VERSION}.
 *
 * @param dataset   the dataset's name (or the relation's, for a remote table)
 * @param engine    the engine the SQL ran on
 * @param sections  what the registered analysis steps added ({@link io.assay.analysis.step.AnalysisSteps}), each shown
 *                  the same generic way by every renderer and door
 * @param notes     what could not be computed or was approximated, and why
 */
public record AnalysisResult(String schemaVersion, String dataset, String engine, AnalysisMode mode, Instant startedAt,
                             Duration elapsed, TableProfile table, List<ColumnProfile> columns, List<Finding> findings,
                             QualityScore quality, Optional<TimeInsights> insights, List<Section> sections,
                             List<String> notes) {

    /** Version of the result's JSON form; raised on any change that a reader could notice. */
    public static final String SCHEMA_VERSION = "1.1";

    public AnalysisResult {
        columns = List.copyOf(columns);
        findings = List.copyOf(findings);
        // Results written before steps existed (schema 1.0) have no sections.
        sections = sections == null ? List.of() : List.copyOf(sections);
        notes = List.copyOf(notes);
    }

    public Optional<ColumnProfile> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
