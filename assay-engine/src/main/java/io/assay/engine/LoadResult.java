package io.assay.engine;

import java.util.List;
import java.util.Map;

/**
 * What a file load did.
 *
 * @param rows             rows loaded into the table
 * @param rejectedRows     rows left out because they did not parse
 * @param firstRejections  the first few of those, for messages
 * @param columns          the table's columns as loaded
 * @param effectiveOptions the reader options in force, detected ones included (delimiter, header, ...)
 */
public record LoadResult(long rows, long rejectedRows, List<Rejection> firstRejections, List<Column> columns,
                         Map<String, String> effectiveOptions) {

    public LoadResult {
        firstRejections = List.copyOf(firstRejections);
        columns = List.copyOf(columns);
        effectiveOptions = Map.copyOf(effectiveOptions);
    }

    /**
     * One row that did not load.
     *
     * @param line   1-based line in the file
     * @param column the column's name where known, else empty
     * @param error  what was wrong
     * @param raw    the line as it stood in the file
     */
    public record Rejection(long line, String column, String error, String raw) {
    }
}
