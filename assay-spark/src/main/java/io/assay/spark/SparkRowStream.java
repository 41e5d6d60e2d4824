package io.assay.spark;

import io.assay.engine.Column;
import io.assay.engine.ColumnType.Kind;
import io.assay.engine.RowStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.connect.client.CloseableIterator;
import org.apache.spark.sql.connect.client.SparkResult;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledFuture;

/**
 * Rows of one Spark result, read batch by batch as the server sends them (Arrow), each batch freed once read. Closing
 * before the end interrupts the operation on the server, so that an abandoned result does not keep Spark busy.
 */
final class SparkRowStream implements RowStream {

    private final SparkSqlSession session;
    private final SparkResult<Row> result;
    private final CloseableIterator<Row> rows;
    private final List<Column> columns;
    private final Kind[] kinds;
    private final OptionalLong maxRows;
    private final ScheduledFuture<?> timer;
    private final Optional<Duration> timeout;
    private Row current;
    private long count;
    private boolean truncated;
    private boolean finished;
    private boolean closed;

    SparkRowStream(SparkSqlSession session, SparkResult<Row> result, List<Column> columns, OptionalLong maxRows,
                   ScheduledFuture<?> timer, Optional<Duration> timeout) {
        this.session = session;
        this.result = result;
        this.rows = result.destructiveIterator();
        this.columns = List.copyOf(columns);
        this.kinds = columns.stream().map(c -> c.type().kind()).toArray(Kind[]::new);
        this.maxRows = maxRows;
        this.timer = timer;
        this.timeout = timeout;
    }

    @Override
    public List<Column> columns() {
        return columns;
    }

    @Override
    public boolean next() {
        if (closed || finished) {
            return false;
        }
        try {
            if (maxRows.isPresent() && count >= maxRows.getAsLong()) {
                truncated = rows.hasNext();
                end(!truncated);
                return false;
            }
            if (!rows.hasNext()) {
                end(true);
                session.checkNotStopped(timeout);
                return false;
            }
            current = rows.next();
            count++;
            return true;
        } catch (Exception e) {
            end(false);
            throw session.failure(e, timeout, "reading the result");
        }
    }

    @Override
    public Object get(int index) {
        if (current == null) {
            throw new IllegalStateException("no current row: call next() first");
        }
        return SparkTypes.value(current, index, kinds[index]);
    }

    @Override
    public long rowCount() {
        return count;
    }

    @Override
    public boolean truncated() {
        return truncated;
    }

    private void end(boolean complete) {
        if (finished) {
            return;
        }
        finished = true;
        session.stopTimer(timer);
        if (!complete) {
            try {
                session.interruptOperation(result.operationId());
            } catch (RuntimeException ignored) {
                // No operation id yet: nothing runs that could be stopped.
            }
        }
        try {
            rows.close();
        } catch (Exception ignored) {
            // Closing a stream that failed: the failure was reported.
        }
        SparkSqlSession.closeQuietly(result);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        end(false);
        closed = true;
    }
}
