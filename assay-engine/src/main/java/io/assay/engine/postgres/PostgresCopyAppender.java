package io.assay.engine.postgres;

import io.assay.engine.RowAppender;
import org.postgresql.copy.CopyIn;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.HexFormat;

/**
 * Appends rows through PostgreSQL's {@code COPY ... FROM STDIN} in its text format: one round trip
 * per 64 KiB of rows instead of one per statement, and no limit on parameters per batch. Memory holds
 * one buffer, whatever the number of rows.
 */
final class PostgresCopyAppender implements RowAppender {

    private static final int FLUSH_AT = 64 * 1024;

    private final PostgresEngine engine;
    private final CopyIn copy;
    private final StringBuilder buffer = new StringBuilder(FLUSH_AT + 4096);
    private boolean closed;

    PostgresCopyAppender(PostgresEngine engine, CopyIn copy) {
        this.engine = engine;
        this.copy = copy;
    }

    @Override
    public void append(Object[] row) {
        for (int i = 0; i < row.length; i++) {
            if (i > 0) {
                buffer.append('\t');
            }
            write(row[i]);
        }
        buffer.append('\n');
        if (buffer.length() >= FLUSH_AT) {
            flush();
        }
    }

    private void write(Object v) {
        if (v == null) {
            buffer.append("\\N");
            return;
        }
        String text;
        if (v instanceof byte[] bytes) {
            text = "\\x" + HexFormat.of().formatHex(bytes);
        } else if (v instanceof BigDecimal d) {
            text = d.toPlainString();
        } else if (v instanceof Boolean b) {
            text = b ? "t" : "f";
        } else {
            text = v.toString();
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> buffer.append("\\\\");
                case '\t' -> buffer.append("\\t");
                case '\n' -> buffer.append("\\n");
                case '\r' -> buffer.append("\\r");
                case '\0' -> { } // PostgreSQL text holds no NUL character
                default -> buffer.append(c);
            }
        }
    }

    private void flush() {
        if (buffer.isEmpty()) {
            return;
        }
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        buffer.setLength(0);
        try {
            copy.writeToCopy(bytes, 0, bytes.length);
        } catch (SQLException e) {
            throw engine.translate(e, "appending rows");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            flush();
            copy.endCopy();
        } catch (SQLException e) {
            throw engine.translate(e, "finishing the appended rows");
        } finally {
            if (copy.isActive()) {
                try {
                    copy.cancelCopy();
                } catch (SQLException ignored) {
                    // The connection is broken; the session discards it.
                }
            }
        }
    }
}
