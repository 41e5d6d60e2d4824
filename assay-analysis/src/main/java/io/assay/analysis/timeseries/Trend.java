package io.assay.analysis.timeseries;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The trend of a series: which way it goes, how fast, and whether that is more than chance.
 *
 * <p>The series is first seasonally adjusted (its seasonal components, when {@link Seasonality} finds any, are
 * subtracted), so a daily cycle is neither mistaken for a trend nor hides one. On the adjusted values:
 * <ul>
 *   <li>the slope is the Theil–Sen estimate (median of pairwise slopes), robust to outliers;</li>
 *   <li>significance comes from the Mann–Kendall test with the Hamed–Rao variance correction for autocorrelation
 *       (see {@link MannKendall}); the direction is {@link Direction#FLAT} when its p-value is at least alpha;</li>
 *   <li>the relative change compares the Theil–Sen line at the last and the first present point;</li>
 *   <li>the strength is that of Hyndman and Athanasopoulos, max(0, 1 − Var(R) / Var(T + R)) from the
 *       decomposition's trend T and remainder R: near 0 when noise dominates, near 1 for a clear trend.</li>
 * </ul>
 *
 * @param direction UP or DOWN when the trend is significant, else FLAT
 * @param slopePerStep the Theil–Sen slope in value units per step
 * @param slopePerDay the same slope per day (86,400 s)
 * @param relativeChangePercent the change of the fitted line over the series as a percentage of its starting
 *     level; empty when that level is 0
 * @param strength the trend strength, from 0 to 1
 * @param test the Mann–Kendall test behind the direction
 * @param alpha the significance level used
 */
public record Trend(Direction direction, double slopePerStep, double slopePerDay,
                    OptionalDouble relativeChangePercent, double strength, MannKendall test, double alpha) {

    /** The default significance level. */
    public static final double DEFAULT_ALPHA = 0.05;

    /** Which way a series goes. */
    public enum Direction {
        /** Significantly increasing. */
        UP,
        /** Significantly decreasing. */
        DOWN,
        /** No significant monotonic trend. */
        FLAT
    }

    /**
     * The trend at the default level, detecting seasonality first. Empty when fewer than
     * {@link MannKendall#MIN_SAMPLE_SIZE} values are present.
     */
    public static Optional<Trend> of(Series series) {
        return of(series, Seasonality.detect(series), DEFAULT_ALPHA);
    }

    /**
     * The trend of a series whose seasonality is known, at level {@code alpha}. Empty when fewer than
     * {@link MannKendall#MIN_SAMPLE_SIZE} values are present.
     */
    public static Optional<Trend> of(Series series, Seasonality seasonality, double alpha) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must lie strictly between 0 and 1, got " + alpha);
        }
        Decomposition decomposition = seasonality.decomposition();
        double[] adjusted = new double[series.size()];
        for (int i = 0; i < adjusted.length; i++) {
            adjusted[i] = series.value(i) - decomposition.seasonalAt(i);
        }
        return MannKendall.test(adjusted).map(test -> build(series, adjusted, decomposition, test, alpha));
    }

    private static Trend build(Series series, double[] adjusted, Decomposition decomposition, MannKendall test,
                               double alpha) {
        int n = test.sampleSize();
        double[] x = new double[n];
        double[] y = new double[n];
        int k = 0;
        for (int i = 0; i < adjusted.length; i++) {
            if (Double.isFinite(adjusted[i])) {
                x[k] = i;
                y[k++] = adjusted[i];
            }
        }
        TheilSen.Line line = TheilSen.fit(x, y);
        double start = line.at(x[0]);
        double end = line.at(x[n - 1]);
        OptionalDouble change = start == 0 || !Double.isFinite(start)
            ? OptionalDouble.empty()
            : OptionalDouble.of(100 * (end - start) / Math.abs(start));
        Direction direction = test.pValue() >= alpha ? Direction.FLAT : test.s() > 0 ? Direction.UP : Direction.DOWN;
        double perDay = line.slope() * CalendarPeriods.DAY / series.stepSeconds();
        return new Trend(direction, line.slope(), perDay, change, strength(decomposition), test, alpha);
    }

    /** max(0, 1 − Var(R) / Var(T + R)) over the points where the remainder R is defined. */
    private static double strength(Decomposition decomposition) {
        int n = decomposition.size();
        double[] remainder = new double[n];
        double[] withTrend = new double[n];
        for (int i = 0; i < n; i++) {
            remainder[i] = decomposition.remainderAt(i);
            withTrend[i] = remainder[i] + decomposition.trendAt(i);
        }
        double total = RobustStatistics.variance(withTrend);
        if (!(total > 0)) {
            return 0;
        }
        return Math.max(0, 1 - RobustStatistics.variance(remainder) / total);
    }
}
