package io.assay.analysis.timeseries;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides which candidate periods are present, by the autocorrelation of the detrended series.
 *
 * <p>Candidates are tested from the shortest. For a period p the series (less the seasonal patterns already found)
 * is detrended by a centred moving average of p points (a 2×p average for even p, truncated at the ends), which
 * removes the trend but not a cycle of length p. The period is present when the autocorrelation at lag p
 * (normalized by the pairs at that lag, see {@link Autocorrelation#pairNormalized}) both
 * <ul>
 *   <li>exceeds the one-sided significance bound z_{1−α}·√((1 + 2 Σ_{j&lt;p} r_j²) / m_p) of Bartlett's formula,
 *       with m_p the pairs at lag p: the bound widens with the autocorrelation at shorter lags, so persistence
 *       alone (a slowly wandering series) is not taken for a cycle; and</li>
 *   <li>is a peak: higher than at lags p ± p/4, which rules out the monotone decay of a persistent series.</li>
 * </ul>
 * A period found is removed (its per-phase medians) before the next is tested, so a week is only found when it
 * adds something to the day (weekdays unlike weekends), not because every week is made of days.
 */
final class PeriodDetector {

    private PeriodDetector() {
    }

    /** A period that passed the test. */
    record Detected(int period, double autocorrelation, double bound) {
    }

    /** The candidates (shortest first) present in {@code values} at one-sided level {@code alpha}. */
    static List<Detected> detect(double[] values, List<Integer> candidates, double alpha) {
        double z = Distributions.normalUpperQuantile(alpha);
        double[] remaining = values.clone();
        List<Detected> found = new ArrayList<>();
        for (int period : candidates) {
            double[] detrended = detrend(remaining, period);
            int offset = Math.max(1, period / 4);
            Autocorrelation acf = Autocorrelation.of(detrended, period + offset);
            if (acf.maxLag() < period || acf.pairCount(period) < period) {
                continue;
            }
            double sumOfSquares = 0;
            for (int j = 1; j < period; j++) {
                sumOfSquares += acf.standard(j) * acf.standard(j);
            }
            double bound = z * Math.sqrt((1 + 2 * sumOfSquares) / acf.pairCount(period));
            double r = acf.pairNormalized(period);
            boolean peak = r > acf.pairNormalized(period - offset)
                && (period + offset > acf.maxLag() || r > acf.pairNormalized(period + offset));
            if (r > bound && peak) {
                found.add(new Detected(period, r, bound));
                subtractSeasonalMedians(remaining, detrended, period);
            }
        }
        return found;
    }

    /** The values less their centred moving average over {@code period} points; NaN stays NaN. */
    static double[] detrend(double[] values, int period) {
        int n = values.length;
        double[] sums = new double[n + 1];
        int[] counts = new int[n + 1];
        for (int i = 0; i < n; i++) {
            boolean present = Double.isFinite(values[i]);
            sums[i + 1] = sums[i] + (present ? values[i] : 0);
            counts[i + 1] = counts[i] + (present ? 1 : 0);
        }
        int half = period / 2;
        boolean even = period % 2 == 0;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(values[i])) {
                out[i] = Double.NaN;
                continue;
            }
            int from = Math.max(0, i - half);
            int to = Math.min(n - 1, i + half);
            double sum = sums[to + 1] - sums[from];
            double weight = counts[to + 1] - counts[from];
            if (even) {
                for (int end : new int[] {i - half, i + half}) {
                    if (end >= 0 && end < n && Double.isFinite(values[end])) {
                        sum -= 0.5 * values[end];
                        weight -= 0.5;
                    }
                }
            }
            out[i] = values[i] - sum / weight;
        }
        return out;
    }

    /** Subtracts from {@code values} the per-phase medians of {@code detrended}, centred to mean zero. */
    private static void subtractSeasonalMedians(double[] values, double[] detrended, int period) {
        double[] medians = new double[period];
        double[] phase = new double[(detrended.length + period - 1) / period];
        double total = 0;
        for (int p = 0; p < period; p++) {
            int count = 0;
            for (int i = p; i < detrended.length; i += period) {
                if (Double.isFinite(detrended[i])) {
                    phase[count++] = detrended[i];
                }
            }
            medians[p] = count == 0 ? 0 : RobustStatistics.medianInPlace(phase, count);
            total += medians[p];
        }
        double mean = total / period;
        for (int i = 0; i < values.length; i++) {
            values[i] -= medians[i % period] - mean;
        }
    }
}
