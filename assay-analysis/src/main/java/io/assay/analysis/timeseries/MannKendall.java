package io.assay.analysis.timeseries;

import java.util.Arrays;
import java.util.Optional;

/**
 * The Mann–Kendall test for a monotonic trend, with the Hamed–Rao (1998) correction for autocorrelation.
 *
 * <p>S = Σ_{i&lt;j} sign(x_j − x_i) is computed in O(n log n) with a Fenwick tree, and its variance under the null
 * hypothesis of no trend includes the correction for ties. Serially correlated data make S vary more than that,
 * which would find trends in mere persistence; Hamed and Rao scale the variance by n/n* = 1 + 2/(n(n−1)(n−2))
 * Σ (n−k)(n−k−1)(n−k−2) ρ_k, summed over the lags k whose autocorrelation ρ_k of the ranks of the detrended series
 * (x_i − β·i, with β the Theil–Sen slope) is significant at the 5% level (|ρ_k| &gt; 1.96/√n). A factor below 1
 * (negative autocorrelation) is not applied, so the test never claims more evidence than for independent data.
 * The statistic Z = (S − sign(S)) / √(Var·n/n*) is referred to the standard normal, two-sided.
 *
 * <p>Missing values are skipped: the test runs on the present values in time order, and the slope that detrends
 * them uses their real positions.
 *
 * @param s the Mann–Kendall statistic S
 * @param variance the variance of S under no trend, corrected for ties (before the autocorrelation correction)
 * @param autocorrelationCorrection the Hamed–Rao factor n/n* (at least 1) the variance was multiplied by
 * @param z the standardized statistic, with continuity correction
 * @param pValue the two-sided p-value of Z
 * @param tau Kendall's τ between time and value, S / (n(n−1)/2), from −1 to 1
 * @param sampleSize the number of present values tested
 */
public record MannKendall(long s, double variance, double autocorrelationCorrection, double z, double pValue,
                          double tau, int sampleSize) {

    /** The fewest present values the test needs. */
    public static final int MIN_SAMPLE_SIZE = 3;

    private static final double ACF_SIGNIFICANCE_Z = 1.959963984540054;

    /**
     * Tests the series (missing values as NaN) for a monotonic trend. Empty when fewer than
     * {@link #MIN_SAMPLE_SIZE} values are present.
     */
    public static Optional<MannKendall> test(double[] values) {
        int[] positions = presentPositions(values);
        int n = positions.length;
        if (n < MIN_SAMPLE_SIZE) {
            return Optional.empty();
        }
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = positions[i];
            y[i] = values[positions[i]];
        }
        long s = statistic(y);
        double variance = tiedVariance(y);
        double correction = hamedRaoCorrection(x, y);
        double z = 0;
        if (variance > 0 && s != 0) {
            z = (s - Long.signum(s)) / Math.sqrt(variance * correction);
        }
        double tau = s / (n * (n - 1) / 2.0);
        return Optional.of(new MannKendall(s, variance, correction, z, Distributions.normalTwoSided(z), tau, n));
    }

    private static int[] presentPositions(double[] values) {
        int[] positions = new int[values.length];
        int n = 0;
        for (int i = 0; i < values.length; i++) {
            if (Double.isFinite(values[i])) {
                positions[n++] = i;
            }
        }
        return Arrays.copyOf(positions, n);
    }

    /** S = Σ_{i&lt;j} sign(y_j − y_i), counting earlier smaller and larger values with a Fenwick tree over ranks. */
    static long statistic(double[] y) {
        int[] ranks = denseRanks(y);
        long[] tree = new long[y.length + 1];
        long s = 0;
        for (int j = 0; j < y.length; j++) {
            long smaller = prefixCount(tree, ranks[j] - 1);
            long notLarger = prefixCount(tree, ranks[j]);
            long larger = j - notLarger;
            s += smaller - larger;
            for (int i = ranks[j]; i < tree.length; i += i & -i) {
                tree[i]++;
            }
        }
        return s;
    }

    private static long prefixCount(long[] tree, int rank) {
        long count = 0;
        for (int i = rank; i > 0; i -= i & -i) {
            count += tree[i];
        }
        return count;
    }

    /** Ranks from 1 where equal values share a rank and ranks have no gaps. */
    private static int[] denseRanks(double[] y) {
        double[] sorted = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            sorted[i] = y[i] + 0.0; // folds -0.0 into 0.0, which the binary search below would tell apart
        }
        Arrays.sort(sorted);
        int distinct = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                sorted[distinct++] = sorted[i];
            }
        }
        int[] ranks = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            ranks[i] = Arrays.binarySearch(sorted, 0, distinct, y[i] + 0.0) + 1;
        }
        return ranks;
    }

    /** Var(S) = [n(n−1)(2n+5) − Σ t(t−1)(2t+5)] / 18 over groups of t tied values. */
    private static double tiedVariance(double[] y) {
        double n = y.length;
        double variance = n * (n - 1) * (2 * n + 5);
        double[] sorted = y.clone();
        Arrays.sort(sorted);
        int run = 1;
        for (int i = 1; i <= sorted.length; i++) {
            if (i < sorted.length && sorted[i] == sorted[i - 1]) {
                run++;
            } else {
                variance -= (double) run * (run - 1) * (2.0 * run + 5);
                run = 1;
            }
        }
        return variance / 18.0;
    }

    /** The Hamed–Rao factor n/n*, at least 1. */
    private static double hamedRaoCorrection(double[] x, double[] y) {
        int n = y.length;
        double slope = TheilSen.slope(x, y);
        double[] detrended = new double[n];
        for (int i = 0; i < n; i++) {
            detrended[i] = y[i] - slope * x[i];
        }
        Autocorrelation acf = Autocorrelation.of(averageRanks(detrended), n - 1);
        double bound = ACF_SIGNIFICANCE_Z / Math.sqrt(n);
        double sum = 0;
        for (int k = 1; k <= acf.maxLag(); k++) {
            double rho = acf.standard(k);
            if (Math.abs(rho) > bound) {
                sum += (double) (n - k) * (n - k - 1) * (n - k - 2) * rho;
            }
        }
        double factor = 1 + 2 * sum / ((double) n * (n - 1) * (n - 2));
        return Math.max(1.0, factor);
    }

    /** Ranks from 1 where tied values share the mean of the ranks they span. */
    private static double[] averageRanks(double[] values) {
        int n = values.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        double[] ranks = new double[n];
        int start = 0;
        while (start < n) {
            int end = start;
            while (end + 1 < n && values[order[end + 1]] == values[order[start]]) {
                end++;
            }
            double rank = (start + end) / 2.0 + 1;
            for (int i = start; i <= end; i++) {
                ranks[order[i]] = rank;
            }
            start = end + 1;
        }
        return ranks;
    }
}
