package io.assay.analysis.timeseries;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A labelled check-only suite for the anomaly benchmark: seeded series with anomalies of known kinds planted on
 * realistic backgrounds. No parameter of the detector was ever chosen on it; it is scored, never tuned on.
 *
 * <p>Backgrounds, for each of three steps: 5-minute data over 4 weeks (8,064 points), hourly over 16 weeks (2,688)
 * and daily over 3 years (1,096). Each has a level of 100, a daily cycle (sub-daily steps; amplitude 20–40% of the
 * level, a peak in the afternoon and a flat night), a weekly cycle (weekend 10–30% lower), a linear trend (±0–30%
 * over the span; daily data also a yearly cycle of 10%), and noise of 3–6% of the level, Gaussian or Student-t with
 * 3 degrees of freedom (heavy-tailed, as operational metrics are). Values are rounded to 0.01.
 *
 * <p>Kinds of anomaly, one kind per series, one to three events placed at random after the first 15% of the
 * series and at least a label window apart:
 * <ul>
 *   <li>{@code spike}: one point (and its neighbour half as much) up or down by 6–10 noise sigmas;</li>
 *   <li>{@code level_shift}: the level moves by 5–8 noise sigmas and stays moved;</li>
 *   <li>{@code variance}: the noise grows fivefold for a day (sub-daily steps) or two weeks (daily);</li>
 *   <li>{@code seasonal_break}: the daily cycle vanishes for a day (sub-daily steps) or the weekly one inverts for
 *       two weeks (daily);</li>
 *   <li>{@code trend_change}: the slope changes to 1% of the level per day (sub-daily) or per week (daily),
 *       lasting to the end;</li>
 *   <li>{@code none}: nothing planted (a false alarm is all a method can give).</li>
 * </ul>
 * Labels follow NAB's convention: a window of 10% of the series' length divided by the number of events, centred
 * on each event's start.
 */
final class SyntheticSuite {

    static final long SEED = 20261204L;
    static final String[] KINDS = {"spike", "level_shift", "variance", "seasonal_break", "trend_change", "none"};
    static final long[] STEPS = {300, 3_600, 86_400};
    static final int SEEDS_PER_CELL = 2;
    static final long START = 1_704_067_200L; // 2024-01-01T00:00:00Z

    private SyntheticSuite() {
    }

    /** Every series of the suite, named {@code synthetic-<step>/<kind>_<n>.csv}; folders by step. */
    static List<NabCorpus.LabeledSeries> generate() {
        List<NabCorpus.LabeledSeries> out = new ArrayList<>();
        Random master = new Random(SEED);
        for (long step : STEPS) {
            for (String kind : KINDS) {
                for (int s = 0; s < SEEDS_PER_CELL; s++) {
                    out.add(one(step, kind, s, new Random(master.nextLong())));
                }
            }
        }
        return out;
    }

    static String stepName(long step) {
        return step == 300 ? "5min" : step == 3_600 ? "hourly" : "daily";
    }

    private static NabCorpus.LabeledSeries one(long step, String kind, int index, Random random) {
        int n = step == 300 ? 8_064 : step == 3_600 ? 2_688 : 1_096;
        int perDay = (int) Math.max(1, 86_400 / step);
        double level = 100;
        double dailyAmp = step < 86_400 ? level * (0.2 + 0.2 * random.nextDouble()) : 0;
        double weekendDrop = level * (0.1 + 0.2 * random.nextDouble());
        double trendTotal = level * 0.3 * (2 * random.nextDouble() - 1);
        double noise = level * (0.03 + 0.03 * random.nextDouble());
        boolean heavy = random.nextBoolean();
        double yearly = step >= 86_400 ? level * 0.1 : 0;

        double[] base = new double[n];
        double[] daily = new double[n];
        double[] eps = new double[n];
        for (int i = 0; i < n; i++) {
            long t = START + i * step;
            double hourOfDay = (t % 86_400) / 3_600.0;
            int dayOfWeek = (int) ((t / 86_400 + 3) % 7); // 1970-01-01 was a Thursday: 0 = Monday
            daily[i] = dailyAmp * Math.max(0, Math.sin(Math.PI * (hourOfDay - 7) / 14)); // day 07:00–21:00, flat night
            base[i] = level + trendTotal * i / n - (dayOfWeek >= 5 ? weekendDrop : 0)
                + yearly * Math.sin(2 * Math.PI * (t - START) / (365.25 * 86_400));
            eps[i] = noise * (heavy ? studentT3(random) : random.nextGaussian());
        }
        int events = kind.equals("none") ? 0 : 1 + random.nextInt(3);
        int window = (int) Math.max(1, 0.1 * n / Math.max(1, events));
        List<Integer> starts = new ArrayList<>();
        int tries = 0;
        while (starts.size() < events && tries++ < 1_000) {
            int at = (int) (0.15 * n) + random.nextInt((int) (0.8 * n));
            if (starts.stream().allMatch(s -> Math.abs(s - at) > window)) {
                starts.add(at);
            }
        }
        starts.sort(Integer::compare);
        for (int at : starts) {
            double sign = random.nextBoolean() ? 1 : -1;
            int span = step < 86_400 ? perDay : 14;
            switch (kind) {
                case "spike" -> {
                    double size = (6 + 4 * random.nextDouble()) * noise * sign;
                    base[at] += size;
                    if (at + 1 < n) {
                        base[at + 1] += size / 2;
                    }
                }
                case "level_shift" -> {
                    double size = (5 + 3 * random.nextDouble()) * noise * sign;
                    for (int i = at; i < n; i++) {
                        base[i] += size;
                    }
                }
                case "variance" -> {
                    for (int i = at; i < Math.min(n, at + span); i++) {
                        eps[i] *= 5;
                    }
                }
                case "seasonal_break" -> {
                    for (int i = at; i < Math.min(n, at + span); i++) {
                        if (step < 86_400) {
                            daily[i] = 0;
                        } else {
                            long t = START + i * step;
                            int dayOfWeek = (int) ((t / 86_400 + 3) % 7);
                            base[i] += dayOfWeek >= 5 ? 2 * weekendDrop : -weekendDrop;
                        }
                    }
                }
                case "trend_change" -> {
                    double perStep = 0.01 * level / (step < 86_400 ? perDay : 7) * sign;
                    for (int i = at; i < n; i++) {
                        base[i] += perStep * (i - at);
                    }
                }
                default -> throw new IllegalStateException(kind);
            }
        }
        long[] times = new long[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            times[i] = START + i * step;
            values[i] = Math.round((base[i] + daily[i] + eps[i]) * 100) / 100.0;
        }
        List<NabCorpus.Window> windows = new ArrayList<>();
        for (int at : starts) {
            windows.add(new NabCorpus.Window(times[Math.max(0, at - window / 2)], times[Math.min(n - 1, at + window / 2)]));
        }
        String name = "synthetic-" + stepName(step) + "/" + kind + "_" + index + ".csv";
        return new NabCorpus.LabeledSeries(name, Series.regular(START, step, values), windows);
    }

    /** A Student-t variate with 3 degrees of freedom, scaled to unit variance. */
    private static double studentT3(Random random) {
        double z = random.nextGaussian();
        double chi = 0;
        for (int k = 0; k < 3; k++) {
            double g = random.nextGaussian();
            chi += g * g;
        }
        return z / Math.sqrt(chi / 3) / Math.sqrt(3.0);
    }
}
