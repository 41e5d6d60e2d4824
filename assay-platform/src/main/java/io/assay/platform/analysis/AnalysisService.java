package io.assay.platform.analysis;

import io.assay.analysis.model.AnalysisResult;
import io.assay.analysis.profile.AnalysisOptions;
import io.assay.analysis.profile.Analyzer;
import io.assay.engine.AssayException;
import io.assay.engine.Engine;
import io.assay.engine.ErrorCode;
import io.assay.engine.QueryOptions;
import io.assay.engine.RelationRef;
import io.assay.engine.Session;
import io.assay.platform.catalog.Dataset;
import io.assay.platform.catalog.DatasetCatalog;
import io.assay.platform.catalog.DatasetNames;
import io.assay.platform.config.AssayConfig;
import io.assay.platform.connect.ConnectionService;
import io.assay.platform.imports.ImportMode;
import io.assay.platform.imports.ImportRequest;
import io.assay.platform.imports.ImportService;
import io.assay.platform.report.ReportFormat;
import io.assay.platform.report.Reports;
import io.assay.platform.task.Progress;
import io.assay.platform.task.TaskContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Runs analyses of datasets (importing a file first when the target is one) and writes their
 * reports. The work happens in {@code assay-analysis}, in the engine; this service resolves the
 * target, wires progress and cancellation, and keeps the report in the data directory.
 */
public final class AnalysisService {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Engine warehouse;
    private final DatasetCatalog catalog;
    private final ImportService imports;
    private final ConnectionService connections;
    private final AssayConfig config;
    private final Reports reports = new Reports();

    public AnalysisService(Engine warehouse, DatasetCatalog catalog, ImportService imports, ConnectionService connections,
                           AssayConfig config) {
        this.warehouse = warehouse;
        this.catalog = catalog;
        this.imports = imports;
        this.connections = connections;
        this.config = config;
    }

    /** What an analysis reads: a table on an engine, and the name its report goes by. */
    private record Target(Engine engine, RelationRef relation, String name, boolean remote) {
    }

    public AnalysisResult analyze(AnalysisRequest request, TaskContext ctx) {
        Target target = resolve(request.target(), ctx);
        request.sampleRows().ifPresent(n -> {
            if (n < 1) {
                throw AssayException.of(ErrorCode.INVALID_INPUT, "The sample size must be at least 1 row, not " + n + ".")
                        .detail("parameter", "sample").build();
            }
        });
        AnalysisOptions options = new AnalysisOptions(request.mode(), request.timeColumn(), request.sampleRows());
        QueryOptions limits = new QueryOptions(Optional.of(config.queryTimeout()), OptionalLong.empty());
        // Someone else's database is only ever read: a read-only session where the engine enforces it.
        try (Session session = target.engine().openSession(target.remote()); AutoCloseable cancel = ctx.onCancel(session::cancel)) {
            ctx.checkCancelled();
            return new Analyzer(session, limits).analyze(target.name(), target.relation(), options,
                    (stage, step, steps) -> {
                        ctx.checkCancelled();
                        ctx.progress(stage, step, steps, Progress.Unit.STEPS);
                    });
        } catch (AssayException e) {
            throw e;
        } catch (Exception e) {
            throw AssayException.internal("The analysis of " + target.name() + " failed unexpectedly", e);
        }
    }

    /** Writes the report to {@code file}, its format from the extension (.html, .json, .xlsx, .md). */
    public Path writeReport(AnalysisResult result, Path file) {
        ReportFormat.fromFileName(file.getFileName().toString());
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return reports.write(result, file);
        } catch (IOException e) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "Could not write the report to " + file + ": " + e.getMessage())
                    .hint("Check that the folder is writable and has space.")
                    .detail("parameter", "out")
                    .cause(e)
                    .build();
        }
    }

    /** Writes the HTML report into the data directory's reports folder; answers its path. */
    public Path keepReport(AnalysisResult result) {
        Path file = config.reportsDir().resolve(result.dataset() + "-" + STAMP.format(result.startedAt()) + ".html");
        return writeReport(result, file);
    }

    /** The report as text in a text format (Markdown or JSON), for a terminal or a response body. */
    public String render(AnalysisResult result, ReportFormat format) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            reports.writer(format).write(result, out);
        } catch (IOException e) {
            throw AssayException.internal("Could not render the " + format + " report", e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * A dataset by name; or a file's dataset, imported (again) when the target is a path to a file; or
     * a table in one of the user's databases, {@code CONNECTION.schema.table} (or {@code CONNECTION.table}
     * in the connection's default schema), analysed where it lives.
     */
    private Target resolve(String target, TaskContext ctx) {
        Optional<Dataset> byName = catalog.find(target);
        if (byName.isPresent()) {
            return local(byName.get());
        }
        Path file = Path.of(target).toAbsolutePath().normalize();
        if (Files.isRegularFile(file)) {
            return local(importFile(file, ctx));
        }
        return connections.resolve(target).map(remote -> new Target(remote.engine(), remote.relation(), remote.label(), true))
                .orElseThrow(() -> notFound(target));
    }

    /** What to answer for a target that is no dataset, no file and no connection's table: a missing file when it reads as a path. */
    public AssayException notFound(String target) {
        return looksLikeAFile(target) ? fileNotFound(target, Path.of(target).toAbsolutePath().normalize()) : catalog.notFound(target);
    }

    private static final java.util.regex.Pattern DATA_FILE = java.util.regex.Pattern.compile(
            "(?i).*\\.(csv|tsv|txt|json|ndjson|jsonl|geojson|parquet|xlsx|xls|gz)$");

    /** A target written as a path (a separator, or a data file's extension) means a file, not a dataset. */
    static boolean looksLikeAFile(String target) {
        return target.contains("/") || target.contains(java.io.File.separator) || DATA_FILE.matcher(target).matches();
    }

    private static AssayException fileNotFound(String target, Path file) {
        boolean directory = Files.isDirectory(file);
        return AssayException.of(ErrorCode.NOT_FOUND, directory
                        ? "'" + target + "' is a directory, not a data file."
                        : "The file '" + target + "' does not exist" + (target.equals(file.toString()) ? "." : " (looked for " + file + ")."))
                .hint(directory ? "Name one data file in it."
                        : "Check the path (relative paths start from the current directory), or name a dataset.")
                .remedy(directory ? "name-a-file" : "list", "what", "datasets")
                .detail("parameter", "target")
                .detail("path", file.toString())
                .build();
    }

    private Target local(Dataset d) {
        return new Target(warehouse, d.relation(), d.name(), false);
    }

    private Dataset importFile(Path file, TaskContext ctx) {
        String name = DatasetNames.fromFileName(file.getFileName().toString());
        Optional<Dataset> existing = catalog.find(name);
        if (existing.isPresent() && !existing.get().source().equals(file.toString())) {
            throw AssayException.of(ErrorCode.CONFLICT, "A dataset named '" + name + "' exists already, from "
                            + existing.get().source() + ".")
                    .hint("Analyse it by name, or import this file under another name.").remedy("import-under-another-name", "dataset", name)
                    .detail("parameter", "target")
                    .build();
        }
        ImportMode mode = existing.isPresent() ? ImportMode.REPLACE : ImportMode.CREATE;
        return imports.importFile(new ImportRequest(file, Optional.of(io.assay.platform.catalog.DatasetName.of(name)), mode, Map.of(), false), ctx).dataset();
    }
}
