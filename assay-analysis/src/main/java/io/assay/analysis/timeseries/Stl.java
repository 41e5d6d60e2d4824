package io.assay.analysis.timeseries;

/**
 * STL, seasonal-trend decomposition by loess (Cleveland, Cleveland, McRae and Terpenning, 1990, J. Official
 * Statistics 6(1)), written from the paper's description and its published Fortran's structure.
 *
 * <p>Each inner loop detrends the data, smooths every cycle-subseries (all values at one phase of the period) with
 * loess and extends it by one period at each end, removes the low-frequency part of that with a low-pass filter
 * (moving averages of length period, period and 3, then loess), and smooths the deseasonalized data with loess
 * into the trend. Each outer loop computes bisquare robustness weights from the remainder, 6 × median |remainder|
 * being the cut-off, so that outliers stop pulling the fit. Loess fits are local-linear with tricube weights,
 * evaluated every {@code ceil(span / 10)} points and linearly interpolated between, as the Fortran does.
 *
 * <p>The input must not hold missing values.
 */
final class Stl {

    private static final double RESOLUTION = 1e-9;

    private Stl() {
    }

    /**
     * The settings of one decomposition.
     *
     * @param period the number of points in a seasonal cycle, at least 2
     * @param seasonalSpan the loess span of the cycle-subseries smoother, in cycles (odd, at least 3): larger means a
     *     seasonal pattern that changes more slowly
     * @param trendSpan the loess span of the trend smoother, in points (odd)
     * @param lowPassSpan the loess span of the low-pass filter, in points (odd)
     * @param innerIterations the inner loops per outer loop
     * @param outerIterations the robustness iterations (0 for a non-robust fit)
     */
    record Parameters(int period, int seasonalSpan, int trendSpan, int lowPassSpan, int innerIterations,
                      int outerIterations) {

        Parameters {
            if (period < 2) {
                throw new IllegalArgumentException("STL needs a period of at least 2, got " + period);
            }
            if (seasonalSpan < 3 || trendSpan < 3 || lowPassSpan < 3) {
                throw new IllegalArgumentException("STL spans must be at least 3");
            }
        }

        /**
         * The robust defaults of Cleveland et al. (and R's {@code stl(robust = TRUE)}, with the inner loop count of
         * statsmodels): trend span the next odd integer ≥ 1.5·period / (1 − 1.5/seasonalSpan), low-pass span the
         * next odd integer ≥ period, 2 inner and 15 outer iterations.
         */
        static Parameters robust(int period, int seasonalSpan) {
            int seasonal = nextOdd(Math.max(3, seasonalSpan));
            int trend = nextOdd((int) Math.ceil(1.5 * period / (1 - 1.5 / seasonal)));
            return new Parameters(period, seasonal, trend, nextOdd(period), 2, 15);
        }
    }

    /** The seasonal and trend components; the remainder is the data minus both. */
    record Result(double[] seasonal, double[] trend) {
    }

    /** Decomposes {@code y}, which must hold at least two full periods and no missing values. */
    static Result decompose(double[] y, Parameters parameters) {
        int n = y.length;
        int period = parameters.period();
        if (n < 2 * period) {
            throw new IllegalArgumentException("STL needs at least two periods of " + period + " points, got " + n);
        }
        double[] seasonal = new double[n];
        double[] trend = new double[n];
        double[] robustness = new double[n];
        boolean useRobustness = false;
        for (int outer = 0; outer <= parameters.outerIterations(); outer++) {
            innerLoops(y, parameters, useRobustness, robustness, seasonal, trend);
            if (outer < parameters.outerIterations()) {
                robustnessWeights(y, seasonal, trend, robustness);
                useRobustness = true;
            }
        }
        return new Result(seasonal, trend);
    }

    private static void innerLoops(double[] y, Parameters p, boolean useRobustness, double[] robustness,
                                   double[] seasonal, double[] trend) {
        int n = y.length;
        int period = p.period();
        double[] detrended = new double[n];
        double[] cycle = new double[n + 2 * period];
        double[] lowPass = new double[n];
        for (int iteration = 0; iteration < p.innerIterations(); iteration++) {
            for (int i = 0; i < n; i++) {
                detrended[i] = y[i] - trend[i];
            }
            smoothCycleSubseries(detrended, period, p.seasonalSpan(), useRobustness, robustness, cycle);
            lowPassFilter(cycle, period, p.lowPassSpan(), lowPass);
            for (int i = 0; i < n; i++) {
                seasonal[i] = cycle[period + i] - lowPass[i];
                detrended[i] = y[i] - seasonal[i];
            }
            Loess.smooth(detrended, n, p.trendSpan(), jump(p.trendSpan()), useRobustness ? robustness : null, trend);
        }
    }

