package io.assay.analysis.timeseries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class DecompositionTest {

    @Test
    void stlReconstructsTheSineAndTheLineOfACleanSeries() {
        int period = 24;
        double[] values = Synthetic.values(20 * period, 10, 0.05, 3, period, 0, 1);

        Decomposition decomposition = Decomposition.of(Synthetic.hourly(values), List.of(period));

        SeasonalComponent seasonal = decomposition.seasonal().get(0);
        assertThat(seasonal.period()).isEqualTo(period);
        for (int i = period; i < values.length - period; i++) {
            assertThat(seasonal.value(i)).as("seasonal at %d", i)
                .isCloseTo(3 * Math.sin(2 * Math.PI * i / period), within(0.01));
            assertThat(decomposition.trendAt(i)).as("trend at %d", i).isCloseTo(10 + 0.05 * i, within(0.01));
        }
        for (int i = 0; i < values.length; i++) {
            assertThat(decomposition.fittedAt(i) + decomposition.remainderAt(i)).isCloseTo(values[i], within(1e-9));
        }
    }

    @Test
    void robustnessWeightsKeepSpikesOutOfTheSeasonalPattern() {
        int period = 24;
        double[] values = Synthetic.values(20 * period, 10, 0, 3, period, 0.1, 2);
        for (int i = 5; i < values.length; i += 97) {
            values[i] += 50;
        }

        Decomposition decomposition = Decomposition.of(Synthetic.hourly(values), List.of(period));

        for (int i = 5; i < values.length; i += 97) {
            assertThat(decomposition.remainderAt(i)).isGreaterThan(45);
            assertThat(decomposition.seasonalAt(i)).isCloseTo(3 * Math.sin(2 * Math.PI * i / period), within(0.5));
        }
    }

    @Test
    void twoPeriodsGiveTwoComponentsAndGapsKeepANaNRemainder() {
        double[] values = new double[24 * 7 * 4];
        for (int i = 0; i < values.length; i++) {
            values[i] = 50 + 5 * Math.sin(2 * Math.PI * i / 24) + (i / 24 % 7 >= 5 ? -8 : 0);
        }
        values[100] = Double.NaN;

        Decomposition decomposition = Decomposition.of(Synthetic.hourly(values), List.of(168, 24));

        assertThat(decomposition.seasonal()).extracting(SeasonalComponent::period).containsExactly(24, 168);
        assertThat(decomposition.remainderAt(100)).isNaN();
        assertThat(decomposition.fittedAt(100)).isCloseTo(50 + 5 * Math.sin(2 * Math.PI * 100 / 24), within(1.0));
        double worst = 0;
        for (int i = 168; i < values.length - 168; i++) {
            if (i != 100) {
                worst = Math.max(worst, Math.abs(decomposition.remainderAt(i)));
            }
        }
        assertThat(worst).isLessThan(1.0);
    }

    @Test
    void fallsBackToARollingMedianTrendWithoutUsablePeriods() {
        double[] values = Synthetic.values(100, 3, 0.1, 0, 2, 0.01, 4);

        Decomposition decomposition = Decomposition.of(Synthetic.hourly(values), List.of(168));

        assertThat(decomposition.isSeasonal()).isFalse();
        assertThat(decomposition.trendAt(50)).isCloseTo(3 + 0.1 * 50, within(0.1));
        assertThat(Decomposition.of(Synthetic.hourly(new double[] {Double.NaN, 2}), List.of()).trendAt(0))
            .isEqualTo(2);
    }
}
