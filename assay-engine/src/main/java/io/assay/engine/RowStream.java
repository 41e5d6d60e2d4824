package io.assay.engine;

import java.util.List;

/**
 * A forward-only cursor over a result, read row by row so that memory stays flat whatever the
 * result's size. Values are plain Java: {@code Boolean}, {@code Long}, {@code java.math.BigInteger},
 * {@code Double}, {@code java.math.BigDecimal}, {@code String}, {@code java.time.LocalDate},
 * {@code LocalTime}, {@code LocalDateTime}, {@code OffsetDateTime}, {@code java.util.UUID},
 * {@code byte[]}, {@code java.util.List} for lists (of such values), or {@code String} for anything
 * else (structs and maps in their text form).
 * Not thread-safe; close it to free the statement.
 */
public interface RowStream extends AutoCloseable {

    List<Column> columns();

    /** Moves to the next row; false at the end (or at the row cap). */
    boolean next();

    /** The value at {@code index} (0-based) of the current row, or null for SQL NULL. */
    Object get(int index);

    /** Rows read so far. */
    long rowCount();

    /** True once the stream stopped at the row cap while more rows were available. */
    boolean truncated();

    @Override
    void close();
}
