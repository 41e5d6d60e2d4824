package io.assay.analysis.timeseries;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rosner's (1983) generalized extreme Studentized deviate test for up to k outliers, in the robust form of
 * Hochenbaum, Vallis and Kejariwal (2017, the S-H-ESD of Twitter): location and scale are the median and the
 * MAD instead of mean and standard deviation, so the outliers themselves do not hide each other. The scale is the
 * MAD-based σ refined by one reweighting step ({@link RobustStatistics#reweightedSigma}): the MAD alone is so noisy
 * that the test would call about three times too many points extreme in pure Gaussian noise.
 *
 * <p>Step i (from 1) removes the value farthest from the median of the m = n − i + 1 values left, with statistic
 * R_i = |x − median| / σ̂, and compares it with the critical value
 * λ_i = (m − 1)·t / √((m − 2 + t²)·m), t being the upper α/(2m) quantile of Student's t with m − 2 degrees of
 * freedom. The outliers are the values removed in the first r steps, r the last step with R_r &gt; λ_r. When the
 * MAD is 0 (more than half the values equal) the initial σ̂ falls back to the scaled mean absolute deviation; when that is 0
 * too, nothing left deviates and the test stops.
 */
final class GeneralizedEsd {

    /** The fewest values the test runs on. */
    static final int MIN_SIZE = 3;

    private GeneralizedEsd() {
    }

    /**
     * One outlier.
     *
     * @param index its position in the input
     * @param statistic R_i, its robust distance from the median of the values left, in σ̂
     * @param criticalValue λ_i
     * @param pValue the chance of so large an R_i among m values without outliers: min(1, 2m·P(T &gt; t_i)) with
     *     t_i the t value that λ_i's formula maps to R_i (0 when R_i is beyond what that formula admits)
     */
    record Outlier(int index, double statistic, double criticalValue, double pValue) {
    }

    /**
     * The outliers among the finite values of {@code x} at level {@code alpha}, at most {@code maxOutliers}, in
     * the order they were removed (most extreme first).
     */
    static List<Outlier> test(double[] x, int maxOutliers, double alpha) {
        return test(x, maxOutliers, alpha, 0);
    }

    /** As {@link #test(double[], int, double)}, with the scale never taken below {@code minSigma}. */
    static List<Outlier> test(double[] x, int maxOutliers, double alpha, double minSigma) {
        return test(x, maxOutliers, alpha, minSigma, false);
    }

    /**
     * The one-sided form for the upper tail: each step removes the largest value left, its statistic is
     * (x − median) / σ̂ and the critical value uses the upper α/m quantile of t (instead of α/(2m)). For values where
     * only large ones matter, such as the maxima of blocks of |scores|: an unusually quiet block is no event.
     */
    static List<Outlier> testUpper(double[] x, int maxOutliers, double alpha) {
        return test(x, maxOutliers, alpha, 0, true);
    }

    private static List<Outlier> test(double[] x, int maxOutliers, double alpha, double minSigma, boolean upper) {
        int n = x.length;
        boolean[] removed = new boolean[n];
        int remaining = 0;
        for (double v : x) {
            if (Double.isFinite(v)) {
                remaining++;
            }
        }
        List<Outlier> candidates = new ArrayList<>();
        int significant = 0;
        double[] work = new double[n];
        for (int step = 0; step < maxOutliers && remaining >= MIN_SIZE; step++) {
            int m = 0;
            for (int i = 0; i < n; i++) {
                if (!removed[i] && Double.isFinite(x[i])) {
                    work[m++] = x[i];
                }
            }
            double median = RobustStatistics.medianInPlace(work, m);
            double sigma = Math.max(minSigma, RobustStatistics.reweightedSigma(Arrays.copyOf(work, m), median));
            if (!(sigma > 0)) {
                break;
            }
            int farthest = -1;
            for (int i = 0; i < n; i++) {
                if (!removed[i] && Double.isFinite(x[i]) && (farthest < 0 || (upper ? x[i] > x[farthest]
                    : Math.abs(x[i] - median) > Math.abs(x[farthest] - median)))) {
                    farthest = i;
                }
            }
            double statistic = (upper ? x[farthest] - median : Math.abs(x[farthest] - median)) / sigma;
            double lambda = upper ? criticalValue(m, 2 * alpha) : criticalValue(m, alpha);
            candidates.add(new Outlier(farthest, statistic, lambda, pValue(statistic, m, upper ? 1 : 2)));
            if (statistic > lambda) {
                significant = candidates.size();
            }
            removed[farthest] = true;
            remaining--;
        }
        return List.copyOf(candidates.subList(0, significant));
    }

    /**
     * λ for m values left: (m − 1)·t / √((m − 2 + t²)·m), t the upper α/(2m) quantile of t with m − 2 df (of the
     * one-sided test at level α/2).
     */
    static double criticalValue(int m, double alpha) {
        double t = Distributions.studentUpperQuantile(alpha / (2.0 * m), m - 2);
        return (m - 1) * t / Math.sqrt((m - 2 + t * t) * m);
    }

    private static double pValue(double statistic, int m, int sides) {
        if (statistic <= 0) {
            return 1.0;
        }
        double denominator = (m - 1.0) * (m - 1.0) - m * statistic * statistic;
        if (denominator <= 0) {
            return 0;
        }
        double t = statistic * Math.sqrt(m * (m - 2.0) / denominator);
        return Math.min(1.0, sides * m * Distributions.studentUpperTail(t, m - 2));
    }
}
