package io.assay.platform.steps;

import io.assay.analysis.model.AnalysisMode;
import io.assay.analysis.model.ColumnKind;
import io.assay.analysis.model.ColumnProfile;
import io.assay.analysis.model.Section;
import io.assay.analysis.step.AnalysisStep;
import io.assay.analysis.step.StepContext;
import io.assay.engine.RowStream;
import io.assay.engine.SqlStatement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A step as a plugin jar would add it: named in this module's test {@code META-INF/services}, not in
 * {@code AnalysisSteps}. It counts the columns of each kind, and asks the engine for the rows, to show that a plugin
 * step reaches the session like a built-in one.
 */
public final class ColumnKindsStep implements AnalysisStep {

    @Override
    public String id() {
        return "column-kinds";
    }

    @Override
    public String stage() {
        return "counting the columns of each kind";
    }

    @Override
    public Set<AnalysisMode> modes() {
        return Set.of(AnalysisMode.QUICK, AnalysisMode.FULL);
    }

    @Override
    public Outcome run(StepContext context) {
        long rows;
        try (RowStream rs = context.session().query(SqlStatement.of("SELECT count(*) FROM " + context.relation()), context.options())) {
            rs.next();
            rows = ((Number) rs.get(0)).longValue();
        }
        Map<ColumnKind, Long> kinds = new TreeMap<>();
        for (ColumnProfile c : context.columns()) {
            kinds.merge(c.kind(), 1L, Long::sum);
        }
        List<List<Object>> table = new ArrayList<>();
        kinds.forEach((kind, n) -> table.add(List.of(kind.name(), n, (double) n / context.columns().size())));
        return new Outcome(List.of(new Section(id(), "Column kinds", "Columns of each kind, over " + rows + " rows.", List.of(
                new Section.Column("Kind", Section.Format.TEXT), new Section.Column("Columns", Section.Format.COUNT),
                new Section.Column("Share", Section.Format.SHARE)), table)), List.of(), List.of());
    }
}
