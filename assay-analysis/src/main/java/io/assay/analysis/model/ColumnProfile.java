package io.assay.analysis.model;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Everything the analysis learned about one column.
 *
 * @param count          non-null values
 * @param missing        NULL values
 * @param placeholders   non-null values that stand for "missing" ("", "N/A", "-", "null", 9999-12-31, ...)
 * @param distinct       distinct non-null values: exact when {@code distinctExact}, else approximate (HyperLogLog, ±2%)
 * @param min            smallest value, as text (numbers plainly, times in ISO form)
 * @param max            largest value, as text
 * @param numeric        numeric statistics, for numeric columns
 * @param text           length and pattern statistics, for text columns
 * @param topValues      the commonest values with their counts (full mode, low-cardinality columns)
 * @param histogram      distribution of numeric and temporal columns (full mode)
 * @param monotonic      INCREASING or DECREASING when every row follows the previous one in storage order
 * @param unique         every non-null value occurs once
 * @param quality        0..100, lowered by the column's findings
 */
public record ColumnProfile(String name, String type, ColumnKind kind, long count, long missing, long placeholders,
                            long distinct, boolean distinctExact, Optional<String> min, Optional<String> max,
                            Optional<NumericStats> numeric, Optional<TextStats> text, List<ValueCount> topValues,
                            Optional<Histogram> histogram, SemanticType semanticType, boolean personalData,
                            Monotonicity monotonic, boolean unique, double quality) {

    /** Order of values in storage order. */
    public enum Monotonicity { INCREASING, DECREASING, NONE, UNKNOWN }

    public ColumnProfile {
        topValues = List.copyOf(topValues);
    }

    /** Rows in the table: values plus NULLs. */
    public long rows() {
        return count + missing;
    }

    /** Share of rows missing (NULL); placeholder-like values are apart, in {@link #placeholderShare()}. */
    public double missingShare() {
        long rows = rows();
        return rows == 0 ? 0 : (double) missing / rows;
    }

    /** Share of rows holding a value that stands for "missing" ("N/A", 9999, 9999-12-31 ...). */
    public double placeholderShare() {
        long rows = rows();
        return rows == 0 ? 0 : (double) placeholders / rows;
    }

    /** The same profile with its quality score set. */
    public ColumnProfile withQuality(double score) {
        return new ColumnProfile(name, type, kind, count, missing, placeholders, distinct, distinctExact, min, max, numeric,
                text, topValues, histogram, semanticType, personalData, monotonic, unique, score);
    }

    public OptionalLong exactDistinct() {
        return distinctExact ? OptionalLong.of(distinct) : OptionalLong.empty();
    }
}
