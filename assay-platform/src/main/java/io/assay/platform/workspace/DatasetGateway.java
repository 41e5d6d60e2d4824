package io.assay.platform.workspace;

import io.assay.engine.AssayException;
import io.assay.engine.Engine;
import io.assay.engine.ErrorCode;
import io.assay.engine.RowStream;
import io.assay.engine.Session;
import io.assay.engine.SqlStatement;
import io.assay.platform.audit.AuditService;
import io.assay.platform.auth.DatasetAccess;
import io.assay.platform.auth.Principal;
import io.assay.platform.auth.Role;
import io.assay.platform.catalog.Dataset;
import io.assay.platform.catalog.DatasetDescription;
import io.assay.platform.catalog.DatasetService;
import io.assay.platform.export.ResultWriter;
import io.assay.platform.imports.ImportMode;
import io.assay.platform.imports.ImportRequest;
import io.assay.platform.imports.ImportResult;
import io.assay.platform.imports.ImportService;
import io.assay.platform.jobs.Job;
import io.assay.platform.jobs.JobService;
import io.assay.platform.query.QueryGateway;
import io.assay.platform.task.TaskContext;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * Datasets as a shared service offers them: each caller sees the datasets it may read, imports as an
 * analyst, changes only what it may write, and every access is audited. Imports run as jobs.
 */
public final class DatasetGateway {

    private final Engine warehouse;
    private final DatasetService datasets;
    private final ImportService imports;
    private final DatasetAccess access;
    private final AuditService audit;
    private final JobService jobs;
    private final QueryGateway queries;
    private final AnalysisRuns analyses;
    private final Clock clock;

    DatasetGateway(Engine warehouse, DatasetService datasets, ImportService imports, DatasetAccess access, AuditService audit,
                   JobService jobs, QueryGateway queries, AnalysisRuns analyses, Clock clock) {
        this.warehouse = warehouse;
        this.datasets = datasets;
        this.imports = imports;
        this.access = access;
        this.audit = audit;
        this.jobs = jobs;
        this.queries = queries;
        this.analyses = analyses;
        this.clock = clock;
    }

    /** A dataset as one caller sees it. */
    public record View(Dataset dataset, Optional<String> owner, DatasetAccess.Access access, OptionalDouble qualityScore) {
    }

    /** The detail of one dataset: its columns with examples, and its grants. */
    public record Detail(View view, DatasetDescription description, List<DatasetAccess.Grant> grants) {
    }

    /** The datasets the caller may read. */
    public List<View> list(Principal caller) {
        List<View> out = new ArrayList<>();
        java.util.Set<String> readable = caller.isAdmin() ? java.util.Set.of() : access.readable(caller);
        Map<String, Double> quality = analyses.latestQuality();
        for (Dataset d : datasets.list()) {
            if (caller.isAdmin() || readable.contains(d.name())) {
                Double q = quality.get(d.name());
                out.add(new View(d, access.owner(d.name()), access.accessOf(caller, d.name()).orElse(DatasetAccess.Access.READ),
                        q == null ? OptionalDouble.empty() : OptionalDouble.of(q)));
            }
        }
        out.sort(Comparator.comparing(v -> v.dataset().name()));
        return out;
    }

    public View view(Principal caller, String name) {
        Dataset d = requireReadable(caller, name);
        Double q = analyses.latestQuality().get(d.name());
        return new View(d, access.owner(d.name()), access.accessOf(caller, d.name()).orElse(DatasetAccess.Access.READ),
                q == null ? OptionalDouble.empty() : OptionalDouble.of(q));
    }

    public Detail describe(Principal caller, String name, AuditService.Origin origin) {
        View v = view(caller, name);
        DatasetDescription description = datasets.describe(v.dataset().name());
        audit.record(AuditService.event(caller, "dataset.describe").target(v.dataset().name()).origin(origin));
        return new Detail(v, description, access.grants(v.dataset().name()));
    }

    /**
     * A column found by {@link #searchColumns}: where it is, its type, and what the latest analysis of its
     * dataset took it for (empty when the dataset has not been analysed).
     */
    public record ColumnMatch(String dataset, String column, io.assay.engine.ColumnType type, boolean nullable,
                              Optional<String> semanticType, Optional<Boolean> personalData) {
    }

