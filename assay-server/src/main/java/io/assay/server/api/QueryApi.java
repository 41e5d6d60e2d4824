package io.assay.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.platform.audit.AuditService;
import io.assay.platform.auth.Principal;
import io.assay.platform.export.JsonResultWriter;
import io.assay.platform.export.ResultWriter;
import io.assay.platform.jobs.Job;
import io.assay.platform.query.KeptResults;
import io.assay.platform.query.QueryOutput;
import io.assay.platform.query.QueryRequest;
import io.assay.platform.task.TaskContext;
import io.assay.platform.workspace.Workspace;
import io.assay.server.Http;
import io.assay.server.Route;
import io.assay.server.Views;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** SQL over HTTP: synchronous (streamed, capped), kept and paged, or as a job. */
public final class QueryApi {

    private static final int MAX_PAGE = KeptResults.MAX_PAGE;
    private final Workspace ws;

    public QueryApi(Workspace ws) {
        this.ws = ws;
    }

    public List<Route> routes() {
        return List.of(
                Route.post("/api/v1/query", Route.Access.SIGNED_IN, this::query),
                Route.post("/api/v1/query/jobs", Route.Access.SIGNED_IN, this::queryJob),
                Route.get("/api/v1/results/{resultId}", Route.Access.SIGNED_IN, this::result),
                Route.get("/api/v1/exports/{id}", Route.Access.SIGNED_IN, this::export));
    }

    /** A parsed query body. */
    private record Body(QueryRequest request, OptionalLong pageSize, Optional<String> format) {
    }

    private static Body parse(Context ctx) {
        JsonNode b = Http.body(ctx);
        String sql = Http.requiredText(b, "sql");
        List<Object> params = new ArrayList<>();
        JsonNode p = b.get("params");
        if (p != null && !p.isNull()) {
            if (!p.isArray()) {
                throw AssayException.of(ErrorCode.INVALID_INPUT, "params must be an array of values for the ? in the SQL.")
                        .detail("parameter", "params").build();
            }
            int i = 0;
            for (JsonNode v : p) {
                params.add(value(v, "params[" + i++ + "]"));
            }
        }
        return new Body(new QueryRequest(sql, timeout(b), maxRows(b), params), pageSize(b), Http.optionalText(b, "format"));
    }

    /** A JSON value as a bind parameter: null, a boolean, a whole or decimal number, or text; {@code where} names it in errors. */
    static Object value(JsonNode v, String where) {
        if (v.isNull()) {
            return null;
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.asLong();
        }
        if (v.isNumber()) {
            return v.decimalValue();
        }
        if (v.isTextual()) {
            return v.asText();
        }
        throw AssayException.of(ErrorCode.INVALID_INPUT, where + " must be a string, number, boolean or null.")
                .detail("parameter", where).build();
    }

    private void query(Context ctx) {
        Instant started = Instant.now();
        Principal p = Http.caller(ctx);
        Body body = parse(ctx);
        answer(ws, ctx, p, body.request(), Formats.of(ctx, body.format()), body.pageSize(),
                AuditService.event(p, "query.run").origin(Http.origin(ctx)), started);
    }

    /**
     * Runs a query and answers it in {@code format}: JSON as {@link QueryResultWriter} writes it, other formats
     * streamed as an attachment; with {@code pageSize}, the result is kept and its first page answered (JSON only).
     * Recorded as {@code event}.
     */
    static void answer(Workspace ws, Context ctx, Principal p, QueryRequest request, Formats.Api format, OptionalLong pageSize,
                       AuditService.Event event, Instant started) {
        if (pageSize.isPresent()) {
            if (format != Formats.Api.JSON) {
                throw AssayException.of(ErrorCode.INVALID_INPUT, "Paging (pageSize) gives JSON pages; other formats stream the whole result.")
                        .detail("parameter", "pageSize").build();
            }
            KeptResults.StoredResult kept = ws.queries().run(p, request, new QueryOutput.Keep(), event, TaskContext.silent());
            KeptResults.Page page = ws.queries().page(p, kept.id(), 0, (int) pageSize.getAsLong());
            Map<String, Object> out = pageView(page, kept.id());
            out.put("truncated", false);
            out.put("elapsedMs", Duration.between(started, Instant.now()).toMillis());
            out.put("cached", false);
            out.put("resultId", kept.id());
            Http.json(ctx, 200, out);
            return;
        }
        ctx.contentType(format.mediaType);
        if (format != Formats.Api.JSON) {
            Formats.attachment(ctx, "result", format);
        }
        ws.queries().run(p, request, QueryOutput.answer(format.platform,
                        cached -> format == Formats.Api.JSON ? new QueryResultWriter(started, cached) : ResultWriter.of(format.platform),
                        ctx.outputStream(), QueryOutput.Delivery.RESPONSE),
                event, TaskContext.silent());
    }

