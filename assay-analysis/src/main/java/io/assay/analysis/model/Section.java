package io.assay.analysis.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A part of the result that an analysis step adds: a titled table of plain values. Every report format, the web
 * page, REST and MCP show a section the same generic way, so a new step needs no renderer of its own.
 *
 * @param id      stable, lower-case with dashes ({@code column-dependencies}); the anchor and sheet key
 * @param title   a heading for people
 * @param summary one or two sentences saying what the table shows and how it was made
 * @param columns the table's columns, each with how its values read
 * @param rows    the values, one list per row, each as long as {@code columns}: text, whole numbers, decimals,
 *                booleans or null
 */
public record Section(String id, String title, String summary, List<Column> columns, List<List<Object>> rows) {

    /** How a column's values are shown. */
    public enum Format {
        /** Words or codes, shown as they are. */
        TEXT,
        /** Whole numbers of things (rows, groups), with thousands separators. */
        COUNT,
        /** Measurements and ratios, rounded for reading. */
        NUMBER,
        /** A share between 0 and 1, shown as a percentage. */
        SHARE
    }

    /** One column of a section's table. */
    public record Column(String name, Format format) {
        public Column {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(format, "format");
        }
    }

    public Section {
        if (!id.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("a section id is lower case with dashes: " + id);
        }
        columns = List.copyOf(columns);
        List<List<Object>> copy = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException("section " + id + ": a row has " + row.size() + " values for "
                        + columns.size() + " columns");
            }
            copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = Collections.unmodifiableList(copy);
    }
}
