package io.assay.analysis.timeseries;

import io.assay.analysis.insight.MetricAnomalies;
import io.assay.analysis.model.AnomalyInsight;
import io.assay.platform.workspace.Internals;
import io.assay.platform.audit.AuditService;
import io.assay.platform.auth.Principal;
import io.assay.platform.catalog.DatasetName;
import io.assay.platform.config.ConfigLoader;
import io.assay.platform.imports.ImportMode;
import io.assay.platform.imports.ImportRequest;
import io.assay.platform.task.TaskContext;
import io.assay.platform.workspace.Workspace;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The user's path, as the command line takes it: {@code assay import FILE} into the DuckDB warehouse of a fresh data
 * directory, then {@code assay anomalies DATASET --measure value} (no grain, no aggregate: the defaults), which is
 * one call of {@code Workspace.insights().anomalies} with the local operator. Anomalies come back strongest first.
 */
final class UserPath implements AutoCloseable {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Path dir;
    private final Internals assay;
    private final Workspace ws;
    private int imported;

    UserPath(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(dir.resolve("csv"));
        assay = Internals.open(ConfigLoader.load(Map.of(), Optional.empty(), Map.of("data-dir", dir.resolve("data").toString())));
        ws = assay.workspace(new SimpleMeterRegistry());
    }

    /** Imports the CSV file as a new dataset (as {@code assay import} does) and returns the dataset's name. */
    DatasetName importFile(Path csv) {
        DatasetName name = DatasetName.of("series_" + imported++);
        ws.datasets().importLocal(Principal.local(), new ImportRequest(csv, Optional.of(name), ImportMode.CREATE, Map.of(), false),
            origin(), TaskContext.silent());
        return name;
    }

    /** Writes a series as {@code timestamp,value} (gaps left out) and imports it. */
    DatasetName importSeries(Series series) {
        Path csv = dir.resolve("csv").resolve("s" + imported + ".csv");
        StringBuilder text = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < series.size(); i++) {
            if (Double.isFinite(series.value(i))) {
                text.append(TIMESTAMP.format(LocalDateTime.ofEpochSecond(series.epochSecond(i), 0, ZoneOffset.UTC)))
                    .append(',').append(series.value(i)).append('\n');
            }
        }
        try {
            Files.writeString(csv, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return importFile(csv);
    }

    /**
     * What {@code assay anomalies DATASET --measure value --max N} answers: the whole result (step, aggregate, notes)
     * with its anomalies strongest first.
     */
    MetricAnomalies.Result anomalies(DatasetName dataset, int max) {
        MetricAnomalies.Spec spec = new MetricAnomalies.Spec(Optional.empty(), Optional.of("value"), Optional.empty(), Optional.empty(),
            List.of(), List.of(), max);
        return ws.insights().anomalies(Principal.local(), dataset, spec, Optional.empty(), origin(), TaskContext.silent());
    }

    /** The anomalies' times, strongest first. */
    static List<Long> times(MetricAnomalies.Result result) {
        return result.series().anomalies().stream().map(AnomalyInsight::at).map(at -> at.getEpochSecond()).toList();
    }

    private static AuditService.Origin origin() {
        return new AuditService.Origin(Optional.empty(), Optional.of("local"));
    }

    @Override
    public void close() {
        ws.close();
        assay.close();
    }
}
