package io.assay.analysis.timeseries;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The labelled series of the Numenta Anomaly Benchmark as shared in {@code datasets/nab/}: one
 * {@code timestamp,value} CSV per series in a folder per source, and {@code labels_windows.json} mapping each
 * {@code folder/file.csv} to the windows in which its anomalies lie. Timestamps carry no zone and are read as UTC.
 */
final class NabCorpus {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");

    private NabCorpus() {
    }

    /** A labelled window, both ends included. */
    record Window(long startEpochSecond, long endEpochSecond) {

        boolean contains(long epochSecond) {
            return epochSecond >= startEpochSecond && epochSecond <= endEpochSecond;
        }
    }

    /** One series with its labels; {@code name} is {@code folder/file.csv}. */
    record LabeledSeries(String name, Series series, List<Window> windows) {

        String folder() {
            return name.substring(0, name.indexOf('/'));
        }
    }

    /** The NAB folder under the shared datasets ({@code assay.shared.dir}, else {@code ../shared}), if present. */
    static Optional<Path> locate() {
        Path shared = Path.of(System.getProperty("assay.shared.dir", "../shared"));
        Path nab = shared.resolve("datasets").resolve("nab");
        return Files.isRegularFile(nab.resolve("labels_windows.json")) ? Optional.of(nab) : Optional.empty();
    }

    /** Every labelled series, in the order of the labels file. */
    static List<LabeledSeries> load(Path nab) {
        try {
            JsonNode labels = new ObjectMapper().readTree(nab.resolve("labels_windows.json").toFile());
            List<LabeledSeries> corpus = new ArrayList<>();
            for (Map.Entry<String, JsonNode> entry : labels.properties()) {
                List<Window> windows = new ArrayList<>();
                for (JsonNode window : entry.getValue()) {
                    windows.add(new Window(epochSecond(window.get(0).asText()), epochSecond(window.get(1).asText())));
                }
                corpus.add(new LabeledSeries(entry.getKey(), readSeries(nab.resolve(entry.getKey())), windows));
            }
            return corpus;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the NAB corpus in " + nab, e);
        }
    }

    private static Series readSeries(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        long[] times = new long[lines.size() - 1];
        double[] values = new double[lines.size() - 1];
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            int comma = line.indexOf(',');
            times[i - 1] = epochSecond(line.substring(0, comma));
            values[i - 1] = Double.parseDouble(line.substring(comma + 1));
        }
        return Series.fromPoints(times, values);
    }

    private static long epochSecond(String timestamp) {
        return LocalDateTime.parse(timestamp.trim(), TIMESTAMP).toEpochSecond(ZoneOffset.UTC);
    }
}
