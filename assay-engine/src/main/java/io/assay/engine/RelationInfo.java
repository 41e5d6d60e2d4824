package io.assay.engine;

import java.util.List;
import java.util.OptionalLong;

/**
 * What an engine's catalog says about a relation.
 *
 * @param rowEstimate the engine's row count estimate (exact for DuckDB tables), when it has one
 * @param primaryKey  the declared primary key columns, empty when none is declared
 */
public record RelationInfo(RelationRef ref, Type type, List<Column> columns, OptionalLong rowEstimate,
                           List<String> primaryKey) {

    /** Tables hold data; views are stored queries. */
    public enum Type { TABLE, VIEW }

    public RelationInfo {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
    }
}
