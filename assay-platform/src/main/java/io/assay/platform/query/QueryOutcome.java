package io.assay.platform.query;

import io.assay.engine.Column;

import java.time.Duration;
import java.util.List;

/**
 * How a query went.
 *
 * @param truncated true when the row cap cut the result short
 */
public record QueryOutcome(List<Column> columns, long rows, boolean truncated, Duration elapsed) {

    public QueryOutcome {
        columns = List.copyOf(columns);
    }
}
