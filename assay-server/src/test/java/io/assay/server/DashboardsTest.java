package io.assay.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Dashboards over real HTTP: cards on a grid, filters bound as engine values, KPIs, sharing, and signed public links. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardsTest {

    private TestServer server;
    private Api ana;
    private String daily;
    private String byRegion;

    @BeforeAll
    void start(@TempDir Path dir) {
        server = TestServer.start(dir.resolve("data"));
        ana = server.user("ana", "analyst");
        ana.uploadMultipart("wait=true", "sales.csv", SavedChartsTest.SALES.getBytes(StandardCharsets.UTF_8), Map.of()).expect(201);
        daily = ana.post("/api/v1/saved-charts", Map.of("name", "Daily sales", "sql",
                        "SELECT day, sum(amount) AS total FROM sales WHERE region = {{region}} AND day BETWEEN {{from}} AND {{to}} "
                                + "GROUP BY day ORDER BY day",
                        "parameters", List.of(Map.of("name", "region", "type", "text", "default", "North"),
                                Map.of("name", "from", "type", "date", "default", "2025-01-01"),
                                Map.of("name", "to", "type", "date", "default", "2025-12-31")),
                        "spec", Map.of("type", "line", "x", "day", "y", List.of("total"))))
                .expect(201).json().path("id").asText();
        byRegion = ana.post("/api/v1/saved-charts", SavedChartsTest.barOfSales("Revenue by region")).expect(201).json().path("id").asText();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Map<String, Object> board(String name) {
        return Map.of("name", name, "description", "sales at a glance",
                "cards", List.of(
                        Map.of("id", "daily", "type", "chart", "x", 0, "y", 0, "w", 6, "h", 4, "chartId", daily),
                        Map.of("id", "last", "type", "kpi", "x", 6, "y", 0, "w", 3, "h", 2, "chartId", daily, "title", "Last day"),
                        Map.of("id", "note", "type", "text", "x", 9, "y", 0, "w", 3, "h", 2, "markdown", "**Sales** by day"),
                        Map.of("id", "regions", "type", "chart", "x", 6, "y", 2, "w", 6, "h", 2, "chartId", byRegion)),
                "filters", List.of(
                        Map.of("name", "region", "type", "category", "parameter", "region", "default", "North"),
                        Map.of("name", "period", "type", "date_range", "parameters", List.of("from", "to"),
                                "default", List.of("2025-01-01", "2025-01-31"))));
    }

    private static JsonNode card(JsonNode run, String id) {
        for (JsonNode c : run.path("cards")) {
            if (c.path("id").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("no card " + id + " in " + run);
    }

    @Test
    void aDashboardRunsEachCardWithItsFiltersBoundAsEngineValues() {
        JsonNode d = ana.post("/api/v1/dashboards", board("Weekly overview")).expect(201).json();
        String id = d.path("id").asText();
        assertThat(d.path("access").asText()).isEqualTo("owner");
        assertThat(d.path("cards").size()).isEqualTo(4);
        assertThat(d.path("filters").get(1).path("parameters").toString()).isEqualTo("[\"from\",\"to\"]");

        JsonNode run = ana.post("/api/v1/dashboards/" + id + "/run", Map.of()).expect(200).json();
        assertThat(card(run, "daily").path("result").path("rows").size()).isEqualTo(3);
        JsonNode kpi = card(run, "last").path("kpi");
        assertThat(kpi.path("value").asDouble()).isEqualTo(30.0);
        assertThat(kpi.path("previous").asDouble()).isEqualTo(20.0);
        assertThat(kpi.path("change").asDouble()).isEqualTo(10.0);
        assertThat(kpi.path("changeRatio").asDouble()).isEqualTo(0.5);
        assertThat(card(run, "note").path("markdown").asText()).isEqualTo("**Sales** by day");
        assertThat(card(run, "note").path("result").isNull()).isTrue();
        assertThat(card(run, "regions").path("result").path("rows").size()).isEqualTo(3);

        JsonNode refreshed = ana.post("/api/v1/dashboards/" + id + "/run", Map.of("refresh", true)).expect(200).json();
        assertThat(card(refreshed, "regions").path("result").path("cached").asBoolean()).isFalse();
        assertThat(card(run, "regions").path("result").path("cached").asBoolean()).isTrue();
        JsonNode south = ana.post("/api/v1/dashboards/" + id + "/run", Map.of("filters", Map.of("region", "South"))).expect(200).json();
        assertThat(card(south, "daily").path("result").path("rows").size()).isEqualTo(2);
        assertThat(south.path("filters").path("region").get(0).asText()).isEqualTo("South");
        JsonNode oneDay = ana.post("/api/v1/dashboards/" + id + "/run",
                Map.of("filters", Map.of("period", List.of("2025-01-02", "2025-01-02")))).expect(200).json();
        assertThat(card(oneDay, "daily").path("result").path("rows").size()).isEqualTo(1);
        assertThat(card(oneDay, "daily").path("result").path("rows").get(0).get(1).asDouble()).isEqualTo(20.0);
        // A filter's value is a value, never SQL.
        JsonNode hostile = ana.post("/api/v1/dashboards/" + id + "/run", Map.of("filters", Map.of("region", "North' OR '1'='1"))).expect(200).json();
        assertThat(card(hostile, "daily").path("result").path("rows").size()).isZero();

        // A KPI's current period is the row with the greatest x, whatever order the query gives its rows in.
        String backwards = ana.post("/api/v1/saved-charts", Map.of("name", "North, newest first", "sql",
                "SELECT day, amount FROM sales WHERE region = 'North' ORDER BY day DESC", "spec", Map.of("type", "bar", "x", "day", "y", List.of("amount"))))
                .expect(201).json().path("id").asText();
        String kpis = ana.post("/api/v1/dashboards", Map.of("name", "kpis", "cards", List.of(Map.of("type", "kpi", "x", 0, "y", 0, "w", 3, "h", 2,
                "chartId", backwards)))).expect(201).json().path("id").asText();
        JsonNode k = card(ana.post("/api/v1/dashboards/" + kpis + "/run", Map.of()).expect(200).json(), "c1").path("kpi");
        assertThat(k.path("value").asDouble()).isEqualTo(30.0);
        assertThat(k.path("previous").asDouble()).isEqualTo(20.0);

        assertThat(ana.get("/api/v1/dashboards?q=WEEKLY").expect(200).json().path("items").size()).isEqualTo(1);
        assertThat(ana.get("/api/v1/dashboards?q=nothing").expect(200).json().path("items").size()).isZero();
        JsonNode changed = ana.put("/api/v1/dashboards/" + id, Map.of("name", "Sales (text only)", "cards",
                List.of(Map.of("type", "text", "x", 0, "y", 0, "w", 12, "h", 1, "markdown", "gone quiet")))).expect(200).json();
        assertThat(changed.path("cards").get(0).path("id").asText()).isEqualTo("c1");
        ana.delete("/api/v1/dashboards/" + id).expect(204);
        ana.get("/api/v1/dashboards/" + id).problem(404, "NOT_FOUND");
    }

    @Test
    void aViewerSeesOnlyWhatIsSharedAndOnlyTheRowsTheyMayRead() {
        String id = ana.post("/api/v1/dashboards", board("Shared sales")).expect(201).json().path("id").asText();
        Api vic = server.user("vic", "viewer");
        vic.get("/api/v1/dashboards/" + id).problem(404, "NOT_FOUND");
        vic.post("/api/v1/dashboards/" + id + "/run", Map.of()).problem(404, "NOT_FOUND");
        assertThat(vic.get("/api/v1/dashboards").expect(200).json().path("items").size()).isZero();

        ana.put("/api/v1/dashboards/" + id + "/grants/vic", Map.of("access", "read")).expect(200);
        assertThat(vic.get("/api/v1/dashboards/" + id).expect(200).json().path("access").asText()).isEqualTo("read");
        // The dashboard is shared, the data is not: every data card is refused, the text still shows, nothing leaks.
        JsonNode run = vic.post("/api/v1/dashboards/" + id + "/run", Map.of()).expect(200).json();
        for (String c : List.of("daily", "last", "regions")) {
            assertThat(card(run, c).path("error").path("code").asText()).as(c).isEqualTo("FORBIDDEN");
            assertThat(card(run, c).path("result").isNull()).as(c).isTrue();
        }
        assertThat(card(run, "note").path("error").isNull()).isTrue();
        ana.put("/api/v1/datasets/sales/grants/vic", Map.of("access", "read")).expect(200);
        JsonNode allowed = vic.post("/api/v1/dashboards/" + id + "/run", Map.of()).expect(200).json();
        assertThat(card(allowed, "daily").path("result").path("rows").size()).isEqualTo(3);
        ana.delete("/api/v1/datasets/sales/grants/vic").expect(204);
        assertThat(card(vic.post("/api/v1/dashboards/" + id + "/run", Map.of()).expect(200).json(), "regions").path("error").path("code").asText())
                .isEqualTo("FORBIDDEN");

        // A viewer changes nothing, shares nothing, makes no links.
        vic.put("/api/v1/dashboards/" + id, board("mine now")).problem(403, "FORBIDDEN");
        vic.post("/api/v1/dashboards/" + id + "/links", Map.of()).problem(403, "FORBIDDEN");
        vic.put("/api/v1/dashboards/" + id + "/grants/*", Map.of("access", "read")).problem(403, "FORBIDDEN");
        // An analyst may not put a chart they cannot see on their own dashboard.
        Api alf = server.user("alf", "analyst");
        JsonNode p = alf.post("/api/v1/dashboards", board("borrowed")).problem(400, "INVALID_INPUT");
        assertThat(p.path("details").path("parameter").asText()).isEqualTo("cards[0].chartId");
        // A chart shared with them they may; once it is unshared, their dashboard no longer shows it.
        ana.put("/api/v1/saved-charts/" + byRegion + "/grants/alf", Map.of("access", "read")).expect(200);
        ana.put("/api/v1/datasets/sales/grants/alf", Map.of("access", "read")).expect(200);
        String alfs = alf.post("/api/v1/dashboards", Map.of("name", "alf's", "cards", List.of(Map.of("type", "chart", "x", 0, "y", 0, "w", 6,
                "h", 3, "chartId", byRegion)))).expect(201).json().path("id").asText();
        assertThat(card(alf.post("/api/v1/dashboards/" + alfs + "/run", Map.of()).expect(200).json(), "c1").path("result").path("rows").size())
                .isEqualTo(3);
        ana.delete("/api/v1/saved-charts/" + byRegion + "/grants/alf").expect(204);
        JsonNode gone = card(alf.post("/api/v1/dashboards/" + alfs + "/run", Map.of()).expect(200).json(), "c1");
        assertThat(gone.path("result").isNull()).isTrue();
        assertThat(gone.path("error").path("code").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void aPublicLinkOpensWithoutSigningInUntilItIsRevokedOrExpires() throws Exception {
        String id = ana.post("/api/v1/dashboards", board("Public sales")).expect(201).json().path("id").asText();
        JsonNode link = ana.post("/api/v1/dashboards/" + id + "/links", Map.of("expiresInSeconds", 3600)).expect(201).json();
        String token = link.path("token").asText();
        assertThat(link.path("url").asText()).isEqualTo("/api/v1/public/dashboards/" + token);

        JsonNode open = server.anonymous().get("/api/v1/public/dashboards/" + token).expect(200).json();
        assertThat(open.path("name").asText()).isEqualTo("Public sales");
        assertThat(card(open, "daily").path("result").path("rows").size()).isEqualTo(3);
        assertThat(card(open, "last").path("kpi").path("value").asDouble()).isEqualTo(30.0);
        assertThat(open.toString()).doesNotContain("SELECT");
        assertThat(server.admin().get("/api/v1/audit?action=dashboard.public").expect(200).json().toString()).contains(id, "public link");

        // A forged signature, a forged expiry and text that is no token are not found.
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA" + token.substring(token.lastIndexOf('.') + 5);
        server.anonymous().get("/api/v1/public/dashboards/" + forged).problem(404, "NOT_FOUND");
        String[] parts = token.split("\\.");
        String later = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("9999999999".getBytes(StandardCharsets.UTF_8));
        server.anonymous().get("/api/v1/public/dashboards/" + parts[0] + "." + later + "." + parts[2]).problem(404, "NOT_FOUND");
        server.anonymous().get("/api/v1/public/dashboards/not-a-token").problem(404, "NOT_FOUND");

        JsonNode links = ana.get("/api/v1/dashboards/" + id + "/links").expect(200).json();
        assertThat(links.path("items").get(0).path("id").asText()).isEqualTo(link.path("id").asText());
        assertThat(links.path("items").get(0).path("revokedAt").isNull()).isTrue();
        assertThat(links.toString()).doesNotContain(parts[2]);
        ana.delete("/api/v1/dashboards/" + id + "/links/" + link.path("id").asText()).expect(204);
        assertThat(ana.get("/api/v1/dashboards/" + id + "/links").expect(200).json().path("items").get(0).path("revokedAt").isNull()).isFalse();
        JsonNode revoked = server.anonymous().get("/api/v1/public/dashboards/" + token).problem(403, "FORBIDDEN");
        assertThat(revoked.path("detail").asText()).contains("revoked");
        ana.delete("/api/v1/dashboards/" + id + "/links/" + link.path("id").asText()).problem(404, "NOT_FOUND");

        String shortLived = ana.post("/api/v1/dashboards/" + id + "/links", Map.of("expiresInSeconds", 1)).expect(201).json().path("token").asText();
        Thread.sleep(2100);
        JsonNode expired = server.anonymous().get("/api/v1/public/dashboards/" + shortLived).problem(403, "FORBIDDEN");
        assertThat(expired.path("detail").asText()).contains("expired");
        assertThat(server.admin().get("/api/v1/audit?action=dashboard.public&outcome=denied").expect(200).json().path("items").size()
                + server.admin().get("/api/v1/audit?action=dashboard.public&outcome=error").expect(200).json().path("items").size())
                .isGreaterThanOrEqualTo(1);

        // A link lives as long as its owner: deleting the owner's dashboards ends it.
        Api tom = server.user("tom", "analyst");
        tom.uploadMultipart("wait=true", "toms.csv", SavedChartsTest.SALES.getBytes(StandardCharsets.UTF_8), Map.of()).expect(201);
        String chart = tom.post("/api/v1/saved-charts", Map.of("name", "t", "sql", "SELECT region, amount FROM toms", "spec", Map.of("type", "table")))
                .expect(201).json().path("id").asText();
        String board = tom.post("/api/v1/dashboards", Map.of("name", "tom's", "cards",
                List.of(Map.of("type", "chart", "x", 0, "y", 0, "w", 4, "h", 4, "chartId", chart)))).expect(201).json().path("id").asText();
        String tomsToken = tom.post("/api/v1/dashboards/" + board + "/links", Map.of()).expect(201).json().path("token").asText();
        assertThat(card(server.anonymous().get("/api/v1/public/dashboards/" + tomsToken).expect(200).json(), "c1").path("result").path("rows").size())
                .isEqualTo(6);
        server.admin().delete("/api/v1/users/tom").expect(204);
        server.anonymous().get("/api/v1/public/dashboards/" + tomsToken).problem(404, "NOT_FOUND");
        server.admin().get("/api/v1/dashboards/" + board).problem(404, "NOT_FOUND");
    }

    @Test
    void aDrillDownAnswersTheRowsBehindAPointAsTheCallerMayReadThem() {
        String id = ana.post("/api/v1/dashboards", board("Drilled sales")).expect(201).json().path("id").asText();
        // The bar of North: the rows of the chart's query (before its sum) where region is North, the filters applied.
        JsonNode north = ana.post("/api/v1/dashboards/" + id + "/cards/regions/rows", Map.of("where", Map.of("region", "North"))).expect(200).json();
        assertThat(north.path("columns").get(0).path("name").asText()).isEqualTo("region");
        assertThat(north.path("rows").size()).isEqualTo(3);
        north.path("rows").forEach(r -> assertThat(r.get(0).asText()).isEqualTo("North"));
        assertThat(north.path("figure").isNull()).isTrue();
        // The daily chart's point of 2025-01-02 (a date clicked as text), with the region filter South.
        JsonNode day = ana.post("/api/v1/dashboards/" + id + "/cards/daily/rows", Map.of("filters", Map.of("region", "South"),
                "where", Map.of("day", "2025-01-02"))).expect(200).json();
        assertThat(day.path("rows").size()).isEqualTo(1);
        assertThat(day.path("rows").get(0).get(1).asDouble()).isEqualTo(7.0);
        // Only the columns the chart draws by; never a card without a chart; the value is a value, never SQL.
        JsonNode p = ana.post("/api/v1/dashboards/" + id + "/cards/regions/rows", Map.of("where", Map.of("amount", 5))).problem(400, "INVALID_INPUT");
        assertThat(p.path("details").path("parameter").asText()).isEqualTo("where.amount");
        ana.post("/api/v1/dashboards/" + id + "/cards/note/rows", Map.of()).problem(400, "INVALID_INPUT");
        ana.post("/api/v1/dashboards/" + id + "/cards/nope/rows", Map.of()).problem(404, "NOT_FOUND");
        assertThat(ana.post("/api/v1/dashboards/" + id + "/cards/regions/rows", Map.of("where", Map.of("region", "North' OR '1'='1")))
                .expect(200).json().path("rows").size()).isZero();
        // A viewer the dashboard is shared with, without the data: refused, as their run is.
        Api vera = server.user("vera", "viewer");
        ana.put("/api/v1/dashboards/" + id + "/grants/vera", Map.of("access", "read")).expect(200);
        vera.post("/api/v1/dashboards/" + id + "/cards/regions/rows", Map.of("where", Map.of("region", "North"))).problem(403, "FORBIDDEN");
        // Who it is shared with: its owner sees the grants, the viewer may not.
        JsonNode grants = ana.get("/api/v1/dashboards/" + id + "/grants").expect(200).json();
        assertThat(grants.path("items").get(0).path("grantee").asText()).isEqualTo("vera");
        assertThat(grants.path("items").get(0).path("access").asText()).isEqualTo("read");
        vera.get("/api/v1/dashboards/" + id + "/grants").problem(403, "FORBIDDEN");
        // The KPI's sparkline: the chart's totals in day order.
        JsonNode kpi = card(ana.post("/api/v1/dashboards/" + id + "/run", Map.of()).expect(200).json(), "last").path("kpi");
        assertThat(kpi.path("series").toString()).isEqualTo("[10.0,20.0,30.0]");
    }

    @Test
    void aLinksPageIsServedWithoutSigningInUnderTheCsp() {
        String id = ana.post("/api/v1/dashboards", board("Linked sales")).expect(201).json().path("id").asText();
        JsonNode link = ana.post("/api/v1/dashboards/" + id + "/links", Map.of()).expect(201).json();
        assertThat(link.path("pageUrl").asText()).isEqualTo("/public/d/" + link.path("token").asText());
        Api.Res page = server.anonymous().get(link.path("pageUrl").asText(), "text/html");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("/ui/public.js").doesNotContain("<script>");
        assertThat(page.header("Content-Security-Policy").orElse("")).contains("script-src 'self'");
        assertThat(page.header("Referrer-Policy")).contains("no-referrer");
    }

    @Test
    void badInputIsRefusedNamingTheField() {
        Map<String, Object> overlap = Map.of("name", "x", "cards", List.of(
                Map.of("type", "text", "x", 0, "y", 0, "w", 6, "h", 2, "markdown", "a"),
                Map.of("type", "text", "x", 4, "y", 1, "w", 6, "h", 2, "markdown", "b")));
        JsonNode p = ana.post("/api/v1/dashboards", overlap).problem(400, "INVALID_INPUT");
        assertThat(p.path("details").path("parameter").asText()).isEqualTo("cards[1]");
        assertThat(p.path("detail").asText()).contains("overlaps");

        p = ana.post("/api/v1/dashboards", Map.of("name", "x", "cards", List.of(Map.of("type", "text", "x", 8, "y", 0, "w", 6, "h", 2,
                "markdown", "a")))).problem(400, "INVALID_INPUT");
        assertThat(p.path("details").path("parameter").asText()).isEqualTo("cards[0]");

        p = ana.post("/api/v1/dashboards", Map.of("name", "x", "cards", List.of(Map.of("type", "graph", "x", 0, "y", 0, "w", 6, "h", 2))))
                .problem(400, "INVALID_INPUT");
        assertThat(p.path("details").path("parameter").asText()).isEqualTo("cards[0].type");

        p = ana.post("/api/v1/dashboards", Map.of("name", "x", "cards", List.of(Map.of("type", "chart", "x", 0, "y", 0, "w", 6, "h", 2,
                "chartId", "nope")))).problem(400, "INVALID_INPUT");
        assertThat(p.path("details").path("parameter").asText()).isEqualTo("cards[0].chartId");

        List<Object> oneChart = List.of(Map.of("type", "chart", "x", 0, "y", 0, "w", 6, "h", 2, "chartId", daily));
        p = ana.post("/api/v1/dashboards", Map.of("name", "x", "cards", oneChart, "filters", List.of(
                Map.of("name", "shop", "type", "category", "parameter", "shop")))).problem(400, "INVALID_INPUT");
        assertThat(p.path("details").path("parameter").asText()).isEqualTo("filters[0].parameters");
        assertThat(p.path("detail").asText()).contains("shop", "region");

        p = ana.post("/api/v1/dashboards", Map.of("name", "x", "cards", oneChart, "filters", List.of(
                Map.of("name", "region", "type", "number", "parameter", "region")))).problem(400, "INVALID_INPUT");
        assertThat(p.path("details").path("parameter").asText()).isEqualTo("filters[0].type");

        p = ana.post("/api/v1/dashboards", Map.of("name", "x", "cards", oneChart, "filters", List.of(
                Map.of("name", "period", "type", "date_range", "parameters", List.of("from", "to"), "default", List.of("yesterday", "2025-01-01")))))
                .problem(400, "INVALID_INPUT");
        assertThat(p.path("details").path("parameter").asText()).isEqualTo("filters[0].default");

        String id = ana.post("/api/v1/dashboards", board("for bad runs")).expect(201).json().path("id").asText();
        p = ana.post("/api/v1/dashboards/" + id + "/run", Map.of("filters", Map.of("period", List.of("soon", "later")))).problem(400, "INVALID_INPUT");
        assertThat(p.path("details").path("parameter").asText()).isEqualTo("filters.period");
        p = ana.post("/api/v1/dashboards/" + id + "/run", Map.of("filters", Map.of("shop", "x"))).problem(400, "INVALID_INPUT");
        assertThat(p.path("details").path("parameter").asText()).isEqualTo("filters.shop");
        p = ana.postInvalid("/api/v1/dashboards/" + id + "/links", Map.of("expiresInSeconds", 0)).problem(400, "INVALID_INPUT");
        assertThat(p.path("details").path("parameter").asText()).isEqualTo("expiresInSeconds");
        server.user("vanya", "viewer").post("/api/v1/dashboards", board("no")).problem(403, "FORBIDDEN");
    }
}
