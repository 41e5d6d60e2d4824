package io.assay.analysis.timeseries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MannKendallTest {

    @Test
    void aStrictlyIncreasingSeriesHasTheTextbookStatistic() {
        MannKendall test = MannKendall.test(new double[] {1, 2, 3, 4, 5}).orElseThrow();

        assertThat(test.s()).isEqualTo(10);
        assertThat(test.variance()).isCloseTo(5 * 4 * 15 / 18.0, within(1e-12));
        assertThat(test.z()).isCloseTo(9 / Math.sqrt(5 * 4 * 15 / 18.0), within(1e-12));
        assertThat(test.pValue()).isCloseTo(0.0274863, within(1e-6));
        assertThat(test.tau()).isEqualTo(1.0);
        assertThat(test.autocorrelationCorrection()).isEqualTo(1.0);
    }

    @Test
    void tiesReduceTheVarianceAndGapsAreSkipped() {
        MannKendall test = MannKendall.test(new double[] {1, Double.NaN, 1, 2, 2, 3, Double.NaN}).orElseThrow();

        assertThat(test.sampleSize()).isEqualTo(5);
        assertThat(test.s()).isEqualTo(8);
        // n = 5 with two pairs of ties: (5·4·15 − 2·(2·1·9)) / 18.
        assertThat(test.variance()).isCloseTo((300 - 36) / 18.0, within(1e-12));
    }

    @Test
    void statisticEqualsTheBruteForceSum() {
        Random random = new Random(11);
        double[] values = new double[300];
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.round(random.nextGaussian() * 3);
        }
        long expected = 0;
        for (int i = 0; i < values.length; i++) {
            for (int j = i + 1; j < values.length; j++) {
                expected += (long) Math.signum(values[j] - values[i]);
            }
        }
        assertThat(MannKendall.statistic(values)).isEqualTo(expected);
    }

    @Test
    void constantAndTooShortSeries() {
        MannKendall constant = MannKendall.test(new double[] {4, 4, 4, 4}).orElseThrow();
        assertThat(constant.s()).isZero();
        assertThat(constant.pValue()).isEqualTo(1.0);
        assertThat(MannKendall.test(new double[] {1, 2})).isEmpty();
        assertThat(MannKendall.test(new double[] {1, Double.NaN, Double.NaN, 3})).isEmpty();
    }

    @Test
    void hamedRaoWidensTheVarianceOfAPersistentSeries() {
        Random random = new Random(5);
        double[] walk = new double[500];
        for (int i = 1; i < walk.length; i++) {
            walk[i] = 0.95 * walk[i - 1] + random.nextGaussian();
        }
        MannKendall persistent = MannKendall.test(walk).orElseThrow();
        MannKendall independent = MannKendall.test(Synthetic.noise(500, 5)).orElseThrow();

        assertThat(persistent.autocorrelationCorrection()).isGreaterThan(5);
        assertThat(independent.autocorrelationCorrection()).isLessThan(1.5);
    }
}
