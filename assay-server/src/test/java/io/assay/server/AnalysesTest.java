package io.assay.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Analyses over HTTP: start, poll, the result JSON, the report in every format, the quality score on the dataset. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalysesTest {

    private TestServer server;
    private Api analyst;
    private String runId;

    @BeforeAll
    void start(@TempDir Path dir) {
        server = TestServer.start(dir.resolve("data"));
        analyst = server.user("ada", "analyst");
        analyst.uploadRaw("filename=seattle-weather.csv&name=weather&wait=true", TestServer.shared("vega/seattle-weather.csv"), "text/csv")
                .expect(201);
        Api.Res started = analyst.post("/api/v1/analyses", Map.of("dataset", "weather", "mode", "full")).expect(202);
        JsonNode run = started.json();
        runId = run.path("id").asText();
        assertThat(started.header("Location")).contains("/api/v1/analyses/" + runId);
        assertThat(run.path("dataset").asText()).isEqualTo("weather");
        JsonNode job = analyst.awaitJob(run.path("jobId").asText());
        assertThat(job.path("status").asText()).as("analysis job %s", job).isEqualTo("succeeded");
        assertThat(job.path("result").path("analysisId").asText()).isEqualTo(runId);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theRunHasASummaryAndTheResultHasASchemaVersion() {
        JsonNode run = analyst.get("/api/v1/analyses/" + runId).expect(200).json();
        assertThat(run.path("status").asText()).isEqualTo("succeeded");
        assertThat(run.path("summary").path("rows").asLong()).isEqualTo(1461);
        assertThat(run.path("summary").path("columns").asInt()).isEqualTo(6);
        assertThat(run.path("qualityScore").isNumber()).isTrue();
        JsonNode result = analyst.get("/api/v1/analyses/" + runId + "/result").expect(200).json();
        assertThat(result.path("schemaVersion").isMissingNode()).isFalse();
        assertThat(result.toString()).contains("weather");
        JsonNode list = analyst.get("/api/v1/analyses?dataset=weather").expect(200).json();
        assertThat(list.path("items").toString()).contains(runId);
    }

    @Test
    void theReportDownloadsInEveryFormat() throws Exception {
        Map<String, String> types = Map.of("html", "text/html", "json", "application/json",
                "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "md", "text/markdown", "pdf", "application/pdf");
        for (Map.Entry<String, String> f : types.entrySet()) {
            Api.Res r = analyst.get("/api/v1/analyses/" + runId + "/report?format=" + f.getKey()).expect(200);
            assertThat(r.contentType()).as(f.getKey()).startsWith(f.getValue());
            assertThat(r.header("Content-Disposition")).as(f.getKey()).hasValueSatisfying(h -> assertThat(h).contains("attachment"));
            assertThat(r.bytes().length).as(f.getKey()).isGreaterThan(100);
            switch (f.getKey()) {
                case "html" -> assertThat(r.text()).containsIgnoringCase("<html").contains("weather");
                case "json" -> assertThat(r.json().path("schemaVersion").isMissingNode()).isFalse();
                case "xlsx" -> assertThat(new String(Arrays.copyOfRange(r.bytes(), 0, 2), StandardCharsets.US_ASCII)).isEqualTo("PK");
                case "pdf" -> pdf(r.bytes());
                default -> assertThat(r.text()).contains("#").contains("weather");
            }
        }
        analyst.get("/api/v1/analyses/" + runId + "/report?format=docx").problem(400, "INVALID_INPUT");
    }

    /**
     * The PDF report, made on first request from the kept result: the dataset's columns and insights, charts as images, read back
     * with PDFBox. With {@code -Dassay.docs.images=DIR} its first page is written there as {@code report-pdf.png}.
     */
    private void pdf(byte[] bytes) throws Exception {
        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(bytes)) {
            assertThat(doc.getNumberOfPages()).isGreaterThanOrEqualTo(2);
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(doc);
            assertThat(text).contains("weather", "Findings", "Columns", "precipitation", "temp_max", "Insights over time");
        }
        String docs = System.getProperty("assay.docs.images");
        if (docs != null) {
            var pages = io.assay.platform.report.Pdf.pages(bytes, 110);
            for (int i = 0; i < pages.size(); i++) {
                java.nio.file.Files.write(Path.of(docs).resolve(i == 0 ? "report-pdf.png" : "report-pdf-page" + (i + 1) + ".png"),
                        io.assay.platform.report.Pdf.png(pages.get(i)));
            }
        }
    }

    @Test
    void theDatasetShowsItsQualityScore() {
        JsonNode items = analyst.get("/api/v1/datasets").expect(200).json().path("items");
        JsonNode weather = null;
        for (JsonNode d : items) {
            if (d.path("name").asText().equals("weather")) {
                weather = d;
            }
        }
        assertThat(weather).isNotNull();
        assertThat(weather.path("qualityScore").isNumber()).as("qualityScore of %s", weather).isTrue();
        assertThat(weather.path("qualityScore").asDouble()).isBetween(0.0, 100.0);
        JsonNode run = analyst.get("/api/v1/analyses/" + runId).expect(200).json();
        assertThat(weather.path("qualityScore").asDouble()).isEqualTo(run.path("qualityScore").asDouble());
    }

    @Test
    void aViewerWithoutAGrantCannotSeeTheRun() {
        Api viewer = server.user("vera", "viewer");
        viewer.get("/api/v1/analyses/" + runId).problem(404, "NOT_FOUND");
        viewer.post("/api/v1/analyses", Map.of("dataset", "weather")).problem(403, "FORBIDDEN");
        analyst.post("/api/v1/analyses", Map.of("dataset", "no_such_dataset")).problem(404, "NOT_FOUND");
    }
}
