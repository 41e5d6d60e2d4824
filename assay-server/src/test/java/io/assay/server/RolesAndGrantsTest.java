package io.assay.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Who may do what: the three roles, scoped, revoked and expired tokens, and dataset grants. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RolesAndGrantsTest {

    private TestServer server;
    private Api admin;
    private Api analyst;
    private Api viewer;
    private Path csv;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        server = TestServer.start(dir.resolve("data"));
        admin = server.admin();
        analyst = server.user("ann", "analyst");
        viewer = server.user("vic", "viewer");
        csv = dir.resolve("sales.csv");
        Files.writeString(csv, "region,amount\nnorth,10\nsouth,20\neast,30\n", StandardCharsets.UTF_8);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static void forbidden(Api.Res r) {
        JsonNode p = r.problem(403, "FORBIDDEN");
        assertThat(p.path("detail").asText()).isNotBlank();
    }

    @Test
    void aViewerReadsAndQueriesButChangesNothingAndSeesNoAdministration() {
        assertThat(viewer.get("/api/v1/datasets").expect(200).json().path("items").isArray()).isTrue();
        viewer.post("/api/v1/query", Map.of("sql", "SELECT 1 AS one")).expect(200);
        viewer.get("/api/v1/tokens").expect(200);
        viewer.get("/api/v1/jobs").expect(200);

        forbidden(viewer.uploadRaw("filename=sales.csv&wait=true", csv, "text/csv"));
        forbidden(viewer.post("/api/v1/analyses", Map.of("dataset", "anything")));
        forbidden(viewer.post("/api/v1/saved-queries", Map.of("name", "mine", "sql", "SELECT 1")));
        forbidden(viewer.get("/api/v1/users"));
        forbidden(viewer.post("/api/v1/users", Map.of("name", "eve", "role", "admin", "password", TestServer.PASSWORD)));
        forbidden(viewer.get("/api/v1/audit"));
        forbidden(viewer.get("/metrics"));
        // A viewer cannot mint a token stronger than itself.
        forbidden(viewer.post("/api/v1/tokens", Map.of("name", "sneaky", "role", "admin")));
        assertThat(server.uploadedFilesLeft()).isEmpty();
    }

    @Test
    void anAnalystImportsAnalyzesAndSavesButManagesNoUsersAndReadsNoAudit() {
        analyst.uploadRaw("filename=sales.csv&name=analyst_own&wait=true", csv, "text/csv").expect(201);
        analyst.post("/api/v1/saved-queries", Map.of("name", "totals", "sql", "SELECT sum(amount) FROM analyst_own")).expect(201);
        Api.Res run = analyst.post("/api/v1/analyses", Map.of("dataset", "analyst_own", "mode", "schema")).expect(202);
        assertThat(analyst.awaitJob(run.json().path("jobId").asText()).path("status").asText()).isEqualTo("succeeded");

        forbidden(analyst.get("/api/v1/users"));
        forbidden(analyst.post("/api/v1/users", Map.of("name", "eve", "role", "viewer", "password", TestServer.PASSWORD)));
        forbidden(analyst.patch("/api/v1/users/vic", Map.of("role", "admin")));
        forbidden(analyst.delete("/api/v1/users/vic"));
        forbidden(analyst.get("/api/v1/audit"));
        forbidden(analyst.get("/metrics"));
    }

    @Test
    void anAdminDoesEverything() {
        admin.get("/api/v1/users").expect(200);
        admin.get("/api/v1/users/vic").expect(200);
        admin.get("/api/v1/audit").expect(200);
        Api.Res metrics = admin.get("/metrics").expect(200);
        assertThat(metrics.contentType()).startsWith("text/plain");
        admin.post("/api/v1/users", Map.of("name", "temp", "role", "viewer", "password", TestServer.PASSWORD)).expect(201);
        assertThat(admin.patch("/api/v1/users/temp", Map.of("role", "analyst")).expect(200).json().path("role").asText()).isEqualTo("analyst");
        admin.delete("/api/v1/users/temp").expect(204);
        admin.get("/api/v1/users/temp").problem(404, "NOT_FOUND");
        // Short passwords are refused.
        JsonNode p = admin.post("/api/v1/users", Map.of("name", "weak", "role", "viewer", "password", "short")).problem(400, "INVALID_INPUT");
        assertThat(p.path("details").path("parameter").asText()).isEqualTo("password");
    }

    @Test
    void anAdminsTokenScopedToViewerIsAViewer() {
        JsonNode t = admin.post("/api/v1/tokens", Map.of("name", "read-only admin", "role", "viewer")).expect(201).json();
        assertThat(t.path("role").asText()).isEqualTo("viewer");
        assertThat(t.path("owner").asText()).isEqualTo("admin");
        assertThat(t.path("secret").asText()).startsWith("assay_");
        Api scoped = server.as(t.path("secret").asText());
        scoped.get("/api/v1/datasets").expect(200);
        forbidden(scoped.get("/api/v1/users"));
        forbidden(scoped.get("/api/v1/audit"));
        forbidden(scoped.uploadRaw("filename=sales.csv&wait=true", csv, "text/csv"));
        forbidden(scoped.post("/api/v1/query", Map.of("sql", "SELECT getenv('HOME')")));
    }

    @Test
    void aRevokedTokenIsRefused() {
        JsonNode t = analyst.post("/api/v1/tokens", Map.of("name", "to revoke")).expect(201).json();
        Api client = server.as(t.path("secret").asText());
        client.get("/api/v1/datasets").expect(200);
        analyst.delete("/api/v1/tokens/" + t.path("id").asText()).expect(204);
        JsonNode p = client.get("/api/v1/datasets").problem(401, "UNAUTHORIZED");
        assertThat(p.path("type").asText()).isEqualTo("https://assay.dev/problems/unauthorized");
        assertThat(client.get("/api/v1/datasets").header("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h).startsWith("Bearer"));
        JsonNode listed = analyst.get("/api/v1/tokens").expect(200).json().path("items");
        List<Boolean> revoked = new ArrayList<>();
        listed.forEach(x -> {
            if (x.path("id").asText().equals(t.path("id").asText())) {
                revoked.add(x.path("revoked").asBoolean());
            }
        });
        assertThat(revoked).containsExactly(true);
        // Someone else's token cannot be revoked by a non-admin.
        JsonNode other = viewer.post("/api/v1/tokens", Map.of("name", "vic's")).expect(201).json();
        analyst.delete("/api/v1/tokens/" + other.path("id").asText()).problem(404, "NOT_FOUND");
    }

    @Test
    void anExpiredTokenIsRefused() {
        JsonNode t = analyst.post("/api/v1/tokens", Map.of("name", "short-lived", "expiresInDays", 1)).expect(201).json();
        assertThat(t.path("expiresAt").isTextual()).isTrue();
        // Expire it before its first use (a used token's check is cached for a few seconds).
        server.ws.store().update("UPDATE api_tokens SET expires_at = ? WHERE id = ?", Instant.now().minusSeconds(60), t.path("id").asText());
        server.as(t.path("secret").asText()).get("/api/v1/datasets").problem(401, "UNAUTHORIZED");
    }

    @Test
    void badCredentialsAre401() {
        server.anonymous().get("/api/v1/datasets").problem(401, "UNAUTHORIZED");
        server.as("assay_not-a-token").get("/api/v1/datasets").problem(401, "UNAUTHORIZED");
        server.anonymous().with("Authorization", "Basic YWRtaW46YWRtaW4=").get("/api/v1/datasets").problem(401, "UNAUTHORIZED");
        server.anonymous().get("/metrics").problem(401, "UNAUTHORIZED");
    }

    @Test
    void aDatasetIsVisibleToAViewerOnlyWhileGranted() {
        JsonNode imported = analyst.uploadRaw("filename=sales.csv&name=secret_sales&wait=true", csv, "text/csv").expect(201).json();
        assertThat(imported.path("dataset").path("owner").asText()).isEqualTo("ann");
        assertThat(imported.path("dataset").path("access").asText()).isEqualTo("write");

        viewer.get("/api/v1/datasets/secret_sales").problem(404, "NOT_FOUND");
        forbidden(viewer.post("/api/v1/query", Map.of("sql", "SELECT * FROM secret_sales")));
        assertThat(names(viewer)).doesNotContain("secret_sales");
        // A viewer cannot grant itself access.
        assertThat(viewer.put("/api/v1/datasets/secret_sales/grants/vic", Map.of("access", "read")).status()).isIn(403, 404);

        JsonNode grant = analyst.put("/api/v1/datasets/secret_sales/grants/vic", Map.of("access", "read")).expect(200).json();
        assertThat(grant.path("grantee").asText()).isEqualTo("vic");
        assertThat(grant.path("access").asText()).isEqualTo("read");
        JsonNode detail = viewer.get("/api/v1/datasets/secret_sales").expect(200).json();
        assertThat(detail.path("access").asText()).isEqualTo("read");
        assertThat(detail.path("rows").asLong()).isEqualTo(3);
        JsonNode rows = viewer.post("/api/v1/query", Map.of("sql", "SELECT sum(amount) AS total FROM secret_sales")).expect(200).json();
        assertThat(rows.path("rows").get(0).get(0).asLong()).isEqualTo(60);
        assertThat(names(viewer)).contains("secret_sales");
        // Read is not write.
        forbidden(viewer.delete("/api/v1/datasets/secret_sales"));
        JsonNode ownerView = analyst.get("/api/v1/datasets/secret_sales").expect(200).json();
        assertThat(ownerView.path("grants").toString()).contains("\"vic\"");

        analyst.delete("/api/v1/datasets/secret_sales/grants/vic").expect(204);
        viewer.get("/api/v1/datasets/secret_sales").problem(404, "NOT_FOUND");
        forbidden(viewer.post("/api/v1/query", Map.of("sql", "SELECT * FROM secret_sales")));
        assertThat(names(viewer)).doesNotContain("secret_sales");
        // The admin sees everything.
        admin.get("/api/v1/datasets/secret_sales").expect(200);
    }

    private static List<String> names(Api api) {
        List<String> out = new ArrayList<>();
        api.get("/api/v1/datasets").expect(200).json().path("items").forEach(d -> out.add(d.path("name").asText()));
        return out;
    }
}
