package io.assay.analysis.insight;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Consecutive time buckets and the series measured in them, with every gap between the first and
 * the last bucket filled: by zero for counts and sums (no rows: zero count, zero sum), by NaN (missing) for a
 * mean, since no measurement is not a measurement of zero.
 */
final class Buckets {

    private final Grain grain;
    private final long[] starts;
    private final double[][] series;

    private Buckets(Grain grain, long[] starts, double[][] series) {
        this.grain = grain;
        this.starts = starts;
        this.series = series;
    }

    Grain grain() {
        return grain;
    }

    long[] starts() {
        return starts;
    }

    int size() {
        return starts.length;
    }

    double[] values(int series) {
        return this.series[series];
    }

    /** Collects buckets in time order and fills the gaps. */
    static final class Builder {
        private final Grain grain;
        private final int width;
        private final List<Long> starts = new ArrayList<>();
        private final List<double[]> rows = new ArrayList<>();
        private final double fill;

        Builder(Grain grain, int width) {
            this(grain, width, 0);
        }

        /** Gaps get {@code fill}: 0 for counts and sums, NaN for means. */
        Builder(Grain grain, int width, double fill) {
            this.grain = grain;
            this.width = width;
            this.fill = fill;
        }

        void add(long start, double[] values) {
            if (!starts.isEmpty()) {
                long expected = grain.next(starts.get(starts.size() - 1));
                // Guard against a calendar mismatch looping forever: fill only while we approach the new start.
                while (expected < start) {
                    starts.add(expected);
                    double[] gap = new double[width];
                    Arrays.fill(gap, fill);
                    rows.add(gap);
                    expected = grain.next(expected);
                }
            }
            starts.add(start);
            rows.add(Arrays.copyOf(values, width));
        }

        Buckets build() {
            long[] s = new long[starts.size()];
            double[][] v = new double[width][starts.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = starts.get(i);
                for (int m = 0; m < width; m++) {
                    v[m][i] = rows.get(i)[m];
                }
            }
            return new Buckets(grain, s, v);
        }
    }
}
