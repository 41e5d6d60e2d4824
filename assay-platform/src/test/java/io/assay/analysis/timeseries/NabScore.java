package io.assay.analysis.timeseries;

import java.util.List;

/**
 * The benchmark's scoring (shared/datasets/README.md, "nab/"): a labelled window with at least one detection inside
 * is a true positive, one with none a false negative; detections outside every window are false positives, where
 * detections closer together than three sampling steps count as one.
 */
record NabScore(int truePositives, int falsePositives, int falseNegatives) {

    static final NabScore ZERO = new NabScore(0, 0, 0);

    /** Scores detections (epoch seconds, any order) against the windows of a series sampled every {@code step} s. */
    static NabScore of(List<Long> detections, List<NabCorpus.Window> windows, long stepSeconds) {
        int hits = 0;
        for (NabCorpus.Window window : windows) {
            if (detections.stream().anyMatch(window::contains)) {
                hits++;
            }
        }
        List<Long> outside = detections.stream()
            .filter(t -> windows.stream().noneMatch(w -> w.contains(t)))
            .sorted()
            .toList();
        int falseAlarms = 0;
        long previous = Long.MIN_VALUE;
        for (long t : outside) {
            if (falseAlarms == 0 || t - previous >= 3 * stepSeconds) {
                falseAlarms++;
            }
            previous = t;
        }
        return new NabScore(hits, falseAlarms, windows.size() - hits);
    }

    NabScore plus(NabScore other) {
        return new NabScore(truePositives + other.truePositives, falsePositives + other.falsePositives,
            falseNegatives + other.falseNegatives);
    }

    /** TP / (TP + FP); NaN without detections. */
    double precision() {
        return ratio(truePositives, truePositives + falsePositives);
    }

    /** TP / (TP + FN); NaN without windows. */
    double recall() {
        return ratio(truePositives, truePositives + falseNegatives);
    }

    /** 2TP / (2TP + FP + FN); NaN when all three are 0. */
    double f1() {
        return ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives);
    }

    private static double ratio(int numerator, int denominator) {
        return denominator == 0 ? Double.NaN : (double) numerator / denominator;
    }
}
