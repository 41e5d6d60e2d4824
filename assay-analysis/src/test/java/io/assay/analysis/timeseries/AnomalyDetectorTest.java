package io.assay.analysis.timeseries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnomalyDetectorTest {

    private static final AnomalyDetector ALL_EVENTS = new AnomalyDetector(new AnomalyDetector.Settings(0.05, 0.01,
        2 * CalendarPeriods.WEEK, CalendarPeriods.DAY, Integer.MAX_VALUE));

    @Test
    void recoversSpikesAndDipsInATrendingSeasonalSeries() {
        double[] values = Synthetic.values(24 * 7 * 3, 100, 0.05, 20, 24, 1, 1);
        values[100] += 12;
        values[250] -= 12;
        values[400] += 15;

        List<Anomaly> anomalies = ALL_EVENTS.detect(Synthetic.hourly(values));

        List<Anomaly> strongest = anomalies.stream()
            .sorted(Comparator.comparingDouble(a -> -a.score()))
            .limit(3)
            .sorted(Comparator.comparingInt(Anomaly::index))
            .toList();
        assertThat(strongest).extracting(Anomaly::index).containsExactly(100, 250, 400);
        assertThat(strongest).extracting(Anomaly::direction)
            .containsExactly(Anomaly.Direction.SPIKE, Anomaly.Direction.DIP, Anomaly.Direction.SPIKE);
        Anomaly dip = strongest.get(1);
        assertThat(dip.epochSecond()).isEqualTo(Synthetic.START + 250 * Synthetic.HOUR);
        assertThat(dip.residual()).isCloseTo(-12, within(3.0));
        assertThat(dip.expected()).isCloseTo(dip.value() - dip.residual(), within(1e-9));
        assertThat(dip.score()).isGreaterThan(dip.criticalValue());
        assertThat(dip.pValue()).isLessThan(0.05);
        assertThat(dip.points()).isEqualTo(1);
    }

    @Test
    void reportsTheStrongestEventsFirstUnderTheDefaultCap() {
        double[] values = Synthetic.values(24 * 7 * 3, 100, 0, 20, 24, 1, 2);
        int[] spikes = {60, 150, 230, 330, 420};
        for (int k = 0; k < spikes.length; k++) {
            values[spikes[k]] += 10 + 5 * k;
        }

        List<Anomaly> anomalies = new AnomalyDetector().detect(Synthetic.hourly(values));

        assertThat(anomalies).extracting(Anomaly::index).containsExactly(230, 330, 420);
    }

    @Test
    void groupsABurstIntoOneEventShownByItsStrongestPoint() {
        double[] values = Synthetic.values(24 * 7 * 2, 10, 0, 0, 2, 1, 3);
        values[150] += 9;
        values[151] += 14;
        values[153] += 8;

        List<Anomaly> anomalies = ALL_EVENTS.detect(Synthetic.hourly(values));

        assertThat(anomalies).hasSize(1);
        Anomaly burst = anomalies.get(0);
        assertThat(burst.index()).isEqualTo(151);
        assertThat(burst.firstIndex()).isEqualTo(150);
        assertThat(burst.lastIndex()).isEqualTo(153);
        assertThat(burst.points()).isEqualTo(3);
    }

    @Test
    void falseAlarmsOnPureNoiseAreRare() {
        // Series with any alarm at alpha = 0.05: about 0.17 in practice (the robust ESD runs above its nominal level).
        int withAlarm = 0;
        int series = 100;
        for (long seed = 0; seed < series; seed++) {
            if (!ALL_EVENTS.detect(Synthetic.hourly(Synthetic.noise(300, 1_000 + seed))).isEmpty()) {
                withAlarm++;
            }
        }
        assertThat(withAlarm).isLessThanOrEqualTo(22);
    }

    @Test
    void aLevelShiftInOneWindowDoesNotMaskASpikeInAnother() {
        double[] values = Synthetic.values(24 * 7 * 6, 10, 0, 0, 2, 1, 4);
        for (int i = 24 * 7 * 4; i < values.length; i++) {
            values[i] += 30;
        }
        values[200] += 8;

        List<Anomaly> anomalies = ALL_EVENTS.detect(Synthetic.hourly(values));

        assertThat(anomalies).extracting(Anomaly::index).contains(200);
    }

    @Test
    void handlesGapsAndDegenerateSeriesWithoutThrowing() {
        double[] values = Synthetic.values(24 * 7 * 2, 10, 0, 5, 24, 0.5, 5);
        for (int i = 40; i < 60; i++) {
            values[i] = Double.NaN;
        }
        values[120] += 10;
        List<Anomaly> found = ALL_EVENTS.detect(Synthetic.hourly(values));
        assertThat(found.stream().max(Comparator.comparingDouble(Anomaly::score))).map(Anomaly::index).hasValue(120);

        double[] perfect = Synthetic.values(24 * 7 * 2, 10, 0, 5, 24, 0, 5);
        assertThat(ALL_EVENTS.detect(Synthetic.hourly(perfect))).isEmpty();
        assertThat(ALL_EVENTS.detect(Synthetic.hourly(new double[500]))).isEmpty();
        assertThat(ALL_EVENTS.detect(Synthetic.hourly(new double[] {1, 2, 100, 3}))).isEmpty();
        assertThat(ALL_EVENTS.detect(Synthetic.hourly(new double[0]))).isEmpty();
        double[] missing = new double[200];
        Arrays.fill(missing, Double.NaN);
        assertThat(ALL_EVENTS.detect(Synthetic.hourly(missing))).isEmpty();
    }

    @Test
    void insightsBringTrendSeasonalityAndAnomaliesTogether() {
        double[] values = Synthetic.values(24 * 7 * 3, 100, 0.05, 20, 24, 1, 6);
        values[300] -= 15;

        TimeSeriesInsights insights = TimeSeriesInsights.of(Synthetic.hourly(values));

        assertThat(insights.trend()).hasValueSatisfying(t -> assertThat(t.direction()).isEqualTo(Trend.Direction.UP));
        assertThat(insights.seasonality().periods()).extracting(SeasonalPeriod::period).containsExactly(24);
        assertThat(insights.anomalies()).extracting(Anomaly::index).contains(300);
    }
}