    /**
     * Columns of the datasets the caller may read whose name contains {@code text} (case-insensitive),
     * whose type is {@code type} (a kind such as INTEGER or TIMESTAMP, a family: numeric, temporal, text,
     * or the engine's own type name), and whose semantic type (from the latest analysis) is {@code semanticType};
     * each criterion optional. At most {@code limit}, by dataset and column order.
     */
    public List<ColumnMatch> searchColumns(Principal caller, Optional<String> text, Optional<String> type, Optional<String> semanticType,
                                           int limit) {
        String needle = text.map(t -> t.trim().toLowerCase(java.util.Locale.ROOT)).orElse("");
        Optional<String> wantedType = type.map(t -> t.trim().toUpperCase(java.util.Locale.ROOT)).filter(t -> !t.isEmpty());
        Optional<String> wantedSemantic = semanticType.map(t -> t.trim().toUpperCase(java.util.Locale.ROOT).replace(' ', '_'))
                .filter(t -> !t.isEmpty());
        wantedSemantic.ifPresent(w -> {
            try {
                io.assay.analysis.model.SemanticType.valueOf(w);
            } catch (IllegalArgumentException e) {
                throw AssayException.of(ErrorCode.INVALID_INPUT, "'" + semanticType.get() + "' is not a semantic type.")
                        .hint("Give one of " + String.join(", ", java.util.Arrays.stream(io.assay.analysis.model.SemanticType.values())
                                .map(v -> v.name().toLowerCase(java.util.Locale.ROOT)).toList()) + ".")
                        .detail("parameter", "semantic_type").build();
            }
        });
        List<ColumnMatch> out = new ArrayList<>();
        try (Session s = warehouse.openSession()) {
            for (View v : list(caller)) {
                if (out.size() >= limit) {
                    break;
                }
                Optional<io.assay.analysis.model.AnalysisResult> analysed = analyses.latestResult(caller, v.dataset().name());
                List<io.assay.engine.Column> columns = s.describe(v.dataset().relation()).map(io.assay.engine.RelationInfo::columns).orElse(List.of());
                for (io.assay.engine.Column c : columns) {
                    Optional<io.assay.analysis.model.ColumnProfile> profile = analysed.flatMap(r -> r.column(c.name()));
                    Optional<String> semantic = profile.map(p -> p.semanticType().name().toLowerCase(java.util.Locale.ROOT));
                    boolean nameOk = needle.isEmpty() || c.name().toLowerCase(java.util.Locale.ROOT).contains(needle);
                    boolean typeOk = wantedType.map(w -> typeMatches(c.type(), w)).orElse(true);
                    boolean semanticOk = wantedSemantic.map(w -> profile.map(p -> p.semanticType().name().equals(w)).orElse(false)).orElse(true);
                    if (nameOk && typeOk && semanticOk && out.size() < limit) {
                        out.add(new ColumnMatch(v.dataset().name(), c.name(), c.type(), c.nullable(), semantic, profile.map(p -> p.personalData())));
                    }
                }
            }
        }
        return out;
    }

    private static boolean typeMatches(io.assay.engine.ColumnType type, String wanted) {
        return switch (wanted) {
            case "NUMERIC", "NUMBER" -> type.isNumeric();
            case "TEMPORAL", "TIME", "DATETIME" -> type.isTemporal();
            case "STRING", "VARCHAR" -> type.kind() == io.assay.engine.ColumnType.Kind.TEXT;
            default -> type.kind().name().equals(wanted) || type.nativeName().toUpperCase(java.util.Locale.ROOT).equals(wanted);
        };
    }

    /**
     * Imports a file that lies in one of {@code folders} (and stays there: the file is read, never moved or
     * deleted) as a job, for a front door that may only reach configured folders (MCP's import_file).
     * The path is resolved through symbolic links before it is checked, so a link cannot lead outside.
     */
    public Job importFromFolder(Principal caller, Path file, List<Path> folders, Optional<String> name, ImportMode mode,
                                AuditService.Origin origin) {
        AuditService.Event failed = AuditService.event(caller, "dataset.import").target(name.orElse(String.valueOf(file.getFileName())))
                .origin(origin);
        try {
            caller.require(Role.ANALYST, "import datasets");
            if (folders.isEmpty()) {
                throw AssayException.of(ErrorCode.FORBIDDEN, "No import folders are configured, so no file may be imported this way.")
                        .hint("Set mcp.import-folders (ASSAY_MCP_IMPORT_FOLDERS) to the folders assistants may import from.")
                        .detail("parameter", "path").build();
            }
            Path real = realFileIn(file, folders);
            name.ifPresent(n -> checkWritable(caller, n, mode));
            ImportRequest request = new ImportRequest(real, name, mode, Map.of(), false);
            Upload source = new Upload(real, real.getFileName().toString(), sizeOf(real));
            return jobs.submit(caller, Job.Kind.IMPORT, "import " + source.originalName() + name.map(n -> " as " + n).orElse(""), ctx -> {
                return summary(importNow(caller, request, source, origin, ctx, false));
            });
        } catch (AssayException e) {
            audit.record(failed.failed(e));
            throw e;
        }
    }

