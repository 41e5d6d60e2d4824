package io.assay.server;

import io.assay.server.contract.OpenApiContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The server offers exactly the operations the OpenAPI document lists, and serves that document. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouteContractTest {

    private TestServer server;

    @BeforeAll
    void start(@TempDir Path dir) {
        server = TestServer.start(dir);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void routesAreExactlyTheDocumentedOperations() {
        Set<String> routes = new TreeSet<>();
        server.server.routes().forEach(r -> routes.add(r.operation()));
        Set<String> documented = new TreeSet<>(OpenApiContract.load().operations());

        Set<String> undocumented = new TreeSet<>(routes);
        undocumented.removeAll(documented);
        Set<String> missing = new TreeSet<>(documented);
        missing.removeAll(routes);
        assertThat(undocumented).as("routes the server has but the OpenAPI document lacks").isEmpty();
        assertThat(missing).as("operations the OpenAPI document lists but the server lacks").isEmpty();
        assertThat(server.server.routes()).as("no route twice").hasSize(routes.size());
    }

    @Test
    void theServedDocumentIsTheOneOnTheClassPathAndTheHealthChecksAnswer() {
        Api.Res doc = server.anonymous().get("/api/v1/openapi.json").expect(200);
        assertThat(OpenApiContract.parse(doc.text()).operations()).isEqualTo(OpenApiContract.load().operations());
        assertThat(server.anonymous().get("/health/live").expect(200).json().path("status").asText()).isEqualTo("up");
        Api.Res ready = server.anonymous().get("/health/ready").expect(200);
        assertThat(ready.json().path("checks").path("warehouse").asText()).isEqualTo("up");
        assertThat(ready.json().path("checks").path("metadata").asText()).isEqualTo("up");
        assertThat(server.anonymous().get("/api/v1/docs").expect(200).contentType()).startsWith("text/html");
        Api.Res info = server.anonymous().get("/api/v1/info").expect(200);
        assertThat(info.json().path("name").asText()).isEqualTo("Assay");
        assertThat(info.json().path("user").isNull()).isTrue();
        assertThat(server.admin().get("/api/v1/info").expect(200).json().path("user").path("name").asText()).isEqualTo("admin");
    }
}
