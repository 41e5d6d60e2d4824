package io.assay.engine;

/**
 * Appends rows to an existing table at bulk speed, bypassing SQL parsing and parameter binding
 * (DuckDB's appender). Values are the plain Java values {@link RowStream} gives. Rows become visible
 * when the appender is closed, within the session's transaction.
 */
public interface RowAppender extends AutoCloseable {

    void append(Object[] row);

    @Override
    void close();
}
