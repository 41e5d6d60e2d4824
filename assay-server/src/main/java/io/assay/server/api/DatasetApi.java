package io.assay.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.engine.AssayException;
import io.assay.engine.Column;
import io.assay.engine.ErrorCode;
import io.assay.platform.auth.DatasetAccess;
import io.assay.platform.auth.Principal;
import io.assay.platform.catalog.DatasetName;
import io.assay.platform.export.JsonResultWriter;
import io.assay.platform.export.ResultWriter;
import io.assay.platform.imports.ImportMode;
import io.assay.platform.jobs.Job;
import io.assay.platform.task.TaskContext;
import io.assay.platform.workspace.DatasetGateway;
import io.assay.platform.workspace.Workspace;
import io.assay.server.Http;
import io.assay.server.Route;
import io.assay.server.Views;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** Datasets: list, detail, upload (streamed to disk, imported as a job), delete, rejected rows, download, grants. */
public final class DatasetApi {

    private final Workspace ws;
    private final long maxUploadBytes;

    public DatasetApi(Workspace ws) {
        this.ws = ws;
        this.maxUploadBytes = ws.config().server().maxUploadBytes();
    }

    public List<Route> routes() {
        return List.of(
                Route.get("/api/v1/datasets", Route.Access.SIGNED_IN, this::list),
                Route.post("/api/v1/datasets", Route.Access.SIGNED_IN, this::upload),
                Route.get("/api/v1/datasets/{name}", Route.Access.SIGNED_IN, this::get),
                Route.delete("/api/v1/datasets/{name}", Route.Access.SIGNED_IN, this::delete),
                Route.get("/api/v1/datasets/{name}/rejects", Route.Access.SIGNED_IN, this::rejects),
                Route.get("/api/v1/datasets/{name}/data", Route.Access.SIGNED_IN, this::data),
                Route.put("/api/v1/datasets/{name}/grants/{grantee}", Route.Access.SIGNED_IN, this::grant),
                Route.delete("/api/v1/datasets/{name}/grants/{grantee}", Route.Access.SIGNED_IN, this::revoke));
    }

    private void list(Context ctx) {
        Principal p = Http.caller(ctx);
        Optional<String> q = Http.query(ctx, "q").map(s -> s.toLowerCase(Locale.ROOT));
        String sort = Http.query(ctx, "sort").orElse("name");
        boolean desc = Http.query(ctx, "order").map(o -> {
            if (!o.equals("asc") && !o.equals("desc")) {
                throw AssayException.of(ErrorCode.INVALID_INPUT, "order must be asc or desc, not '" + o + "'.").detail("parameter", "order").build();
            }
            return o.equals("desc");
        }).orElse(false);
        Comparator<DatasetGateway.View> by = switch (sort) {
            case "name" -> Comparator.comparing(v -> v.dataset().name());
            case "rows" -> Comparator.comparingLong(v -> v.dataset().rows());
            case "columns" -> Comparator.comparingInt(v -> v.dataset().columns());
            case "size" -> Comparator.comparingLong(v -> Math.max(v.dataset().storedBytes(), v.dataset().sourceBytes()));
            case "updated" -> Comparator.comparing(v -> v.dataset().updatedAt());
            case "quality" -> Comparator.comparingDouble(v -> v.qualityScore().orElse(-1));
            default -> throw AssayException.of(ErrorCode.INVALID_INPUT, "Cannot sort datasets by '" + sort + "'.")
                    .hint("Sort by name, rows, columns, size, updated or quality.").detail("parameter", "sort").build();
        };
        List<DatasetGateway.View> all = new ArrayList<>(ws.datasets().list(p).stream()
                .filter(v -> q.isEmpty() || v.dataset().name().contains(q.get()) || v.dataset().source().toLowerCase(Locale.ROOT).contains(q.get()))
                .toList());
        all.sort(desc ? by.reversed().thenComparing(v -> v.dataset().name()) : by.thenComparing(v -> v.dataset().name()));
        int offset = Http.cursorKey(ctx).map(DatasetApi::offset).orElse(0);
        int limit = Http.limit(ctx);
        List<DatasetGateway.View> page = all.subList(Math.min(offset, all.size()), Math.min(all.size(), offset + limit));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", page.stream().map(Views::dataset).toList());
        body.put("nextCursor", offset + limit < all.size() ? Http.cursor(String.valueOf(offset + limit)) : null);
        Http.json(ctx, 200, body);
    }

