package io.assay.analysis.timeseries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TrendTest {

    @Test
    void aRisingSeasonalSeriesTrendsUpAtItsTrueSlope() {
        double[] values = Synthetic.values(24 * 14, 100, 0.1, 10, 24, 1, 1);

        Trend trend = Trend.of(Synthetic.hourly(values)).orElseThrow();

        assertThat(trend.direction()).isEqualTo(Trend.Direction.UP);
        assertThat(trend.slopePerStep()).isCloseTo(0.1, within(0.01));
        assertThat(trend.slopePerDay()).isCloseTo(2.4, within(0.24));
        assertThat(trend.relativeChangePercent()).hasValueCloseTo(100 * 0.1 * 335 / 100, within(3.0));
        assertThat(trend.test().pValue()).isLessThan(1e-6);
        assertThat(trend.strength()).isGreaterThan(0.9);
    }

    @Test
    void aFallingSeriesTrendsDown() {
        Trend trend = Trend.of(Synthetic.hourly(Synthetic.values(200, 50, -0.05, 0, 2, 1, 2))).orElseThrow();

        assertThat(trend.direction()).isEqualTo(Trend.Direction.DOWN);
        assertThat(trend.slopePerStep()).isCloseTo(-0.05, within(0.01));
    }

    @Test
    void noiseAndConstantsAreFlat() {
        int flat = 0;
        for (long seed = 0; seed < 40; seed++) {
            Trend trend = Trend.of(Synthetic.hourly(Synthetic.noise(100, seed))).orElseThrow();
            if (trend.direction() == Trend.Direction.FLAT) {
                flat++;
            }
        }
        assertThat(flat).isGreaterThanOrEqualTo(35);

        Trend constant = Trend.of(Synthetic.hourly(new double[] {3, 3, 3, 3, 3})).orElseThrow();
        assertThat(constant.direction()).isEqualTo(Trend.Direction.FLAT);
        assertThat(constant.slopePerStep()).isZero();
        assertThat(constant.relativeChangePercent()).hasValue(0.0);
    }

    @Test
    void tooShortOrEmptySeriesHaveNoTrend() {
        assertThat(Trend.of(Synthetic.hourly(new double[] {1, 2}))).isEmpty();
        assertThat(Trend.of(Synthetic.hourly(new double[0]))).isEmpty();
        assertThat(Trend.of(Synthetic.hourly(new double[] {0, 0, 0, 0, 1})).orElseThrow().relativeChangePercent())
            .isEmpty();
    }
}
