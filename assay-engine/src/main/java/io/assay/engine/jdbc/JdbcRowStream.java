package io.assay.engine.jdbc;

import io.assay.engine.AssayException;
import io.assay.engine.Column;
import io.assay.engine.RowStream;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Blob;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Struct;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Function;

/** Streams a JDBC result set row by row, turning driver values into plain Java values. */
final class JdbcRowStream implements RowStream {

    private final JdbcEngine engine;
    private final Statement statement;
    private final ResultSet resultSet;
    private final List<Column> columns;
    private final long maxRows;
    private final Runnable onClose;
    private final Function<SQLException, AssayException> errors;
    private final Object[] current;
    private long rows;
    private boolean truncated;
    private boolean done;
    private boolean closed;

    JdbcRowStream(JdbcEngine engine, Statement statement, ResultSet resultSet, List<Column> columns, OptionalLong maxRows,
                  Runnable onClose, Function<SQLException, AssayException> errors) {
        this.engine = engine;
        this.statement = statement;
        this.resultSet = resultSet;
        this.columns = List.copyOf(columns);
        this.maxRows = maxRows.orElse(Long.MAX_VALUE);
        this.onClose = onClose;
        this.errors = errors;
        this.current = new Object[columns.size()];
    }

    static List<Column> columnsOf(ResultSetMetaData md, JdbcEngine engine) throws SQLException {
        List<Column> columns = new ArrayList<>(md.getColumnCount());
        for (int i = 1; i <= md.getColumnCount(); i++) {
            columns.add(new Column(md.getColumnLabel(i), engine.columnType(md.getColumnTypeName(i)),
                    md.isNullable(i) != ResultSetMetaData.columnNoNulls));
        }
        return columns;
    }

    @Override
    public List<Column> columns() {
        return columns;
    }

    @Override
    public boolean next() {
        if (done) {
            return false;
        }
        try {
            if (!resultSet.next()) {
                done = true;
                return false;
            }
            if (rows >= maxRows) {
                truncated = true;
                done = true;
                return false;
            }
            for (int i = 0; i < current.length; i++) {
                current[i] = engine.readValue(resultSet, i + 1, columns.get(i).type());
            }
            rows++;
            return true;
        } catch (SQLException e) {
            done = true;
            throw errors.apply(e);
        }
    }

    @Override
    public Object get(int index) {
        return current[index];
    }

    @Override
    public long rowCount() {
        return rows;
    }

    @Override
    public boolean truncated() {
        return truncated;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            resultSet.close();
        } catch (SQLException ignored) {
            // Closing a result is best effort.
        }
        try {
            statement.close();
        } catch (SQLException ignored) {
            // Closing a statement is best effort.
        }
        onClose.run();
    }

    /** Driver objects to the plain values {@link RowStream} promises. */
    static Object plain(Object v) throws SQLException {
        if (v == null || v instanceof String || v instanceof Long || v instanceof Double || v instanceof Boolean
                || v instanceof BigDecimal || v instanceof BigInteger || v instanceof LocalDate
                || v instanceof LocalDateTime || v instanceof OffsetDateTime || v instanceof LocalTime
                || v instanceof UUID) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof java.sql.Timestamp ts) {
            return ts.toLocalDateTime();
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        if (v instanceof java.sql.Time t) {
            return t.toLocalTime();
        }
        if (v instanceof OffsetTime t) {
            return t.toString();
        }
        if (v instanceof byte[] b) {
            return b;
        }
        if (v instanceof Blob b) {
            return b.getBytes(1, (int) Math.min(Integer.MAX_VALUE, b.length()));
        }
        if (v instanceof Array a) {
            Object arr = a.getArray();
            if (arr instanceof Object[] objects) {
                List<Object> list = new ArrayList<>(objects.length);
                for (Object o : objects) {
                    list.add(plain(o));
                }
                return java.util.Collections.unmodifiableList(list);
            }
            return String.valueOf(arr);
        }
        if (v instanceof Struct s) {
            return s.toString();
        }
        return v.toString();
    }
}
