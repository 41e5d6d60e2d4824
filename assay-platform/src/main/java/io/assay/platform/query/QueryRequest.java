package io.assay.platform.query;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A query to run.
 *
 * @param sql     the SQL text (one statement; a trailing semicolon is fine)
 * @param timeout overrides the configured query timeout
 * @param maxRows the most rows to return; overrides the configured cap
 * @param params  values for the {@code ?} bind parameters in the SQL, in order
 */
public record QueryRequest(String sql, Optional<Duration> timeout, OptionalLong maxRows, List<Object> params) {

    public QueryRequest(String sql, Optional<Duration> timeout, OptionalLong maxRows) {
        this(sql, timeout, maxRows, List.of());
    }

    public QueryRequest {
        Objects.requireNonNull(sql, "sql");
        // Parameters may be SQL NULL, so List.copyOf would not do.
        params = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(params));
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(maxRows, "maxRows");
    }

    public static QueryRequest of(String sql) {
        return new QueryRequest(sql, Optional.empty(), OptionalLong.empty());
    }
}
