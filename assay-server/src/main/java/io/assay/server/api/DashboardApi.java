package io.assay.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.platform.auth.Principal;
import io.assay.platform.export.DashboardExporter;
import io.assay.platform.saved.Dashboard;
import io.assay.platform.saved.DashboardService;
import io.assay.platform.saved.ObjectGrants;
import io.assay.platform.workspace.Workspace;
import io.assay.server.Http;
import io.assay.server.Route;
import io.assay.server.Views;
import io.javalin.http.Context;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Dashboards: CRUD, sharing, runs with filter values, and signed public links opened without signing in. */
public final class DashboardApi {

    private final Workspace ws;

    public DashboardApi(Workspace ws) {
        this.ws = ws;
    }

    public List<Route> routes() {
        return List.of(
                Route.get("/api/v1/dashboards", Route.Access.SIGNED_IN, this::list),
                Route.post("/api/v1/dashboards", Route.Access.SIGNED_IN, ctx -> {
                    Principal p = Http.caller(ctx);
                    Dashboard d = ws.dashboards().create(p, DashboardService.draft(Http.body(ctx)), Http.origin(ctx));
                    ctx.header("Location", "/api/v1/dashboards/" + d.id());
                    Http.json(ctx, 201, view(p, d));
                }),
                Route.get("/api/v1/dashboards/{id}", Route.Access.SIGNED_IN, ctx -> {
                    Principal p = Http.caller(ctx);
                    Http.json(ctx, 200, view(p, ws.dashboards().get(p, ctx.pathParam("id"))));
                }),
                Route.put("/api/v1/dashboards/{id}", Route.Access.SIGNED_IN, ctx -> {
                    Principal p = Http.caller(ctx);
                    Http.json(ctx, 200, view(p, ws.dashboards().update(p, ctx.pathParam("id"), DashboardService.draft(Http.body(ctx)),
                            Http.origin(ctx))));
                }),
                Route.delete("/api/v1/dashboards/{id}", Route.Access.SIGNED_IN, ctx -> {
                    ws.dashboards().delete(Http.caller(ctx), ctx.pathParam("id"), Http.origin(ctx));
                    ctx.status(204);
                }),
                Route.post("/api/v1/dashboards/{id}/run", Route.Access.SIGNED_IN, ctx -> {
                    JsonNode b = ctx.body().isBlank() ? Http.JSON.createObjectNode() : Http.body(ctx);
                    Http.json(ctx, 200, run(ws.dashboards().run(Http.caller(ctx), ctx.pathParam("id"), filters(b.get("filters")),
                            Http.optionalBool(b, "refresh").orElse(false), Http.origin(ctx))));
                }),
                Route.put("/api/v1/dashboards/{id}/grants/{grantee}", Route.Access.SIGNED_IN, ctx -> {
                    JsonNode b = Http.body(ctx);
                    Http.json(ctx, 200, SavedChartApi.grant(ws.dashboards().grant(Http.caller(ctx), ctx.pathParam("id"), ctx.pathParam("grantee"),
                            ObjectGrants.Access.parse(Http.requiredText(b, "access")), Http.origin(ctx))));
                }),
                Route.get("/api/v1/dashboards/{id}/grants", Route.Access.SIGNED_IN, ctx -> Http.json(ctx, 200, Map.of("items",
                        ws.dashboards().grants(Http.caller(ctx), ctx.pathParam("id")).stream().map(SavedChartApi::grant).toList()))),
                Route.post("/api/v1/dashboards/{id}/cards/{cardId}/rows", Route.Access.SIGNED_IN, ctx -> {
                    JsonNode b = ctx.body().isBlank() ? Http.JSON.createObjectNode() : Http.body(ctx);
                    Http.json(ctx, 200, SavedChartApi.result(ws.dashboards().drill(Http.caller(ctx), ctx.pathParam("id"), ctx.pathParam("cardId"),
                            filters(b.get("filters")), SavedChartApi.values(b.get("where"), "where"), Http.origin(ctx))));
                }),
                Route.delete("/api/v1/dashboards/{id}/grants/{grantee}", Route.Access.SIGNED_IN, ctx -> {
                    ws.dashboards().revoke(Http.caller(ctx), ctx.pathParam("id"), ctx.pathParam("grantee"), Http.origin(ctx));
                    ctx.status(204);
                }),
                Route.post("/api/v1/dashboards/{id}/links", Route.Access.SIGNED_IN, ctx -> {
                    JsonNode b = ctx.body().isBlank() ? Http.JSON.createObjectNode() : Http.body(ctx);
                    OptionalLong seconds = Http.optionalLong(b, "expiresInSeconds", 1, DashboardService.MAX_LINK_TTL.toSeconds());
                    DashboardService.Link l = ws.dashboards().createLink(Http.caller(ctx), ctx.pathParam("id"),
                            seconds.isPresent() ? Optional.of(Duration.ofSeconds(seconds.getAsLong())) : Optional.empty(), Http.origin(ctx));
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", l.id());
                    m.put("dashboardId", l.dashboardId());
                    m.put("token", l.token());
                    m.put("url", "/api/v1/public/dashboards/" + l.token());
                    m.put("pageUrl", "/public/d/" + l.token());
                    m.put("expiresAt", Views.time(l.expiresAt()));
                    ctx.header("Location", "/api/v1/public/dashboards/" + l.token());
                    Http.json(ctx, 201, m);
                }),
                Route.get("/api/v1/dashboards/{id}/links", Route.Access.SIGNED_IN, ctx -> {
                    List<Object> items = new ArrayList<>();
                    for (DashboardService.LinkInfo l : ws.dashboards().links(Http.caller(ctx), ctx.pathParam("id"))) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("id", l.id());
                        m.put("createdBy", l.createdBy());
                        m.put("createdAt", Views.time(l.createdAt()));
                        m.put("expiresAt", Views.time(l.expiresAt()));
                        m.put("revokedAt", l.revokedAt().map(Views::time).orElse(null));
                        items.add(m);
                    }
                    Http.json(ctx, 200, Map.of("items", items));
                }),
                Route.delete("/api/v1/dashboards/{id}/links/{linkId}", Route.Access.SIGNED_IN, ctx -> {
                    ws.dashboards().revokeLink(Http.caller(ctx), ctx.pathParam("id"), ctx.pathParam("linkId"), Http.origin(ctx));
                    ctx.status(204);
                }),
                Route.get("/api/v1/public/dashboards/{token}", Route.Access.PUBLIC, ctx ->
                        Http.json(ctx, 200, run(ws.dashboards().openPublic(ctx.pathParam("token"), Http.origin(ctx))))),
                Route.get("/api/v1/dashboards/{id}/export", Route.Access.SIGNED_IN, ctx -> {
                    DashboardExporter.Format format = DashboardExporter.Format.parse(Http.query(ctx, "format").orElse("pdf"));
                    String id = ctx.pathParam("id");
                    byte[] out = ws.dashboardExports().export(Http.caller(ctx), id, queryFilters(ctx), format, Http.origin(ctx));
                    send(ctx, format, "dashboard-" + id, out);
                }),
                Route.get("/api/v1/public/dashboards/{token}/export", Route.Access.PUBLIC, ctx -> {
                    DashboardExporter.Format format = DashboardExporter.Format.parse(Http.query(ctx, "format").orElse("pdf"));
                    send(ctx, format, "dashboard", ws.dashboardExports().exportPublic(ctx.pathParam("token"), format, Http.origin(ctx)));
                }));
    }

    /** Filter values from the query string: {@code filter.NAME=VALUE}, given twice ({@code from} then {@code to}) for a date range. */
    static Map<String, Object> queryFilters(Context ctx) {
        Map<String, Object> out = new LinkedHashMap<>();
        ctx.queryParamMap().forEach((key, values) -> {
            if (key.startsWith("filter.") && key.length() > "filter.".length()) {
                String name = key.substring("filter.".length());
                out.put(name, values.size() == 1 ? values.get(0) : List.copyOf(values));
            }
        });
        return out;
    }

    private static void send(Context ctx, DashboardExporter.Format format, String name, byte[] body) throws java.io.IOException {
        ctx.status(200);
        ctx.contentType(format.mediaType());
        ctx.header("Content-Disposition", "attachment; filename=\"" + name.replaceAll("[^A-Za-z0-9._-]", "_") + "." + format.extension() + "\"");
        ctx.header("Cache-Control", "no-store");
        ctx.result(body);
    }

    private void list(Context ctx) {
        Principal p = Http.caller(ctx);
        int limit = Http.limit(ctx);
        List<Dashboard> items = ws.dashboards().list(p, Http.query(ctx, "q"), Http.cursorKey(ctx), limit + 1);
        Http.json(ctx, 200, Http.page(items, limit, Dashboard::id, d -> view(p, d)));
    }

    /** Filter values by filter name: a scalar, or [from, to] for a date range. */
    public static Map<String, Object> filters(JsonNode f) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (f == null || f.isNull()) {
            return out;
        }
        if (!f.isObject()) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "filters must be an object of filter names to values, such as "
                    + "{\"region\": \"North\", \"period\": [\"2025-01-01\", \"2025-01-31\"]}.").detail("parameter", "filters").build();
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = f.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isArray()) {
                List<Object> values = new ArrayList<>();
                e.getValue().forEach(v -> values.add(QueryApi.value(v, "filters." + e.getKey())));
                out.put(e.getKey(), values);
            } else {
                out.put(e.getKey(), QueryApi.value(e.getValue(), "filters." + e.getKey()));
            }
        }
        return out;
    }

    private Map<String, Object> view(Principal p, Dashboard d) {
        return view(ws, p, d);
    }

    /** A dashboard's definition as the doors answer it, with what the caller may do with it. */
    public static Map<String, Object> view(Workspace ws, Principal p, Dashboard d) {
        var rights = ws.dashboards().rights(p, d);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("name", d.name());
        m.put("description", d.description().orElse(null));
        m.put("owner", d.owner());
        m.put("access", rights.manage() ? "owner" : rights.write() ? "write" : "read");
        m.put("cards", d.cards().stream().map(DashboardApi::card).toList());
        m.put("filters", d.filters().stream().map(DashboardApi::filter).toList());
        m.put("createdAt", Views.time(d.createdAt()));
        m.put("updatedAt", Views.time(d.updatedAt()));
        return m;
    }

    private static Map<String, Object> card(Dashboard.Card c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("type", c.kind().name().toLowerCase(Locale.ROOT));
        m.put("x", c.x());
        m.put("y", c.y());
        m.put("w", c.w());
        m.put("h", c.h());
        m.put("chartId", c.chartId().orElse(null));
        m.put("markdown", c.markdown().orElse(null));
        m.put("title", c.title().orElse(null));
        m.put("value", c.value().orElse(null));
        return m;
    }

    private static Map<String, Object> filter(Dashboard.Filter f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", f.name());
        m.put("type", f.kind().id());
        m.put("parameters", f.parameters());
        m.put("default", f.defaults().stream().map(d -> d.orElse(null)).toList());
        return m;
    }

    /** A dashboard's run as the doors answer it: each card with its result, KPI or its own error. */
    public static Map<String, Object> run(DashboardService.Run r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dashboardId", r.dashboard().id());
        m.put("name", r.dashboard().name());
        m.put("description", r.dashboard().description().orElse(null));
        Map<String, Object> filters = new LinkedHashMap<>();
        r.filters().forEach((k, v) -> filters.put(k, v.stream().map(x -> x == null ? null : x instanceof java.math.BigDecimal b ? b.doubleValue()
                : x.toString()).toList()));
        m.put("filters", filters);
        List<Object> cards = new ArrayList<>();
        for (DashboardService.CardResult c : r.cards()) {
            Map<String, Object> card = card(c.card());
            // The chart's name and what it is drawn by (never its SQL): the card's title, and what a click on it filters or drills by.
            card.put("chart", c.chart().map(ch -> {
                Map<String, Object> info = new LinkedHashMap<>();
                info.put("name", ch.name());
                info.put("type", ch.spec().type().id());
                info.put("x", ch.spec().x().orElse(null));
                info.put("series", ch.spec().series().orElse(null));
                return info;
            }).orElse(null));
            card.put("result", c.result().map(SavedChartApi::result).orElse(null));
            card.put("kpi", c.kpi().map(k -> {
                Map<String, Object> kpi = new LinkedHashMap<>();
                kpi.put("column", k.column());
                kpi.put("value", k.value().orElse(null));
                kpi.put("previous", k.previous().orElse(null));
                kpi.put("change", k.change().orElse(null));
                kpi.put("changeRatio", k.changeRatio().orElse(null));
                kpi.put("series", k.series());
                return kpi;
            }).orElse(null));
            card.put("error", c.error().map(e -> {
                Map<String, Object> err = new LinkedHashMap<>();
                err.put("code", e.code().name());
                err.put("detail", e.getMessage());
                return err;
            }).orElse(null));
            cards.add(card);
        }
        m.put("cards", cards);
        return m;
    }
}
