package io.assay.analysis.timeseries;

/**
 * Local-linear loess on equally spaced points 0..n−1 with tricube neighbourhood weights, optionally multiplied by
 * robustness weights: the smoother STL is built from (Cleveland et al. 1990, section 2).
 */
final class Loess {

    private Loess() {
    }

    /**
     * Smooths the first {@code n} values of {@code y} into {@code out} with neighbourhoods of {@code span} points.
     * The fit is computed at every {@code jump}-th point and at the last, and linearly interpolated in between.
     * Where a neighbourhood has no weight the value itself is kept.
     *
     * @param robustness robustness weights per point, or null for none
     */
    static void smooth(double[] y, int n, int span, int jump, double[] robustness, double[] out) {
        if (n < 2) {
            if (n == 1) {
                out[0] = y[0];
            }
            return;
        }
        double[] work = new double[n];
        int step = Math.min(jump, n - 1);
        int half = (span + 1) / 2;
        int left = 0;
        int right = Math.min(span, n) - 1;
        for (int i = 0; i < n; i += step) {
            if (span < n) {
                if (i < half) {
                    left = 0;
                    right = span - 1;
                } else if (i >= n - half) {
                    left = n - span;
                    right = n - 1;
                } else {
                    left = i - half + 1;
                    right = i + span - half;
                }
            }
            out[i] = fitOrKeep(y, n, span, i, left, right, robustness, work);
        }
        if (step == 1) {
            return;
        }
        for (int i = 0; i + step < n; i += step) {
            interpolate(out, i, i + step);
        }
        int lastFitted = ((n - 1) / step) * step;
        if (lastFitted != n - 1) {
            out[n - 1] = fitOrKeep(y, n, span, n - 1, left, right, robustness, work);
            interpolate(out, lastFitted, n - 1);
        }
    }

    private static double fitOrKeep(double[] y, int n, int span, int at, int left, int right, double[] robustness,
                                    double[] work) {
        double fit = estimate(y, n, span, at, left, right, robustness, work);
        return Double.isNaN(fit) ? y[at] : fit;
    }

    private static void interpolate(double[] out, int from, int to) {
        double delta = (out[to] - out[from]) / (to - from);
        for (int j = from + 1; j < to; j++) {
            out[j] = out[from] + delta * (j - from);
        }
    }

    /**
     * The local-linear fit at position {@code x} (which may lie outside 0..n−1) from the points
     * {@code left..right}; NaN when they carry no weight.
     */
    static double estimate(double[] y, int n, int span, double x, int left, int right, double[] robustness,
                           double[] weights) {
        double range = n - 1.0;
        double h = Math.max(x - left, right - x);
        if (span > n) {
            h += (span - n) / 2;
        }
        double upper = 0.999 * h;
        double lower = 0.001 * h;
        double total = 0;
        for (int j = left; j <= right; j++) {
            weights[j] = 0;
            double r = Math.abs(j - x);
            if (r <= upper) {
                double w;
                if (r <= lower) {
                    w = 1;
                } else {
                    double u = r / h;
                    double v = 1 - u * u * u;
                    w = v * v * v;
                }
                if (robustness != null) {
                    w *= robustness[j];
                }
                weights[j] = w;
                total += w;
            }
        }
        if (total <= 0) {
            return Double.NaN;
        }
        for (int j = left; j <= right; j++) {
            weights[j] /= total;
        }
        if (h > 0) {
            double center = 0;
            for (int j = left; j <= right; j++) {
                center += weights[j] * j;
            }
            double spread = 0;
            for (int j = left; j <= right; j++) {
                spread += weights[j] * (j - center) * (j - center);
            }
            if (Math.sqrt(spread) > 0.001 * range) {
                double b = (x - center) / spread;
                for (int j = left; j <= right; j++) {
                    weights[j] *= b * (j - center) + 1;
                }
            }
        }
        double fit = 0;
        for (int j = left; j <= right; j++) {
            fit += weights[j] * y[j];
        }
        return fit;
    }
}
