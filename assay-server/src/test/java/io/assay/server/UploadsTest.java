package io.assay.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Uploads, as multipart and as the raw body: good files become datasets, bad ones fail naming the
 * file (not a server path), the place and a fix, and leave nothing behind; modes; the size limit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UploadsTest {

    private TestServer server;
    private Api analyst;

    @BeforeAll
    void start(@TempDir Path dir) {
        server = TestServer.start(dir.resolve("data"));
        analyst = server.user("ula", "analyst");
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest(name = "{0} as {1}")
    @CsvSource({
            "messy/bom_crlf.csv, multipart, 2, 2",
            "messy/duplicate_headers.csv, raw, -1, 4",
            "messy/header_only.csv, multipart, 0, 3",
            "messy/latin1.csv, raw, -1, -1",
            "messy/quoted_newlines.csv, multipart, -1, -1",
            "messy/semicolon_decimal_comma.csv, raw, -1, -1",
            "messy/wide_500_columns.csv, multipart, 50, 500",
            "vega/cars.json, raw, 406, 9",
            "vega/stocks.csv, multipart, 560, 3",
            "vega/penguins.json, multipart, 344, 7"})
    void aGoodFileBecomesADatasetWithWait(String file, String how, long rows, int columns) {
        Path path = TestServer.shared(file);
        String name = "good_" + path.getFileName().toString().replaceAll("[^a-z0-9]", "_");
        Api.Res r = how.equals("raw")
                ? analyst.uploadRaw("filename=" + path.getFileName() + "&name=" + name + "&wait=true", path, "application/octet-stream")
                : analyst.uploadMultipart("wait=true", path, Map.of("name", name));
        JsonNode result = r.expect(201).json();
        assertThat(r.header("Location")).contains("/api/v1/datasets/" + name);
        JsonNode ds = result.path("dataset");
        assertThat(ds.path("name").asText()).isEqualTo(name);
        assertThat(ds.path("owner").asText()).isEqualTo("ula");
        assertThat(ds.path("source").asText()).contains(path.getFileName().toString()).doesNotContain(server.dataDir.toString());
        if (rows >= 0) {
            assertThat(ds.path("rows").asLong()).isEqualTo(rows);
            assertThat(result.path("rowsLoaded").asLong()).isEqualTo(rows);
        }
        if (columns >= 0) {
            assertThat(ds.path("columns").asInt()).isEqualTo(columns);
        }
        assertThat(result.path("rejectedRows").asLong()).isZero();
        analyst.get("/api/v1/datasets/" + name).expect(200);
        assertThat(server.uploadedFilesLeft()).isEmpty();
    }

    @Test
    void withoutWaitTheUploadIsAJobToPoll() {
        Path path = TestServer.shared("vega/seattle-weather.csv");
        Api.Res r = analyst.uploadMultipart("", path, Map.of("name", "weather_job")).expect(202);
        JsonNode job = r.json();
        assertThat(job.path("kind").asText()).isEqualTo("import");
        assertThat(r.header("Location")).contains("/api/v1/jobs/" + job.path("id").asText());
        JsonNode done = analyst.awaitJob(job.path("id").asText());
        assertThat(done.path("status").asText()).isEqualTo("succeeded");
        assertThat(done.path("result").path("dataset").asText()).isEqualTo("weather_job");
        assertThat(done.path("result").path("rowsLoaded").asLong()).isEqualTo(1461);
        assertThat(done.path("links").path("result").asText()).isEqualTo("/api/v1/datasets/weather_job");
        assertThat(analyst.get("/api/v1/datasets/weather_job").expect(200).json().path("rows").asLong()).isEqualTo(1461);
        assertThat(analyst.get("/api/v1/jobs?kind=import&status=succeeded").expect(200).json().path("items").toString())
                .contains(job.path("id").asText());
    }

    /** file, what the problem must say besides the file name, a line the engine names (0: none) */
    @ParameterizedTest(name = "{0} as {1}")
    @CsvSource({
            "messy/ragged.csv, raw, line 3",
            "messy/ragged.csv, multipart, line 3",
            "messy/mixed_types.csv, multipart, line 11",
            "messy/invalid.json, raw, JSON",
            "messy/invalid.json, multipart, JSON",
            "messy/random_bytes.bin, raw, not a data file",
            "messy/truncated.parquet, multipart, Parquet",
            "messy/truncated.parquet, raw, Parquet"})
    void aBadFileFailsNamingTheFileAndThePlaceAndLeavesNothing(String file, String how, String says) {
        Path path = TestServer.shared(file);
        String filename = path.getFileName().toString();
        List<String> before = names();
        for (boolean wait : new boolean[] {true, false}) {
            String name = "broken_" + (wait ? "w" : "j");
            Api.Res r = how.equals("raw")
                    ? analyst.uploadRaw("filename=" + filename + "&name=" + name + "&wait=" + wait, path, "application/octet-stream")
                    : analyst.uploadMultipart("wait=" + wait, path, Map.of("name", name));
            JsonNode problem;
            if (wait) {
                problem = r.problem(400, "INVALID_INPUT");
            } else {
                JsonNode job = analyst.awaitJob(r.expect(202).json().path("id").asText());
                assertThat(job.path("status").asText()).isEqualTo("failed");
                problem = job.path("error");
                assertThat(problem.path("code").asText()).isEqualTo("INVALID_INPUT");
                assertThat(problem.path("status").asInt()).isEqualTo(400);
            }
            String detail = problem.path("detail").asText();
            assertThat(detail).as("names the file").contains(filename).contains(says);
            assertThat(problem.toString()).as("no server path").doesNotContain(server.dataDir.toString()).doesNotContain("/tmp/uploads");
            assertThat(problem.path("hint").asText()).as("a hint").isNotBlank().doesNotContain("--skip-bad-rows").doesNotContain("--option");
            if (says.startsWith("line ")) {
                assertThat(problem.path("details").path("line").asLong()).isEqualTo(Long.parseLong(says.substring(5)));
            }
            if (wait && says.startsWith("line ")) {
                // The platform says what to do as a code; the API words it in its own fields.
                assertThat(problem.path("remedy").path("id").asText()).isEqualTo("fix-or-skip-bad-rows");
                assertThat(problem.path("hint").asText()).contains("skipBadRows=true").contains("option.KEY=VALUE");
            }
            analyst.get("/api/v1/datasets/" + name).problem(404, "NOT_FOUND");
        }
        assertThat(names()).isEqualTo(before);
        assertThat(server.uploadedFilesLeft()).isEmpty();
    }

    @Test
    void anEmptyFileIsRefusedAndLeavesNothing() {
        List<String> before = names();
        Path path = TestServer.shared("messy/empty.csv");
        JsonNode raw = analyst.uploadRaw("filename=empty.csv&name=empty_raw&wait=true", path, "text/csv").problem(400, "INVALID_INPUT");
        assertThat(raw.path("detail").asText()).contains("empty.csv").contains("empty");
        JsonNode multi = analyst.uploadMultipart("wait=true", path, Map.of("name", "empty_multi")).problem(400, "INVALID_INPUT");
        assertThat(multi.path("detail").asText()).contains("empty.csv");
        assertThat(names()).isEqualTo(before);
        assertThat(server.uploadedFilesLeft()).isEmpty();
    }

    @Test
    void badUploadParametersAre400AndLeaveNothing() {
        Path path = TestServer.shared("vega/stocks.csv");
        analyst.uploadRaw("filename=stocks.csv&name=p1&mode=sideways&wait=true", path, "text/csv").problem(400, "INVALID_INPUT");
        analyst.uploadRaw("filename=stocks.csv&name=p2&skipBadRows=maybe&wait=true", path, "text/csv").problem(400, "INVALID_INPUT");
        analyst.uploadMultipart("wait=perhaps", path, Map.of("name", "p3")).problem(400, "INVALID_INPUT");
        // A raw body needs a file name.
        analyst.uploadRaw("name=p4&wait=true", path, "text/csv").problem(400, "INVALID_INPUT");
        assertThat(names()).doesNotContain("p1", "p2", "p3", "p4");
        assertThat(server.uploadedFilesLeft()).isEmpty();
    }

    @Test
    void skipBadRowsLoadsTheRestAndKeepsTheRejects() {
        Path path = TestServer.shared("messy/ragged.csv");
        JsonNode r = analyst.uploadRaw("filename=ragged.csv&name=ragged_ok&skipBadRows=true&wait=true", path, "text/csv").expect(201).json();
        long rejected = r.path("rejectedRows").asLong();
        assertThat(rejected).isPositive();
        assertThat(r.path("dataset").path("rejectedRows").asLong()).isEqualTo(rejected);
        assertThat(r.path("rowsLoaded").asLong() + rejected).isEqualTo(4);
        assertThat(r.path("firstRejections").size()).isEqualTo((int) rejected);
        assertThat(r.path("firstRejections").get(0).path("line").asLong()).isEqualTo(3);
        JsonNode rejects = analyst.get("/api/v1/datasets/ragged_ok/rejects").expect(200).json();
        assertThat(rejects.path("rowCount").asLong()).isEqualTo(rejected);
        assertThat(rejects.path("rows").size()).isEqualTo((int) rejected);
        assertThat(rejects.path("rows").toString()).contains("extra");
    }

    @Test
    void modesReplaceAppendAndCreateOnAnExistingName() throws Exception {
        Path path = TestServer.shared("vega/sp500.csv");
        analyst.uploadRaw("filename=sp500.csv&name=sp&wait=true", path, "text/csv").expect(201);
        JsonNode appended = analyst.uploadRaw("filename=sp500.csv&name=sp&mode=append&wait=true", path, "text/csv").expect(201).json();
        assertThat(appended.path("dataset").path("rows").asLong()).isEqualTo(246);
        JsonNode replaced = analyst.uploadMultipart("wait=true", path, Map.of("name", "sp", "mode", "replace")).expect(201).json();
        assertThat(replaced.path("dataset").path("rows").asLong()).isEqualTo(123);
        JsonNode conflict = analyst.uploadRaw("filename=sp500.csv&name=sp&mode=create&wait=true", path, "text/csv").problem(409, "CONFLICT");
        assertThat(conflict.path("detail").asText()).contains("sp");
        analyst.uploadRaw("filename=sp500.csv&name=sp&wait=true", path, "text/csv").problem(409, "CONFLICT");
        assertThat(analyst.get("/api/v1/datasets/sp").expect(200).json().path("rows").asLong()).isEqualTo(123);
        // Another analyst, who may not see it, may not replace it: the name is taken, which is all the answer says.
        Api other = server.user("ozzy", "analyst");
        other.uploadRaw("filename=sp500.csv&name=sp&mode=replace&wait=true", path, "text/csv").problem(409, "CONFLICT");
        assertThat(server.uploadedFilesLeft()).isEmpty();
        // The file name gives the dataset name when none is given.
        JsonNode named = analyst.uploadMultipart("wait=true", path, Map.of()).expect(201).json();
        assertThat(named.path("dataset").path("name").asText()).isEqualTo("sp500");
        // A download gives the rows back.
        Api.Res csv = analyst.get("/api/v1/datasets/sp/data?format=csv").expect(200);
        assertThat(csv.text().lines().count()).isEqualTo(124);
        assertThat(csv.header("Content-Disposition")).hasValueSatisfying(h -> assertThat(h).contains("attachment"));
        // Delete.
        analyst.delete("/api/v1/datasets/sp").expect(204);
        analyst.get("/api/v1/datasets/sp").problem(404, "NOT_FOUND");
    }

    @Test
    void anUploadOverTheSizeLimitIs413AndLeavesNothing(@TempDir Path dir) throws Exception {
        try (TestServer small = TestServer.start(dir.resolve("data"), Map.of("limits.upload-size", "1MB"))) {
            Api a = small.admin();
            Path big = dir.resolve("big.csv");
            StringBuilder sb = new StringBuilder("id,text\n");
            for (int i = 0; sb.length() < 1_600_000; i++) {
                sb.append(i).append(",some text to fill the file up ").append(i).append('\n');
            }
            Files.writeString(big, sb, StandardCharsets.UTF_8);
            assertThat(a.get("/api/v1/info").expect(200).json().path("limits").path("maxUploadBytes").asLong()).isEqualTo(1024 * 1024);

            JsonNode raw = a.uploadRaw("filename=big.csv&name=big&wait=true", big, "text/csv").problem(413, "LIMIT_EXCEEDED");
            assertThat(raw.path("type").asText()).isEqualTo("https://assay.dev/problems/payload-too-large");
            a.uploadMultipart("wait=true", big, Map.of("name", "big")).problem(413, "LIMIT_EXCEEDED");
            // Streamed without a Content-Length (chunked): cut off while it is written.
            byte[] bytes = Files.readAllBytes(big);
            a.send("POST", "/api/v1/datasets?filename=big.csv&name=big&wait=true",
                    HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)), "text/csv", null, b -> { })
                    .problem(413, "LIMIT_EXCEEDED");
            a.get("/api/v1/datasets/big").problem(404, "NOT_FOUND");
            assertThat(small.uploadedFilesLeft()).isEmpty();
            // Under the limit is fine.
            a.uploadRaw("filename=stocks.csv&name=small_ok&wait=true", TestServer.shared("vega/stocks.csv"), "text/csv").expect(201);
        }
    }

    private List<String> names() {
        List<String> out = new ArrayList<>();
        server.admin().get("/api/v1/datasets?limit=500").expect(200).json().path("items").forEach(d -> out.add(d.path("name").asText()));
        return out;
    }
}
