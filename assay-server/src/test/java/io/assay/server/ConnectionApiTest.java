package io.assay.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Connections over HTTP, against the real PostgreSQL of this machine: admins only, checked before they are kept, audited. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectionApiTest {

    private TestServer server;
    private Api admin;

    @BeforeAll
    void start(@TempDir Path dir) {
        server = TestServer.start(dir.resolve("data"));
        admin = server.admin();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anAdminAddsTestsListsAndRemovesAConnectionWithoutEverSeeingItsPassword() {
        JsonNode added = admin.post("/api/v1/connections", Map.of("name", "pg", "url", "jdbc:postgresql://127.0.0.1:5432/test",
                "user", "postgres", "password", "not-needed-with-trust")).expect(201).json();
        assertThat(added.path("kind").asText()).isEqualTo("postgresql");
        assertThat(added.toString()).doesNotContain("not-needed-with-trust");
        JsonNode check = admin.post("/api/v1/connections/pg/test").expect(200).json();
        assertThat(check.path("serverVersion").asText()).contains("PostgreSQL");
        assertThat(admin.get("/api/v1/connections").expect(200).json().path("items")).extracting(c -> c.path("name").asText()).contains("pg");
        admin.post("/api/v1/connections", Map.of("name", "pg", "url", "jdbc:postgresql://127.0.0.1:5432/test", "user", "postgres"))
                .problem(409, "CONFLICT");
        JsonNode bad = admin.post("/api/v1/connections", Map.of("name", "nowhere", "url", "jdbc:postgresql://127.0.0.1:1/none"))
                .problem(502, "ENGINE_ERROR");
        assertThat(bad.path("detail").asText()).contains("nowhere");
        admin.delete("/api/v1/connections/pg").expect(204);
        admin.post("/api/v1/connections/pg/test").problem(404, "NOT_FOUND");
        assertThat(admin.get("/api/v1/audit?action=connection.*&limit=20").expect(200).json().path("items"))
                .extracting(r -> r.path("action").asText()).contains("connection.add", "connection.test", "connection.remove");
    }

    @Test
    void onlyAdminsMayTouchConnections() {
        Api analyst = server.user("cody", "analyst");
        analyst.get("/api/v1/connections").problem(403, "FORBIDDEN");
        analyst.post("/api/v1/connections", Map.of("name", "x", "url", "jdbc:postgresql://127.0.0.1:5432/test")).problem(403, "FORBIDDEN");
    }
}
