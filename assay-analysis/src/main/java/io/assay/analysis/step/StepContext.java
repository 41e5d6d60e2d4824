package io.assay.analysis.step;

import io.assay.analysis.model.AnalysisMode;
import io.assay.analysis.model.ColumnProfile;
import io.assay.analysis.model.TableProfile;
import io.assay.engine.Dialect;
import io.assay.engine.QueryOptions;
import io.assay.engine.Session;

import java.util.List;
import java.util.Optional;

/**
 * What a step may use: the engine session (with the analysis's timeout and cancellation in {@code options}), the
 * relation to read, and everything the profile has learned so far.
 *
 * @param table    the table, qualified and quoted for the engine
 * @param relation what the analysis reads: the table, or a sample of it followed by an alias
 *                 ({@code … AS src}); use it after FROM as it is
 * @param rows     rows in the relation
 * @param columns  the column profiles, in table order
 */
public record StepContext(Session session, Dialect dialect, QueryOptions options, AnalysisMode mode, String table,
                          String relation, long rows, List<ColumnProfile> columns, TableProfile profile) {

    public StepContext {
        columns = List.copyOf(columns);
    }

    public Optional<ColumnProfile> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** A column name quoted for the engine. */
    public String quote(String column) {
        return dialect.quoteIdentifier(column);
    }
}
