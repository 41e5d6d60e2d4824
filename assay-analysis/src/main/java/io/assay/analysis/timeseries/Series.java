package io.assay.analysis.timeseries;

import io.assay.engine.AssayException;
import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A regular time series: {@code values[i]} belongs to the bucket that starts at {@code epochSeconds[i]}, and the
 * buckets are exactly {@code stepSeconds} apart. A bucket without data holds {@code NaN}; the analyses treat
 * every non-finite value as missing.
 *
 * <p>The arrays are copied in and out, so a {@code Series} never changes; use {@link #value(int)} and
 * {@link #epochSecond(int)} to read single points without copying. Build one from irregular points with
 * {@link #fromPoints(long[], double[])} or {@link #onGrid(long[], double[], long)}.
 */
public record Series(long[] epochSeconds, double[] values, long stepSeconds) {

    /** The most buckets a grid may have; beyond it a step is surely wrong for the data. */
    public static final int MAX_BUCKETS = 10_000_000;

    /**
     * Checks that the grid is regular.
     *
     * @throws AssayException (invalid input) when the arrays differ in length, the step is not positive, or two
     *     consecutive timestamps are not exactly one step apart
     */
    public Series {
        Objects.requireNonNull(epochSeconds, "epochSeconds");
        Objects.requireNonNull(values, "values");
        if (epochSeconds.length != values.length) {
            throw AssayException.invalidInput("A series needs one timestamp per value, but got "
                + epochSeconds.length + " timestamps and " + values.length + " values.",
                "Pass arrays of the same length.");
        }
        if (stepSeconds <= 0) {
            throw AssayException.invalidInput("The step of a series must be positive, but was " + stepSeconds + ".",
                "Give the bucket width in seconds, or use Series.fromPoints to infer it.");
        }
        for (int i = 1; i < epochSeconds.length; i++) {
            if (epochSeconds[i] - epochSeconds[i - 1] != stepSeconds) {
                throw AssayException.invalidInput("A series must be a regular grid, but timestamps " + (i - 1)
                    + " and " + i + " are " + (epochSeconds[i] - epochSeconds[i - 1]) + " s apart instead of "
                    + stepSeconds + " s.", "Use Series.onGrid to put irregular points on a grid.");
            }
        }
        epochSeconds = epochSeconds.clone();
        values = values.clone();
    }

    /** A series of {@code values} on the grid that starts at {@code startEpochSecond}. */
    public static Series regular(long startEpochSecond, long stepSeconds, double[] values) {
        long[] times = new long[values.length];
        for (int i = 0; i < times.length; i++) {
            times[i] = startEpochSecond + i * stepSeconds;
        }
        return new Series(times, values, stepSeconds);
    }

    /**
     * Puts irregular points on a grid whose step is inferred as the median spacing (see {@link #inferStep}).
     * Fewer than two distinct timestamps give a one-point or empty series with a step of one second.
     */
    public static Series fromPoints(long[] epochSeconds, double[] values) {
        return onGrid(epochSeconds, values, inferStep(epochSeconds).orElse(1L));
    }

    /**
     * Puts irregular (time, value) points on the regular grid that starts at the earliest time and advances by
     * {@code stepSeconds}. Each point goes to the bucket that contains it; a bucket with several points takes their
     * mean; a bucket with none, and any non-finite value, becomes {@code NaN}. The points need not be sorted.
     *
     * @throws AssayException (invalid input) when the arrays differ in length, the step is not positive, or the
     *     grid would exceed {@link #MAX_BUCKETS}
     */
    public static Series onGrid(long[] epochSeconds, double[] values, long stepSeconds) {
        Objects.requireNonNull(epochSeconds, "epochSeconds");
        Objects.requireNonNull(values, "values");
        if (epochSeconds.length != values.length) {
            throw AssayException.invalidInput("Got " + epochSeconds.length + " timestamps and " + values.length
                + " values.", "Pass one timestamp per value.");
        }
        if (stepSeconds <= 0) {
            throw AssayException.invalidInput("The step of a series must be positive, but was " + stepSeconds + ".",
                "Give the bucket width in seconds.");
        }
        if (epochSeconds.length == 0) {
            return new Series(new long[0], new double[0], stepSeconds);
        }
        long start = Arrays.stream(epochSeconds).min().getAsLong();
        long end = Arrays.stream(epochSeconds).max().getAsLong();
        long buckets = Math.floorDiv(end - start, stepSeconds) + 1;
        if (buckets > MAX_BUCKETS) {
            throw AssayException.invalidInput("A step of " + stepSeconds + " s over this time range would make "
                + buckets + " buckets, more than " + MAX_BUCKETS + ".", "Choose a larger step.");
        }
        int size = (int) buckets;
        double[] sums = new double[size];
        int[] counts = new int[size];
        for (int i = 0; i < epochSeconds.length; i++) {
            if (Double.isFinite(values[i])) {
                int bucket = (int) Math.floorDiv(epochSeconds[i] - start, stepSeconds);
                sums[bucket] += values[i];
                counts[bucket]++;
            }
        }
        double[] gridValues = new double[size];
        for (int i = 0; i < size; i++) {
            gridValues[i] = counts[i] == 0 ? Double.NaN : sums[i] / counts[i];
        }
        return regular(start, stepSeconds, gridValues);
    }

    /**
     * The median spacing between consecutive distinct timestamps (sorted first), which is the sampling step of
     * data that are regular apart from gaps and jitter. Empty when there are fewer than two distinct timestamps.
     */
    public static OptionalLong inferStep(long[] epochSeconds) {
        long[] sorted = Arrays.stream(epochSeconds).sorted().distinct().toArray();
        if (sorted.length < 2) {
            return OptionalLong.empty();
        }
        long[] spacings = new long[sorted.length - 1];
        for (int i = 1; i < sorted.length; i++) {
            spacings[i - 1] = sorted[i] - sorted[i - 1];
        }
        Arrays.sort(spacings);
        return OptionalLong.of(spacings[(spacings.length - 1) / 2]);
    }

    /** The timestamps (a copy). */
    @Override
    public long[] epochSeconds() {
        return epochSeconds.clone();
    }

    /** The values, {@code NaN} where a bucket has no data (a copy). */
    @Override
    public double[] values() {
        return values.clone();
    }

    /** The number of buckets. */
    public int size() {
        return values.length;
    }

    /** The value of bucket {@code i}, {@code NaN} when it has no data. */
    public double value(int i) {
        return values[i];
    }

    /** The start of bucket {@code i} in seconds since the epoch. */
    public long epochSecond(int i) {
        return epochSeconds[i];
    }

    /** The number of buckets that hold a finite value. */
    public int presentCount() {
        int count = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                count++;
            }
        }
        return count;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Series that
            && stepSeconds == that.stepSeconds
            && Arrays.equals(epochSeconds, that.epochSeconds)
            && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(epochSeconds) + Arrays.hashCode(values)) + Long.hashCode(stepSeconds);
    }

    @Override
    public String toString() {
        return size() == 0
            ? "Series[empty, step " + stepSeconds + " s]"
            : "Series[" + size() + " buckets from " + epochSeconds[0] + ", step " + stepSeconds + " s]";
    }
}
