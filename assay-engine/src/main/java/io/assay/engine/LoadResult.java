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
 * @param notes            what the reader changed or decided that the user should know (a value out of range
 *                         kept as text, a column typed from its spelling, ...), one sentence each
 */
public record LoadResult(long rows, long rejectedRows, List<Rejection> firstRejections, List<Column> columns,
                         Map<String, String> effectiveOptions, List<String> notes) {

    public LoadResult {
        firstRejections = List.copyOf(firstRejections);
        columns = List.copyOf(columns);
        effectiveOptions = Map.copyOf(effectiveOptions);
        notes = List.copyOf(notes);
    }

    public LoadResult(long rows, long rejectedRows, List<Rejection> firstRejections, List<Column> columns,
                      Map<String, String> effectiveOptions) {
        this(rows, rejectedRows, firstRejections, columns, effectiveOptions, List.of());
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
