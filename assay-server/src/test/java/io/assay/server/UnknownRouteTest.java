package io.assay.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A path the server does not have answers 404 problem+json, for anyone, with any method, and the server logs it as
 * an ordinary request: no error, no stack trace (an unknown path is a client's mistake, not a defect).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnknownRouteTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private TestServer server;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private Logger root;

    @BeforeAll
    void start(@TempDir Path dir) {
        server = TestServer.start(dir);
        root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        log.start();
        root.addAppender(log);
    }

    @AfterAll
    void stop() {
        if (root != null) {
            root.detachAppender(log);
        }
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> send(String method, String path, boolean signedIn) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.base() + path)).method(method,
                method.equals("GET") || method.equals("DELETE") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}"));
        if (signedIn) {
            b.header("Authorization", "Bearer " + server.adminToken);
        }
        if (!method.equals("GET") && !method.equals("DELETE")) {
            b.header("Content-Type", "application/json");
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void unknownPathsAre404ProblemsWithNothingLoggedAsAnError() throws Exception {
        // The protected-resource metadata exists for the server and for /mcp only; Assay is no authorization server.
        List<String> paths = List.of("/.well-known/oauth-protected-resource/no-such-resource", "/.well-known/oauth-authorization-server",
                "/no/such/path", "/api/v1/no-such-operation", "/api/v2/datasets", "/favicon.ico", "/ui/vendor/nothing.js");
        log.list.clear();
        for (String path : paths) {
            for (String method : List.of("GET", "POST", "PUT", "DELETE", "PATCH")) {
                for (boolean signedIn : List.of(false, true)) {
                    String what = method + " " + path + (signedIn ? " (admin)" : "");
                    HttpResponse<String> res = send(method, path, signedIn);
                    assertThat(res.statusCode()).as(what).isEqualTo(404);
                    assertThat(res.headers().firstValue("Content-Type")).as(what).hasValueSatisfying(
                            t -> assertThat(t).startsWith(Problems.MEDIA_TYPE));
                    JsonNode problem = Http.JSON.readTree(res.body());
                    assertThat(problem.path("status").asInt()).as(what).isEqualTo(404);
                    assertThat(problem.path("code").asText()).as(what).isEqualTo("NOT_FOUND");
                    assertThat(res.headers().firstValue(RequestIds.HEADER)).as("request id on " + what).isPresent();
                }
            }
        }
        List<ILoggingEvent> bad = log.list.stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN) || e.getThrowableProxy() != null).toList();
        assertThat(bad).as("warnings, errors or stack traces logged for unknown paths")
                .extracting(e -> e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage()
                        + (e.getThrowableProxy() == null ? "" : " / " + e.getThrowableProxy().getClassName() + ": "
                        + e.getThrowableProxy().getMessage()))
                .isEmpty();
    }
}
