package io.assay.platform.imports;

import io.assay.engine.AssayException;
import io.assay.engine.Capability;
import io.assay.engine.Column;
import io.assay.engine.Dialect;
import io.assay.engine.Engine;
import io.assay.engine.ErrorCode;
import io.assay.engine.FileSource;
import io.assay.engine.FileSupport;
import io.assay.engine.LoadResult;
import io.assay.engine.LoadResult.Rejection;
import io.assay.engine.RelationInfo;
import io.assay.engine.RelationRef;
import io.assay.engine.Session;
import io.assay.engine.SqlStatement;
import io.assay.platform.catalog.Dataset;
import io.assay.platform.catalog.DatasetCatalog;
import io.assay.platform.catalog.DatasetName;
import io.assay.platform.catalog.DatasetNames;
import io.assay.platform.connect.ConnectionService;
import io.assay.platform.export.Values;
import io.assay.platform.task.Progress;
import io.assay.platform.task.ProgressPoller;
import io.assay.platform.task.TaskContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Imports files into the warehouse. The file is sniffed, loaded by the engine into a staging table,
 * checked, and swapped into place together with its catalog entry in one transaction: a failed,
 * cancelled or killed import leaves the previous dataset as it was and nothing half-made.
 */
public final class ImportService {

    private static final Logger LOG = LoggerFactory.getLogger(ImportService.class);

    private static final String STAGING_PREFIX = "__assay_staging_";
    /** The most of an offending value an error message quotes. */
    private static final int EXCERPT = 120;
    /** The engine's word for a line longer than its reader takes, with the line's size. */
    private static final java.util.regex.Pattern LINE_SIZE = java.util.regex.Pattern.compile("(?i)line size.*?actual size:\\s*(\\d+)");
    /** File names the engine could mistake for patterns or URLs are read through a plainly named link. */
    private static final String SAFE_PATH = "[A-Za-z0-9._/\\-]+";

    private final Engine warehouse;
    /** The engine that parses files: the warehouse itself when it reads files, else an embedded one beside it. */
    private final Engine reader;
    private final DatasetCatalog catalog;
    private final Path tempDir;
    private final ConnectionService connections;

    /**
     * @param reader the engine that reads files: {@code warehouse} when it can, else an embedded engine whose
     *               staged tables are copied into the warehouse (see {@link io.assay.engine.Engines#openFileReader})
     */
    public ImportService(Engine warehouse, Engine reader, DatasetCatalog catalog, Path tempDir, ConnectionService connections) {
        if (!reader.can(Capability.READ_FILES) || reader.files().isEmpty()) {
            throw new IllegalArgumentException("the engine " + reader.name() + " cannot read files");
        }
        this.warehouse = warehouse;
        this.reader = reader;
        this.catalog = catalog;
        this.tempDir = tempDir;
        this.connections = connections;
    }

    /**
     * Imports what {@code request.file()} names: the file when it exists, else a table of one of the
     * user's databases written {@code CONNECTION.schema.table}.
     */
    public ImportResult importAny(ImportRequest request, TaskContext ctx) {
        if (!Files.exists(request.file())) {
            Optional<ConnectionService.RemoteTable> remote = connections.resolve(request.file().toString());
            if (remote.isPresent()) {
                return importTable(remote.get(), request.name(), request.mode(), ctx);
            }
        }
        return importFile(request, ctx);
    }

    /** The reader options an import accepts for a format (plus {@code sheet} for XLSX). */
    public Map<String, String> options(SourceFormat format) {
        Map<String, String> out = new LinkedHashMap<>(files().options(format.engineFormat()));
        if (format == SourceFormat.XLSX) {
            out.keySet().retainAll(Set.of("header", "date_format", "timestamp_format", "sample_size", "all_varchar", "null"));
            out.put("sheet", "the sheet to import (default: the first)");
        }
        return out;
    }

