package io.assay.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.platform.audit.AuditService;
import io.assay.platform.auth.Principal;
import io.assay.platform.query.QueryRequest;
import io.assay.platform.saved.Question;
import io.assay.platform.saved.QuestionCompiler;
import io.assay.platform.workspace.Workspace;
import io.assay.server.Http;
import io.assay.server.Route;
import io.javalin.http.Context;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Questions built without SQL: the SQL a question makes (to show it, or to open it in the SQL editor), and its answer, run as
 * that SQL with its bind parameters through the same governed query pipeline as {@code POST /api/v1/query}.
 */
public final class QuestionApi {

    private final Workspace ws;

    public QuestionApi(Workspace ws) {
        this.ws = ws;
    }

    public List<Route> routes() {
        return List.of(
                Route.post("/api/v1/questions/sql", Route.Access.SIGNED_IN, ctx -> {
                    Principal p = Http.caller(ctx);
                    QuestionCompiler.Compiled c = ws.questionSql(p, question(ctx), Http.origin(ctx));
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("sql", c.sql());
                    m.put("params", c.params().stream().map(QuestionApi::json).toList());
                    Http.json(ctx, 200, m);
                }),
                Route.post("/api/v1/questions/run", Route.Access.SIGNED_IN, this::run));
    }

    private static Question question(Context ctx) {
        JsonNode b = Http.body(ctx);
        // Fields are named within the question (measures[1].column), as the compiler names them.
        return Question.parse(b.has("question") ? b.get("question") : b, "");
    }

    private void run(Context ctx) {
        Instant started = Instant.now();
        Principal p = Http.caller(ctx);
        JsonNode b = Http.body(ctx);
        QuestionCompiler.Compiled c = ws.questionSql(p, question(ctx), Http.origin(ctx));
        QueryRequest request = new QueryRequest(c.sql(), QueryApi.timeout(b), QueryApi.maxRows(b), c.params());
        QueryApi.answer(ws, ctx, p, request, Formats.of(ctx, Http.optionalText(b, "format")), QueryApi.pageSize(b),
                AuditService.event(p, "query.run").origin(Http.origin(ctx)).addDetail("question"), started);
    }

    /** A bind value as JSON shows it: dates as ISO text, numbers as numbers. */
    private static Object json(Object v) {
        return v instanceof java.time.temporal.TemporalAccessor ? v.toString() : v;
    }
}
