package io.assay.engine;

import java.util.Objects;

/** One column of a relation or of a result. */
public record Column(String name, ColumnType type, boolean nullable) {

    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
