package io.assay.platform.workspace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assay.analysis.model.AnalysisMode;
import io.assay.analysis.model.AnalysisResult;
import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.platform.analysis.AnalysisRequest;
import io.assay.platform.analysis.AnalysisService;
import io.assay.platform.audit.AuditService;
import io.assay.platform.auth.DatasetAccess;
import io.assay.platform.auth.Principal;
import io.assay.platform.auth.Role;
import io.assay.platform.catalog.DatasetName;
import io.assay.platform.catalog.DatasetService;
import io.assay.platform.jobs.Job;
import io.assay.platform.jobs.JobService;
import io.assay.platform.report.ReportFormat;
import io.assay.platform.task.TaskContext;
import io.assay.platform.store.Ids;
import io.assay.platform.store.MetadataStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Analyses run as jobs on behalf of a caller. Each finished run keeps its report in every format in
 * the data directory ({@code analyses/ID/report.html|json|xlsx|md}), so that any can be downloaded
 * later without running the analysis again.
 */
public final class AnalysisRuns {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AnalysisService analysis;
    private final DatasetService datasets;
    private final DatasetAccess access;
    private final JobService jobs;
    private final AuditService audit;
    private final MetadataStore store;
    private final Path folder;
    private final Clock clock;

    AnalysisRuns(AnalysisService analysis, DatasetService datasets, DatasetAccess access, JobService jobs, AuditService audit,
                 MetadataStore store, Path folder, Clock clock) {
        this.analysis = analysis;
        this.datasets = datasets;
        this.access = access;
        this.jobs = jobs;
        this.audit = audit;
        this.store = store;
        this.folder = folder;
        this.clock = clock;
    }

    /** One analysis run and how far it is. */
    public record Run(String id, String dataset, AnalysisMode mode, String jobId, String owner, Instant createdAt,
                      Optional<Instant> finishedAt, OptionalDouble qualityScore, Optional<Map<String, Object>> summary, Job job) {
    }

    /** Starts an analysis of a dataset the caller may read, as a job; answers the run at once. */
    public Run start(Principal caller, DatasetName name, AnalysisMode mode, Optional<String> timeColumn, OptionalLong sampleRows,
                     AuditService.Origin origin) {
        return launch(caller, name, mode, timeColumn, sampleRows, origin, (description, work) -> {
            Job job = jobs.submit(caller, Job.Kind.ANALYSIS, description, work);
            return new JobService.Ran(job, Optional.empty());
        });
    }

    /**
     * Analyses a dataset the caller may read on the calling thread (the command line waits for it), with
     * progress and cancellation through {@code ctx}; recorded like any run, so it shows in the web page's
     * runs and quality badges. Answers the finished run; a failure is thrown as it was raised.
     */
    public Run analyzeNow(Principal caller, DatasetName name, AnalysisMode mode, Optional<String> timeColumn, OptionalLong sampleRows,
                          AuditService.Origin origin, TaskContext ctx) {
        return launch(caller, name, mode, timeColumn, sampleRows, origin,
                (description, work) -> jobs.runHere(caller, Job.Kind.ANALYSIS, description, work, ctx));
    }

