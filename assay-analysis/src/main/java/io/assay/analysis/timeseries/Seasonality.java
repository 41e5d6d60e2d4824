package io.assay.analysis.timeseries;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The seasonal cycles of a series and the decomposition that separates them.
 *
 * <p>Detection: the candidate periods are the calendar cycles the sampling step allows (a day, a week, a year
 * that fit at least twice; for 5-minute data 288 and 2016 points, for hourly 24 and 168, for daily 7 and 365).
 * Each is tested, shortest first, by the autocorrelation at its lag of the series detrended by a moving average,
 * against a Bartlett significance bound and for being a peak of the autocorrelation function; a cycle found is
 * removed before the next is tested. The series is then decomposed (robust STL or MSTL, see
 * {@link Decomposition}) with the periods found, and each gets the strength measure of Hyndman and Athanasopoulos.
 *
 * @param periods the cycles found, shortest first; empty when the series is not seasonal
 * @param decomposition the decomposition with those cycles (trend-only when there are none)
 */
public record Seasonality(List<SeasonalPeriod> periods, Decomposition decomposition) {

    /** The default one-sided level of the autocorrelation test. */
    public static final double DEFAULT_ALPHA = 0.05;

    /** Cycles a series must span before the decomposition removes a period from it. */
    public static final int MIN_CYCLES_TO_REMOVE = 3;

    public Seasonality {
        periods = List.copyOf(periods);
        Objects.requireNonNull(decomposition, "decomposition");
    }

    /** Detects seasonality at the {@linkplain #DEFAULT_ALPHA default level}. */
    public static Seasonality detect(Series series) {
        return detect(series, DEFAULT_ALPHA);
    }

    /** Detects seasonality with a one-sided autocorrelation test at level {@code alpha} (0 &lt; alpha &lt; 1). */
    public static Seasonality detect(Series series, double alpha) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must lie strictly between 0 and 1, got " + alpha);
        }
        List<Integer> candidates = CalendarPeriods.candidates(series.stepSeconds(), series.size());
        List<PeriodDetector.Detected> detected = series.presentCount() < 2
            ? List.of()
            : PeriodDetector.detect(series.values(), candidates, alpha);
        // A cycle seen only twice is reported but not removed: with two values per phase the seasonal
        // estimate would copy the data, anomalies included, and leave nothing to detect them in.
        Decomposition decomposition = Decomposition.of(series, detected.stream()
            .map(PeriodDetector.Detected::period)
            .filter(period -> (long) MIN_CYCLES_TO_REMOVE * period <= series.size())
            .toList());
        List<SeasonalPeriod> periods = new ArrayList<>();
        for (PeriodDetector.Detected d : detected) {
            double strength = decomposition.seasonal().stream()
                .filter(c -> c.period() == d.period())
                .findFirst()
                .map(component -> strength(component, decomposition))
                .orElse(Math.max(0, d.autocorrelation()));
            periods.add(new SeasonalPeriod(d.period(), d.period() * series.stepSeconds(), d.autocorrelation(),
                d.bound(), strength));
        }
        return new Seasonality(periods, decomposition);
    }

    /** max(0, 1 − Var(R) / Var(S + R)) over the points where the remainder R is defined. */
    static double strength(SeasonalComponent component, Decomposition decomposition) {
        int n = decomposition.size();
        double[] remainder = new double[n];
        double[] withSeason = new double[n];
        for (int i = 0; i < n; i++) {
            remainder[i] = decomposition.remainderAt(i);
            withSeason[i] = remainder[i] + component.value(i);
        }
        double total = RobustStatistics.variance(withSeason);
        if (!(total > 0)) {
            return 0;
        }
        return Math.max(0, 1 - RobustStatistics.variance(remainder) / total);
    }

    /** Whether at least one cycle was found. */
    public boolean isSeasonal() {
        return !periods.isEmpty();
    }

    /** The cycle with the greatest strength, if any. */
    public Optional<SeasonalPeriod> strongest() {
        return periods.stream().max((a, b) -> Double.compare(a.strength(), b.strength()));
    }
}
