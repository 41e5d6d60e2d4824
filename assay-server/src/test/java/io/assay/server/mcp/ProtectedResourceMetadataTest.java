package io.assay.server.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.server.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The protected-resource metadata of a server behind a proxy ({@code server.public-url}) that names authorization servers
 * ({@code server.oauth.authorization-servers}), read over real HTTP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProtectedResourceMetadataTest {

    private static final String PUBLIC = "https://assay.example.com";
    private TestServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start(@TempDir Path dir) {
        server = TestServer.start(dir, Map.of("server.public-url", PUBLIC,
                "server.oauth.authorization-servers", "https://auth.example.com, https://login.example.org/realms/data"));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.base() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void namesThePublicOriginAndTheConfiguredAuthorizationServers() throws Exception {
        HttpResponse<String> r = get("/.well-known/oauth-protected-resource/mcp");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
        JsonNode doc = McpTool.JSON.readTree(r.body());
        assertThat(doc.path("resource").asText()).isEqualTo(PUBLIC + "/mcp");
        assertThat(doc.path("authorization_servers").toString())
                .isEqualTo("[\"https://auth.example.com\",\"https://login.example.org/realms/data\"]");
        assertThat(doc.path("bearer_methods_supported").toString()).isEqualTo("[\"header\"]");
        JsonNode root = McpTool.JSON.readTree(get("/.well-known/oauth-protected-resource").body());
        assertThat(root.path("resource").asText()).isEqualTo(PUBLIC);
        assertThat(root.path("authorization_servers")).isEqualTo(doc.path("authorization_servers"));
    }

    @Test
    void a401NamesTheMetadataOnThePublicOrigin() throws Exception {
        HttpResponse<String> mcp = http.send(HttpRequest.newBuilder(URI.create(server.base() + "/mcp")).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(mcp.statusCode()).isEqualTo(401);
        assertThat(mcp.headers().firstValue("WWW-Authenticate"))
                .contains("Bearer realm=\"assay\", resource_metadata=\"" + PUBLIC + "/.well-known/oauth-protected-resource/mcp\"");
        HttpResponse<String> api = get("/api/v1/jobs");
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(api.headers().firstValue("WWW-Authenticate"))
                .contains("Bearer realm=\"assay\", resource_metadata=\"" + PUBLIC + "/.well-known/oauth-protected-resource\"");
    }
}
