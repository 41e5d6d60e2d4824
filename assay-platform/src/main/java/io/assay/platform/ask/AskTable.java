package io.assay.platform.ask;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the question parser knows of one dataset: its name (also its table), its columns with their kinds and
 * what the profile said of them, and the dataset's synonyms.
 *
 * @param name     the dataset's name, which is its table name
 * @param columns  its columns, in table order
 * @param synonyms phrases users say mapped to SQL expressions over the columns ("revenue" &rarr; {@code sum(total_amount)})
 * @param rows     how many rows it holds (from the catalog), -1 when unknown: of two joined tables, the dates of the one
 *                 with more rows are taken for the question's dates (orders' order date, not a product's launch date)
 */
public record AskTable(String name, List<Column> columns, Map<String, String> synonyms, long rows) {

    public AskTable {
        Objects.requireNonNull(name, "name");
        columns = List.copyOf(columns);
        synonyms = Map.copyOf(synonyms);
    }

    public AskTable(String name, List<Column> columns, Map<String, String> synonyms) {
        this(name, columns, synonyms, -1);
    }

    /** The family of a column's values, as the parser reasons about them. */
    public enum Kind { NUMBER, TEXT, TIME, BOOLEAN, OTHER }

    /**
     * A column.
     *
     * @param unique    every value occurs once (from the profile; false when unknown)
     * @param topValues the commonest values, from the saved profile (empty when there is none)
     */
    public record Column(String name, Kind kind, boolean unique, List<String> topValues) {
        public Column {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
            topValues = List.copyOf(topValues);
        }

        public Column(String name, Kind kind) {
            this(name, kind, false, List.of());
        }
    }

    public Optional<Column> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