    /** The page size a query body asks for: {@code pageSize}, when its result is to be kept and paged. */
    static OptionalLong pageSize(JsonNode b) {
        return Http.optionalLong(b, "pageSize", 1, MAX_PAGE);
    }

    /** The limits of a query body: {@code maxRows} and {@code timeoutMs}. */
    static OptionalLong maxRows(JsonNode b) {
        return Http.optionalLong(b, "maxRows", 0, Long.MAX_VALUE);
    }

    static Optional<Duration> timeout(JsonNode b) {
        OptionalLong timeoutMs = Http.optionalLong(b, "timeoutMs", 1, Duration.ofDays(1).toMillis());
        return timeoutMs.isPresent() ? Optional.of(Duration.ofMillis(timeoutMs.getAsLong())) : Optional.empty();
    }

    private void queryJob(Context ctx) {
        Principal p = Http.caller(ctx);
        Body body = parse(ctx);
        io.assay.platform.audit.AuditService.Origin origin = Http.origin(ctx);
        if (body.format().isPresent() && Formats.of(ctx, body.format()) != Formats.Api.JSON) {
            // A file format: an export job, whose file downloads from /api/v1/exports/{job id}.
            Job export = ws.exports().start(p, body.request(), Formats.of(ctx, body.format()).platform, origin);
            ctx.header("Location", "/api/v1/jobs/" + export.id());
            Http.json(ctx, 202, Views.job(export));
            return;
        }
        Job job = ws.queryJobs().keep(p, body.request(), origin);
        ctx.header("Location", "/api/v1/jobs/" + job.id());
        Http.json(ctx, 202, Views.job(job));
    }

    private void result(Context ctx) throws IOException {
        Principal p = Http.caller(ctx);
        String id = ctx.pathParam("resultId");
        Optional<String> explicit = Http.query(ctx, "format");
        Formats.Api format = explicit.isPresent() ? Formats.of(ctx, explicit) : Formats.Api.JSON;
        if (format != Formats.Api.JSON) {
            if (format == Formats.Api.PARQUET) {
                throw AssayException.of(ErrorCode.INVALID_INPUT, "A kept result downloads as csv, ndjson or xlsx.")
                        .hint("Run the query again with format parquet.").detail("parameter", "format").build();
            }
            ws.queries().stored(p, id);
            Formats.attachment(ctx, "result-" + id, format);
            ctx.contentType(format.mediaType);
            ws.queries().download(p, id, ResultWriter.of(format.platform), ctx.outputStream());
            return;
        }
        long offset = Http.cursorKey(ctx).map(QueryApi::offset).orElse(0L);
        int limit = Http.intParam(ctx, "limit", 1, MAX_PAGE).orElse(1000);
        Http.json(ctx, 200, pageView(ws.queries().page(p, id, offset, limit), id));
    }

    private void export(Context ctx) throws IOException {
        io.assay.platform.workspace.Exports.File file = ws.exports().file(Http.caller(ctx), ctx.pathParam("id"));
        Formats.Api format = Formats.Api.valueOf(file.format().name());
        ws.audit().record(io.assay.platform.audit.AuditService.event(Http.caller(ctx), "export.download").target(ctx.pathParam("id"))
                .origin(Http.origin(ctx)));
        ctx.contentType(format.mediaType);
        ctx.header("Content-Disposition", "attachment; filename=\"" + file.name() + "\"");
        try (InputStream in = Files.newInputStream(file.path())) {
            in.transferTo(ctx.outputStream());
        }
    }

    private static long offset(String key) {
        try {
            return Long.parseLong(key.substring(key.indexOf(':') + 1));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "The cursor is not one this server gave.").detail("parameter", "cursor").build();
        }
    }

    private static Map<String, Object> pageView(KeptResults.Page page, String resultId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("columns", Views.columns(page.columns()));
        List<Object> rows = new ArrayList<>();
        for (Object[] r : page.rows()) {
            List<Object> row = new ArrayList<>();
            for (Object v : r) {
                row.add(DatasetApi.plain(v));
            }
            rows.add(row);
        }
        m.put("rows", rows);
        m.put("rowCount", page.rows().size());
        m.put("offset", page.offset());
        m.put("totalRows", page.totalRows());
        m.put("nextCursor", page.nextOffset().isPresent() ? Http.cursor(resultId + ":" + page.nextOffset().getAsLong()) : null);
        return m;
    }

    static ResultWriter json() {
        return new JsonResultWriter(false);
    }
}
