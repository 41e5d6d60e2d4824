package io.assay.platform.catalog;

import io.assay.engine.RelationRef;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A dataset registered in the catalog: a table in the warehouse and where it came from.
 *
 * @param name         the dataset's name, also its table name in the warehouse's default schema
 * @param relation     the table in the warehouse
 * @param source       where the data came from: a file path, {@code demo-data}, a remote table
 * @param format       the source format (csv, json, parquet, xlsx, generated)
 * @param options      reader options in force at the import, detected ones included
 * @param rows         rows in the table
 * @param columns      columns in the table
 * @param sourceBytes  size of the source file, 0 when not a file
 * @param storedBytes  space the table takes in the warehouse, 0 when unknown
 * @param rejectedRows rows of the source that did not load (kept for inspection)
 * @param importedAt   when the dataset was first created
 * @param updatedAt    when its data last changed
 */
public record Dataset(String name, RelationRef relation, String source, String format, Map<String, String> options,
                      long rows, int columns, long sourceBytes, long storedBytes, long rejectedRows,
                      Instant importedAt, Instant updatedAt) {

    public Dataset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(relation, "relation");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(format, "format");
        options = Map.copyOf(options);
        Objects.requireNonNull(importedAt, "importedAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
