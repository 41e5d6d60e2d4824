package io.assay.platform.workspace;

import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.platform.audit.AuditService;
import io.assay.platform.auth.Principal;
import io.assay.platform.export.ResultFormat;
import io.assay.platform.jobs.Job;
import io.assay.platform.jobs.JobService;
import io.assay.platform.query.QueryGateway;
import io.assay.platform.query.QueryOutput;
import io.assay.platform.query.QueryOutcome;
import io.assay.platform.query.QueryRequest;
import io.assay.platform.task.Progress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Exports as jobs: a query's whole result written to a file in the data directory (by the engine
 * itself for Parquet, CSV and NDJSON; streamed for XLSX), to download once it is done. An export is
 * named by its job, and only the job's owner (or an admin) may fetch it; files are dropped after
 * {@link #KEEP}.
 */
public final class Exports {

    /** How long an export's file is kept for download. */
    public static final Duration KEEP = Duration.ofHours(1);

    private final JobService jobs;
    private final QueryGateway queries;
    private final Path folder;
    private final Clock clock;

    private final long maxStorage;

    Exports(JobService jobs, QueryGateway queries, Path folder, long maxStorage, Clock clock) {
        this.maxStorage = maxStorage;
        this.jobs = jobs;
        this.queries = queries;
        this.folder = folder;
        this.clock = clock;
    }

    /** An export's file ready for download. */
    public record File(Path path, ResultFormat format, String name) {
    }

    /** Starts writing the query's result as {@code format}; the job's result names the export. */
    public Job start(Principal caller, QueryRequest request, ResultFormat format, AuditService.Origin origin) {
        if (format == ResultFormat.TABLE || format == ResultFormat.JSON) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "An export is written as csv, ndjson, parquet or xlsx.")
                    .detail("parameter", "format").build();
        }
        String sql = request.sql().strip();
        String ext = extension(format);
        return jobs.submit(caller, Job.Kind.EXPORT, "export " + ext + " of " + (sql.length() > 70 ? sql.substring(0, 67) + "..." : sql), ctx -> {
            ctx.progress("writing " + ext, 0, -1, Progress.Unit.ROWS);
            Path dir = folder;
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw AssayException.internal("Cannot create " + dir, e);
            }
            requireRoom();
            // QueryService.export makes the file appear complete or not at all.
            Path file = dir.resolve(io.assay.platform.store.Ids.newId() + "." + ext);
            QueryOutput.Exported exported = queries.run(caller, request, new QueryOutput.Export(format, file, QueryOutput.Delivery.FILE), origin, ctx);
            QueryOutcome out = exported.outcome();
            if (used() > maxStorage) {
                deleteQuietly(file);
                throw full();
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("exportFile", file.getFileName().toString());
            result.put("format", ext);
            result.put("rows", out.rows());
            result.put("bytes", size(file));
            result.put("maxRows", queries.rowCap(request, QueryOutput.Delivery.FILE));
            result.put("datasets", List.copyOf(new java.util.TreeSet<>(exported.datasets())));
            return result;
        });
    }

    /**
     * The file of a finished export of the caller's (an admin: anyone's), while the caller may still
     * read every dataset its query read.
     */
    public File file(Principal caller, String id) {
        Job job = jobs.get(caller, id);
        if (job.kind() != Job.Kind.EXPORT) {
            throw notFound(id);
        }
        Object read = job.result().map(r -> r.get("datasets")).orElse(List.of());
        List<String> datasets = read instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
        if (!queries.mayStillRead(caller, datasets)) {
            throw notFound(id);
        }
        if (job.status() != Job.Status.SUCCEEDED) {
            throw AssayException.of(ErrorCode.CONFLICT, "The export " + id + " has not succeeded (it is " + job.status().id() + ").")
                    .hint("Download it once its job has succeeded.").remedy("follow-job", "job", id).build();
        }
        Map<String, Object> r = job.result().orElse(Map.of());
        Path path = folder.resolve(String.valueOf(r.get("exportFile"))).normalize();
        if (!path.startsWith(folder) || !Files.isRegularFile(path)) {
            throw AssayException.of(ErrorCode.NOT_FOUND, "The file of export " + id + " is gone (exports are kept for "
                    + KEEP.toMinutes() + " minutes).").hint("Run the export again.").detail("parameter", "id").build();
        }
        ResultFormat format = ResultFormat.parse(String.valueOf(r.get("format")));
        return new File(path, format, "export-" + id + "." + extension(format));
    }

    /** Removes export files older than {@link #KEEP}; answers how many. */
    public int dropExpired() {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        Instant cutoff = clock.instant().minus(KEEP);
        int n = 0;
        try (Stream<Path> files = Files.list(folder)) {
            for (Path p : files.toList()) {
                if (Files.getLastModifiedTime(p).toInstant().isBefore(cutoff) && Files.deleteIfExists(p)) {
                    n++;
                }
            }
        } catch (IOException e) {
            throw AssayException.internal("Cannot sweep " + folder, e);
        }
        return n;
    }

    /** Refuses a new export while the files waiting for download fill the space they may take. */
    private void requireRoom() {
        if (used() >= maxStorage) {
            throw full();
        }
    }

    private AssayException full() {
        return AssayException.of(ErrorCode.LIMIT_EXCEEDED, "Export files waiting for download take " + used() + " bytes, the most this server "
                        + "keeps is " + maxStorage + " bytes.")
                .hint("Download or wait for earlier exports to expire (after " + KEEP.toMinutes() + " minutes), export fewer rows, "
                        + "or ask the admin to raise limits.export-storage.")
                .detail("limit", "export-storage").build();
    }

    /** Bytes the export files take now. */
    private long used() {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.mapToLong(Exports::size).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // Swept with the expired ones.
        }
    }

    private static String extension(ResultFormat f) {
        return f.name().toLowerCase(Locale.ROOT);
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    private static AssayException notFound(String id) {
        return AssayException.of(ErrorCode.NOT_FOUND, "There is no export with id '" + id + "'.")
                .hint("Start an export of the query first.").remedy("start-export").detail("parameter", "id").build();
    }
}
