package io.assay.analysis.model;

import io.assay.engine.ColumnType;

/** The family a column is profiled as. */
public enum ColumnKind {
    NUMERIC, TEXT, TEMPORAL, BOOLEAN, OTHER;

    public static ColumnKind of(ColumnType type) {
        if (type.isNumeric()) {
            return NUMERIC;
        }
        if (type.isTemporal()) {
            return TEMPORAL;
        }
        return switch (type.kind()) {
            case TEXT, UUID, JSON -> TEXT;
            case BOOLEAN -> BOOLEAN;
            default -> OTHER;
        };
    }
}