    private Run launch(Principal caller, DatasetName name, AnalysisMode mode, Optional<String> timeColumn, OptionalLong sampleRows,
                       AuditService.Origin origin, java.util.function.BiFunction<String, JobService.Work, JobService.Ran> runner) {
        String dataset = name.value();
        AuditService.Event event = AuditService.event(caller, "analysis.start").target(dataset).detail(mode.name().toLowerCase(Locale.ROOT))
                .origin(origin);
        try {
            caller.require(Role.ANALYST, "run analyses");
            if (datasets.list().stream().noneMatch(d -> d.name().equals(dataset)) || !access.canRead(caller, name)) {
                throw AssayException.of(ErrorCode.NOT_FOUND, "There is no dataset named '" + dataset + "' that you may read.")
                        .hint("List the datasets you may read.").remedy("list", "what", "datasets").detail("parameter", "dataset").build();
            }
            String id = Ids.newId();
            Path dir = folder.resolve(id);
            AnalysisRequest request = new AnalysisRequest(dataset, mode, timeColumn, sampleRows);
            Instant now = clock.instant();
            // The record exists before the job can finish, so the job's last step always finds it.
            store.update("INSERT INTO analysis_runs (id, dataset, mode, job_id, owner, created_at) VALUES (?, ?, ?, '', ?, ?)",
                    id, dataset, mode, caller.name(), now);
            JobService.Ran ran;
            try {
                ran = runner.apply(mode.name().toLowerCase(Locale.ROOT) + " analysis of " + dataset, ctx -> {
                    AnalysisResult result = analysis.analyze(request, ctx);
                    ctx.checkCancelled();
                    ctx.progress("writing reports", 0, (int) java.util.Arrays.stream(ReportFormat.values()).filter(ReportFormat::writtenWithRun).count(), io.assay.platform.task.Progress.Unit.STEPS);
                    writeReports(result, dir);
                    finished(id, result);
                    return Map.of("analysisId", id, "qualityScore", result.quality().score());
                });
            } catch (AssayException e) {
                store.update("DELETE FROM analysis_runs WHERE id = ?", id);
                throw e;
            }
            store.update("UPDATE analysis_runs SET job_id = ? WHERE id = ?", ran.job().id(), id);
            audit.record(event.detail(mode.name().toLowerCase(Locale.ROOT) + ", job " + ran.job().id()));
            ran.orThrow();
            return get(caller, id);
        } catch (AssayException e) {
            audit.record(event.failed(e));
            throw e;
        }
    }

