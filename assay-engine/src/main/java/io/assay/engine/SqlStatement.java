package io.assay.engine;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * SQL text and its bind parameters. Values never go into the text: they travel as parameters
 * ({@code ?}), and identifiers are quoted by the {@link Dialect}.
 */
public record SqlStatement(String sql, List<Object> params) {

    public SqlStatement {
        Objects.requireNonNull(sql, "sql");
        // Parameters may legitimately be null (SQL NULL), so List.copyOf would not do.
        params = Collections.unmodifiableList(new java.util.ArrayList<>(params));
    }

    public static SqlStatement of(String sql, Object... params) {
        return new SqlStatement(sql, Arrays.asList(params));
    }

    @Override
    public String toString() {
        return params.isEmpty() ? sql : sql + " " + params;
    }
}
