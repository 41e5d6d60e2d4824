package io.assay.analysis.profile;

import io.assay.analysis.model.ColumnKind;
import io.assay.analysis.model.ColumnProfile.Monotonicity;
import io.assay.analysis.model.Histogram;
import io.assay.analysis.model.ValueCount;
import io.assay.engine.Column;
import io.assay.engine.ColumnType;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What the scans learn about one column, filled in stage by stage before it becomes an immutable
 * {@link io.assay.analysis.model.ColumnProfile}. Package-private working state of one analysis.
 */
final class ColumnStats {

    final Column column;
    final ColumnKind kind;
    final int index;

    long count;
    long distinct;
    boolean distinctExact;
    Object min;
    Object max;
    long placeholders;
    /** The smallest and largest values that are not sentinels (9999, 1900-01-01 ...): how far apart a sentinel stands. */
    Object minOther;
    Object maxOther;

    /**
     * A time column's span in epoch seconds, from the first scan (full mode): min, max, 1st and 99th percentiles, and
     * whether the percentiles are exact; so that insights over time need not scan the column again.
     */
    double epochMin = Double.NaN;
    double epochMax = Double.NaN;
    double epochP01 = Double.NaN;
    double epochP99 = Double.NaN;
    boolean epochExact;

    // numeric
    double mean = Double.NaN;
    double stddev = Double.NaN;
    double sum = Double.NaN;
    double p05 = Double.NaN;
    double q1 = Double.NaN;
    double median = Double.NaN;
    double q3 = Double.NaN;
    double p95 = Double.NaN;
    long zeros;
    long negatives;
    long infinities;
    OptionalDouble skewness = OptionalDouble.empty();
    OptionalLong outliers = OptionalLong.empty();

    // text
    long minLength;
    long maxLength;
    double meanLength = Double.NaN;
    long empty;
    long blank;
    List<ValueCount> patterns = List.of();
    double numericShare;
    double dateShare;
    /** Share of sampled values that begin with a common given name (measured only for columns named just "name"). */
    double givenNameShare;
    /** Share of sampled values matching each semantic pattern, by pattern name. */
    final java.util.Map<String, Double> patternShares = new java.util.LinkedHashMap<>();
    long sampled;
    /** The commonest values in the sample, for columns too varied to count every value: counted exactly later. */
    List<String> topCandidates = List.of();
    /** Empty, blank or placeholder values seen in the sample. */
    long specialInSample;

    /** True once every value's count is known (low cardinality): special values were counted from them. */
    boolean valuesCounted;
    List<ValueCount> topValues = new ArrayList<>();
    Histogram histogram;
    Monotonicity monotonic = Monotonicity.UNKNOWN;

    ColumnStats(Column column, int index) {
        this.column = column;
        this.index = index;
        this.kind = ColumnKind.of(column.type());
    }

    String name() {
        return column.name();
    }

    /** The column as an SQL expression: quoted, and read as text where the engine's type is not (JSON, UUID). */
    String expr(io.assay.engine.Dialect dialect) {
        String q = dialect.quoteIdentifier(column.name());
        ColumnType.Kind k = column.type().kind();
        return k == ColumnType.Kind.JSON || k == ColumnType.Kind.UUID ? dialect.castToText(q) : q;
    }

    boolean isNumeric() {
        return kind == ColumnKind.NUMERIC;
    }

    boolean isText() {
        return kind == ColumnKind.TEXT;
    }

    boolean isTemporal() {
        return kind == ColumnKind.TEMPORAL;
    }

    /** Columns whose values can be compared and grouped (not nested values or binary blobs). */
    boolean isScalar() {
        return kind != ColumnKind.OTHER;
    }
}
