package io.assay.analysis.timeseries;

/**
 * The Theil–Sen estimator: the median of the slopes through all pairs of points, a line that up to 29% of
 * outliers cannot move. There are n(n−1)/2 slopes, too many to list for long series, so the median is found by
 * bisection on the slope value: the number of slopes at most s is the number of inversions of the sequence
 * y − s·x, counted by merge sort in O(n log n). Bisection stops when the bracket is 10⁻¹² of the widest possible
 * slope, far below any slope that matters; when the final bracket contains 0 the median is reported as exactly 0.
 */
final class TheilSen {

    private static final double RESOLUTION = 1e-12;

    private TheilSen() {
    }

    /** A straight line y = intercept + slope·x. */
    record Line(double slope, double intercept) {

        double at(double x) {
            return intercept + slope * x;
        }
    }

    /**
     * The Theil–Sen line through the points ({@code x[i]}, {@code y[i]}), with the intercept the median of
     * y − slope·x. The x must be strictly increasing and there must be at least two points.
     */
    static Line fit(double[] x, double[] y) {
        double slope = slope(x, y);
        double[] offsets = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            offsets[i] = y[i] - slope * x[i];
        }
        return new Line(slope, RobustStatistics.medianInPlace(offsets, offsets.length));
    }

    /** The median pairwise slope; x strictly increasing, at least two points. */
    static double slope(double[] x, double[] y) {
        int n = y.length;
        if (n < 2) {
            throw new IllegalArgumentException("Theil-Sen needs at least two points, got " + n);
        }
        long pairs = (long) n * (n - 1) / 2;
        double bound = widestSlope(x, y);
        if (bound == 0) {
            return 0.0;
        }
        if (pairs % 2 == 1) {
            return smallestSlope(x, y, (pairs + 1) / 2, bound);
        }
        return 0.5 * (smallestSlope(x, y, pairs / 2, bound) + smallestSlope(x, y, pairs / 2 + 1, bound));
    }

    /** A bound on |slope| over all pairs: the range of y over the smallest step in x. */
    private static double widestSlope(double[] x, double[] y) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : y) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double smallestStep = Double.POSITIVE_INFINITY;
        for (int i = 1; i < x.length; i++) {
            smallestStep = Math.min(smallestStep, x[i] - x[i - 1]);
        }
        return (max - min) / smallestStep;
    }

    /** The k-th smallest pairwise slope (k from 1), to within the resolution. */
    private static double smallestSlope(double[] x, double[] y, long k, double bound) {
        double lo = -2 * bound - 1;
        double hi = 2 * bound + 1;
        double tolerance = RESOLUTION * bound;
        double[] shifted = new double[y.length];
        double[] scratch = new double[y.length];
        while (hi - lo > tolerance) {
            double mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi) {
                break;
            }
            if (slopesAtMost(x, y, mid, shifted, scratch) >= k) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return lo < 0 && hi >= 0 ? 0.0 : hi;
    }

    /** The number of pairs i &lt; j whose slope is at most s, that is with y_j − s·x_j ≤ y_i − s·x_i. */
    private static long slopesAtMost(double[] x, double[] y, double s, double[] shifted, double[] scratch) {
        for (int i = 0; i < y.length; i++) {
            shifted[i] = y[i] - s * x[i];
        }
        return countNonIncreasingPairs(shifted, scratch, 0, y.length);
    }

    /** Sorts a[from, to) ascending and returns the number of pairs i &lt; j in it with a[i] ≥ a[j]. */
    private static long countNonIncreasingPairs(double[] a, double[] scratch, int from, int to) {
        if (to - from < 2) {
            return 0;
        }
        int middle = (from + to) >>> 1;
        long count = countNonIncreasingPairs(a, scratch, from, middle) + countNonIncreasingPairs(a, scratch, middle, to);
        int left = from;
        int right = middle;
        int out = from;
        while (left < middle && right < to) {
            if (a[left] < a[right]) {
                scratch[out++] = a[left++];
            } else {
                count += middle - left;
                scratch[out++] = a[right++];
            }
        }
        while (left < middle) {
            scratch[out++] = a[left++];
        }
        while (right < to) {
            scratch[out++] = a[right++];
        }
        System.arraycopy(scratch, from, a, from, to - from);
        return count;
    }
}
