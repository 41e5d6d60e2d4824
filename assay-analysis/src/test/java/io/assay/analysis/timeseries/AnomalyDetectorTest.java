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
        AnomalyDetector.Settings d = AnomalyDetector.Settings.defaults();
        List<Anomaly> three = new AnomalyDetector(new AnomalyDetector.Settings(d.alpha(), d.maxAnomalyFraction(),
            d.windowSeconds(), d.eventGapSeconds(), 3)).detect(Synthetic.hourly(values));

        // Every planted spike is significant, so the default reports them all (up to its cap); a cap of 3 keeps the
        // three strongest.
        assertThat(anomalies).extracting(Anomaly::index).containsExactlyElementsOf(
            Arrays.stream(spikes).boxed().toList().subList(spikes.length - Math.min(spikes.length,
                AnomalyDetector.DEFAULT_MAX_EVENTS), spikes.length));
        assertThat(three).extracting(Anomaly::index).containsExactly(230, 330, 420);
    }

    @Test
    void countsOnlyTheEventsThatStandOutFromEveryDaysLargestDeviation() {
        // Laplace noise, tails heavier than the normal the ESD test assumes: every day has deviations of several
        // sigmas, which the block maxima absorb; two planted incidents far beyond them.
        java.util.Random random = new java.util.Random(7);
        double[] values = new double[24 * 7 * 4];
        for (int i = 0; i < values.length; i++) {
            values[i] = 50 + Math.log((1 - random.nextDouble()) / (1 - random.nextDouble()));
        }
        values[200] += 25;
        values[500] -= 25;

        List<Anomaly> anomalies = new AnomalyDetector().detect(Synthetic.hourly(values));

        assertThat(anomalies).extracting(Anomaly::index).containsExactly(200, 500);
    }

    @Test
    void findsNoSignificantEventInPureNoiseMostOfTheTime() {
        int withAlarm = 0;
        for (long seed = 0; seed < 50; seed++) {
            if (!new AnomalyDetector().detect(Synthetic.hourly(Synthetic.noise(24 * 7 * 4, 5_000 + seed))).isEmpty()) {
                withAlarm++;
            }
        }
        assertThat(withAlarm).isLessThanOrEqualTo(10);
    }

    @Test
    void anEventAcrossABlockBoundaryCountsOnce() {
        double[] residuals = Synthetic.noise(24 * 20, 11);
        residuals[24 * 5 - 1] += 30;
        residuals[24 * 5] += 28;
        assertThat(AnomalyDetector.significantEvents(residuals, 0, 1, 24, 0.05)).isEqualTo(1);
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

    @Test
    void aSpikeDoesNotLeakIntoTheSeasonalFitNorEchoACycleLater() {
        // Hourly, a strong daily cycle, little noise; a 4-hour burst of +60 at day 10, 12:00.
        double[] clean = Synthetic.values(24 * 7 * 4, 100, 0, 30, 24, 1, 11);
        double[] values = clean.clone();
        int spike = 24 * 10 + 12;
        for (int i = spike; i < spike + 4; i++) {
            values[i] += 60;
        }
        Series series = Synthetic.hourly(values);
        Seasonality seasonality = Seasonality.detect(series);

        Decomposition refit = AnomalyDetector.robustRefit(series, seasonality.decomposition());
        // At the spike's phase the seasonal estimate stays near the true cycle (30·sin), not lifted by the burst.
        for (int i = spike; i < spike + 4; i++) {
            assertThat(refit.seasonalAt(i)).isCloseTo(30 * Math.sin(2 * Math.PI * i / 24), within(3.0));
        }

        List<Anomaly> found = ALL_EVENTS.detect(series, seasonality);
        Anomaly burst = found.stream().max(Comparator.comparingDouble(Anomaly::score)).orElseThrow();
        assertThat(burst.index()).isBetween(spike, spike + 3);
        assertThat(burst.direction()).isEqualTo(Anomaly.Direction.SPIKE);
        assertThat(burst.residual()).isCloseTo(60, within(6.0));
        assertThat(burst.expected()).isCloseTo(clean[burst.index()], within(4.0));
        // No dip one day before or after it (nor two or three: the phase window of the robust estimate).
        assertThat(found).noneMatch(a -> a.direction() == Anomaly.Direction.DIP
            && java.util.stream.IntStream.of(-72, -48, -24, 24, 48, 72).anyMatch(k -> Math.abs(a.index() - (spike + k)) <= 4));
    }

    @Test
    void anOppositeEventOneCycleFromAStrongerOneIsAnEcho() {
        AnomalyDetector.Event strong = event(100, 98, 103, 40);
        assertThat(AnomalyDetector.isEcho(event(124, 124, 124, -5), strong, List.of(24))).isTrue();
        assertThat(AnomalyDetector.isEcho(event(76, 76, 76, -5), strong, List.of(24))).isTrue();
        // The same direction, or not a cycle away, is an event of its own.
        assertThat(AnomalyDetector.isEcho(event(124, 124, 124, 5), strong, List.of(24))).isFalse();
        assertThat(AnomalyDetector.isEcho(event(140, 140, 140, -5), strong, List.of(24))).isFalse();
        assertThat(AnomalyDetector.isEcho(event(124, 124, 124, -5), strong, List.of())).isFalse();
    }

    private static AnomalyDetector.Event event(int index, int first, int last, double residual) {
        AnomalyDetector.Flagged top = new AnomalyDetector.Flagged(index, 0,
            new GeneralizedEsd.Outlier(index, Math.abs(residual), 3, 0.01), residual, Math.abs(residual));
        return new AnomalyDetector.Event(top, first, last, last - first + 1);
    }

    @Test
    void eventsAreRankedOnOneScaleForTheWholeSeriesNotPerWindow() {
        // Four two-week windows of hourly white noise: the first two quiet (sigma 1), the last two noisy (sigma 3).
        int window = 24 * 14;
        double[] values = Synthetic.noise(4 * window, 21);
        for (int i = 2 * window; i < values.length; i++) {
            values[i] *= 3;
        }
        // +9 in a quiet window (9 of its sigmas), +22 in a noisy one (about 7 of its sigmas, far more of the series').
        values[window / 2] += 9;
        values[3 * window - window / 2] += 22;

        AnomalyDetector strongestOnly = new AnomalyDetector(new AnomalyDetector.Settings(0.05, 0.01,
            2 * CalendarPeriods.WEEK, CalendarPeriods.DAY, 1));
        List<Anomaly> top = strongestOnly.detect(Synthetic.hourly(values));

        assertThat(top).extracting(Anomaly::index).containsExactly(3 * window - window / 2);
        List<Anomaly> all = ALL_EVENTS.detect(Synthetic.hourly(values));
        Anomaly quiet = all.stream().filter(a -> a.index() == window / 2).findFirst().orElseThrow();
        Anomaly loud = all.stream().filter(a -> a.index() == 3 * window - window / 2).findFirst().orElseThrow();
        assertThat(loud.score()).isGreaterThan(quiet.score());
    }
}