    private static Path realFileIn(Path file, List<Path> folders) {
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            throw AssayException.of(ErrorCode.NOT_FOUND, "There is no file " + file + ".")
                    .hint("Give the path of a file in an import folder: " + String.join(", ", folders.stream().map(Path::toString).toList()) + ".")
                    .detail("parameter", "path").build();
        }
        for (Path folder : folders) {
            try {
                Path f = folder.toRealPath();
                if (real.startsWith(f) && !real.equals(f) && Files.isRegularFile(real)) {
                    return real;
                }
            } catch (IOException ignored) {
                // A configured folder that does not exist holds nothing.
            }
        }
        throw AssayException.of(ErrorCode.FORBIDDEN, "The file " + file + " is not in an import folder.")
                .hint("Only files in " + String.join(", ", folders.stream().map(Path::toString).toList()) + " may be imported this way.")
                .detail("parameter", "path").build();
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    /** What an import job answers as its result. */
    private static Map<String, Object> summary(ImportResult r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dataset", r.dataset().name());
        out.put("rowsLoaded", r.rowsLoaded());
        out.put("rejectedRows", r.rejectedRows());
        out.put("notes", r.notes());
        out.put("elapsedMs", r.elapsed().toMillis());
        return out;
    }

    /** An upload waiting to be imported: the file on the server's disk and the name the client gave it. */
    public record Upload(Path file, String originalName, long bytes) {
    }

    /**
     * Imports an uploaded file as a job: the dataset is created, replaced or appended to atomically, and
     * the upload is deleted afterwards whatever happens.
     */
    public Job importUpload(Principal caller, Upload upload, Optional<String> name, ImportMode mode, Map<String, String> options,
                            boolean skipBadRows, AuditService.Origin origin) {
        try {
            caller.require(Role.ANALYST, "import datasets");
            name.ifPresent(n -> checkWritable(caller, n, mode));
            ImportRequest request = new ImportRequest(upload.file(), name, mode, options, skipBadRows);
            Job job = jobs.submit(caller, Job.Kind.IMPORT, "import " + upload.originalName() + name.map(n -> " as " + n).orElse(""), ctx -> {
                return summary(importNow(caller, request, upload, origin, ctx, true));
            });
            // A job cancelled while queued never runs its work, which would remove the file: remove it when the job ends.
            jobs.watch(caller, job.id(), j -> {
                if (j.status().finished()) {
                    deleteUpload(upload);
                }
            });
            return job;
        } catch (AssayException e) {
            deleteUpload(upload);
            audit.record(AuditService.event(caller, "dataset.import").target(name.orElse(upload.originalName())).failed(e).origin(origin));
            throw e;
        }
    }

    private ImportResult importNow(Principal caller, ImportRequest request, Upload upload, AuditService.Origin origin, TaskContext ctx,
                                   boolean deleteAfter) {
        Instant started = clock.instant();
        AuditService.Event event = AuditService.event(caller, "dataset.import").origin(origin);
        try {
            // A name derived from the file must not land on someone else's dataset either.
            String target = request.name().orElseGet(() -> io.assay.platform.catalog.DatasetNames.fromFileName(upload.originalName()));
            checkWritable(caller, target, request.mode());
            ImportResult r = imports.importFile(new ImportRequest(request.file(), Optional.of(target), request.mode(),
                    request.options(), request.skipBadRows(), Optional.of(deleteAfter ? "upload: " + upload.originalName() : upload.file().toString())), ctx);
            String dataset = r.dataset().name();
            if (request.mode() == ImportMode.CREATE || access.owner(dataset).isEmpty() && !caller.isAdmin()) {
                access.created(caller, dataset);
            }
            queries.datasetChanged(dataset);
            audit.record(event.target(dataset).rows(r.rowsLoaded()).duration(Duration.between(started, clock.instant()))
                    .detail(upload.originalName() + ", " + upload.bytes() + " bytes, " + r.rejectedRows() + " rejected"));
            return r;
        } catch (AssayException e) {
            AssayException named = withOriginalName(e, upload);
            audit.record(event.target(upload.originalName()).failed(named).duration(Duration.between(started, clock.instant())));
            throw named;
        } finally {
            if (deleteAfter) {
                deleteUpload(upload);
            }
        }
    }

