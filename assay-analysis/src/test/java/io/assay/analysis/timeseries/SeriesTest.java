package io.assay.analysis.timeseries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.assay.engine.AssayException;
import org.junit.jupiter.api.Test;

class SeriesTest {

    @Test
    void putsIrregularPointsOnAGridWithGapsAsNaNAndDuplicatesAveraged() {
        long[] times = {1_000, 1_120, 1_060, 1_060, 1_300};
        double[] values = {1, 3, 2, 4, 9};

        Series series = Series.onGrid(times, values, 60);

        assertThat(series.epochSeconds()).containsExactly(1_000, 1_060, 1_120, 1_180, 1_240, 1_300);
        assertThat(series.values()).containsExactly(1, 3, 3, Double.NaN, Double.NaN, 9);
        assertThat(series.presentCount()).isEqualTo(4);
    }

    @Test
    void infersTheStepAsTheMedianSpacing() {
        long[] times = {0, 300, 600, 600, 1_500, 1_800, 2_100};

        assertThat(Series.inferStep(times)).hasValue(300);
        assertThat(Series.inferStep(new long[] {5, 5})).isEmpty();
        assertThat(Series.fromPoints(times, new double[times.length]).stepSeconds()).isEqualTo(300);
    }

    @Test
    void rejectsIrregularGridsAndMismatchedArrays() {
        assertThatThrownBy(() -> new Series(new long[] {0, 60, 180}, new double[3], 60))
            .isInstanceOf(AssayException.class).hasMessageContaining("regular grid");
        assertThatThrownBy(() -> new Series(new long[] {0}, new double[2], 60)).isInstanceOf(AssayException.class);
        assertThatThrownBy(() -> Series.onGrid(new long[] {0, 1}, new double[2], 0)).isInstanceOf(AssayException.class);
        assertThatThrownBy(() -> Series.onGrid(new long[] {0, 4_000_000_000L}, new double[2], 1))
            .isInstanceOf(AssayException.class).hasMessageContaining("buckets");
    }

    @Test
    void isImmutableAndComparesByContent() {
        double[] values = {1, 2, 3};
        Series series = Series.regular(0, 10, values);
        values[0] = 99;
        series.values()[1] = 99;

        assertThat(series.value(0)).isEqualTo(1);
        assertThat(series.value(1)).isEqualTo(2);
        assertThat(series).isEqualTo(Series.regular(0, 10, new double[] {1, 2, 3}));
        assertThat(series.hashCode()).isEqualTo(Series.regular(0, 10, new double[] {1, 2, 3}).hashCode());
        assertThat(Series.onGrid(new long[0], new double[0], 60).size()).isZero();
    }
}
