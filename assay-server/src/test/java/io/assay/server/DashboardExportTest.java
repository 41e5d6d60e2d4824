package io.assay.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A dashboard exported over real HTTP as PDF and PNG: the file, its type and its text, filters from the query string, refusals
 * (an unknown format, a viewer it is not shared with, no sign-in), the public link's export, and the analysis report as PDF.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardExportTest {

    private TestServer server;
    private Api ana;
    private String board;

    @BeforeAll
    void start(@TempDir Path dir) {
        server = TestServer.start(dir.resolve("data"));
        ana = server.user("ana", "analyst");
        ana.uploadMultipart("wait=true", "sales.csv", SavedChartsTest.SALES.getBytes(StandardCharsets.UTF_8), Map.of()).expect(201);
        String daily = ana.post("/api/v1/saved-charts", Map.of("name", "Daily sales", "sql",
                        "SELECT day, sum(amount) AS total FROM sales WHERE region = {{region}} GROUP BY day ORDER BY day",
                        "parameters", List.of(Map.of("name", "region", "type", "text", "default", "North")),
                        "spec", Map.of("type", "line", "x", "day", "y", List.of("total"))))
                .expect(201).json().path("id").asText();
        String byRegion = ana.post("/api/v1/saved-charts", SavedChartsTest.barOfSales("Revenue by region")).expect(201).json().path("id").asText();
        board = ana.post("/api/v1/dashboards", Map.of("name", "Sales at a glance", "description", "for the export test",
                "cards", List.of(
                        Map.of("id", "daily", "type", "chart", "x", 0, "y", 0, "w", 6, "h", 4, "chartId", daily, "title", "Daily total"),
                        Map.of("id", "last", "type", "kpi", "x", 6, "y", 0, "w", 3, "h", 2, "chartId", daily, "title", "Last day"),
                        Map.of("id", "note", "type", "text", "x", 9, "y", 0, "w", 3, "h", 2, "markdown", "**Sales** by day"),
                        Map.of("id", "regions", "type", "chart", "x", 6, "y", 2, "w", 6, "h", 2, "chartId", byRegion, "title", "By region")),
                "filters", List.of(Map.of("name", "region", "type", "category", "parameter", "region", "default", "North"))))
                .expect(201).json().path("id").asText();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String text(byte[] pdf) throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            return stripper.getText(doc);
        }
    }

    @Test
    void aDashboardExportsAsPdfAndPngWithTheFiltersOfTheQueryString() throws Exception {
        Api.Res pdf = ana.get("/api/v1/dashboards/" + board + "/export?format=pdf").expect(200);
        assertThat(pdf.contentType()).isEqualTo("application/pdf");
        assertThat(pdf.header("Content-Disposition")).hasValueSatisfying(h -> assertThat(h).contains("attachment", ".pdf"));
        String text = text(pdf.bytes());
        // North's days: 10, 20, 30, so the KPI is 30, up 10 (+50%) from the day before.
        assertThat(text).contains("Sales at a glance", "Daily total", "Last day", "By region", "Sales by day", "region: North", "30",
                "+10 (+50%)", "previous 20");

        String south = text(ana.get("/api/v1/dashboards/" + board + "/export?format=pdf&filter.region=South").expect(200).bytes());
        assertThat(south).contains("region: South", "+2 (+40%)");

        Api.Res png = ana.get("/api/v1/dashboards/" + board + "/export?format=png").expect(200);
        assertThat(png.contentType()).isEqualTo("image/png");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.bytes()));
        assertThat(image.getWidth()).isGreaterThan(1600);

        JsonNode audit = server.admin().get("/api/v1/audit?action=dashboard.export").expect(200).json();
        assertThat(audit.path("items").size()).isGreaterThanOrEqualTo(3);
        assertThat(audit.toString()).contains(board, "ana");
    }

    @Test
    void badInputAndCallersWithoutAccessAreRefused() {
        JsonNode p = ana.get("/api/v1/dashboards/" + board + "/export?format=svg").problem(400, "INVALID_INPUT");
        assertThat(p.path("details").path("parameter").asText()).isEqualTo("format");
        JsonNode f = ana.get("/api/v1/dashboards/" + board + "/export?filter.nope=1").problem(400, "INVALID_INPUT");
        assertThat(f.path("details").path("parameter").asText()).isEqualTo("filters.nope");
        server.anonymous().get("/api/v1/dashboards/" + board + "/export").problem(401, "UNAUTHORIZED");
        Api vic = server.user("vic", "viewer");
        vic.get("/api/v1/dashboards/" + board + "/export?format=pdf").problem(404, "NOT_FOUND");
        ana.get("/api/v1/dashboards/no-such-board/export").problem(404, "NOT_FOUND");
    }

    @Test
    void aPublicLinkExportsWithoutSigningIn() throws Exception {
        String token = ana.post("/api/v1/dashboards/" + board + "/links", Map.of("expiresInSeconds", 600)).expect(201).json().path("token").asText();
        Api.Res pdf = server.anonymous().get("/api/v1/public/dashboards/" + token + "/export?format=pdf").expect(200);
        assertThat(pdf.contentType()).isEqualTo("application/pdf");
        assertThat(text(pdf.bytes())).contains("Sales at a glance", "Last day", "region: North");
        server.anonymous().get("/api/v1/public/dashboards/not-a-token/export").problem(404, "NOT_FOUND");
    }
}
