package io.assay.analysis.timeseries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.assay.analysis.insight.MetricAnomalies;
import io.assay.platform.catalog.DatasetName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The anomaly benchmark: Assay's user path (each CSV imported into the DuckDB warehouse, then the platform call the
 * command line's {@code anomalies} makes, at the series' own step) and the detector called directly, against three
 * baselines (rolling median + MAD, seasonal-naive residual z-score, rolling z-score), on the Numenta Anomaly
 * Benchmark series in {@code shared/datasets/nab/} (the development set) and on a generated check-only suite
 * ({@link SyntheticSuite}). The detector's tunable defaults are chosen by leave-one-folder-out cross-validation on
 * NAB. Scored as the datasets README says ({@link NabScore}). Writes {@code bench/anomaly/results.md}. Not part of
 * the default build (the class is not named like a test); run it with {@link #COMMAND}. Skips when NAB is absent.
 */
class NabBenchmark {

    static final String COMMAND = "mvn -o test -pl assay-platform -am -Pbench -Dtest=NabBenchmark "
        + "-Dsurefire.failIfNoSpecifiedTests=false";

    /** The candidate values cross-validation chooses among: the most events per series, and the window length. */
    static final int[] EVENTS = {1, 2, 3, 4, 5, 7, 10};
    static final long[] WINDOW_DAYS = {7, 14, 28, 56, 112};
    /** The fewest events: 0 (only those the block-maxima test finds) or 1 (the strongest, if significant on its own). */
    static final int[] MIN_EVENTS = {0, 1};

    /** The most events the user path asks for (the doors' ceiling); the top k of them are what --max k gives. */
    static final int DOOR_MAX = 50;

    @TempDir
    Path tmp;

    /** One detector setting: window length in days and events per series. */
    private record Setting(long windowDays, int events, int minEvents) {
        @Override
        public String toString() {
            return (minEvents > 0 ? "at least " + minEvents + ", " : "") + "at most " + events
                + (events == 1 ? " event, " : " events, ") + windowDays + "-day windows";
        }
    }

    /** Detections of every series of a corpus, strongest first where the method ranks them. */
    private record Run(String name, List<List<Long>> detections, double seconds) {

        Run top(String label, int k) {
            return new Run(label, detections.stream().map(d -> d.subList(0, Math.min(k, d.size()))).toList(), seconds);
        }
    }

    @Test
    void scoresTheUserPathTheDetectorAndTheBaselines() throws IOException {
        Optional<Path> nabDir = NabCorpus.locate();
        assumeTrue(nabDir.isPresent(), "shared/datasets/nab is absent (set -Dassay.shared.dir): skipping the benchmark");
        List<NabCorpus.LabeledSeries> nab = NabCorpus.load(nabDir.get());
        List<NabCorpus.LabeledSeries> synthetic = SyntheticSuite.generate();

        // The detector called directly, every event ranked, for each window length.
        Map<List<Long>, Run> nabRanked = new LinkedHashMap<>();
        for (long days : WINDOW_DAYS) {
            for (int min : MIN_EVENTS) {
                nabRanked.put(List.of(days, (long) min), ranked("detector, " + days + "-day windows", nab, days, min));
            }
        }
        // Leave one folder out: choose (window, events) on three folders, score the fourth.
        List<String> folders = new ArrayList<>(new TreeSet<>(nab.stream().map(NabCorpus.LabeledSeries::folder).toList()));
        List<String[]> cvRows = new ArrayList<>();
        Map<Setting, Integer> votes = new LinkedHashMap<>();
        Map<String, NabScore> heldOut = new TreeMap<>();
        for (String held : folders) {
            Setting best = null;
            double bestF1 = -1;
            for (int min : MIN_EVENTS) {
                for (long days : WINDOW_DAYS) {
                    for (int k : EVENTS) {
                        NabScore train = score(nab, nabRanked.get(List.of(days, (long) min)).top("", k), f -> !f.equals(held));
                        double f1 = nanToZero(train.f1());
                        if (f1 > bestF1 + 1e-12) {
                            bestF1 = f1;
                            best = new Setting(days, k, min);
                        }
                    }
                }
            }
            NabScore test = score(nab, nabRanked.get(List.of(best.windowDays(), (long) best.minEvents()))
                .top("", best.events()), f -> f.equals(held));
            heldOut.put(held, test);
            votes.merge(best, 1, Integer::sum);
            cvRows.add(new String[] {held, best.toString(), format(bestF1), counts(test), format(test.f1())});
        }
        Setting chosen = votes.entrySet().stream().max(Map.Entry.<Setting, Integer>comparingByValue()
            .thenComparing(e -> -Math.abs(e.getKey().windowDays() - 14))).orElseThrow().getKey();
        AnomalyDetector.Settings defaults = AnomalyDetector.Settings.defaults();

        // The user's path on NAB: import each CSV, ask the platform with the door's defaults.
        List<List<Long>> nabUser = new ArrayList<>();
        List<String> stepNotes = new ArrayList<>();
        long started = System.nanoTime();
        try (UserPath user = new UserPath(tmp.resolve("nab"))) {
            for (NabCorpus.LabeledSeries s : nab) {
                DatasetName d = user.importFile(nabDir.get().resolve(s.name()));
                MetricAnomalies.Result r = user.anomalies(d, DOOR_MAX);
                nabUser.add(UserPath.times(r));
                stepNotes.add("every " + r.every() + ", " + r.aggregate().name().toLowerCase(Locale.ROOT)
                    + ", " + r.series().points().size());
            }
        }
        Run userRanked = new Run("user", nabUser, (System.nanoTime() - started) / 1e9);
        // The user path's own cross-validation of the number of events (its window is the detector's default).
        List<String[]> userCvRows = new ArrayList<>();
        Map<String, NabScore> userHeldOut = new TreeMap<>();
        for (String held : folders) {
            int bestK = EVENTS[0];
            double bestF1 = -1;
            for (int k : EVENTS) {
                double f1 = nanToZero(score(nab, userRanked.top("", k), f -> !f.equals(held)).f1());
                if (f1 > bestF1 + 1e-12) {
                    bestF1 = f1;
                    bestK = k;
                }
            }
            NabScore test = score(nab, userRanked.top("", bestK), f -> f.equals(held));
            userHeldOut.put(held, test);
            userCvRows.add(new String[] {held, "at most " + bestK + (bestK == 1 ? " event" : " events"), format(bestF1),
                counts(test), format(test.f1())});
        }

        int k = defaults.maxEvents();
        long window = defaults.windowSeconds() / CalendarPeriods.DAY;
        List<Run> nabRuns = List.of(
            userRanked.top("**Assay user path** (`assay anomalies` on the imported CSV, defaults: the strongest event if "
                + "significant, the significant ones, at most " + k + ")", k),
            nabRanked.get(List.of(window, (long) defaults.minEvents())).top("Detector called directly (defaults)", k),
            baseline("Rolling median + MAD, 3 strongest events", nab, RollingBaselines::medianMad),
            baseline("Seasonal-naive residual z-score, 3 strongest events", nab, RollingBaselines::seasonalNaive),
            baseline("Rolling z-score, |z| > 4", nab, RollingBaselines::zScore));

        // The check-only suite: nothing chosen on it.
        List<List<Long>> synUser = new ArrayList<>();
        started = System.nanoTime();
        try (UserPath user = new UserPath(tmp.resolve("synthetic"))) {
            for (NabCorpus.LabeledSeries s : synthetic) {
                synUser.add(UserPath.times(user.anomalies(user.importSeries(s.series()), DOOR_MAX)));
            }
        }
        Run synUserRanked = new Run("user", synUser, (System.nanoTime() - started) / 1e9);
        List<Run> synRuns = List.of(
            synUserRanked.top("**Assay user path** (defaults)", k),
            ranked("detector", synthetic, window, defaults.minEvents()).top("Detector called directly (defaults)", k),
            baseline("Rolling median + MAD, 3 strongest events", synthetic, RollingBaselines::medianMad),
            baseline("Seasonal-naive residual z-score, 3 strongest events", synthetic, RollingBaselines::seasonalNaive),
            baseline("Rolling z-score, |z| > 4", synthetic, RollingBaselines::zScore));

        String md = report(nab, synthetic, folders, nabRuns, synRuns, cvRows, heldOut, votes, chosen, userCvRows, userHeldOut,
            stepNotes);
        Path out = Path.of(System.getProperty("assay.bench.dir", "../bench")).resolve("anomaly").resolve("results.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md);

        // Done means: on NAB the user path's worst labelled folder is no worse than the robust baseline's worst.
        assertThat(worst(nab, nabRuns.get(0), folders)).isGreaterThanOrEqualTo(worst(nab, nabRuns.get(2), folders));
    }

    private static Run ranked(String name, List<NabCorpus.LabeledSeries> corpus, long windowDays, int minEvents) {
        AnomalyDetector.Settings d = AnomalyDetector.Settings.defaults();
        AnomalyDetector detector = new AnomalyDetector(new AnomalyDetector.Settings(d.alpha(), d.maxAnomalyFraction(),
            windowDays * CalendarPeriods.DAY, d.eventGapSeconds(), Integer.MAX_VALUE, minEvents));
        long start = System.nanoTime();
        List<List<Long>> out = new ArrayList<>();
        for (NabCorpus.LabeledSeries s : corpus) {
            out.add(detector.detect(s.series()).stream().sorted(Comparator.comparingDouble((Anomaly a) -> -a.score()))
                .map(Anomaly::epochSecond).toList());
        }
        return new Run(name, out, (System.nanoTime() - start) / 1e9);
    }

    private static Run baseline(String name, List<NabCorpus.LabeledSeries> corpus, Function<Series, List<Long>> method) {
        long start = System.nanoTime();
        List<List<Long>> out = corpus.stream().map(s -> method.apply(s.series())).toList();
        return new Run(name, out, (System.nanoTime() - start) / 1e9);
    }

    private static NabScore score(List<NabCorpus.LabeledSeries> corpus, Run run, java.util.function.Predicate<String> folder) {
        NabScore total = NabScore.ZERO;
        for (int i = 0; i < corpus.size(); i++) {
            NabCorpus.LabeledSeries s = corpus.get(i);
            if (folder.test(s.folder())) {
                total = total.plus(NabScore.of(run.detections().get(i), s.windows(), s.series().stepSeconds()));
            }
        }
        return total;
    }

    /** The lowest F1 among the folders that have labelled windows. */
    private static double worst(List<NabCorpus.LabeledSeries> corpus, Run run, List<String> folders) {
        double worst = Double.POSITIVE_INFINITY;
        for (String f : folders) {
            NabScore s = score(corpus, run, f::equals);
            if (s.truePositives() + s.falseNegatives() > 0) {
                worst = Math.min(worst, nanToZero(s.f1()));
            }
        }
        return worst;
    }

    private static double mean(List<NabCorpus.LabeledSeries> corpus, Run run, List<String> folders) {
        double sum = 0;
        int n = 0;
        for (String f : folders) {
            NabScore s = score(corpus, run, f::equals);
            if (s.truePositives() + s.falseNegatives() > 0) {
                sum += nanToZero(s.f1());
                n++;
            }
        }
        return sum / n;
    }

    private static String report(List<NabCorpus.LabeledSeries> nab, List<NabCorpus.LabeledSeries> synthetic, List<String> folders,
                                 List<Run> nabRuns, List<Run> synRuns, List<String[]> cvRows, Map<String, NabScore> heldOut,
                                 Map<Setting, Integer> votes, Setting chosen, List<String[]> userCvRows,
                                 Map<String, NabScore> userHeldOut, List<String> stepNotes) {
        StringBuilder md = new StringBuilder();
        Runtime runtime = Runtime.getRuntime();
        AnomalyDetector.Settings d = AnomalyDetector.Settings.defaults();
        md.append("# Anomaly detection: NAB (development) and a synthetic suite (check only)\n\n")
            .append("Made by `").append(COMMAND).append("` (from the repository root) on ").append(LocalDate.now())
            .append(", on a machine with ").append(runtime.availableProcessors()).append(" cores, ")
            .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
            .append(", Java ").append(System.getProperty("java.version")).append(". Written by `NabBenchmark` ")
            .append("(assay-platform's tests); edit that class, not this file.\n\n")
            .append(INTRO);

        md.append("\n## NAB: F1 per folder, mean and worst\n\n");
        folderTable(md, nab, folders, nabRuns);
        md.append("\nCounts over all NAB series:\n\n");
        countTable(md, nab, nabRuns);

        md.append("\n## NAB: leave-one-folder-out cross-validation\n\n")
            .append("The detector's three tunable settings, the most events reported per series (")
            .append(java.util.Arrays.toString(EVENTS)).append("; a series reports its significant events, at most that many), ")
            .append("the fewest (").append(java.util.Arrays.toString(MIN_EVENTS)).append(": 1 reports the strongest event ")
            .append("when it passes the ESD critical value over all the series' points even if the block-maxima test finds ")
            .append("none) and the window its level and spread are estimated over (")
            .append(java.util.Arrays.toString(WINDOW_DAYS)).append(" days), chosen on three folders (best pooled F1; ")
            .append("ties to the smaller fewest, the shorter window and the fewer events) and scored on the fourth. ")
            .append("artificialNoAnomaly has no ")
            .append("labelled window: its F1 is 0 with any detection and undefined (–) without; the mean and worst are over ")
            .append("the three labelled folders.\n\n")
            .append("| held-out folder | chosen on the other three | their F1 | held-out TP / FP / FN | held-out F1 |\n")
            .append("|---|---|---:|---|---:|\n");
        cvRows.forEach(r -> md.append("| ").append(String.join(" | ", r)).append(" |\n"));
        md.append(cvSummary(heldOut));
        md.append("Chosen in the folds: ");
        md.append(String.join(", ", votes.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + " of "
            + folders.size() + ")").toList())).append(". The default is the setting most folds chose: **").append(chosen)
            .append("**; the code's default is ").append(new Setting(d.windowSeconds() / CalendarPeriods.DAY, d.maxEvents(),
                d.minEvents()))
            .append(chosen.events() == d.maxEvents() && chosen.windowDays() == d.windowSeconds() / CalendarPeriods.DAY
                && chosen.minEvents() == d.minEvents()
                ? " (the same)." : " (**not** the same: change `AnomalyDetector.Settings.defaults()`).").append("\n\n");
        md.append("The user path, cross-validating only the most events (`--max`), its other settings the defaults:\n\n")
            .append("| held-out folder | chosen on the other three | their F1 | held-out TP / FP / FN | held-out F1 |\n")
            .append("|---|---|---:|---|---:|\n");
        userCvRows.forEach(r -> md.append("| ").append(String.join(" | ", r)).append(" |\n"));
        md.append(cvSummary(userHeldOut));

        md.append("\n## Synthetic suite (check only): F1 per step, mean and worst\n\n").append(SYNTHETIC_NOTE);
        List<String> synFolders = new ArrayList<>(new java.util.LinkedHashSet<>(synthetic.stream()
            .map(NabCorpus.LabeledSeries::folder).toList()));
        folderTable(md, synthetic, synFolders, synRuns);
        md.append("\nCounts over all synthetic series:\n\n");
        countTable(md, synthetic, synRuns);
        md.append("\nBy kind of anomaly (all steps; `none` has no window, so only its false alarms count):\n\n")
            .append("| method |");
        for (String kind : SyntheticSuite.KINDS) {
            md.append(' ').append(kind).append(" |");
        }
        md.append("\n|---|").append("---:|".repeat(SyntheticSuite.KINDS.length)).append('\n');
        for (Run run : synRuns) {
            md.append("| ").append(run.name()).append(" |");
            for (String kind : SyntheticSuite.KINDS) {
                NabScore s = NabScore.ZERO;
                for (int i = 0; i < synthetic.size(); i++) {
                    if (synthetic.get(i).name().contains("/" + kind + "_")) {
                        s = s.plus(NabScore.of(run.detections().get(i), synthetic.get(i).windows(),
                            synthetic.get(i).series().stepSeconds()));
                    }
                }
                md.append(' ').append(kind.equals("none") ? s.falsePositives() + " FP" : format(s.f1())).append(" |");
            }
            md.append('\n');
        }

        md.append("\n## How each default was chosen\n\n").append(RULES);
        md.append("\n## Per series (user path)\n\n")
            .append("| series | step, aggregate, points | windows | TP / FP / FN | median + MAD TP / FP / FN |\n|---|---|---:|---|---|\n");
        for (int i = 0; i < nab.size(); i++) {
            perSeries(md, nab.get(i), stepNotes.get(i), nabRuns, i);
        }
        for (int i = 0; i < synthetic.size(); i++) {
            perSeries(md, synthetic.get(i), "", synRuns, i);
        }
        return md.toString();
    }

    private static void perSeries(StringBuilder md, NabCorpus.LabeledSeries s, String note, List<Run> runs, int i) {
        long step = s.series().stepSeconds();
        md.append("| ").append(s.name()).append(" | ").append(note).append(" | ").append(s.windows().size()).append(" | ")
            .append(counts(NabScore.of(runs.get(0).detections().get(i), s.windows(), step))).append(" | ")
            .append(counts(NabScore.of(runs.get(2).detections().get(i), s.windows(), step))).append(" |\n");
    }

    private static String cvSummary(Map<String, NabScore> heldOut) {
        double sum = 0;
        double worst = Double.POSITIVE_INFINITY;
        int n = 0;
        for (NabScore s : heldOut.values()) {
            if (s.truePositives() + s.falseNegatives() > 0) {
                sum += nanToZero(s.f1());
                worst = Math.min(worst, nanToZero(s.f1()));
                n++;
            }
        }
        NabScore pooled = heldOut.values().stream().reduce(NabScore.ZERO, NabScore::plus);
        return String.format(Locale.ROOT, "%nHeld-out F1: mean %.2f, worst %.2f over the labelled folders; pooled over all four "
            + "held-out folders %.2f (TP %d, FP %d, FN %d).%n%n", sum / n, worst, pooled.f1(), pooled.truePositives(),
            pooled.falsePositives(), pooled.falseNegatives());
    }

    private static void folderTable(StringBuilder md, List<NabCorpus.LabeledSeries> corpus, List<String> folders, List<Run> runs) {
        md.append("| method |");
        folders.forEach(f -> md.append(' ').append(f).append(" |"));
        md.append(" overall | mean (labelled folders) | worst (labelled folders) |\n|---|")
            .append("---:|".repeat(folders.size() + 3)).append('\n');
        for (Run run : runs) {
            md.append("| ").append(run.name()).append(" |");
            for (String f : folders) {
                md.append(' ').append(format(score(corpus, run, f::equals).f1())).append(" |");
            }
            md.append(' ').append(format(score(corpus, run, f -> true).f1())).append(" | ")
                .append(format(mean(corpus, run, folders))).append(" | ").append(format(worst(corpus, run, folders))).append(" |\n");
        }
    }

    private static void countTable(StringBuilder md, List<NabCorpus.LabeledSeries> corpus, List<Run> runs) {
        md.append("| method | TP | FP | FN | precision | recall | F1 | time (s) |\n")
            .append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Run run : runs) {
            NabScore s = score(corpus, run, f -> true);
            md.append("| ").append(run.name()).append(" | ").append(s.truePositives()).append(" | ").append(s.falsePositives())
                .append(" | ").append(s.falseNegatives()).append(" | ").append(format(s.precision())).append(" | ")
                .append(format(s.recall())).append(" | ").append(format(s.f1())).append(" | ")
                .append(String.format(Locale.ROOT, "%.1f", run.seconds())).append(" |\n");
        }
    }

    private static String counts(NabScore s) {
        return s.truePositives() + " / " + s.falsePositives() + " / " + s.falseNegatives();
    }

    private static double nanToZero(double x) {
        return Double.isNaN(x) ? 0 : x;
    }

    private static String format(double x) {
        return Double.isNaN(x) ? "–" : String.format(Locale.ROOT, "%.2f", x);
    }

    private static final String INTRO = """
        Scoring as `shared/datasets/README.md` says: a labelled window with at least one detection inside is a true \
        positive (TP), one with none a false negative (FN); detections outside every window are false positives (FP), \
        where detections closer together than three sampling steps count as one. F1 = 2TP/(2TP+FP+FN), counts summed \
        per folder and over all.

        - **Assay user path**: each CSV is imported into the DuckDB warehouse of a fresh data directory (`assay import`) \
        and asked `assay anomalies DATASET --measure value` with nothing else: the platform call \
        `Workspace.insights().anomalies` that the command line, REST and MCP all make. The step is the series' own \
        (median spacing of its times), the aggregate the platform's choice for `value` (a measurement: the mean), the \
        number of events the doors' default (the events the significance test finds, at most the default cap).
        - **Detector called directly**: `AnomalyDetector` with its default settings on the CSV put on a grid with \
        `Series.fromPoints` (median spacing; duplicates averaged, gaps missing).
        - **Rolling median + MAD**: the robust baseline of the datasets README (a trailing day; the three strongest \
        points more than a day apart).
        - **Seasonal-naive residual z-score**: each point against the point one season before (a day; a week for daily \
        data), a robust z-score over the series, the three strongest points more than a season apart.
        - **Rolling z-score**: a trailing day, |z| > 4, every detection.
        """;

    private static final String SYNTHETIC_NOTE = """
        `SyntheticSuite` (seed 20261204): 36 series, 5-minute (4 weeks), hourly (16 weeks) and daily (3 years), each \
        with a level, daily and weekly cycles (a yearly one for daily data), a trend and Gaussian or heavy-tailed \
        (Student-t, 3 d.f.) noise, and one to three planted anomalies of one kind: spikes, level shifts, variance \
        changes, seasonal breaks, trend changes, or none. Labels are NAB-style windows (10% of the series' length over \
        the number of events) centred on each anomaly's start. No parameter was ever chosen on this suite. Each \
        series is written as a `timestamp,value` CSV and goes through the same import and platform call as NAB.

        """;

    private static final String RULES = """
        Nothing is set per file or per folder. For each setting, the rule:

        - **Step** (user path): the series' own sampling step, the median spacing of its distinct times, when at least \
        half the spacings equal it (a regular series); otherwise, for the times of events such as orders, the finest \
        calendar grain with at most 1,500 buckets. Not tuned: it is what the data were recorded at. Only beyond 50,000 \
        points is the step multiplied by a whole factor (and the answer says so).
        - **Aggregate** (user path): the mean for a measurement (gauges: cpu, temperature, price, latency, value...), \
        the sum for counts and amounts, by the column's name and type; a bucket without rows is missing for a mean and \
        0 for a sum. Not tuned: the semantics of the measure decide it.
        - **Seasonality**: calendar cycles the step allows (a day, a week, a year), each kept when its autocorrelation \
        passes a one-sided test at 5%; principled, not tuned.
        - **Robust seasonal fit**: residuals beyond 3 robust sigmas (the same cutoff as the reweighted scale) are \
        clipped and the seasonal components refitted; an event of the opposite sign one cycle from a stronger one is an \
        echo, not reported. Conventional cutoff, not tuned.
        - **Test**: robust generalized ESD at alpha = 0.05 with at most 1% of a window's points: the published \
        S-H-ESD defaults, not tuned. Flagged points less than a day apart are one incident (NAB's windows and an \
        operator's reading both treat a burst as one event), not tuned.
        - **Ranking**: each incident's strongest |residual| over the series-wide robust scale (reweighted MAD), one \
        scale per series. Not tuned.
        - **How many events** (significance): the series' scores are reduced to one maximum per day-long block (the \
        event gap, so one incident is one candidate; a block whose maximum lies within a day of a larger neighbour's \
        is dropped), and a one-sided robust generalized ESD test (median and reweighted MAD instead of mean and sd) at \
        alpha = 0.05 counts the maxima that stand out from the typical day's; that many of the ranked incidents are \
        reported. The block is the event gap and alpha the conventional level: principled, not tuned.
        - **Most events per series** (the cap on the significant ones; `--max` changes it), **fewest events** (0 or \
        1) and **window length**: chosen by the leave-one-folder-out cross-validation above; the default is the setting most folds chose (ties \
        between settings chosen equally often: the window nearest 14 days).
        """;
}
