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
 * @param readOnly true to govern the SQL by the rules of a non-admin whatever the caller's role: one read-only query
 *                over datasets only (a door that promises no more, such as MCP's read-only {@code run_query}, asks for it);
 *                which datasets may be read is still the caller's
 */
public record QueryRequest(String sql, Optional<Duration> timeout, OptionalLong maxRows, List<Object> params, boolean readOnly) {

    public QueryRequest(String sql, Optional<Duration> timeout, OptionalLong maxRows, List<Object> params) {
        this(sql, timeout, maxRows, params, false);
    }

    public QueryRequest(String sql, Optional<Duration> timeout, OptionalLong maxRows) {
        this(sql, timeout, maxRows, List.of());
    }

    /** This request, held to one read-only query over datasets whoever asks (admins included). */
    public QueryRequest onlyReading() {
        return new QueryRequest(sql, timeout, maxRows, params, true);
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
