package io.assay.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.analysis.model.AnalysisMode;
import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.platform.auth.Principal;
import io.assay.platform.report.ReportFormat;
import io.assay.platform.workspace.AnalysisRuns;
import io.assay.platform.workspace.Workspace;
import io.assay.server.Http;
import io.assay.server.Route;
import io.assay.server.Views;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/** Analyses: start (a job), list, one, its result JSON, its report in each format. */
public final class AnalysisApi {

    private final Workspace ws;

    public AnalysisApi(Workspace ws) {
        this.ws = ws;
    }

    public List<Route> routes() {
        return List.of(
                Route.post("/api/v1/analyses", Route.Access.SIGNED_IN, this::start),
                Route.get("/api/v1/analyses", Route.Access.SIGNED_IN, this::list),
                Route.get("/api/v1/analyses/{id}", Route.Access.SIGNED_IN,
                        ctx -> Http.json(ctx, 200, Views.analysis(ws.analyses().get(Http.caller(ctx), ctx.pathParam("id"))))),
                Route.get("/api/v1/analyses/{id}/result", Route.Access.SIGNED_IN, ctx -> send(ctx, ReportFormat.JSON, false)),
                Route.get("/api/v1/analyses/{id}/report", Route.Access.SIGNED_IN, this::report));
    }

    private void start(Context ctx) {
        JsonNode b = Http.body(ctx);
        String dataset = Http.requiredText(b, "dataset");
        String modeText = Http.optionalText(b, "mode").orElse("full");
        AnalysisMode mode;
        try {
            mode = AnalysisMode.valueOf(modeText.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "'" + modeText + "' is not an analysis mode.")
                    .hint("Give schema, quick or full.").detail("parameter", "mode").build();
        }
        OptionalLong sample = Http.optionalLong(b, "sampleRows", 1, Long.MAX_VALUE);
        AnalysisRuns.Run run = ws.analyses().start(Http.caller(ctx), io.assay.platform.catalog.DatasetName.of(dataset, "dataset"), mode, Http.optionalText(b, "timeColumn"), sample, Http.origin(ctx));
        ctx.header("Location", "/api/v1/analyses/" + run.id());
        Http.json(ctx, 202, Views.analysis(run));
    }

    private void list(Context ctx) {
        Principal p = Http.caller(ctx);
        int limit = Http.limit(ctx);
        List<AnalysisRuns.Run> runs = ws.analyses().list(p, Http.query(ctx, "dataset"), Http.cursorKey(ctx), limit + 1);
        Http.json(ctx, 200, Http.page(runs, limit, AnalysisRuns.Run::id, Views::analysis));
    }

    private void report(Context ctx) throws IOException {
        String f = Http.query(ctx, "format").orElse("html").toLowerCase(Locale.ROOT);
        ReportFormat format = switch (f) {
            case "html" -> ReportFormat.HTML;
            case "json" -> ReportFormat.JSON;
            case "xlsx" -> ReportFormat.XLSX;
            case "md", "markdown" -> ReportFormat.MARKDOWN;
            case "pdf" -> ReportFormat.PDF;
            default -> throw AssayException.of(ErrorCode.INVALID_INPUT, "'" + f + "' is not a report format.")
                    .hint("Give html, json, xlsx, md or pdf.").detail("parameter", "format").build();
        };
        send(ctx, format, true);
    }

    private void send(Context ctx, ReportFormat format, boolean attachment) throws IOException {
        Principal p = Http.caller(ctx);
        String id = ctx.pathParam("id");
        Path file = ws.analyses().report(p, id, format, Http.origin(ctx));
        AnalysisRuns.Run run = ws.analyses().get(p, id);
        ctx.contentType(format.mediaType());
        if (attachment) {
            ctx.header("Content-Disposition", "attachment; filename=\"" + run.dataset() + "-report." + format.extension() + "\"");
        }
        if (format == ReportFormat.HTML) {
            // The report is self-contained (charts inlined); let it run its own script and nothing else.
            ctx.header("Content-Security-Policy", "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:");
        }
        try (InputStream in = Files.newInputStream(file)) {
            in.transferTo(ctx.outputStream());
        }
    }
}