    public ImportResult importFile(ImportRequest request, TaskContext ctx) {
        Instant started = Instant.now();
        Path file = request.file().toAbsolutePath().normalize();
        checkReadable(file);
        List<String> notes = new ArrayList<>();
        String name = datasetName(request, file, notes);
        if (request.mode() == ImportMode.CREATE && catalog.find(name).isPresent()) {
            throw exists(name);
        }
        if (request.mode() == ImportMode.APPEND && catalog.find(name).isEmpty()) {
            throw catalog.notFound(name);
        }

        FileSniffer.Sniffed sniffed = FileSniffer.sniff(file);
        Map<String, String> options = new LinkedHashMap<>(request.options());
        Optional<String> sheet = Optional.ofNullable(options.remove("sheet"));
        if (sheet.isPresent() && sniffed.format() != SourceFormat.XLSX) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "The option 'sheet' applies to XLSX files only, and "
                            + file.getFileName() + " is " + sniffed.format() + ".")
                    .detail("parameter", "sheet")
                    .build();
        }
        List<Path> temporary = new ArrayList<>();
        try {
            Path readable = file;
            if (sniffed.format() == SourceFormat.XLSX) {
                readable = tempFile(".csv");
                temporary.add(readable);
                XlsxConverter.convert(file, sheet, readable, ctx);
                options.putIfAbsent("header", "true");
                options.putIfAbsent("delimiter", ",");
            } else {
                if (sniffed.nulBytes().isPresent()) {
                    readable = withoutNulBytes(file, sniffed, notes, ctx);
                    temporary.add(readable);
                }
                if (sniffed.format() == SourceFormat.CSV) {
                    sniffed.encoding().filter(e -> !e.equals("utf-8")).ifPresent(e -> options.putIfAbsent("encoding", e));
                    sniffed.delimiter().ifPresent(d -> options.putIfAbsent("delimiter", String.valueOf(d)));
                } else if (sniffed.format() == SourceFormat.NDJSON) {
                    options.putIfAbsent("format", "newline_delimited");
                }
                if (readable.equals(file) && !file.toString().matches(SAFE_PATH)) {
                    readable = link(file);
                    temporary.add(readable);
                }
            }
            FileSource source = new FileSource(readable, sniffed.format().engineFormat(), options);
            try {
                return load(request, file, readable, source, sniffed, name, notes, started, ctx, Optional.empty());
            } catch (AssayException e) {
                if (sniffed.format() != SourceFormat.NDJSON || e.code() != ErrorCode.INVALID_INPUT) {
                    throw e;
                }
                // The engine reads NDJSON whole or not at all, and places a bad line only roughly: find the
                // bad lines here, then load the good ones (when asked to) and keep the bad ones aside.
                Path rejects = tempFile(".rejects");
                temporary.add(rejects);
                Optional<Path> good = Optional.empty();
                if (request.skipBadRows()) {
                    good = Optional.of(tempFile(".ndjson"));
                    temporary.add(good.get());
                }
                boolean gunzip = sniffed.compressed() && sniffed.nulBytes().isEmpty();
                NdjsonLines.Split split = NdjsonLines.split(readable, gunzip, good, rejects, ctx);
                if (split.badLines() == 0) {
                    throw e;
                }
                if (good.isEmpty()) {
                    throw badRows(file, new LoadResult(split.lines() - split.badLines(), split.badLines(), split.first(),
                            List.of(), Map.of()), false);
                }
                FileSource goodLines = new FileSource(good.get(), source.format(), options);
                return load(request, file, good.get(), goodLines, sniffed, name, notes, started, ctx, Optional.of(split));
            }
        } finally {
            for (Path t : temporary) {
                try {
                    Files.deleteIfExists(t);
                } catch (IOException ignored) {
                    // A leftover in tmp/ is harmless and cleared with the data directory.
                }
            }
        }
    }

    /**
     * A copy of a text file with NUL bytes without them (see {@link NulBytes} for why they are removed,
     * not replaced), and a note saying how many there were and where the first one was.
     */
    private Path withoutNulBytes(Path file, FileSniffer.Sniffed sniffed, List<String> notes, TaskContext ctx) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT).replaceFirst("\\.(gz|gzip)$", "");
        int dot = name.lastIndexOf('.');
        Path copy = tempFile(dot >= 0 ? name.substring(dot).replaceAll("[^a-z0-9.]", "") : ".txt");
        ctx.progress("removing NUL bytes from " + file.getFileName(), 0, 1, Progress.Unit.STEPS);
        long removed = NulBytes.copyWithout(file, sniffed.compressed(), copy, ctx);
        NulBytes first = sniffed.nulBytes().orElseThrow();
        notes.add(String.format(Locale.ROOT, "removed %,d NUL byte%s (0x00) from the text, the first at byte offset %,d (line %,d);"
                        + " the values that held one are kept without it", removed, removed == 1 ? "" : "s",
                first.firstOffset(), first.firstLine()));
        return copy;
    }

    /**
     * Copies a table of one of the user's databases into the warehouse: read in a read-only session,
     * streamed row by row into a staging table in batches of bound rows, then swapped in like a file.
     */
    public ImportResult importTable(ConnectionService.RemoteTable remote, Optional<DatasetName> requestedName, ImportMode mode,
                                    TaskContext ctx) {
        Instant started = Instant.now();
        List<String> notes = new ArrayList<>();
        String name = requestedName.map(n -> {
            if (n.changed()) {
                notes.add("dataset name '" + n.given() + "' became '" + n.value() + "'");
            }
            return n.value();
        }).orElse(DatasetNames.sanitize(remote.relation().name()));
        if (mode == ImportMode.CREATE && catalog.find(name).isPresent()) {
            throw exists(name);
        }
        Dialect d = warehouse.dialect();
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        RelationRef staging = new RelationRef(d.defaultSchema(), STAGING_PREFIX + suffix);
        RelationRef rejectsStaging = new RelationRef(DatasetCatalog.REJECTS_SCHEMA, STAGING_PREFIX + suffix);
        Engine sourceEngine = remote.engine();
        try (Session source = sourceEngine.openSession(true);
             Session session = warehouse.openSession();
             AutoCloseable cancelSource = ctx.onCancel(source::cancel);
             AutoCloseable cancelTarget = ctx.onCancel(session::cancel)) {
            RelationInfo info = source.describe(remote.relation()).orElseThrow(() -> AssayException.of(ErrorCode.NOT_FOUND,
                    "There is no table " + remote.relation() + " in connection " + remote.connection() + ".")
                    .detail("parameter", "target").build());
            long total = info.rowEstimate().orElse(-1);
            ImportResult result = session.inTransaction(s -> {
                long rows = RowCopier.copy(source, sourceEngine.dialect().qualify(remote.relation()), info.columns(), s, staging, ctx, total);
                s.execute(SqlStatement.of("CREATE TABLE " + d.qualify(rejectsStaging)
                        + " (line BIGINT, column_name VARCHAR, error VARCHAR, raw_line VARCHAR)"));
                LoadResult loaded = new LoadResult(rows, 0, List.of(), s.describe(staging).map(RelationInfo::columns).orElse(List.of()),
                        Map.of());
                Dataset dataset = swapIn(s, mode, remote.label(), sourceEngine.name(), name, loaded, staging, rejectsStaging, 0);
                return new ImportResult(dataset, rows, 0, List.of(), notes, Duration.ZERO);
            });
            session.checkpoint();
            Dataset stored = withStorage(session, result.dataset());
            return new ImportResult(stored, result.rowsLoaded(), 0, List.of(), notes, Duration.between(started, Instant.now()));
        } catch (AssayException e) {
            throw e;
        } catch (Exception e) {
            throw AssayException.internal("The copy of " + remote.label() + " failed unexpectedly", e);
        }
    }

    private ImportResult load(ImportRequest request, Path file, Path readable, FileSource source, FileSniffer.Sniffed sniffed,
                              String name, List<String> notes, Instant started, TaskContext ctx,
                              Optional<NdjsonLines.Split> badLines) {
        Dialect dialect = warehouse.dialect();
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        RelationRef staging = new RelationRef(dialect.defaultSchema(), STAGING_PREFIX + suffix);
        RelationRef rejectsStaging = new RelationRef(DatasetCatalog.REJECTS_SCHEMA, STAGING_PREFIX + suffix);
        long bytes = size(file);
        ctx.checkCancelled();
        try (Session session = warehouse.openSession();
             AutoCloseable cancel = ctx.onCancel(session::cancel)) {
            long t0 = System.nanoTime();
            long[] loadedAt = new long[1];
            ImportResult result = session.inTransaction(s -> {
                LoadResult loaded = stage(s, source, staging, rejectsStaging, badLines, file, readable, bytes, ctx,
                        l -> check(request, file, sniffed, l));
                loadedAt[0] = System.nanoTime();
                String format = sniffed.format().name().toLowerCase(Locale.ROOT) + (sniffed.compressed() ? "+gzip" : "");
                Dataset dataset = swapIn(s, request.mode(), request.sourceLabel().orElse(file.toString()), format, name, loaded, staging, rejectsStaging, bytes);
                long added = loaded.rows();
                return new ImportResult(dataset, added, loaded.rejectedRows(), loaded.firstRejections(),
                        notesFor(notes, loaded), Duration.ZERO);
            });
            long committed = System.nanoTime();
            ctx.progress("finishing", 1, 1, Progress.Unit.STEPS);
            session.checkpoint();
            long checkpointed = System.nanoTime();
            Dataset stored = withStorage(session, result.dataset());
            LOG.debug("import of {}: load {} ms, swap and commit {} ms, checkpoint {} ms, size {} ms", file,
                    (loadedAt[0] - t0) / 1_000_000, (committed - loadedAt[0]) / 1_000_000,
                    (checkpointed - committed) / 1_000_000, (System.nanoTime() - checkpointed) / 1_000_000);
            return new ImportResult(stored, result.rowsLoaded(), result.rejectedRows(), result.firstRejections(), result.notes(),
                    Duration.between(started, Instant.now()));
        } catch (AssayException e) {
            throw e;
        } catch (Exception e) {
            throw AssayException.internal("Import of " + file + " failed unexpectedly", e);
        }
    }

    /**
     * Loads the file into {@code staging} (and its bad rows into {@code rejectsStaging}) in the warehouse session
     * {@code s}. Where the warehouse reads files, the engine loads it straight in. Otherwise the {@link #reader} parses,
     * types and checks it in tables of its own, and the rows are streamed from there into the warehouse.
     */
    private LoadResult stage(Session s, FileSource source, RelationRef staging, RelationRef rejectsStaging,
                             Optional<NdjsonLines.Split> badLines, Path file, Path readable, long bytes, TaskContext ctx,
                             java.util.function.Consumer<LoadResult> check) {
        boolean direct = reader == warehouse;
        try (Session r = direct ? null : reader.openSession();
             AutoCloseable cancel = direct ? () -> { } : ctx.onCancel(r::cancel)) {
            Session at = direct ? s : r;
            RelationRef readerStaging = direct ? staging : new RelationRef(reader.dialect().defaultSchema(), staging.name());
            RelationRef readerRejects = direct ? rejectsStaging : new RelationRef(reader.dialect().defaultSchema(), rejectsStaging.name() + "_rejects");
            try {
                LoadResult loaded;
                try (ProgressPoller poller = ProgressPoller.start(at, ctx, "loading " + file.getFileName(), bytes, Progress.Unit.BYTES)) {
                    loaded = reader.files().orElseThrow().load(at, source, readerStaging, Optional.of(readerRejects));
                } catch (AssayException e) {
                    throw readable.equals(file) ? e : renamed(e, readable, file);
                }
                if (badLines.isPresent()) {
                    NdjsonLines.Split split = badLines.get();
                    NdjsonLines.appendRejects(split, at, readerRejects);
                    loaded = new LoadResult(loaded.rows(), split.badLines(), split.first(), loaded.columns(),
                            loaded.effectiveOptions(), loaded.notes());
                }
                ctx.checkCancelled();
                ctx.progress("checking", 0, 1, Progress.Unit.STEPS);
                check.accept(loaded);
                if (direct) {
                    return loaded;
                }
                Dialect rd = reader.dialect();
                RowCopier.copy(r, rd.qualify(readerStaging), loaded.columns(), s, staging, ctx, loaded.rows());
                List<Column> rejectColumns = r.describe(readerRejects).map(RelationInfo::columns).orElseThrow();
                RowCopier.copy(r, rd.qualify(readerRejects), rejectColumns, s, rejectsStaging, ctx, loaded.rejectedRows());
                List<Column> columns = s.describe(staging).map(RelationInfo::columns).orElse(loaded.columns());
                return new LoadResult(loaded.rows(), loaded.rejectedRows(), loaded.firstRejections(), columns,
                        loaded.effectiveOptions(), loaded.notes());
            } finally {
                if (!direct) {
                    r.execute(SqlStatement.of("DROP TABLE IF EXISTS " + reader.dialect().qualify(readerStaging)));
                    r.execute(SqlStatement.of("DROP TABLE IF EXISTS " + reader.dialect().qualify(readerRejects)));
                }
            }
        } catch (AssayException e) {
            throw e;
        } catch (Exception e) {
            throw AssayException.internal("Import of " + file + " failed unexpectedly", e);
        }
    }

    /** Refuses a load with bad rows (unless asked to skip them) or without columns. */
    private static void check(ImportRequest request, Path file, FileSniffer.Sniffed sniffed, LoadResult loaded) {
        if (loaded.rejectedRows() > 0 && !request.skipBadRows()) {
            throw badRows(file, loaded, sniffed.format() != SourceFormat.NDJSON && sniffed.format() != SourceFormat.JSON);
        }
        if (loaded.columns().isEmpty()) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, file + " holds no columns to import.")
                    .detail("file", file.toString())
                    .build();
        }
    }

    /** Puts the staged table (and its rejects) in place of, or after, the dataset's rows, and registers it. */
    private Dataset swapIn(Session s, ImportMode mode, String source, String format, String name,
                           LoadResult loaded, RelationRef staging, RelationRef rejectsStaging, long bytes) {
        Dialect d = warehouse.dialect();
        RelationRef target = catalog.relationOf(name);
        RelationRef rejects = catalog.rejectsOf(name);
        Optional<Dataset> existing = catalog.find(s, name);
        Instant now = Instant.now();
        long rows;
        long rejected;
        List<Column> columns;
        if (mode == ImportMode.APPEND) {
            Dataset old = existing.orElseThrow(() -> catalog.notFound(name));
            columns = checkAppendable(s, target, loaded, source);
            String named = loaded.columns().stream().map(c -> d.quoteIdentifier(existingName(columns, c.name())))
                    .collect(Collectors.joining(", "));
            String from = loaded.columns().stream().map(c -> d.quoteIdentifier(c.name())).collect(Collectors.joining(", "));
            s.execute(SqlStatement.of("INSERT INTO " + d.qualify(target) + " (" + named + ") SELECT " + from + " FROM " + d.qualify(staging)));
            s.execute(SqlStatement.of("DROP TABLE " + d.qualify(staging)));
            if (s.describe(rejects).isPresent()) {
                s.execute(SqlStatement.of("INSERT INTO " + d.qualify(rejects) + " SELECT * FROM " + d.qualify(rejectsStaging)));
                s.execute(SqlStatement.of("DROP TABLE " + d.qualify(rejectsStaging)));
            } else {
                s.execute(SqlStatement.of("ALTER TABLE " + d.qualify(rejectsStaging) + " RENAME TO " + d.quoteIdentifier(name)));
            }
            rows = old.rows() + loaded.rows();
            rejected = old.rejectedRows() + loaded.rejectedRows();
        } else {
            if (existing.isPresent() && mode == ImportMode.CREATE) {
                throw exists(name); // created by a concurrent import since the first check
            }
            dropIfExists(s, target);
            dropIfExists(s, rejects);
            s.execute(SqlStatement.of("ALTER TABLE " + d.qualify(staging) + " RENAME TO " + d.quoteIdentifier(name)));
            s.execute(SqlStatement.of("ALTER TABLE " + d.qualify(rejectsStaging) + " RENAME TO " + d.quoteIdentifier(name)));
            columns = loaded.columns();
            rows = loaded.rows();
            rejected = loaded.rejectedRows();
        }
        Map<String, String> options = new LinkedHashMap<>(loaded.effectiveOptions());
        Dataset dataset = new Dataset(name, target, source, format, options, rows, columns.size(), bytes, 0, rejected,
                existing.map(Dataset::importedAt).orElse(now), now);
        catalog.put(s, dataset);
        return dataset;
    }

    private Dataset withStorage(Session session, Dataset d) {
        long stored = session.storageBytes(d.relation()).orElse(0);
        if (stored == d.storedBytes()) {
            return d;
        }
        Dataset updated = new Dataset(d.name(), d.relation(), d.source(), d.format(), d.options(), d.rows(), d.columns(),
                d.sourceBytes(), stored, d.rejectedRows(), d.importedAt(), d.updatedAt());
        session.inTransaction(s -> {
            catalog.put(s, updated);
            return null;
        });
        return updated;
    }

    private List<Column> checkAppendable(Session s, RelationRef target, LoadResult loaded, String source) {
        RelationInfo info = s.describe(target).orElseThrow(() -> AssayException.internal(
                "The catalog names " + target + " but the warehouse has no such table", null));
        Map<String, Column> existing = info.columns().stream().collect(Collectors.toMap(c -> c.name().toLowerCase(Locale.ROOT), c -> c));
        List<String> unknown = loaded.columns().stream().map(Column::name)
                .filter(n -> !existing.containsKey(n.toLowerCase(Locale.ROOT))).toList();
        if (!unknown.isEmpty()) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, source + " has columns the dataset " + target.name()
                            + " does not: " + String.join(", ", unknown) + ".")
                    .hint("Append files with the same columns, or replace the dataset to take the new shape.")
                    .remedy("replace-or-append", "dataset", target.name())
                    .detail("file", source)
                    .build();
        }
        return info.columns();
    }

    /** The dataset's own spelling of a column the appended file names in any case. */
    private static String existingName(List<Column> columns, String name) {
        return columns.stream().map(Column::name).filter(n -> n.equalsIgnoreCase(name)).findFirst().orElse(name);
    }

    private void dropIfExists(Session s, RelationRef ref) {
        s.execute(SqlStatement.of("DROP TABLE IF EXISTS " + warehouse.dialect().qualify(ref)));
    }

    private static List<String> notesFor(List<String> notes, LoadResult loaded) {
        List<String> out = new ArrayList<>(notes);
        Map<String, String> o = loaded.effectiveOptions();
        List<String> detected = new ArrayList<>();
        if (o.containsKey("delimiter")) {
            detected.add("delimiter " + printable(o.get("delimiter")));
        }
        if (o.containsKey("header")) {
            detected.add("header " + o.get("header"));
        }
        if (o.containsKey("encoding")) {
            detected.add("encoding " + o.get("encoding"));
        }
        if (o.containsKey("decimal_separator")) {
            detected.add("decimal separator '" + o.get("decimal_separator") + "'");
        }
        if (o.containsKey("date_format")) {
            detected.add("dates " + o.get("date_format"));
        }
        if (!detected.isEmpty()) {
            out.add("read with " + String.join(", ", detected));
        }
        out.addAll(loaded.notes());
        return out;
    }

    private static String printable(String delimiter) {
        return delimiter.equals("\t") ? "tab" : "'" + delimiter + "'";
    }

    private String datasetName(ImportRequest request, Path file, List<String> notes) {
        if (request.name().isPresent()) {
            DatasetName n = request.name().get();
            if (n.changed()) {
                notes.add("dataset name '" + n.given() + "' became '" + n.value() + "' (names are lower-case letters, digits and _)");
            }
            return n.value();
        }
        return DatasetNames.fromFileName(file.getFileName().toString());
    }

    private static void checkReadable(Path file) {
        if (!Files.exists(file)) {
            throw AssayException.of(ErrorCode.NOT_FOUND, "The file " + file + " does not exist.")
                    .hint("Check the path; relative paths start at the current folder.")
                    .detail("file", file.toString())
                    .build();
        }
        if (!Files.isRegularFile(file)) {
            throw AssayException.invalidInput(file + " is not a file.", "Give the path of one data file.");
        }
        if (!Files.isReadable(file)) {
            throw AssayException.of(ErrorCode.FORBIDDEN, "The file " + file + " is not readable by this process.")
                    .hint("Check the file's permissions.")
                    .detail("file", file.toString())
                    .build();
        }
        if (size(file) == 0) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "The file " + file + " is empty: there is nothing to import.")
                    .hint("Check that the file was written completely.")
                    .detail("file", file.toString())
                    .build();
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private Path tempFile(String extension) {
        try {
            Files.createDirectories(tempDir);
            return Files.createTempFile(tempDir, "import-", extension);
        } catch (IOException e) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "Cannot write temporary files in " + tempDir + ": " + e.getMessage())
                    .hint("Make the data directory writable, or choose another.").remedy("data-dir")
                    .cause(e)
                    .build();
        }
    }

    private Path link(Path file) {
        String name = file.getFileName().toString();
        int dot = name.indexOf('.');
        String extension = dot >= 0 ? name.substring(dot).replaceAll("[^A-Za-z0-9.]", "") : "";
        Path link = tempFile(extension);
        try {
            Files.delete(link);
            Files.createSymbolicLink(link, file);
            return link;
        } catch (IOException e) {
            throw AssayException.internal("Cannot link " + file + " into " + tempDir, e);
        }
    }

    private static AssayException renamed(AssayException e, Path link, Path original) {
        AssayException.Builder b = AssayException.of(e.code(), e.getMessage().replace(link.toString(), original.toString()))
                .hint(e.hint().orElse(null)).cause(e);
        e.details().forEach((k, v) -> b.detail(k, k.equals("file") ? original.toString() : v));
        return b.build();
    }

    private static AssayException exists(String name) {
        return AssayException.of(ErrorCode.CONFLICT, "A dataset named '" + name + "' exists already.")
                .hint("Replace it to swap in the new data, append to add rows, or import under another name.")
                .remedy("replace-or-append", "dataset", name)
                .detail("parameter", "name")
                .build();
    }

    /** The first bad row of a load that had some; {@code delimited} for CSV, whose reader options may be the cause. */
    private static AssayException badRows(Path file, LoadResult loaded, boolean delimited) {
        Rejection first = loaded.firstRejections().get(0);
        String where = "line " + first.line() + (first.column().isEmpty() ? "" : ", column '" + first.column() + "'");
        String more = loaded.rejectedRows() == 1 ? "" : " (" + loaded.rejectedRows() + " rows in all could not be read)";
        String error = Values.abbreviate(first.error(), EXCERPT);
        java.util.regex.Matcher size = LINE_SIZE.matcher(first.error());
        String lineSize = size.find() ? String.valueOf(Long.parseLong(size.group(1)) + 1) : null;
        String hint = delimited
                ? "Fix the file there; or override what was detected (delimiter, quote, header, encoding, date_format"
                  + (lineSize == null ? "" : "; a line this long needs max_line_size=" + lineSize) + "); or load the good rows and "
                  + "keep the bad ones aside."
                : "Fix the line there (each line must be one JSON object); or load the good lines and keep the bad ones aside.";
        return AssayException.of(ErrorCode.INVALID_INPUT, file + ", " + where + ": " + error + more + ".")
                .hint(hint)
                .remedy(delimited ? "fix-or-skip-bad-rows" : "fix-json-lines-or-skip", "maxLineSize", lineSize)
                .detail("file", file.toString())
                .detail("line", first.line())
                .detail("column", first.column().isEmpty() ? null : first.column())
                .detail("rejectedRows", loaded.rejectedRows())
                .build();
    }

    private FileSupport files() {
        return reader.files().orElseThrow();
    }
}