    private void checkWritable(Principal caller, String name, ImportMode mode) {
        if (mode != ImportMode.CREATE && datasets.list().stream().anyMatch(d -> d.name().equals(name)) && !access.canWrite(caller, name)) {
            throw AssayException.of(ErrorCode.FORBIDDEN, "You may not change the dataset '" + name + "'.")
                    .hint("Import under another name, or ask its owner for write access.").detail("parameter", "name").build();
        }
    }

    public void delete(Principal caller, String name, AuditService.Origin origin) {
        AuditService.Event event = AuditService.event(caller, "dataset.delete").target(name).origin(origin);
        try {
            Dataset d = requireReadable(caller, name);
            if (!access.canWrite(caller, d.name())) {
                throw AssayException.of(ErrorCode.FORBIDDEN, "You may read '" + name + "' but not delete it.")
                        .hint("Ask its owner or an admin.").build();
            }
            datasets.delete(d.name());
            access.deleted(d.name());
            queries.datasetChanged(d.name());
            audit.record(event);
        } catch (AssayException e) {
            audit.record(event.failed(e));
            throw e;
        }
    }

    public <T> T rejects(Principal caller, String name, long limit, AuditService.Origin origin, Function<RowStream, T> reader) {
        Dataset d = requireReadable(caller, name);
        audit.record(AuditService.event(caller, "dataset.rejects").target(d.name()).origin(origin));
        return datasets.rejects(d.name(), limit, reader);
    }

    /** Streams a dataset's rows through a writer: a download of the data. */
    public long download(Principal caller, String name, ResultWriter writer, OutputStream out, AuditService.Origin origin) throws IOException {
        Dataset d = requireReadable(caller, name);
        Instant started = clock.instant();
        try (Session s = warehouse.openSession();
             RowStream rows = s.query(SqlStatement.of("SELECT * FROM " + warehouse.dialect().qualify(d.relation())))) {
            long n = writer.write(rows, out);
            audit.record(AuditService.event(caller, "dataset.download").target(d.name()).rows(n)
                    .duration(Duration.between(started, clock.instant())).origin(origin));
            return n;
        }
    }

    public DatasetAccess.Grant grant(Principal caller, String name, String grantee, DatasetAccess.Access level, AuditService.Origin origin) {
        Dataset d = requireReadable(caller, name);
        AuditService.Event event = AuditService.event(caller, "dataset.grant").target(d.name()).detail(grantee + ": " + level.id()).origin(origin);
        try {
            DatasetAccess.Grant g = access.grant(caller, d.name(), grantee, level);
            queries.datasetChanged(d.name());
            audit.record(event);
            return g;
        } catch (AssayException e) {
            audit.record(event.failed(e));
            throw e;
        }
    }

    public void revoke(Principal caller, String name, String grantee, AuditService.Origin origin) {
        Dataset d = requireReadable(caller, name);
        AuditService.Event event = AuditService.event(caller, "dataset.revoke").target(d.name()).detail(grantee).origin(origin);
        try {
            access.revoke(caller, d.name(), grantee);
            queries.datasetChanged(d.name());
            audit.record(event);
        } catch (AssayException e) {
            audit.record(event.failed(e));
            throw e;
        }
    }

    /** The dataset, when the caller may read it; NOT_FOUND otherwise, so that names the caller may not see stay hidden. */
    Dataset requireReadable(Principal caller, String name) {
        Optional<Dataset> d = datasets.list().stream().filter(x -> x.name().equals(name)).findFirst();
        if (d.isEmpty() || !access.canRead(caller, d.get().name())) {
            throw AssayException.of(ErrorCode.NOT_FOUND, "There is no dataset named '" + name + "' that you may read.")
                    .hint("List the datasets you may read with GET /api/v1/datasets.").detail("parameter", "name").build();
        }
        return d.get();
    }

    private static AssayException withOriginalName(AssayException e, Upload upload) {
        String where = upload.file().toString();
        if (e.getMessage() == null || !e.getMessage().contains(where)) {
            return e;
        }
        AssayException.Builder b = AssayException.of(e.code(), e.getMessage().replace(where, upload.originalName())).cause(e);
        e.hint().ifPresent(h -> b.hint(h.replace("--skip-bad-rows", "skipBadRows=true").replace("--option", "option.KEY=VALUE")));
        e.details().forEach((k, v) -> b.detail(k, v instanceof String s ? s.replace(where, upload.originalName()) : v));
        return b.build();
    }

    private static void deleteUpload(Upload upload) {
        try {
            Files.deleteIfExists(upload.file());
            Path dir = upload.file().getParent();
            if (dir != null) {
                Files.deleteIfExists(dir);
            }
        } catch (IOException ignored) {
            // The uploads folder is swept at start-up.
        }
    }
}
