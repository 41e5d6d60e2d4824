package io.assay.analysis.timeseries;

import java.util.Arrays;

/**
 * One seasonal component of a {@link Decomposition}: the repeating pattern of a period, one value per point of
 * the series.
 *
 * @param period the length of the cycle in points
 * @param values the component at every point of the series (copied in and out)
 */
public record SeasonalComponent(int period, double[] values) {

    public SeasonalComponent {
        values = values.clone();
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    /** The component at point {@code i}. */
    public double value(int i) {
        return values[i];
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SeasonalComponent that && period == that.period && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return 31 * period + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "SeasonalComponent[period " + period + ", " + values.length + " points]";
    }
}