    private static int offset(String key) {
        try {
            return Math.max(0, Integer.parseInt(key));
        } catch (NumberFormatException e) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "The cursor is not one this server gave.").detail("parameter", "cursor").build();
        }
    }

    /** The dataset the path names, normalised once here: every check and write below uses this one value. */
    private static DatasetName name(Context ctx) {
        return DatasetName.of(ctx.pathParam("name"), "name");
    }

    private void get(Context ctx) {
        Http.json(ctx, 200, Views.datasetDetail(ws.datasets().describe(Http.caller(ctx), name(ctx), Http.origin(ctx))));
    }

    private void delete(Context ctx) {
        ws.datasets().delete(Http.caller(ctx), name(ctx), Http.origin(ctx));
        ctx.status(204);
    }

    /**
     * Takes the file as a multipart {@code file} part or as the raw body, streams it to the uploads
     * folder (never into memory), and imports it as a job.
     */
    private void upload(Context ctx) throws Exception {
        Principal p = Http.caller(ctx);
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxUploadBytes) {
            throw tooLarge(declared);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        ctx.queryParamMap().forEach((k, v) -> fields.put(k, v.isEmpty() ? "" : v.get(0)));
        DatasetGateway.Upload upload;
        if (ctx.isMultipartFormData()) {
            UploadedFile file;
            try {
                file = ctx.uploadedFile("file");
                ctx.formParamMap().forEach((k, v) -> fields.putIfAbsent(k, v.isEmpty() ? "" : v.get(0)));
            } catch (RuntimeException e) {
                String why = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
                if (why.contains("filesize") || why.contains("maxrequestsize")) {
                    throw tooLarge(declared);
                }
                if (why.contains("header line")) {
                    throw AssayException.of(ErrorCode.INVALID_INPUT, "A header of the multipart body is longer than this server reads; "
                                    + "most likely the file name is too long.")
                            .hint("Give the file a name of at most " + MAX_FILE_NAME + " characters.").detail("parameter", "file").cause(e).build();
                }
                throw AssayException.of(ErrorCode.INVALID_INPUT, "The multipart body could not be read: " + e.getMessage())
                        .hint("Send the file as a part named 'file', or as the raw body.").cause(e).build();
            }
            if (file == null) {
                throw AssayException.of(ErrorCode.INVALID_INPUT, "The multipart body has no part named 'file'.")
                        .hint("Name the file's part 'file'.").detail("parameter", "file").build();
            }
            try (InputStream in = file.content()) {
                upload = save(in, file.filename(), -1);
            }
        } else {
            String name = Optional.ofNullable(fields.get("filename")).filter(s -> !s.isBlank()).or(() -> dispositionName(ctx))
                    .orElseThrow(() -> AssayException.of(ErrorCode.INVALID_INPUT, "A raw upload needs a file name.")
                            .hint("Pass ?filename=orders.csv, or a Content-Disposition header with a filename.").detail("parameter", "filename").build());
            try (InputStream in = ctx.bodyInputStream()) {
                upload = save(in, name, declared);
            }
        }
        Optional<DatasetName> name;
        ImportMode mode;
        boolean skip;
        boolean wait;
        try {
            name = Optional.ofNullable(fields.get("name")).filter(s -> !s.isBlank()).map(s -> DatasetName.of(s, "name"));
            mode = mode(Optional.ofNullable(fields.get("mode")).orElse("create"));
            skip = bool(fields.get("skipBadRows"), "skipBadRows");
            wait = bool(fields.get("wait"), "wait");
        } catch (RuntimeException e) {
            // The file is on disk already (multipart fields come with it): a bad parameter must not leave it there.
            discard(upload);
            throw e;
        }
        Map<String, String> options = new LinkedHashMap<>();
        fields.forEach((k, v) -> {
            if (k.startsWith("option.")) {
                options.put(k.substring("option.".length()), v);
            }
        });
        Job job = ws.datasets().importUpload(p, upload, name, mode, options, skip, Http.origin(ctx));
        if (!wait) {
            ctx.header("Location", "/api/v1/jobs/" + job.id());
            Http.json(ctx, 202, Views.job(job));
            return;
        }
        Job done = awaitJob(p, job.id());
        if (done.status() != Job.Status.SUCCEEDED) {
            Job.JobError e = done.error().orElse(new Job.JobError(ErrorCode.CANCELLED.name(), "The import was cancelled.", Optional.empty(), Map.of()));
            throw io.assay.platform.jobs.JobService.exceptionOf(e);
        }
        Map<String, Object> r = done.result().orElse(Map.of());
        String dataset = String.valueOf(r.get("dataset"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dataset", Views.dataset(ws.datasets().view(p, DatasetName.of(dataset))));
        body.put("rowsLoaded", r.get("rowsLoaded"));
        body.put("rejectedRows", r.get("rejectedRows"));
        body.put("firstRejections", firstRejections(p, dataset));
        body.put("notes", r.get("notes"));
        body.put("elapsedMs", r.get("elapsedMs"));
        ctx.header("Location", "/api/v1/datasets/" + dataset);
        Http.json(ctx, 201, body);
    }

    private List<Object> firstRejections(Principal p, String dataset) {
        return ws.datasets().rejects(p, DatasetName.of(dataset), 5, io.assay.platform.audit.AuditService.Origin.NONE, rows -> {
            List<Object> out = new ArrayList<>();
            while (rows.next()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("line", rows.get(0) == null ? 0 : ((Number) rows.get(0)).longValue());
                Object column = rows.get(1);
                m.put("column", column == null || column.toString().isEmpty() ? null : column.toString());
                m.put("error", String.valueOf(rows.get(2)));
                out.add(m);
            }
            return out;
        });
    }

    private Job awaitJob(Principal p, String id) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Job> last = new AtomicReference<>();
        try (AutoCloseable watch = ws.jobs().watch(p, id, j -> {
            last.set(j);
            if (j.status().finished()) {
                done.countDown();
            }
        })) {
            done.await(1, TimeUnit.DAYS);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw AssayException.internal("Waiting for the import failed", e);
        }
        return last.get().status().finished() ? last.get() : ws.jobs().get(p, id);
    }

    /** The longest file name an upload may carry, as most file systems allow. */
    private static final int MAX_FILE_NAME = 255;

    private DatasetGateway.Upload save(InputStream in, String originalName, long declared) throws IOException {
        String base = originalName.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        String clean = base.isBlank() ? "upload" : base;
        if (clean.length() > MAX_FILE_NAME) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "The file name is " + clean.length() + " characters long; at most "
                            + MAX_FILE_NAME + " are accepted.")
                    .hint("Rename the file, or give a shorter filename.").detail("parameter", "filename").build();
        }
        // Kept on disk under a short, plain name: the original name only travels as text.
        String safe = clean.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.length() > 100) {
            safe = safe.substring(safe.length() - 100);
        }
        if (safe.isBlank() || safe.startsWith(".")) {
            safe = "upload" + safe;
        }
        Path dir = ws.config().uploadsDir().resolve(io.assay.platform.store.Ids.newId());
        Files.createDirectories(dir);
        Path file = dir.resolve(safe);
        long total = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while (true) {
                try {
                    n = in.read(buffer);
                } catch (IOException e) {
                    // The client stopped sending (closed, or went quiet past the idle timeout) before the body ended.
                    throw AssayException.of(ErrorCode.INVALID_INPUT, "The upload of " + clean + " ended after " + total + " bytes"
                                    + (declared > 0 ? " of the " + declared + " its Content-Length declared" : "") + ".")
                            .hint("Send the whole file; a Content-Length must match the body.").detail("file", clean).cause(e).build();
                }
                if (n < 0) {
                    break;
                }
                total += n;
                if (total > maxUploadBytes) {
                    throw tooLarge(total);
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
            throw e;
        }
        if (total == 0) {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
            throw AssayException.of(ErrorCode.INVALID_INPUT, "The uploaded file " + clean + " is empty.")
                    .hint("Send a file with a header row and data.").detail("file", clean).build();
        }
        return new DatasetGateway.Upload(file, clean, total);
    }

    private static void discard(DatasetGateway.Upload upload) {
        try {
            Files.deleteIfExists(upload.file());
            Files.deleteIfExists(upload.file().getParent());
        } catch (IOException ignored) {
            // The uploads folder is swept at start-up.
        }
    }

    private AssayException tooLarge(long bytes) {
        return AssayException.of(ErrorCode.LIMIT_EXCEEDED, "The upload is larger than this server accepts ("
                        + (bytes > 0 ? bytes + " bytes, " : "") + "limit " + maxUploadBytes + " bytes).")
                .hint("Split the file, or ask the admin to raise limits.upload-size.").detail("limit", "upload-size").build();
    }

    private static Optional<String> dispositionName(Context ctx) {
        String h = ctx.header("Content-Disposition");
        if (h == null) {
            return Optional.empty();
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("filename=\"?([^\";]+)\"?").matcher(h);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static ImportMode mode(String s) {
        try {
            return ImportMode.valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "'" + s + "' is not an import mode.")
                    .hint("Give create, replace or append.").detail("parameter", "mode").build();
        }
    }

    private static boolean bool(String v, String name) {
        if (v == null || v.isBlank()) {
            return false;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw AssayException.of(ErrorCode.INVALID_INPUT, "'" + name + "' must be true or false, not '" + v + "'.")
                    .detail("parameter", name).build();
        };
    }

    private void rejects(Context ctx) {
        long limit = Http.intParam(ctx, "limit", 1, 10_000).orElse(100);
        Map<String, Object> body = ws.datasets().rejects(Http.caller(ctx), name(ctx), limit, Http.origin(ctx), rows -> {
            Map<String, Object> m = new LinkedHashMap<>();
            List<Column> columns = rows.columns();
            m.put("columns", Views.columns(columns));
            List<Object> out = new ArrayList<>();
            while (rows.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 0; i < columns.size(); i++) {
                    row.add(plain(rows.get(i)));
                }
                out.add(row);
            }
            m.put("rows", out);
            m.put("rowCount", out.size());
            return m;
        });
        Http.json(ctx, 200, body);
    }

    static Object plain(Object v) {
        if (v == null || v instanceof Boolean || v instanceof Long || v instanceof java.math.BigDecimal || v instanceof java.math.BigInteger) {
            return v;
        }
        if (v instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? null : d;
        }
        return io.assay.platform.export.Values.toText(v);
    }

    private void data(Context ctx) throws IOException {
        Principal p = Http.caller(ctx);
        DatasetName name = name(ctx);
        Formats.Api format = Formats.of(ctx, Http.query(ctx, "format"));
        ws.datasets().view(p, name);
        Formats.attachment(ctx, name.value(), format);
        ctx.contentType(format.mediaType);
        ws.datasets().download(p, name, format.platform,
                cached -> format == Formats.Api.JSON ? new JsonResultWriter(false) : ResultWriter.of(format.platform), ctx.outputStream(),
                Http.origin(ctx));
    }

    private void grant(Context ctx) {
        JsonNode body = Http.body(ctx);
        DatasetAccess.Access level = DatasetAccess.Access.parse(Http.requiredText(body, "access"));
        Http.json(ctx, 200, Views.grant(ws.datasets().grant(Http.caller(ctx), name(ctx), ctx.pathParam("grantee"), level,
                Http.origin(ctx))));
    }

    private void revoke(Context ctx) {
        ws.datasets().revoke(Http.caller(ctx), name(ctx), ctx.pathParam("grantee"), Http.origin(ctx));
        ctx.status(204);
    }

    static TaskContext cancelOnDisconnect() {
        return TaskContext.silent();
    }
}