    /**
     * Smooths each cycle-subseries with loess and extrapolates it one cycle before and after, writing the result,
     * {@code n + 2·period} long, into {@code cycle} (which therefore starts one period before the data).
     */
    private static void smoothCycleSubseries(double[] detrended, int period, int span, boolean useRobustness,
                                             double[] robustness, double[] cycle) {
        int n = detrended.length;
        int longest = (n + period - 1) / period;
        double[] sub = new double[longest];
        double[] subWeights = new double[longest];
        double[] smoothed = new double[longest];
        double[] work = new double[longest];
        for (int phase = 0; phase < period; phase++) {
            int k = (n - phase + period - 1) / period;
            for (int i = 0; i < k; i++) {
                sub[i] = detrended[i * period + phase];
                subWeights[i] = robustness[i * period + phase];
            }
            double[] weights = useRobustness ? subWeights : null;
            Loess.smooth(sub, k, span, jump(span), weights, smoothed);
            double before = Loess.estimate(sub, k, span, -1, 0, Math.min(span, k) - 1, weights, work);
            double after = Loess.estimate(sub, k, span, k, Math.max(0, k - span), k - 1, weights, work);
            cycle[phase] = Double.isNaN(before) ? smoothed[0] : before;
            for (int i = 0; i < k; i++) {
                cycle[(i + 1) * period + phase] = smoothed[i];
            }
            cycle[(k + 1) * period + phase] = Double.isNaN(after) ? smoothed[k - 1] : after;
        }
    }

    /** Moving averages of length period, period and 3, then loess: {@code cycle} (n + 2·period) to {@code out} (n). */
    private static void lowPassFilter(double[] cycle, int period, int span, double[] out) {
        double[] first = movingAverage(cycle, cycle.length, period);
        double[] second = movingAverage(first, first.length, period);
        double[] third = movingAverage(second, second.length, 3);
        Loess.smooth(third, out.length, span, jump(span), null, out);
    }

    /** The means of every {@code length} consecutive values: {@code n − length + 1} of them. */
    private static double[] movingAverage(double[] x, int n, int length) {
        double[] out = new double[n - length + 1];
        double sum = 0;
        for (int i = 0; i < length; i++) {
            sum += x[i];
        }
        out[0] = sum / length;
        for (int i = 1; i < out.length; i++) {
            sum += x[i + length - 1] - x[i - 1];
            out[i] = sum / length;
        }
        return out;
    }

    /**
     * Bisquare weights of the remainders with cut-off 6 × median |remainder|, but at least 10⁻⁹ of the largest
     * |value|: on data the fit reproduces exactly, rounding noise must not decide the weights.
     */
    private static void robustnessWeights(double[] y, double[] seasonal, double[] trend, double[] weights) {
        int n = y.length;
        double[] absolute = new double[n];
        for (int i = 0; i < n; i++) {
            absolute[i] = Math.abs(y[i] - seasonal[i] - trend[i]);
        }
        double[] sorted = absolute.clone();
        double largest = 0;
        for (double v : y) {
            largest = Math.max(largest, Math.abs(v));
        }
        double cutoff = Math.max(6 * RobustStatistics.medianInPlace(sorted, n), RESOLUTION * largest);
        for (int i = 0; i < n; i++) {
            double r = absolute[i];
            if (r <= 0.001 * cutoff) {
                weights[i] = 1;
            } else if (r <= 0.999 * cutoff) {
                double u = r / cutoff;
                weights[i] = (1 - u * u) * (1 - u * u);
            } else {
                weights[i] = 0;
            }
        }
    }

    private static int jump(int span) {
        return Math.max(1, (int) Math.ceil(span / 10.0));
    }

    static int nextOdd(int x) {
        return x % 2 == 0 ? x + 1 : x;
    }
}
