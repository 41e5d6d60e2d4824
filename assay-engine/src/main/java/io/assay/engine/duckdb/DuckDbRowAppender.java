package io.assay.engine.duckdb;

import io.assay.engine.RowAppender;
import org.duckdb.DuckDBAppender;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Rows into a DuckDB table through its appender: the fastest way in, value by value without SQL. */
final class DuckDbRowAppender implements RowAppender {

    private final DuckDBAppender appender;

    DuckDbRowAppender(DuckDBAppender appender) {
        this.appender = appender;
    }

    @Override
    public void append(Object[] row) {
        try {
            appender.beginRow();
            for (Object v : row) {
                appendValue(v);
            }
            appender.endRow();
        } catch (SQLException e) {
            throw DuckDbEngine.translateStatic(e, "appending a row");
        }
    }

    private void appendValue(Object v) throws SQLException {
        if (v == null) {
            appender.appendNull();
        } else if (v instanceof Boolean b) {
            appender.append(b.booleanValue());
        } else if (v instanceof Long l) {
            appender.append(l.longValue());
        } else if (v instanceof Double d) {
            appender.append(d.doubleValue());
        } else if (v instanceof BigDecimal d) {
            appender.append(d);
        } else if (v instanceof BigInteger i) {
            appender.append(i);
        } else if (v instanceof LocalDate d) {
            appender.append(d);
        } else if (v instanceof LocalDateTime t) {
            appender.append(t);
        } else if (v instanceof OffsetDateTime t) {
            appender.append(t);
        } else if (v instanceof LocalTime t) {
            appender.append(t);
        } else if (v instanceof UUID u) {
            appender.append(u);
        } else if (v instanceof byte[] b) {
            appender.append(b);
        } else {
            appender.append(v.toString());
        }
    }

    @Override
    public void close() {
        try {
            appender.close();
        } catch (SQLException e) {
            throw DuckDbEngine.translateStatic(e, "finishing the appended rows");
        }
    }
}
