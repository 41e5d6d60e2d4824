package io.assay.platform.imports;

/** What to do when a dataset of the same name exists. */
public enum ImportMode {
    /** Fail with a conflict: never overwrite by accident. */
    CREATE,
    /** Swap the new data in for the old, atomically. */
    REPLACE,
    /** Add the new rows to the existing ones, matching columns by name. */
    APPEND
}
