package io.assay.platform.workspace;

import io.assay.engine.AssayException;
import io.assay.engine.Engine;
import io.assay.engine.ErrorCode;
import io.assay.engine.RowStream;
import io.assay.engine.Session;
import io.assay.platform.ask.Synonyms;
import io.assay.platform.audit.AuditService;
import io.assay.platform.auth.DatasetAccess;
import io.assay.platform.auth.Principal;
import io.assay.platform.auth.Role;
import io.assay.platform.catalog.Dataset;
import io.assay.platform.catalog.DatasetDescription;
import io.assay.platform.catalog.DatasetName;
import io.assay.platform.catalog.DatasetService;
import io.assay.platform.imports.ImportMode;
import io.assay.platform.imports.ImportRequest;
import io.assay.platform.imports.ImportResult;
import io.assay.platform.imports.ImportService;
import io.assay.platform.jobs.Job;
import io.assay.platform.jobs.JobService;
import io.assay.platform.export.ResultFormat;
import io.assay.platform.query.QueryGateway;
import io.assay.platform.query.QueryOutcome;
import io.assay.platform.query.QueryOutput;
import io.assay.platform.query.QueryRequest;
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
    private final long maxExpandedBytes;
    private final Synonyms synonyms;

    DatasetGateway(Engine warehouse, DatasetService datasets, ImportService imports, DatasetAccess access, AuditService audit,
                   JobService jobs, QueryGateway queries, AnalysisRuns analyses, Synonyms synonyms, long maxExpandedBytes, Clock clock) {
        this.maxExpandedBytes = maxExpandedBytes;
        this.synonyms = synonyms;
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
                DatasetName name = DatasetName.of(d.name());
                out.add(new View(d, access.owner(name), access.accessOf(caller, name).orElse(DatasetAccess.Access.READ),
                        q == null ? OptionalDouble.empty() : OptionalDouble.of(q)));
            }
        }
        out.sort(Comparator.comparing(v -> v.dataset().name()));
        return out;
    }

    public View view(Principal caller, DatasetName name) {
        Dataset d = requireReadable(caller, name);
        Double q = analyses.latestQuality().get(d.name());
        return new View(d, access.owner(name), access.accessOf(caller, name).orElse(DatasetAccess.Access.READ),
                q == null ? OptionalDouble.empty() : OptionalDouble.of(q));
    }

    public Detail describe(Principal caller, DatasetName name, AuditService.Origin origin) {
        View v = view(caller, name);
        DatasetDescription description = datasets.describe(name.value());
        audit.record(AuditService.event(caller, "dataset.describe").target(name.value()).origin(origin));
        return new Detail(v, description, access.grants(name));
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
                Optional<io.assay.analysis.model.AnalysisResult> analysed = analyses.latestResult(caller, DatasetName.of(v.dataset().name()));
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
    public Job importFromFolder(Principal caller, Path file, List<Path> folders, Optional<DatasetName> name, ImportMode mode,
                                AuditService.Origin origin) {
        AuditService.Event failed = AuditService.event(caller, "dataset.import")
                .target(name.map(DatasetName::value).orElse(String.valueOf(file.getFileName()))).origin(origin);
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
            return jobs.submit(caller, Job.Kind.IMPORT, "import " + source.originalName() + name.map(n -> " as " + n.value()).orElse(""), ctx -> {
                return summary(importNow(caller, request, source, origin, ctx, false));
            });
        } catch (AssayException e) {
            audit.record(failed.failed(e));
            throw e;
        }
    }

    /**
     * The file, resolved through links, when it is a regular file inside one of the folders. A path
     * outside them is refused with one answer whether or not it exists, so the refusal tells nothing
     * about the rest of the server's disk; only inside the folders is a missing file called missing.
     */
    private static Path realFileIn(Path file, List<Path> folders) {
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            Path lexical = file.toAbsolutePath().normalize();
            boolean inside = folders.stream().anyMatch(f -> {
                try {
                    return lexical.startsWith(f.toRealPath()) || lexical.startsWith(f.toAbsolutePath().normalize());
                } catch (IOException notThere) {
                    return false;
                }
            });
            if (!inside) {
                throw outsideFolders(file, folders);
            }
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
        throw outsideFolders(file, folders);
    }

    private static AssayException outsideFolders(Path file, List<Path> folders) {
        return AssayException.of(ErrorCode.FORBIDDEN, "The path " + file + " is not a file in an import folder.")
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

    /**
     * Imports a file of this machine, or a table of one of the operator's connections
     * ({@code CONNECTION.schema.table}), for the local operator (the command line, which owns the data
     * directory): run here as a recorded job, audited, with grants kept consistent (a new dataset starts
     * with none, even where an older one of the same name had some; a replaced one keeps them). No
     * other caller may name a path on this machine: they upload, or import from the configured folders.
     */
    public ImportResult importLocal(Principal caller, ImportRequest request, AuditService.Origin origin, TaskContext ctx) {
        Instant started = clock.instant();
        AuditService.Event event = AuditService.event(caller, "dataset.import").origin(origin)
                .target(request.name().map(DatasetName::value).orElse(String.valueOf(request.file().getFileName())));
        try {
            if (caller.kind() != Principal.Kind.LOCAL) {
                throw AssayException.of(ErrorCode.FORBIDDEN, "Only the local operator may import a path of this machine.")
                        .detail("parameter", "file").build();
            }
            java.util.Set<String> before = names();
            java.util.concurrent.atomic.AtomicReference<ImportResult> result = new java.util.concurrent.atomic.AtomicReference<>();
            jobs.runHere(caller, Job.Kind.IMPORT, "import " + request.file() + request.name().map(n -> " as " + n.value()).orElse(""), c -> {
                ImportResult r = imports.importAny(request, c);
                result.set(r);
                return summary(r);
            }, ctx).orThrow();
            ImportResult r = result.get();
            DatasetName dataset = DatasetName.of(r.dataset().name());
            if (!before.contains(dataset.value())) {
                access.created(caller, dataset);
            }
            queries.datasetChanged(dataset.value());
            audit.record(event.target(dataset.value()).rows(r.rowsLoaded()).duration(Duration.between(started, clock.instant()))
                    .detail(request.file() + ", " + r.rejectedRows() + " rejected"));
            return r;
        } catch (AssayException e) {
            audit.record(event.failed(e).duration(Duration.between(started, clock.instant())));
            throw e;
        }
    }

    private java.util.Set<String> names() {
        return datasets.list().stream().map(Dataset::name).collect(java.util.stream.Collectors.toSet());
    }

    /** An upload waiting to be imported: the file on the server's disk and the name the client gave it. */
    public record Upload(Path file, String originalName, long bytes) {
    }

    /**
     * Imports an uploaded file as a job: the dataset is created, replaced or appended to atomically, and
     * the upload is deleted afterwards whatever happens.
     */
    public Job importUpload(Principal caller, Upload upload, Optional<DatasetName> name, ImportMode mode, Map<String, String> options,
                            boolean skipBadRows, AuditService.Origin origin) {
        try {
            caller.require(Role.ANALYST, "import datasets");
            name.ifPresent(n -> checkWritable(caller, n, mode));
            ImportRequest request = new ImportRequest(upload.file(), name, mode, options, skipBadRows);
            Job job = jobs.submit(caller, Job.Kind.IMPORT, "import " + upload.originalName() + name.map(n -> " as " + n.value()).orElse(""), ctx -> {
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
            audit.record(AuditService.event(caller, "dataset.import").target(name.map(DatasetName::value).orElse(upload.originalName()))
                    .failed(e).origin(origin));
            throw e;
        }
    }

    private ImportResult importNow(Principal caller, ImportRequest request, Upload upload, AuditService.Origin origin, TaskContext ctx,
                                   boolean deleteAfter) {
        Instant started = clock.instant();
        AuditService.Event event = AuditService.event(caller, "dataset.import").origin(origin);
        try {
            // A name derived from the file must not land on someone else's dataset either.
            DatasetName target = request.name().orElseGet(() -> DatasetName.fromFileName(upload.originalName()));
            checkWritable(caller, target, request.mode());
            checkExpansion(upload, ctx);
            boolean existed = exists(target);
            ImportResult r = imports.importFile(new ImportRequest(request.file(), Optional.of(target), request.mode(),
                    request.options(), request.skipBadRows(), Optional.of(deleteAfter ? "upload: " + upload.originalName() : upload.file().toString())), ctx);
            String dataset = r.dataset().name();
            if (!existed) {
                // A new dataset belongs to whoever made it; an existing one keeps its owner and grants.
                access.created(caller, target);
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

    /**
     * Refuses an import that would land on a dataset the caller may not change. A dataset the caller
     * may not read answers as a missing one would, except that its name is taken: creating or replacing
     * under it is a conflict, worded the same whether or not the caller may see it.
     */
    private void checkWritable(Principal caller, DatasetName name, ImportMode mode) {
        if (!exists(name) || access.canWrite(caller, name)) {
            return;
        }
        boolean visible = access.canRead(caller, name);
        if (!visible && mode == ImportMode.APPEND) {
            throw notReadable(caller, name);
        }
        if (!visible || mode == ImportMode.CREATE) {
            throw nameTaken(name);
        }
        throw AssayException.of(ErrorCode.FORBIDDEN, "You may read the dataset '" + name + "' but not change it.")
                .hint("Import under another name, or ask its owner for write access.").detail("parameter", "name").build();
    }

    /**
     * Refuses a gzip file that would expand past {@code limits.upload-expanded-size} before the engine
     * reads it: a few megabytes can stand for billions of rows. It reads the file through once,
     * counting what it expands to, and stops at the limit.
     */
    private void checkExpansion(Upload upload, TaskContext ctx) {
        Path file = upload.file();
        try (java.io.InputStream raw = Files.newInputStream(file)) {
            byte[] magic = raw.readNBytes(2);
            if (magic.length < 2 || (magic[0] & 0xff) != 0x1f || (magic[1] & 0xff) != 0x8b) {
                return;
            }
        } catch (IOException e) {
            return; // the import reports an unreadable file in its own words
        }
        ctx.progress("checking the compressed file", 0, -1, io.assay.platform.task.Progress.Unit.BYTES);
        long expanded = 0;
        byte[] buffer = new byte[256 * 1024];
        try (java.io.InputStream in = new java.util.zip.GZIPInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)), 64 * 1024)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                expanded += n;
                if (expanded > maxExpandedBytes) {
                    throw AssayException.of(ErrorCode.LIMIT_EXCEEDED, upload.originalName() + " (" + upload.bytes()
                                    + " bytes compressed) expands to more than " + maxExpandedBytes + " bytes, the most this server imports.")
                            .hint("Import a smaller file, or ask the admin to raise limits.upload-expanded-size.")
                            .detail("file", upload.originalName()).detail("limit", "upload-expanded-size").build();
                }
                ctx.checkCancelled();
            }
        } catch (IOException e) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, upload.originalName() + " looks like gzip but cannot be decompressed after "
                            + expanded + " bytes: " + e.getMessage())
                    .hint("Check that the file was uploaded whole, or send it uncompressed.").detail("file", upload.originalName()).build();
        }
    }

    private boolean exists(DatasetName name) {
        return datasets.list().stream().anyMatch(d -> d.name().equals(name.value()));
    }

    private static AssayException nameTaken(DatasetName name) {
        return AssayException.of(ErrorCode.CONFLICT, "The name '" + name + "' is taken by a dataset that exists already.")
                .hint("Import under another name; to change a dataset of your own, replace or append to it.")
                .detail("parameter", "name").detail("reason", "name-taken").build();
    }

    public void delete(Principal caller, DatasetName name, AuditService.Origin origin) {
        AuditService.Event event = AuditService.event(caller, "dataset.delete").target(name.value()).origin(origin);
        try {
            Dataset d = requireReadable(caller, name);
            if (!access.canWrite(caller, name)) {
                throw AssayException.of(ErrorCode.FORBIDDEN, "You may read '" + name + "' but not delete it.")
                        .hint("Ask its owner or an admin.").build();
            }
            datasets.delete(d.name());
            access.deleted(name);
            synonyms.forget(d.name()); // a new dataset of the same name starts without the old one's words
            queries.datasetChanged(d.name());
            audit.record(event);
        } catch (AssayException e) {
            audit.record(event.failed(e));
            throw e;
        }
    }

    public <T> T rejects(Principal caller, DatasetName name, long limit, AuditService.Origin origin, Function<RowStream, T> reader) {
        Dataset d = requireReadable(caller, name);
        audit.record(AuditService.event(caller, "dataset.rejects").target(d.name()).origin(origin));
        return datasets.rejects(d.name(), limit, reader);
    }

    /**
     * Downloads a dataset's rows in {@code format} (through the door's writers where the format streams):
     * all of them, through the query pipeline (a slot, the timeout, cancellation), audited as
     * {@code dataset.download}.
     */
    public QueryOutcome download(Principal caller, DatasetName name, ResultFormat format, QueryOutput.WriterFactory writers, OutputStream out,
                                 AuditService.Origin origin) {
        Dataset d = requireReadable(caller, name);
        return queries.run(caller, QueryRequest.of("SELECT * FROM " + warehouse.dialect().qualify(d.relation())),
                QueryOutput.answer(format, writers, out, QueryOutput.Delivery.DATASET),
                AuditService.event(caller, "dataset.download").target(d.name()).origin(origin), TaskContext.silent());
    }

    public DatasetAccess.Grant grant(Principal caller, DatasetName name, String grantee, DatasetAccess.Access level, AuditService.Origin origin) {
        AuditService.Event event = AuditService.event(caller, "dataset.grant").target(name.value()).detail(grantee + ": " + level.id()).origin(origin);
        try {
            Dataset d = requireReadable(caller, name);
            DatasetAccess.Grant g = access.grant(caller, name, grantee, level);
            queries.datasetChanged(d.name());
            audit.record(event);
            return g;
        } catch (AssayException e) {
            audit.record(event.failed(e));
            throw e;
        }
    }

    public void revoke(Principal caller, DatasetName name, String grantee, AuditService.Origin origin) {
        AuditService.Event event = AuditService.event(caller, "dataset.revoke").target(name.value()).detail(grantee).origin(origin);
        try {
            Dataset d = requireReadable(caller, name);
            access.revoke(caller, name, grantee);
            queries.datasetChanged(d.name());
            audit.record(event);
        } catch (AssayException e) {
            audit.record(event.failed(e));
            throw e;
        }
    }

    /** The dataset, when the caller may read it; NOT_FOUND otherwise, so that names the caller may not see stay hidden. */
    Dataset requireReadable(Principal caller, DatasetName name) {
        Optional<Dataset> d = datasets.list().stream().filter(x -> x.name().equals(name.value())).findFirst();
        if (d.isEmpty() || !access.canRead(caller, name)) {
            throw notReadable(caller, name);
        }
        return d.get();
    }

    /** NOT_FOUND for a name the caller may not read, alike whether it exists; suggests only names the caller may read. */
    private AssayException notReadable(Principal caller, DatasetName name) {
        List<String> readable = list(caller).stream().map(v -> v.dataset().name()).toList();
        List<String> close = io.assay.platform.text.Suggestions.closest(name.value(), readable, 3);
        AssayException.Builder b = AssayException.of(ErrorCode.NOT_FOUND, "There is no dataset named '" + name + "' that you may read.")
                .detail("parameter", "name");
        if (!close.isEmpty()) {
            b.hint("Did you mean " + String.join(", ", close) + "?");
        }
        return b.build();
    }

    private static AssayException withOriginalName(AssayException e, Upload upload) {
        String where = upload.file().toString();
        if (e.getMessage() == null || !e.getMessage().contains(where)) {
            return e;
        }
        AssayException.Builder b = AssayException.of(e.code(), e.getMessage().replace(where, upload.originalName())).cause(e);
        e.hint().ifPresent(b::hint);
        b.remedy(e.remedy());
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
