package io.assay.analysis.timeseries;

import java.util.Random;

/** Deterministic synthetic series for the tests. */
final class Synthetic {

    static final long HOUR = 3_600;
    static final long START = 1_700_000_000L - 1_700_000_000L % 86_400;

    private Synthetic() {
    }

    /** level + slope·i + amplitude·sin(2πi/period) + N(0, noise²), seeded. */
    static double[] values(int n, double level, double slope, double amplitude, int period, double noise, long seed) {
        Random random = new Random(seed);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = level + slope * i + amplitude * Math.sin(2 * Math.PI * i / period) + noise * random.nextGaussian();
        }
        return values;
    }

    static Series hourly(double[] values) {
        return Series.regular(START, HOUR, values);
    }

    /** Gaussian white noise. */
    static double[] noise(int n, long seed) {
        return values(n, 0, 0, 0, 2, 1, seed);
    }
}
