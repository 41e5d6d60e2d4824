package io.assay.analysis.timeseries;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A series split into trend, seasonal components and remainder: value = trend + Σ seasonal + remainder.
 *
 * <p>With seasonal periods, {@link #of} runs robust {@link Stl STL}; with several, MSTL (Bandara, Hyndman and
 * Bergmeir 2021): STL for each period from the shortest, each on the data less the other components, twice
 * round, with seasonal spans 7, 11, 15, ... cycles. Without a period that fits at least twice in the series it
 * falls back to a trend alone: a centred rolling median (see {@link #trendWindow}).
 *
 * <p>Missing values are linearly interpolated before the decomposition (held constant before the first and after
 * the last present value), so trend and seasonal are defined everywhere; the remainder is NaN where the data are
 * missing.
 *
 * @param trend the trend at every point
 * @param seasonal the seasonal components, shortest period first; empty for a trend-only decomposition
 * @param remainder what is left: value − trend − Σ seasonal, NaN where the value is missing
 */
public record Decomposition(double[] trend, List<SeasonalComponent> seasonal, double[] remainder) {

    private static final int MSTL_ITERATIONS = 2;
    private static final int FIRST_SEASONAL_SPAN = 7;
    private static final int SEASONAL_SPAN_INCREMENT = 4;

    public Decomposition {
        Objects.requireNonNull(trend, "trend");
        Objects.requireNonNull(remainder, "remainder");
        seasonal = List.copyOf(seasonal);
        int n = trend.length;
        if (remainder.length != n || seasonal.stream().anyMatch(component -> component.values().length != n)) {
            throw new IllegalArgumentException("decomposition components differ in length");
        }
        trend = trend.clone();
        remainder = remainder.clone();
    }

    /**
     * Decomposes the series with the given seasonal periods (in points). Periods shorter than 2 or without two
     * full cycles in the series are ignored; with none left the decomposition is trend-only. A series with fewer
     * than two present values gets a flat trend at its only value (or NaN) and no seasonality.
     */
    public static Decomposition of(Series series, List<Integer> periods) {
        double[] values = series.values();
        int n = values.length;
        List<Integer> usable = periods.stream()
            .filter(p -> p >= 2 && n >= 2 * p)
            .distinct()
            .sorted()
            .toList();
        double[] filled = interpolateGaps(values);
        if (series.presentCount() < 2) {
            return new Decomposition(filled, List.of(), remainder(values, filled, List.of()));
        }
        if (usable.isEmpty()) {
            double[] trend = RollingMedian.centered(filled, trendWindow(series.stepSeconds(), n));
            return new Decomposition(trend, List.of(), remainder(values, trend, List.of()));
        }
        return mstl(values, filled, usable);
    }

    private static Decomposition mstl(double[] values, double[] filled, List<Integer> periods) {
        int n = filled.length;
        double[][] seasonals = new double[periods.size()][n];
        double[] deseasonalized = filled.clone();
        double[] trend = new double[n];
        for (int iteration = 0; iteration < MSTL_ITERATIONS; iteration++) {
            for (int c = 0; c < periods.size(); c++) {
                for (int i = 0; i < n; i++) {
                    deseasonalized[i] += seasonals[c][i];
                }
                int span = FIRST_SEASONAL_SPAN + SEASONAL_SPAN_INCREMENT * c;
                Stl.Result fit = Stl.decompose(deseasonalized, Stl.Parameters.robust(periods.get(c), span));
                seasonals[c] = fit.seasonal();
                trend = fit.trend();
                for (int i = 0; i < n; i++) {
                    deseasonalized[i] -= seasonals[c][i];
                }
            }
        }
        List<SeasonalComponent> components = new ArrayList<>();
        for (int c = 0; c < periods.size(); c++) {
            components.add(new SeasonalComponent(periods.get(c), seasonals[c]));
        }
        return new Decomposition(trend, components, remainder(values, trend, components));
    }

    /**
     * The window of the trend-only fallback: the shortest calendar cycle (a day, a week, a year; see
     * {@link CalendarPeriods}) that is at least 3 points long and fits twice in the series, else a quarter of the
     * series; made odd, at least 3 points.
     */
    static int trendWindow(long stepSeconds, int length) {
        int window = CalendarPeriods.candidates(stepSeconds, length).stream()
            .filter(p -> p >= 3)
            .findFirst()
            .orElse(length / 4);
        return Stl.nextOdd(Math.max(3, window));
    }

    private static double[] remainder(double[] values, double[] trend, List<SeasonalComponent> components) {
        double[] remainder = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            double r = values[i] - trend[i];
            for (SeasonalComponent component : components) {
                r -= component.value(i);
            }
            remainder[i] = Double.isFinite(values[i]) ? r : Double.NaN;
        }
        return remainder;
    }

    /** Linear interpolation across gaps, constant extension at the ends; all NaN stays all NaN. */
    static double[] interpolateGaps(double[] values) {
        int n = values.length;
        double[] out = values.clone();
        int previous = -1;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(values[i])) {
                continue;
            }
            if (previous < 0) {
                Arrays.fill(out, 0, i, values[i]);
            } else {
                for (int j = previous + 1; j < i; j++) {
                    out[j] = values[previous] + (values[i] - values[previous]) * (j - previous) / (i - previous);
                }
            }
            previous = i;
        }
        if (previous >= 0) {
            Arrays.fill(out, previous + 1, n, values[previous]);
        }
        return out;
    }

    /** The trend (a copy). */
    @Override
    public double[] trend() {
        return trend.clone();
    }

    /** The remainder (a copy). */
    @Override
    public double[] remainder() {
        return remainder.clone();
    }

    /** The number of points. */
    public int size() {
        return trend.length;
    }

    /** Whether there is at least one seasonal component. */
    public boolean isSeasonal() {
        return !seasonal.isEmpty();
    }

    /** The sum of the seasonal components at point {@code i} (0 without seasonality). */
    public double seasonalAt(int i) {
        double sum = 0;
        for (SeasonalComponent component : seasonal) {
            sum += component.value(i);
        }
        return sum;
    }

    /** The trend at point {@code i}. */
    public double trendAt(int i) {
        return trend[i];
    }

    /** The remainder at point {@code i}, NaN where the value is missing. */
    public double remainderAt(int i) {
        return remainder[i];
    }

    /** Trend + seasonal at point {@code i}: what the decomposition expects there. */
    public double fittedAt(int i) {
        return trend[i] + seasonalAt(i);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Decomposition that
            && Arrays.equals(trend, that.trend)
            && seasonal.equals(that.seasonal)
            && Arrays.equals(remainder, that.remainder);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(trend) + seasonal.hashCode()) + Arrays.hashCode(remainder);
    }

    @Override
    public String toString() {
        return "Decomposition[" + trend.length + " points, periods "
            + seasonal.stream().map(SeasonalComponent::period).toList() + "]";
    }
}
