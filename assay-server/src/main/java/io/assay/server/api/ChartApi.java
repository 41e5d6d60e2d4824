package io.assay.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.analysis.chart.ChartRecommender;
import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.server.Http;
import io.assay.server.Route;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** Chart recommendation: which chart, with which encodings, suits a result's columns. */
public final class ChartApi {

    private static final int MAX_COLUMNS = 1000;

    public List<Route> routes() {
        return List.of(Route.post("/api/v1/charts/recommend", Route.Access.SIGNED_IN, this::recommend));
    }

    private void recommend(Context ctx) {
        Http.caller(ctx);
        JsonNode body = Http.body(ctx);
        JsonNode columns = body.get("columns");
        if (columns == null || !columns.isArray() || columns.size() > MAX_COLUMNS) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "The field 'columns' must be an array of at most " + MAX_COLUMNS
                    + " {name, type, distinct?} objects.").detail("parameter", "columns").build();
        }
        List<ChartRecommender.Field> fields = new ArrayList<>();
        int i = 0;
        for (JsonNode c : columns) {
            String at = "columns[" + i++ + "]";
            if (!c.isObject()) {
                throw AssayException.of(ErrorCode.INVALID_INPUT, at + " must be an object.").detail("parameter", at).build();
            }
            String name = Http.requiredText(c, "name");
            String type = Http.requiredText(c, "type");
            OptionalLong distinct = Http.optionalLong(c, "distinct", 0, Long.MAX_VALUE);
            fields.add(ChartRecommender.Field.of(name, type, distinct));
        }
        ChartRecommender.Recommendation r = ChartRecommender.recommend(fields);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", r.type().id());
        out.put("x", r.x().orElse(null));
        out.put("y", r.y().orElse(null));
        out.put("color", r.color().orElse(null));
        out.put("aggregation", r.aggregation().id());
        out.put("reason", r.reason());
        out.put("alternatives", r.alternatives().stream().map(ChartRecommender.Type::id).toList());
        Http.json(ctx, 200, out);
    }
}
