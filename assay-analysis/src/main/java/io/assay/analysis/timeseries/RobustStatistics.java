package io.assay.analysis.timeseries;

import java.util.Arrays;

/** Median and median absolute deviation, the robust location and scale used throughout this package. */
final class RobustStatistics {

    /** MAD × this estimates the standard deviation of normally distributed data: 1 / Φ⁻¹(3/4). */
    static final double MAD_TO_SIGMA = 1.482602218505602;

    /** Mean absolute deviation × this estimates the standard deviation of normally distributed data: √(π/2). */
    static final double MEAN_ABSOLUTE_DEVIATION_TO_SIGMA = 1.2533141373155003;

    /** Values within this many robust sigmas of the center count in {@link #reweightedSigma}. */
    static final double REWEIGHT_CUTOFF = 3.0;

    /** The standard deviation of a standard normal truncated to [−3, 3]. */
    static final double TRUNCATED_SD_FACTOR = 0.9865784;

    private RobustStatistics() {
    }

    /** The median of the finite values; NaN when there are none. */
    static double median(double[] values) {
        double[] finite = finite(values);
        return medianInPlace(finite, finite.length);
    }

    /** The median of the first {@code length} entries of {@code work}, which it reorders. NaN when empty. */
    static double medianInPlace(double[] work, int length) {
        if (length == 0) {
            return Double.NaN;
        }
        Arrays.sort(work, 0, length);
        int middle = length / 2;
        return length % 2 == 1 ? work[middle] : 0.5 * (work[middle - 1] + work[middle]);
    }

    /**
     * A robust estimate of the standard deviation of the finite values around {@code center}: the scaled MAD, or,
     * when more than half the values equal the center (so the MAD is 0), the scaled mean absolute deviation. It is 0
     * only when every value equals the center.
     */
    static double robustSigma(double[] values, double center) {
        double[] deviations = finite(values);
        int n = deviations.length;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            deviations[i] = Math.abs(deviations[i] - center);
            sum += deviations[i];
        }
        double mad = medianInPlace(deviations, n);
        if (mad > 0) {
            return MAD_TO_SIGMA * mad;
        }
        return n == 0 ? Double.NaN : MEAN_ABSOLUTE_DEVIATION_TO_SIGMA * sum / n;
    }

    /**
     * A robust and efficient estimate of the standard deviation: the standard deviation of the values within
     * {@value #REWEIGHT_CUTOFF} {@link #robustSigma robust sigmas} of the center (divided by
     * {@value #TRUNCATED_SD_FACTOR}, the standard deviation of a standard normal truncated at ±3). The MAD alone
     * is robust but noisy (37% efficiency), which makes tests that divide by it call too many points extreme; this
     * one-step reweighting keeps the robustness and has nearly the efficiency of the sample standard deviation.
     */
    static double reweightedSigma(double[] values, double center) {
        double initial = robustSigma(values, center);
        if (!(initial > 0)) {
            return initial;
        }
        double squares = 0;
        int count = 0;
        for (double v : values) {
            if (Double.isFinite(v) && Math.abs(v - center) <= REWEIGHT_CUTOFF * initial) {
                squares += (v - center) * (v - center);
                count++;
            }
        }
        return count < 2 ? initial : Math.sqrt(squares / (count - 1)) / TRUNCATED_SD_FACTOR;
    }

    /** A copy holding only the finite values, in order. */
    static double[] finite(double[] values) {
        double[] out = new double[values.length];
        int n = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                out[n++] = v;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** The population variance of the finite values; NaN when there are none. */
    static double variance(double[] values) {
        double sum = 0;
        int n = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                sum += v;
                n++;
            }
        }
        if (n == 0) {
            return Double.NaN;
        }
        double mean = sum / n;
        double squares = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                squares += (v - mean) * (v - mean);
            }
        }
        return squares / n;
    }
}
