package io.assay.engine;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Limits for one statement.
 *
 * @param timeout how long it may run before it is cancelled and fails with {@link ErrorCode#TIMEOUT}
 * @param maxRows the most rows a result may return; the stream ends there (see {@link RowStream#truncated()})
 */
public record QueryOptions(Optional<Duration> timeout, OptionalLong maxRows) {

    public static final QueryOptions NONE = new QueryOptions(Optional.empty(), OptionalLong.empty());

    public QueryOptions {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(maxRows, "maxRows");
        timeout.ifPresent(t -> {
            if (t.isNegative() || t.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + t);
            }
        });
        if (maxRows.isPresent() && maxRows.getAsLong() < 0) {
            throw new IllegalArgumentException("maxRows must not be negative: " + maxRows.getAsLong());
        }
    }

    public QueryOptions withTimeout(Duration t) {
        return new QueryOptions(Optional.ofNullable(t), maxRows);
    }

    public QueryOptions withMaxRows(long n) {
        return new QueryOptions(timeout, OptionalLong.of(n));
    }
}
