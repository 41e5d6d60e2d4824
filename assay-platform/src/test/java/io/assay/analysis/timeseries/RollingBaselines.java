package io.assay.analysis.timeseries;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The two reference detectors of the NAB README, both over a trailing window of one day (the points before each
 * point, not the point itself):
 * <ul>
 *   <li>the rolling z-score: mean and standard deviation of the window, a detection wherever |z| &gt; 4;</li>
 *   <li>the robust rolling median + MAD: |x − median| / (1.4826·MAD) of the window (the scaled mean absolute
 *       deviation when the MAD is 0), keeping the three highest-scoring points per series that lie more than a
 *       window apart.</li>
 * </ul>
 * A point is scored once at least half its window is present.
 */
final class RollingBaselines {

    static final double Z_THRESHOLD = 4;
    static final int EVENTS_PER_SERIES = 3;

    private RollingBaselines() {
    }

    /** The timestamps where the rolling z-score exceeds 4 in absolute value. */
    static List<Long> zScore(Series series) {
        int window = dayWindow(series);
        List<Long> detections = new ArrayList<>();
        double sum = 0;
        double squares = 0;
        int count = 0;
        for (int i = 0; i < series.size(); i++) {
            double x = series.value(i);
            if (count >= Math.max(2, window / 2) && Double.isFinite(x)) {
                double mean = sum / count;
                double sd = Math.sqrt(Math.max(0, (squares - count * mean * mean) / (count - 1)));
                if (sd > 0 && Math.abs(x - mean) / sd > Z_THRESHOLD) {
                    detections.add(series.epochSecond(i));
                }
            }
            if (Double.isFinite(x)) {
                sum += x;
                squares += x * x;
                count++;
            }
            if (i >= window && Double.isFinite(series.value(i - window))) {
                double old = series.value(i - window);
                sum -= old;
                squares -= old * old;
                count--;
            }
        }
        return detections;
    }

    /** The timestamps of the three strongest separated rolling median + MAD deviations. */
    static List<Long> medianMad(Series series) {
        int window = dayWindow(series);
        double[] scores = new double[series.size()];
        RollingMedian.SortedWindow sorted = new RollingMedian.SortedWindow(window);
        double[] held = new double[window];
        for (int i = 0; i < series.size(); i++) {
            double x = series.value(i);
            if (sorted.size() >= window / 2 && Double.isFinite(x)) {
                for (int k = 0; k < sorted.size(); k++) {
                    held[k] = sorted.atRank(k);
                }
                double[] present = Arrays.copyOf(held, sorted.size());
                double median = sorted.median();
                double sigma = RobustStatistics.robustSigma(present, median);
                scores[i] = sigma > 0 ? Math.abs(x - median) / sigma : 0;
            }
            sorted.add(x);
            if (i >= window) {
                sorted.remove(series.value(i - window));
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] > 0) {
                order.add(i);
            }
        }
        order.sort(Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparingInt(i -> i));
        List<Integer> kept = new ArrayList<>();
        for (int i : order) {
            if (kept.size() == EVENTS_PER_SERIES) {
                break;
            }
            if (kept.stream().allMatch(k -> Math.abs(k - i) > window)) {
                kept.add(i);
            }
        }
        return kept.stream().map(series::epochSecond).toList();
    }

    /**
     * The seasonal-naive residual z-score (the textbook seasonal-naive forecast, Hyndman and Athanasopoulos, "Forecasting:
     * Principles and Practice", 5.2): each point's residual against the point one season before (a day for sub-daily
     * steps, a week for daily ones, else the previous point), as a robust z-score over the whole series (median and
     * scaled MAD), keeping the three strongest points per series more than a season apart, as the median + MAD does.
     */
    static List<Long> seasonalNaive(Series series) {
        long step = series.stepSeconds();
        int season = step < CalendarPeriods.DAY ? (int) (CalendarPeriods.DAY / step)
            : step < CalendarPeriods.WEEK ? (int) Math.max(1, CalendarPeriods.WEEK / step) : 1;
        int n = series.size();
        double[] residuals = new double[n];
        Arrays.fill(residuals, Double.NaN);
        for (int i = season; i < n; i++) {
            residuals[i] = series.value(i) - series.value(i - season);
        }
        double[] present = RobustStatistics.finite(residuals);
        if (present.length < 2) {
            return List.of();
        }
        double median = RobustStatistics.median(present);
        double sigma = RobustStatistics.robustSigma(present, median);
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            scores[i] = Double.isFinite(residuals[i]) && sigma > 0 ? Math.abs(residuals[i] - median) / sigma : 0;
        }
        return strongest(series, scores, Math.max(1, season));
    }

    private static List<Long> strongest(Series series, double[] scores, int apart) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] > 0) {
                order.add(i);
            }
        }
        order.sort(Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparingInt(i -> i));
        List<Integer> kept = new ArrayList<>();
        for (int i : order) {
            if (kept.size() == EVENTS_PER_SERIES) {
                break;
            }
            if (kept.stream().allMatch(k -> Math.abs(k - i) > apart)) {
                kept.add(i);
            }
        }
        return kept.stream().map(series::epochSecond).toList();
    }

    private static int dayWindow(Series series) {
        return (int) Math.max(2, CalendarPeriods.DAY / series.stepSeconds());
    }
}
