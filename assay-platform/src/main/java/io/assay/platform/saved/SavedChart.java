package io.assay.platform.saved;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A saved chart (a "question"): a saved query by reference or SQL of its own (with its parameters), and how to draw its
 * result. {@code lastRunAt} is when the kept result of its last run with default values was made, if one is kept.
 */
public record SavedChart(String id, String owner, String name, Optional<String> description, Optional<String> savedQueryId,
                         Optional<String> sql, List<QueryParameter> parameters, ChartSpec spec, Instant createdAt, Instant updatedAt,
                         Optional<Instant> lastRunAt) {

    public SavedChart {
        parameters = List.copyOf(parameters);
    }

    /** What a caller gives to make or change a chart. */
    public record Draft(String name, Optional<String> description, Optional<String> savedQueryId, Optional<String> sql,
                        List<QueryParameter> parameters, ChartSpec spec) {
        public Draft {
            parameters = List.copyOf(parameters);
        }
    }
}
