package io.assay.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.engine.RowStream;
import io.assay.engine.Session;
import io.assay.engine.SqlStatement;
import io.assay.platform.catalog.DatasetName;
import io.assay.platform.imports.ImportMode;
import io.assay.platform.imports.ImportRequest;
import io.assay.platform.task.TaskContext;
import io.assay.server.mcp.AssayMcp;
import io.assay.server.mcp.SchemaValidator;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attacks of the access-control review, each tried over real HTTP (and MCP where it applies)
 * against a real server, asserting the refusal, that nothing changed, and the audit record.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityIT {

    private static final int RESPONSE_ROWS = 1_000;
    private static final int EXPORT_ROWS = 2_000;

    private TestServer server;
    private Api admin;
    private Path dir;
    private Path imports;
    private final List<McpSyncClient> clients = new ArrayList<>();

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        dir = tmp;
        Path data = tmp.resolve("data");
        imports = data.resolve("imports");
        Files.createDirectories(imports);
        server = TestServer.start(data, Map.of(
                "limits.response-rows", String.valueOf(RESPONSE_ROWS),
                "limits.export-rows", String.valueOf(EXPORT_ROWS),
                "limits.export-storage", "300KB",
                "limits.upload-expanded-size", "1MB"));
        admin = server.admin();
        // Datasets made at the command line: no owner, only admins see them.
        cliImport("customers", "id,name\n" + rows(10, i -> i + ",customer " + i));
        cliImport("order_items", "order_id,qty\n" + rows(25, i -> i + "," + (i % 3 + 1)));
    }

    @AfterAll
    void stop() throws Exception {
        clients.forEach(McpSyncClient::closeGracefully);
        if (server != null) {
            server.close();
        }
    }

    // 1. Names are normalised once, before any check.

    @Test
    void anAnalystCanNeitherWriteNorTakeOverADatasetBySpellingItsNameDifferently() throws Exception {
        Api alice = server.user("alice", "analyst");
        Api bob = server.user("bob", "analyst");
        Path one = csv("one.csv", "id,name\n99,intruder\n");
        bob.uploadRaw("filename=s.csv&name=Bob_Secret&wait=true", csv("s.csv", "k,v\nx,1\ny,2\n"), "text/csv").expect(201);
        bob.uploadRaw("filename=s.csv&name=SCRATCH1&wait=true", csv("s2.csv", "k,v\nx,1\n"), "text/csv").expect(201);

        // Datasets made at the command line, which the analyst may not see.
        alice.uploadRaw("filename=one.csv&name=Order_Items&mode=append&wait=true", one, "text/csv").problem(404, "NOT_FOUND");
        alice.uploadRaw("filename=one.csv&name=CUSTOMERS&mode=replace&wait=true", one, "text/csv").problem(409, "CONFLICT");
        alice.uploadRaw("filename=one.csv&name=customers&mode=create&wait=true", one, "text/csv").problem(409, "CONFLICT");
        alice.uploadMultipart("wait=true", one, Map.of("name", " Customers ", "mode", "replace")).problem(409, "CONFLICT");
        // Another analyst's datasets.
        alice.uploadRaw("filename=one.csv&name=bob_secret&mode=append&wait=true", one, "text/csv").problem(404, "NOT_FOUND");
        alice.uploadRaw("filename=one.csv&name=BOB_SECRET&mode=replace&wait=true", one, "text/csv").problem(409, "CONFLICT");
        alice.uploadRaw("filename=one.csv&name=" + URLEncoder.encode("scratch1 ", StandardCharsets.UTF_8) + "&mode=replace&wait=true",
                one, "text/csv").problem(409, "CONFLICT");
        // A name derived from the file name is checked the same way (the refusal then comes from the job).
        JsonNode job = alice.uploadRaw("filename=Customers.csv&mode=replace", one, "text/csv").expect(202).json();
        assertThat(alice.awaitJob(job.path("id").asText()).path("status").asText()).isEqualTo("failed");

        assertThat(rowsOf("customers")).isEqualTo(10);
        assertThat(rowsOf("order_items")).isEqualTo(25);
        assertThat(rowsOf("bob_secret")).isEqualTo(2);
        assertThat(rowsOf("scratch1")).isEqualTo(1);
        assertThat(admin.get("/api/v1/datasets/customers").expect(200).json().path("owner").isNull()).isTrue();
        assertThat(admin.get("/api/v1/datasets/bob_secret").expect(200).json().path("owner").asText()).isEqualTo("bob");
        alice.get("/api/v1/datasets/Order_Items").problem(404, "NOT_FOUND");
        assertThat(server.uploadedFilesLeft()).isEmpty();
        assertThat(audit("actor=alice&action=dataset.import&outcome=denied").size()
                + audit("actor=alice&action=dataset.import&outcome=error").size()).isGreaterThanOrEqualTo(8);
    }

    @Test
    void overMcpAnAnalystCannotReplaceADatasetBySpellingItsNameDifferently() throws Exception {
        server.user("mia", "analyst");
        Files.writeString(imports.resolve("intruder.csv"), "id,name\n1,intruder\n");
        McpSyncClient mia = mcp(server.ws.tokens().create(io.assay.platform.auth.Principal.user("mia", io.assay.platform.auth.Role.ANALYST),
                "mcp", Optional.empty(), Optional.empty()).secret());
        McpSchema.CallToolResult r = mia.callTool(new McpSchema.CallToolRequest("import_file",
                Map.of("path", "intruder.csv", "name", "Customers", "mode", "replace")));
        assertThat(r.isError()).isTrue();
        assertThat(text(r)).startsWith("CONFLICT");
        assertThat(rowsOf("customers")).isEqualTo(10);
        // Outside the import folders, a missing path and an existing one get one answer.
        Path outside = csv("outside.csv", "a\n1\n");
        Path absent = outside.resolveSibling("absent.csv");
        McpSchema.CallToolResult existing = mia.callTool(new McpSchema.CallToolRequest("import_file", Map.of("path", outside.toString())));
        McpSchema.CallToolResult missing = mia.callTool(new McpSchema.CallToolRequest("import_file", Map.of("path", absent.toString())));
        assertThat(text(existing)).startsWith("FORBIDDEN");
        assertThat(text(missing).replace("absent.csv", "X")).isEqualTo(text(existing).replace("outside.csv", "X"));
        assertThat(audit("actor=mia&action=mcp.tool.import_file")).hasSizeGreaterThanOrEqualTo(3);
    }

    // 2. Every decision uses the effective role: a viewer-scoped token acts as a viewer, also over its owner's things.

    @Test
    void aViewerScopedTokenCannotDeleteShareOrRevokeWhateverItsOwnerMay() throws Exception {
        Api carol = server.user("carol", "analyst");
        carol.uploadRaw("filename=c.csv&name=carol_data&wait=true", csv("c.csv", "a\n1\n2\n"), "text/csv").expect(201);
        server.user("vince", "viewer");
        JsonNode carolViewerToken = carol.post("/api/v1/tokens", Map.of("name", "read only", "role", "viewer")).expect(201).json();
        Api carolAsViewer = server.as(carolViewerToken.path("secret").asText());
        carolAsViewer.put("/api/v1/datasets/carol_data/grants/vince", Map.of("access", "read")).problem(403, "FORBIDDEN");
        carolAsViewer.delete("/api/v1/datasets/carol_data").problem(403, "FORBIDDEN");
        carolAsViewer.uploadRaw("filename=c.csv&name=carol_data&mode=append&wait=true", csv("c2.csv", "a\n3\n"), "text/csv")
                .problem(403, "FORBIDDEN");
        assertThat(carolAsViewer.get("/api/v1/datasets/carol_data").expect(200).json().path("access").asText()).isEqualTo("read");

        JsonNode adminFull = admin.post("/api/v1/tokens", Map.of("name", "full")).expect(201).json();
        JsonNode adminViewer = admin.post("/api/v1/tokens", Map.of("name", "viewer scope", "role", "viewer")).expect(201).json();
        Api adminAsViewer = server.as(adminViewer.path("secret").asText());
        adminAsViewer.put("/api/v1/datasets/customers/grants/*", Map.of("access", "write")).problem(404, "NOT_FOUND");
        admin.uploadRaw("filename=a.csv&name=admin_data&wait=true", csv("a.csv", "a\n1\n"), "text/csv").expect(201);
        adminAsViewer.put("/api/v1/datasets/admin_data/grants/*", Map.of("access", "write")).problem(403, "FORBIDDEN");
        adminAsViewer.delete("/api/v1/datasets/admin_data").problem(403, "FORBIDDEN");
        adminAsViewer.delete("/api/v1/tokens/" + adminFull.path("id").asText()).problem(403, "FORBIDDEN");
        adminAsViewer.get("/api/v1/users").problem(403, "FORBIDDEN");
        server.as(adminFull.path("secret").asText()).get("/api/v1/info").expect(200);
        assertThat(rowsOf("admin_data")).isEqualTo(1);
        JsonNode adminData = admin.get("/api/v1/datasets/admin_data").expect(200).json();
        assertThat(adminData.path("owner").asText()).isEqualTo("admin");
        assertThat(adminData.path("grants").size()).as("no grant was added").isZero();

        // The audit names the token each refusal came through.
        String viewerTokenId = adminViewer.path("id").asText();
        List<JsonNode> refused = audit("tokenId=" + viewerTokenId + "&outcome=denied");
        assertThat(refused).extracting(r -> r.path("action").asText())
                .contains("dataset.grant", "dataset.delete", "token.revoke", "request.forbidden");
        assertThat(refused).allSatisfy(r -> {
            assertThat(r.path("actor").asText()).isEqualTo("admin");
            assertThat(r.path("tokenId").asText()).isEqualTo(viewerTokenId);
            assertThat(r.path("actorId").asText()).isNotBlank();
        });
    }

    // 3. Grants and ownership belong to a user's stable id, not to a name.

    @Test
    void aUserCreatedAgainUnderADeletedUsersNameInheritsNothing() throws Exception {
        Api zed = server.user("zed", "analyst");
        zed.uploadRaw("filename=z.csv&name=zed_data&wait=true", csv("z.csv", "a\n1\n2\n3\n"), "text/csv").expect(201);
        zed.put("/api/v1/datasets/zed_data/grants/vic", Map.of("access", "read")).problem(404, "NOT_FOUND"); // no such user yet
        Api vic = server.user("vic", "viewer");
        zed.put("/api/v1/datasets/zed_data/grants/vic", Map.of("access", "read")).expect(200);
        vic.get("/api/v1/datasets/zed_data").expect(200);
        String oldZedId = audit("actor=zed&action=dataset.import").get(0).path("actorId").asText();

        admin.delete("/api/v1/users/vic").expect(204);
        admin.delete("/api/v1/users/zed").expect(204);
        JsonNode deleted = audit("action=user.delete&target=zed").get(0);
        assertThat(deleted.path("detail").asText()).contains(oldZedId).contains("zed_data");

        Api vic2 = server.user("vic", "viewer");
        vic2.get("/api/v1/datasets/zed_data").problem(404, "NOT_FOUND");
        vic2.post("/api/v1/query", Map.of("sql", "SELECT count(*) FROM zed_data")).problem(403, "FORBIDDEN");
        Api zed2 = server.user("zed", "viewer");
        zed2.get("/api/v1/datasets/zed_data").problem(404, "NOT_FOUND");
        zed2.delete("/api/v1/datasets/zed_data").problem(404, "NOT_FOUND");
        assertThat(rowsOf("zed_data")).isEqualTo(3);
        JsonNode kept = admin.get("/api/v1/datasets/zed_data").expect(200).json();
        assertThat(kept.path("owner").isNull()).as("a deleted owner's dataset is left to the admins").isTrue();
        assertThat(kept.path("grants").size()).isZero();
        zed2.post("/api/v1/query", Map.of("sql", "SELECT 1")).expect(200);
        String newZedId = audit("actor=zed&action=query.run").get(0).path("actorId").asText();
        assertThat(newZedId).as("the new zed is another user").isNotBlank().isNotEqualTo(oldZedId);
        assertThat(audit("actor=zed&action=dataset.import").get(0).path("actorId").asText()).as("the record keeps the old id").isEqualTo(oldZedId);
    }

    // 4. Access is checked on every fetch of a kept result or an export.

    @Test
    void keptResultsAndExportsStopAnsweringOnceTheGrantIsRevoked() throws Exception {
        admin.uploadRaw("filename=p.csv&name=payroll&wait=true", csv("p.csv", "who,pay\n" + rows(30, i -> "p" + i + "," + i * 100)),
                "text/csv").expect(201);
        Api pat = server.user("pat", "viewer");
        admin.put("/api/v1/datasets/payroll/grants/pat", Map.of("access", "read")).expect(200);
        JsonNode page = pat.post("/api/v1/query", Map.of("sql", "SELECT * FROM payroll ORDER BY pay", "pageSize", 10)).expect(200).json();
        String resultId = page.path("resultId").asText();
        pat.get("/api/v1/results/" + resultId + "?limit=5").expect(200);
        JsonNode job = pat.post("/api/v1/query/jobs", Map.of("sql", "SELECT * FROM payroll", "format", "csv")).expect(202).json();
        String exportId = job.path("id").asText();
        assertThat(pat.awaitJob(exportId).path("status").asText()).isEqualTo("succeeded");
        assertThat(pat.get("/api/v1/exports/" + exportId).expect(200).text()).contains("p29");

        admin.delete("/api/v1/datasets/payroll/grants/pat").expect(204);
        pat.get("/api/v1/results/" + resultId + "?limit=5").problem(404, "NOT_FOUND");
        pat.get("/api/v1/results/" + resultId + "?format=csv").problem(404, "NOT_FOUND");
        pat.get("/api/v1/exports/" + exportId).problem(404, "NOT_FOUND");
        // Given back, the same ids answer again: nothing was deleted, access is simply checked now.
        admin.put("/api/v1/datasets/payroll/grants/pat", Map.of("access", "read")).expect(200);
        pat.get("/api/v1/results/" + resultId + "?limit=5").expect(200);
    }

    // 6. Every format honours the row cap; export jobs have their own; their files' disk use is bounded.

    @Test
    void everyFormatHonoursTheRowCapAndExportsTheirOwn() throws Exception {
        String sql = "SELECT i, repeat('x', 100) AS pad FROM range(50000) t(i)";
        for (String format : List.of("json", "csv", "ndjson", "xlsx", "parquet")) {
            Api.Res r = admin.post("/api/v1/query", Map.of("sql", sql, "format", format));
            r.expect(200);
            assertThat(countRows(format, r.bytes())).as(format).isEqualTo(RESPONSE_ROWS);
        }
        JsonNode job = admin.post("/api/v1/query/jobs", Map.of("sql", sql, "format", "parquet")).expect(202).json();
        JsonNode done = admin.awaitJob(job.path("id").asText());
        assertThat(done.path("status").asText()).isEqualTo("succeeded");
        assertThat(done.path("result").path("rows").asLong()).isEqualTo(EXPORT_ROWS);
        assertThat(countRows("parquet", admin.get("/api/v1/exports/" + job.path("id").asText()).expect(200).bytes())).isEqualTo(EXPORT_ROWS);

        // The export folder may hold 300 KB: a CSV of 2,000 padded rows is ~210 KB, so the second one is refused and removed.
        JsonNode first = admin.awaitJob(admin.post("/api/v1/query/jobs", Map.of("sql", sql, "format", "csv")).expect(202).json().path("id").asText());
        JsonNode second = admin.awaitJob(admin.post("/api/v1/query/jobs", Map.of("sql", sql, "format", "csv")).expect(202).json().path("id").asText());
        List<String> outcomes = List.of(first.path("status").asText(), second.path("status").asText());
        assertThat(outcomes).contains("failed");
        JsonNode failed = first.path("status").asText().equals("failed") ? first : second;
        assertThat(failed.path("error").path("code").asText()).isEqualTo("LIMIT_EXCEEDED");
        assertThat(failed.path("error").path("details").path("limit").asText()).isEqualTo("export-storage");
        try (var files = Files.list(server.ws.config().dataDir().resolve("exports"))) {
            assertThat(files.mapToLong(SecurityIT::size).sum()).isLessThanOrEqualTo(300 * 1024);
        }
    }

    // 7. Smaller leaks.

    @Test
    void aDatasetTheCallerMayNotReadAnswersAsAMissingOne() throws Exception {
        Api ana = server.user("ana7", "analyst");
        Api.Res hidden = ana.get("/api/v1/datasets/customers");
        Api.Res missing = ana.get("/api/v1/datasets/no_such_dataset");
        JsonNode h = hidden.problem(404, "NOT_FOUND");
        JsonNode m = missing.problem(404, "NOT_FOUND");
        assertThat(h.path("detail").asText().replace("customers", "X")).isEqualTo(m.path("detail").asText().replace("no_such_dataset", "X"));
        ana.delete("/api/v1/datasets/customers").problem(404, "NOT_FOUND");
        ana.put("/api/v1/datasets/customers/grants/*", Map.of("access", "read")).problem(404, "NOT_FOUND");
        ana.post("/api/v1/analyses", Map.of("dataset", "customers")).problem(404, "NOT_FOUND");
        ana.get("/api/v1/datasets/customers/data").problem(404, "NOT_FOUND");
    }

    @Test
    void unknownNamesLockLikeKnownOnes() throws Exception {
        server.user("known7", "viewer");
        List<Integer> known = new ArrayList<>();
        List<Integer> unknown = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            known.add(server.anonymous().post("/api/v1/session", Map.of("name", "known7", "password", "wrong password " + i)).status());
            unknown.add(server.anonymous().post("/api/v1/session", Map.of("name", "nobody7", "password", "wrong password " + i)).status());
        }
        assertThat(known).containsExactly(401, 401, 401, 401, 429, 429);
        assertThat(unknown).isEqualTo(known);
    }

    @Test
    void anUploadThatEndsBeforeItsDeclaredLengthIsA400() throws Exception {
        String body = "a,b\n1,2\n";
        try (Socket s = new Socket("127.0.0.1", server.server.port())) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/v1/datasets?filename=short.csv&wait=true HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + server.adminToken + "\r\nContent-Type: text/csv\r\nContent-Length: 1073741824\r\nConnection: close\r\n\r\n" + body)
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            s.shutdownOutput();
            String answer = new String(readAll(s.getInputStream()), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400").contains("INVALID_INPUT").contains("ended after 8 bytes");
        }
        assertThat(server.uploadedFilesLeft()).isEmpty();
    }

    @Test
    void aCompressedUploadMayNotExpandPastTheLimit() throws Exception {
        Path bomb = dir.resolve("bomb.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(bomb))) {
            out.write("n\n".getBytes(StandardCharsets.US_ASCII));
            byte[] zeros = "0\n".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 32; i++) {
                out.write(zeros); // 4 MB of rows from a file of a few KB
            }
        }
        assertThat(Files.size(bomb)).isLessThan(100_000);
        JsonNode p = admin.uploadRaw("filename=bomb.csv.gz&wait=true", bomb, "application/gzip").problem(413, "LIMIT_EXCEEDED");
        assertThat(p.path("details").path("limit").asText()).isEqualTo("upload-expanded-size");
        admin.get("/api/v1/datasets/bomb").problem(404, "NOT_FOUND");
        assertThat(server.uploadedFilesLeft()).isEmpty();
    }

    @Test
    void aVeryLongFileOrDatasetNameIsA400() throws Exception {
        Path small = csv("small.csv", "a\n1\n");
        String longName = "x".repeat(5000) + ".csv";
        JsonNode raw = admin.uploadRaw("wait=true&filename=" + longName, small, "text/csv").problem(400, "INVALID_INPUT");
        assertThat(raw.path("detail").asText()).contains("5004 characters").contains("255");
        JsonNode multipart = admin.uploadMultipart("wait=true", longName, Files.readAllBytes(small), Map.of()).problem(400, "INVALID_INPUT");
        assertThat(multipart.path("hint").asText()).contains("255");
        admin.uploadRaw("filename=small.csv&wait=true&name=" + "y".repeat(300), small, "text/csv").problem(400, "INVALID_INPUT");
        assertThat(server.uploadedFilesLeft()).isEmpty();
    }

    // 8. Refusals at the door are on record, with who it was when that is known.

    @Test
    void refusalsAtTheDoorAreAudited() throws Exception {
        Api viewer = server.user("vera8", "viewer");
        viewer.get("/api/v1/users").problem(403, "FORBIDDEN");
        assertThat(audit("actor=vera8&action=request.forbidden")).singleElement()
                .satisfies(r -> assertThat(r.path("target").asText()).isEqualTo("GET /api/v1/users"));

        server.anonymous().with("Authorization", "Bearer assay_not-a-token").get("/api/v1/datasets").problem(401, "UNAUTHORIZED");
        server.anonymous().get("/api/v1/jobs").problem(401, "UNAUTHORIZED");
        assertThat(audit("action=request.unauthorized&target=" + URLEncoder.encode("GET /api/v1/jobs", StandardCharsets.UTF_8)))
                .isNotEmpty();

        Api.Res signedIn = server.anonymous().post("/api/v1/session", Map.of("name", "vera8", "password", TestServer.PASSWORD)).expect(200);
        String cookie = signedIn.header("Set-Cookie").orElseThrow();
        server.anonymous().with("Cookie", cookie.substring(0, cookie.indexOf(';')))
                .post("/api/v1/saved-queries", Map.of("name", "q", "sql", "SELECT 1")).problem(403, "FORBIDDEN");
        assertThat(audit("actor=vera8&action=request.csrf")).singleElement()
                .satisfies(r -> assertThat(r.path("outcome").asText()).isEqualTo("denied"));

        // A good token through a rebinding Host on /mcp: refused, and recorded as that user, not as anonymous.
        HttpResponse<String> mcp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.base() + "/mcp"))
                .header("Authorization", "Bearer " + server.adminToken).header("Origin", "http://evil.example")
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(mcp.statusCode()).isEqualTo(403);
        assertThat(audit("action=mcp.request&outcome=denied")).anySatisfy(r -> {
            assertThat(r.path("actor").asText()).isEqualTo("admin");
            assertThat(r.path("actorKind").asText()).isEqualTo("token");
            assertThat(r.path("detail").asText()).contains("evil.example");
        });
    }

    // Helpers.

    private void cliImport(String name, String content) throws IOException {
        Path file = csv(name + ".csv", content);
        // As the command line imports: the local principal, through the workspace.
        server.ws.datasets().importLocal(io.assay.platform.auth.Principal.local(),
                new ImportRequest(file, Optional.of(DatasetName.of(name)), ImportMode.CREATE, Map.of(), false),
                io.assay.platform.audit.AuditService.Origin.NONE, TaskContext.silent());
    }

    private Path csv(String name, String content) throws IOException {
        Path p = dir.resolve("files").resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    private static String rows(int n, java.util.function.IntFunction<String> row) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(row.apply(i)).append('\n');
        }
        return b.toString();
    }

    private long rowsOf(String dataset) {
        return admin.get("/api/v1/datasets/" + dataset).expect(200).json().path("rows").asLong();
    }

    /** Audit records matching a query string of GET /api/v1/audit, newest first. */
    private List<JsonNode> audit(String query) {
        List<JsonNode> out = new ArrayList<>();
        admin.get("/api/v1/audit?limit=500&" + query).expect(200).json().path("items").forEach(out::add);
        return out;
    }

    /** Rows in an answer: counted by the engine from the bytes for the file formats, from the JSON otherwise. */
    private long countRows(String format, byte[] bytes) throws IOException {
        if (format.equals("json")) {
            return Api.JSON.readTree(bytes).path("rows").size();
        }
        Path f = Files.createTempFile(dir, "answer", "." + format);
        Files.write(f, bytes);
        String reader = switch (format) {
            case "csv" -> "read_csv(?, header = true)";
            case "ndjson" -> "read_json(?, format = 'newline_delimited')";
            case "parquet" -> "read_parquet(?)";
            case "xlsx" -> null;
            default -> throw new IllegalArgumentException(format);
        };
        if (reader == null) {
            return xlsxRows(f);
        }
        // Read back by an engine of the test's own, not by the server that wrote the file.
        try (io.assay.engine.Engine reading = io.assay.engine.Engines.open(io.assay.engine.EngineSettings.of("jdbc:duckdb:"));
             Session s = reading.openSession();
             RowStream r = s.query(SqlStatement.of("SELECT count(*) FROM " + reader, f.toString()))) {
            r.next();
            return ((Number) r.get(0)).longValue();
        }
    }

    /** Data rows of the first sheet of a workbook: its {@code <row>} elements, less the header row. */
    private static long xlsxRows(Path f) throws IOException {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(f.toFile())) {
            String sheet = new String(zip.getInputStream(zip.getEntry("xl/worksheets/sheet1.xml")).readAllBytes(), StandardCharsets.UTF_8);
            return java.util.regex.Pattern.compile("<row[ >]").matcher(sheet).results().count() - 1;
        }
    }

    private McpSyncClient mcp(String token) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(server.base()).endpoint("/mcp")
                .jsonMapper(AssayMcp.jsonMapper())
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token)).build();
        McpSyncClient c = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60)).jsonSchemaValidator(new SchemaValidator())
                .clientInfo(new McpSchema.Implementation("assay-security-test", "1")).build();
        c.initialize();
        clients.add(c);
        return c;
    }

    private static String text(McpSchema.CallToolResult r) {
        return ((McpSchema.TextContent) r.content().get(0)).text();
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }
}