    private void writeReports(AnalysisResult result, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw AssayException.internal("Cannot create " + dir, e);
        }
        for (ReportFormat f : ReportFormat.values()) {
            if (f.writtenWithRun()) {
                analysis.writeReport(result, dir.resolve("report." + f.extension()));
            }
        }
    }

    private void finished(String id, AnalysisResult result) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("rows", result.table().rows());
        summary.put("columns", result.table().columns());
        summary.put("findings", result.findings().size());
        summary.put("anomalies", result.insights().map(t -> t.series().stream().mapToInt(s -> s.anomalies().size()).sum()).orElse(0));
        summary.put("elapsedMs", result.elapsed().toMillis());
        store.update("UPDATE analysis_runs SET finished_at = ?, quality_score = ?, summary_json = ?, result_file = ? WHERE id = ?",
                clock.instant(), result.quality().score(), json(summary), folder.resolve(id).toString(), id);
    }

    public Run get(Principal caller, String id) {
        Run r = store.queryOne("SELECT * FROM analysis_runs WHERE id = ?", row -> map(row, caller), id)
                .filter(x -> caller.isAdmin() || access.canRead(caller, DatasetName.of(x.dataset())))
                .orElseThrow(() -> AssayException.of(ErrorCode.NOT_FOUND, "There is no analysis with id '" + id + "'.")
                        .hint("List the analyses to find its id.").remedy("list", "what", "analyses").detail("parameter", "id").build());
        return r;
    }

    /** Runs of the datasets the caller may read, newest first. */
    public List<Run> list(Principal caller, Optional<String> dataset, Optional<String> afterId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM analysis_runs WHERE 1 = 1");
        List<Object> params = new java.util.ArrayList<>();
        dataset.ifPresent(d -> { sql.append(" AND dataset = ?"); params.add(d); });
        afterId.ifPresent(c -> {
            sql.append(" AND (created_at < (SELECT created_at FROM analysis_runs WHERE id = ?) OR "
                    + "(created_at = (SELECT created_at FROM analysis_runs WHERE id = ?) AND id < ?))");
            params.add(c);
            params.add(c);
            params.add(c);
        });
        sql.append(" ORDER BY created_at DESC, id DESC");
        java.util.Set<String> readable = caller.isAdmin() ? java.util.Set.of() : access.readable(caller);
        return store.query(sql.toString(), row -> map(row, caller), params.toArray()).stream()
                .filter(r -> caller.isAdmin() || readable.contains(r.dataset()))
                .limit(Math.max(1, limit))
                .toList();
    }

    /** The file of a finished run's report in a format. */
    public Path report(Principal caller, String id, ReportFormat format, AuditService.Origin origin) {
        Run r = get(caller, id);
        if (r.finishedAt().isEmpty()) {
            throw AssayException.of(ErrorCode.CONFLICT, "The analysis " + id + " has not finished (it is " + r.job().status().id() + ").")
                    .hint("Wait for its job " + r.jobId() + " to succeed.").remedy("follow-job", "job", r.jobId()).build();
        }
        Path file = folder.resolve(id).resolve("report." + format.extension());
        if (!format.writtenWithRun() && !Files.isRegularFile(file)) {
            // Made from the kept result the first time it is asked for, and kept beside the others (written whole or not at all).
            analysis.writeReport(result(caller, id), file);
        }
        if (!Files.isRegularFile(file)) {
            throw AssayException.of(ErrorCode.NOT_FOUND, "The report of analysis " + id + " is gone from the data directory.")
                    .hint("Run the analysis again.").build();
        }
        audit.record(AuditService.event(caller, "analysis.report").target(r.dataset()).detail(id + " " + format.extension()).origin(origin));
        return file;
    }

    /** The result of a finished run the caller may read, read back from its JSON report. */
    public AnalysisResult result(Principal caller, String id) {
        Run r = get(caller, id);
        if (r.finishedAt().isEmpty()) {
            throw AssayException.of(ErrorCode.CONFLICT, "The analysis " + id + " has not finished (it is " + r.job().status().id() + ").")
                    .hint("Wait for its job " + r.jobId() + " to succeed.").build();
        }
        Path file = folder.resolve(id).resolve("report." + ReportFormat.JSON.extension());
        try {
            return io.assay.platform.report.ReportJson.mapper().readValue(file.toFile(), AnalysisResult.class);
        } catch (java.io.IOException e) {
            throw AssayException.of(ErrorCode.NOT_FOUND, "The result of analysis " + id + " is gone from the data directory.")
                    .hint("Run the analysis again.").cause(e).build();
        }
    }

    /** The latest finished run of a dataset the caller may read, when there is one. */
    public Optional<Run> latestFinished(Principal caller, DatasetName dataset) {
        if (!caller.isAdmin() && !access.canRead(caller, dataset)) {
            return Optional.empty();
        }
        return store.query("SELECT * FROM analysis_runs WHERE dataset = ? AND finished_at IS NOT NULL ORDER BY finished_at DESC, id DESC",
                row -> map(row, caller), dataset.value()).stream().findFirst();
    }

    /** The result of the latest finished analysis of a dataset the caller may read, when there is one (and its files are still there). */
    public Optional<AnalysisResult> latestResult(Principal caller, DatasetName dataset) {
        return latestFinished(caller, dataset).flatMap(r -> {
            try {
                return Optional.of(result(caller, r.id()));
            } catch (AssayException e) {
                return Optional.empty();
            }
        });
    }

    /** When each dataset's latest analysis finished (datasets never analysed are absent). */
    public Map<String, Instant> latestFinishedAt() {
        Map<String, Instant> out = new HashMap<>();
        store.query("SELECT dataset, max(finished_at) AS finished FROM analysis_runs WHERE finished_at IS NOT NULL GROUP BY dataset", r -> {
            out.put(r.string("dataset"), r.instant("finished"));
            return null;
        });
        return out;
    }

    /** The quality score of each dataset's latest finished analysis. */
    public Map<String, Double> latestQuality() {
        Map<String, Double> out = new HashMap<>();
        store.query("SELECT dataset, quality_score FROM analysis_runs WHERE finished_at IS NOT NULL ORDER BY finished_at", r -> {
            out.put(r.string("dataset"), r.optionalDouble("quality_score").orElse(Double.NaN));
            return null;
        });
        out.values().removeIf(v -> v.isNaN());
        return out;
    }

    private Run map(MetadataStore.Row r, Principal caller) throws SQLException {
        String jobId = r.string("job_id");
        if (jobId.isEmpty()) {
            jobId = store.queryOne("SELECT job_id FROM analysis_runs WHERE id = ?", x -> x.string("job_id"), r.string("id")).orElse("");
        }
        Job job;
        try {
            job = jobs.get(io.assay.platform.auth.Principal.local(), jobId);
        } catch (AssayException e) {
            throw new SQLException("the job " + jobId + " of an analysis is gone", e);
        }
        return new Run(r.string("id"), r.string("dataset"), AnalysisMode.valueOf(r.string("mode").toUpperCase(Locale.ROOT)), jobId,
                r.string("owner"), r.instant("created_at"), r.optionalInstant("finished_at"), r.optionalDouble("quality_score"),
                r.optionalString("summary_json").map(AnalysisRuns::parse), job);
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> parse(String s) {
        try {
            return JSON.readValue(s, new TypeReference<>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an analysis summary is malformed", e);
        }
    }
}
