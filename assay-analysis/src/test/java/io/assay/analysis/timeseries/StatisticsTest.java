package io.assay.analysis.timeseries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The numerical building blocks: distributions, Theil–Sen, autocorrelation, the ESD critical values. */
class StatisticsTest {

    @Test
    void normalAndStudentTailsMatchTables() {
        assertThat(Distributions.logGamma(0.5)).isCloseTo(Math.log(Math.sqrt(Math.PI)), within(1e-13));
        assertThat(Distributions.normalUpperTail(1.959963984540054)).isCloseTo(0.025, within(1e-12));
        assertThat(Distributions.normalUpperTail(-1)).isCloseTo(0.8413447460685429, within(1e-12));
        assertThat(Distributions.normalUpperTail(8)).isCloseTo(6.22096057427178e-16, within(1e-25));
        assertThat(Distributions.normalUpperQuantile(0.05)).isCloseTo(1.6448536269514722, within(1e-10));
        assertThat(Distributions.studentUpperTail(2.228138851986274, 10)).isCloseTo(0.025, within(1e-10));
        assertThat(Distributions.studentUpperQuantile(0.005, 3)).isCloseTo(5.840909309733351, within(1e-8));
    }

    @Test
    void esdCriticalValuesMatchRosnersTable() {
        // NIST/SEMATECH e-Handbook §1.3.5.17.3, Rosner's example with n = 54 and alpha = 0.05.
        assertThat(GeneralizedEsd.criticalValue(54, 0.05)).isCloseTo(3.158, within(0.001));
        assertThat(GeneralizedEsd.criticalValue(45, 0.05)).isCloseTo(3.085, within(0.001));
    }

    @Test
    void theilSenEqualsTheBruteForceMedianOfPairwiseSlopes() {
        Random random = new Random(7);
        for (int n : new int[] {2, 3, 8, 41, 60}) {
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = i + (i > 5 ? 3 : 0);
                y[i] = 0.5 * x[i] + random.nextGaussian() + (i % 7 == 0 ? 40 : 0);
            }
            assertThat(TheilSen.slope(x, y)).as("n = %d", n).isCloseTo(bruteForceSlope(x, y), within(1e-9));
        }
    }

    @Test
    void theilSenIgnoresOutliersAndIsExactlyZeroOnFlatData() {
        double[] x = new double[100];
        double[] y = new double[100];
        for (int i = 0; i < 100; i++) {
            x[i] = i;
            y[i] = 2 * i + 1 + (i % 10 == 0 ? 500 : 0);
        }
        TheilSen.Line line = TheilSen.fit(x, y);
        assertThat(line.slope()).isCloseTo(2, within(1e-9));
        assertThat(line.intercept()).isCloseTo(1, within(1e-6));
        assertThat(TheilSen.slope(new double[] {0, 1, 2, 3, 4}, new double[] {4, 4, 4, 4, 5})).isZero();
    }

    @Test
    void autocorrelationMatchesTheDirectSumAndSkipsGaps() {
        double[] values = Synthetic.values(200, 5, 0, 2, 12, 1, 3);
        Autocorrelation acf = Autocorrelation.of(values, 30);
        double mean = Arrays.stream(values).average().orElseThrow();
        double denominator = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum();
        for (int lag : new int[] {0, 1, 12, 30}) {
            double sum = 0;
            for (int t = 0; t + lag < values.length; t++) {
                sum += (values[t] - mean) * (values[t + lag] - mean);
            }
            assertThat(acf.standard(lag)).isCloseTo(sum / denominator, within(1e-9));
        }
        assertThat(acf.pairNormalized(12)).isGreaterThan(0.5);

        values[3] = Double.NaN;
        assertThat(Autocorrelation.of(values, 5).pairCount(1)).isEqualTo(197);
    }

    private static double bruteForceSlope(double[] x, double[] y) {
        int n = x.length;
        double[] slopes = new double[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                slopes[k++] = (y[j] - y[i]) / (x[j] - x[i]);
            }
        }
        return RobustStatistics.medianInPlace(slopes, k);
    }
}
