package io.assay.analysis.timeseries;

/**
 * A seasonal cycle found in a series.
 *
 * @param period the length of the cycle in points
 * @param periodSeconds the length of the cycle in seconds
 * @param autocorrelation the autocorrelation of the detrended series at lag {@code period}
 * @param significanceBound the bound it exceeded (see {@link Seasonality})
 * @param strength the strength of the seasonal component, max(0, 1 − Var(R) / Var(S + R)) with S this component
 *     and R the remainder of the decomposition (Hyndman &amp; Athanasopoulos, <i>Forecasting: Principles and
 *     Practice</i>, 3rd ed., §4.2): 0 for none, near 1 for a cycle that dominates the noise; for a cycle the
 *     series spans fewer than {@link Seasonality#MIN_CYCLES_TO_REMOVE} times (detected, not removed), its
 *     autocorrelation at the period instead
 */
public record SeasonalPeriod(int period, long periodSeconds, double autocorrelation, double significanceBound,
                             double strength) {
}
