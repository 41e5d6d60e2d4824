package io.assay.platform.catalog;

import io.assay.engine.ColumnType;

import java.util.List;

/** A dataset with its columns, as {@code assay describe} shows it. */
public record DatasetDescription(Dataset dataset, List<ColumnInfo> columns) {

    public DatasetDescription {
        columns = List.copyOf(columns);
    }

    /**
     * One column.
     *
     * @param examples a few distinct non-null values from the first rows, as text
     */
    public record ColumnInfo(String name, ColumnType type, boolean nullable, List<String> examples) {

        public ColumnInfo {
            examples = List.copyOf(examples);
        }
    }
}
