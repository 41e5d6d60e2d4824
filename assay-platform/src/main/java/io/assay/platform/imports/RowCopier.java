package io.assay.platform.imports;

import io.assay.engine.Column;
import io.assay.engine.ColumnType;
import io.assay.engine.Dialect;
import io.assay.engine.RelationRef;
import io.assay.engine.RowAppender;
import io.assay.engine.RowStream;
import io.assay.engine.Session;
import io.assay.engine.SqlStatement;
import io.assay.platform.task.Progress;
import io.assay.platform.task.TaskContext;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Streams a relation of one engine into a new table of another: rows are read one at a time and
 * written through the target's bulk appender where it has one (DuckDB), else in batches of bound
 * rows; memory holds one batch whatever the table's size. Column types
 * follow the source's kinds; decimals take the largest scale seen in the first batch.
 */
final class RowCopier {

    static final int BATCH = 500;

    private RowCopier() {
    }

    /** Copies every row of {@code sourceRelation} into the new table {@code target}; answers the rows copied. */
    static long copy(Session source, String sourceRelation, List<Column> columns, Session target, RelationRef targetRef,
                     TaskContext ctx, long expectedRows) {
        Dialect d = target.engine().dialect();
        StringJoiner select = new StringJoiner(", ", "SELECT ", " FROM " + sourceRelation);
        columns.forEach(c -> select.add(source.engine().dialect().quoteIdentifier(c.name())));
        long copied = 0;
        List<Object[]> batch = new ArrayList<>(BATCH);
        boolean created = false;
        int[] scales = new int[columns.size()];
        RowAppender appender = null;
        try (RowStream rows = source.query(SqlStatement.of(select.toString()))) {
            while (true) {
                boolean more = rows.next();
                if (more) {
                    Object[] row = new Object[columns.size()];
                    for (int i = 0; i < row.length; i++) {
                        row[i] = rows.get(i);
                    }
                    batch.add(row);
                }
                if (batch.size() == BATCH || !more && (!batch.isEmpty() || !created)) {
                    if (!created) {
                        target.execute(SqlStatement.of(createTable(d, targetRef, columns, batch, scales)));
                        created = true;
                        appender = target.appender(targetRef).orElse(null);
                    }
                    if (!batch.isEmpty()) {
                        if (appender != null) {
                            for (Object[] row : batch) {
                                appender.append(fitted(row, scales));
                            }
                        } else {
                            insert(target, d, targetRef, columns.size(), batch);
                        }
                        copied += batch.size();
                        batch.clear();
                        ctx.checkCancelled();
                        ctx.progress("copying " + sourceRelation, copied, expectedRows, Progress.Unit.ROWS);
                    }
                }
                if (!more) {
                    if (appender != null) {
                        appender.close();
                        appender = null;
                    }
                    return copied;
                }
            }
        } finally {
            if (appender != null) {
                appender.close();
            }
        }
    }

    /** Values as the target columns take them: decimals at the column's scale, lists as text. */
    private static Object[] fitted(Object[] row, int[] scales) {
        Object[] out = row.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] instanceof BigDecimal b && scales[i] >= 0) {
                out[i] = b.setScale(scales[i], java.math.RoundingMode.HALF_EVEN);
            } else if (out[i] instanceof List<?>) {
                out[i] = String.valueOf(out[i]);
            }
        }
        return out;
    }

    private static String createTable(Dialect d, RelationRef ref, List<Column> columns, List<Object[]> sample, int[] scales) {
        StringJoiner defs = new StringJoiner(", ", "CREATE TABLE " + d.qualify(ref) + " (", ")");
        for (int i = 0; i < columns.size(); i++) {
            scales[i] = columns.get(i).type().kind() == ColumnType.Kind.DECIMAL ? scale(sample, i) : -1;
            defs.add(d.quoteIdentifier(columns.get(i).name()) + " " + type(d, columns.get(i).type(), scales[i]));
        }
        return defs.toString();
    }

    /** The largest scale among a decimal column's first values (at least 2, at most 18). */
    private static int scale(List<Object[]> sample, int column) {
        int scale = 2;
        for (Object[] row : sample) {
            if (row[column] instanceof BigDecimal b) {
                scale = Math.max(scale, Math.min(18, b.scale()));
            }
        }
        return scale;
    }

    /** A portable SQL type for a source column's kind. */
    private static String type(Dialect d, ColumnType t, int decimalScale) {
        return switch (t.kind()) {
            case BOOLEAN -> "BOOLEAN";
            case INTEGER -> "BIGINT";
            case DECIMAL -> "DECIMAL(38, " + decimalScale + ")";
            case FLOAT -> "DOUBLE PRECISION";
            case DATE -> "DATE";
            case TIME -> "TIME";
            case TIMESTAMP -> "TIMESTAMP";
            case TIMESTAMP_TZ -> "TIMESTAMP WITH TIME ZONE";
            case BINARY -> d.binaryType();
            default -> "VARCHAR";
        };
    }

    private static void insert(Session target, Dialect d, RelationRef ref, int width, List<Object[]> batch) {
        StringJoiner rowSql = new StringJoiner(", ", "(", ")");
        for (int i = 0; i < width; i++) {
            rowSql.add("?");
        }
        StringJoiner values = new StringJoiner(", ");
        List<Object> params = new ArrayList<>(batch.size() * width);
        for (Object[] row : batch) {
            values.add(rowSql.toString());
            for (Object v : row) {
                params.add(v instanceof List<?> || v instanceof byte[] ? String.valueOf(v) : v);
            }
        }
        target.execute(new SqlStatement("INSERT INTO " + d.qualify(ref) + " VALUES " + values, params));
    }
}
