package io.assay.analysis.timeseries;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SeasonalityTest {

    @Test
    void candidatesFollowTheCalendar() {
        assertThat(CalendarPeriods.candidates(300, 5_000)).containsExactly(288, 2016);
        assertThat(CalendarPeriods.candidates(300, 3_000)).containsExactly(288);
        assertThat(CalendarPeriods.candidates(3_600, 10_000)).containsExactly(24, 168);
        assertThat(CalendarPeriods.candidates(86_400, 800)).containsExactly(7, 365);
        assertThat(CalendarPeriods.candidates(31 * 86_400, 40)).containsExactly(12);
        assertThat(CalendarPeriods.candidates(40_000, 100)).containsExactly(15);
    }

    @Test
    void findsADailyCycleInHourlyDataButNoWeeklyOne() {
        double[] values = Synthetic.values(24 * 7 * 4, 100, 0.02, 10, 24, 2, 1);

        Seasonality seasonality = Seasonality.detect(Synthetic.hourly(values));

        assertThat(seasonality.periods()).extracting(SeasonalPeriod::period).containsExactly(24);
        SeasonalPeriod daily = seasonality.periods().get(0);
        assertThat(daily.periodSeconds()).isEqualTo(86_400);
        assertThat(daily.autocorrelation()).isGreaterThan(daily.significanceBound());
        assertThat(daily.strength()).isGreaterThan(0.8);
    }

    @Test
    void findsAWeeklyCycleWhenWeekendsDiffer() {
        double[] values = Synthetic.values(24 * 7 * 4, 100, 0, 10, 24, 2, 2);
        for (int i = 0; i < values.length; i++) {
            if (i / 24 % 7 >= 5) {
                values[i] -= 15;
            }
        }

        Seasonality seasonality = Seasonality.detect(Synthetic.hourly(values));

        assertThat(seasonality.periods()).extracting(SeasonalPeriod::period).containsExactly(24, 168);
        assertThat(seasonality.decomposition().seasonal()).hasSize(2);
    }

    @Test
    void findsNothingInNoiseOrInAPersistentWalk() {
        Random random = new Random(3);
        double[] walk = new double[24 * 7 * 4];
        for (int i = 1; i < walk.length; i++) {
            walk[i] = 0.9 * walk[i - 1] + random.nextGaussian();
        }

        assertThat(Seasonality.detect(Synthetic.hourly(Synthetic.noise(24 * 7 * 4, 3))).isSeasonal()).isFalse();
        assertThat(Seasonality.detect(Synthetic.hourly(walk)).isSeasonal()).isFalse();
        assertThat(Seasonality.detect(Synthetic.hourly(new double[30])).isSeasonal()).isFalse();
        assertThat(Seasonality.detect(Synthetic.hourly(new double[0])).strongest()).isEmpty();
    }
}
