package io.assay.engine;

import java.util.Objects;

/**
 * A column's type: the engine-neutral {@link Kind} analysis reasons about, and the engine's own
 * type name, kept for display and exact round trips.
 */
public record ColumnType(Kind kind, String nativeName) {

    /** Engine-neutral families of types. */
    public enum Kind {
        BOOLEAN, INTEGER, DECIMAL, FLOAT, TEXT, DATE, TIME, TIMESTAMP, TIMESTAMP_TZ, INTERVAL,
        BINARY, UUID, JSON, NESTED, OTHER
    }

    public ColumnType {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(nativeName, "nativeName");
    }

    public boolean isNumeric() {
        return kind == Kind.INTEGER || kind == Kind.DECIMAL || kind == Kind.FLOAT;
    }

    public boolean isTemporal() {
        return kind == Kind.DATE || kind == Kind.TIMESTAMP || kind == Kind.TIMESTAMP_TZ;
    }

    public boolean isText() {
        return kind == Kind.TEXT;
    }

    @Override
    public String toString() {
        return nativeName;
    }
}
