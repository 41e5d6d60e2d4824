package io.assay.platform.query;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A query to run.
 *
 * @param sql     the SQL text (one statement; a trailing semicolon is fine)
 * @param timeout overrides the configured query timeout
 * @param maxRows the most rows to return; overrides the configured cap
 */
public record QueryRequest(String sql, Optional<Duration> timeout, OptionalLong maxRows) {

    public QueryRequest {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(maxRows, "maxRows");
    }

    public static QueryRequest of(String sql) {
        return new QueryRequest(sql, Optional.empty(), OptionalLong.empty());
    }
}
