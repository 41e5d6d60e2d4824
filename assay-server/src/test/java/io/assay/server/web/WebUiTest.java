package io.assay.server.web;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The web page's files as the server serves them: types, caching, the Content-Security-Policy, nothing from elsewhere. */
class WebUiTest {

    @TempDir
    static Path dir;
    static WebUiServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = new WebUiServer(dir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url + path));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePageIsServedAtTheRootWithAStrictPolicy() throws Exception {
        HttpResponse<String> r = get("/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("default-src 'self'", "script-src 'self'", "connect-src 'self'", "img-src 'self' data: blob:", "frame-ancestors 'none'");
        assertThat(csp).doesNotContain("unsafe-eval").doesNotContain("script-src 'self' 'unsafe-inline'");
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-cache");
        assertThat(r.body()).contains("<script type=\"module\" src=\"/ui/app.js\"></script>");
    }

    @Test
    void everyScriptAndStyleTheFilesNameIsServedFromThisServerWithItsType() throws Exception {
        String html = get("/").body();
        assertThat(html).doesNotContainPattern("<script>|<script [^>]*>[^<]+</script>|\\son[a-z]+=");
        Matcher m = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(html);
        int found = 0;
        while (m.find()) {
            String ref = m.group(1);
            if (ref.startsWith("#")) {
                continue;
            }
            assertThat(ref).as("only this server's files").startsWith("/ui/");
            HttpResponse<String> r = get(ref);
            assertThat(r.statusCode()).as(ref).isEqualTo(200);
            String type = r.headers().firstValue("Content-Type").orElse("");
            if (ref.endsWith(".js")) {
                assertThat(type).startsWith("text/javascript");
            } else if (ref.endsWith(".css")) {
                assertThat(type).startsWith("text/css");
            } else if (ref.endsWith(".svg")) {
                assertThat(type).startsWith("image/svg+xml");
            }
            found++;
        }
        assertThat(found).isGreaterThanOrEqualTo(4);
        assertThat(get("/ui/vendor/plotly.js").body()).contains("plotly.js");
        assertThat(get("/ui/vendor/plotly-LICENSE.txt").body()).contains("MIT");
    }

    @Test
    void theModulesImportOnlyEachOtherAndNameNoOtherHost() throws Exception {
        for (String file : new String[] {"app.js", "api.js", "ui.js", "datasets.js", "dataset.js", "sql.js", "editor.js", "grid.js", "chart.js", "plot.js", "jobs.js", "admin.js", "builder.js", "style.css"}) {
            HttpResponse<String> r = get("/ui/" + file);
            assertThat(r.statusCode()).as(file).isEqualTo(200);
            assertThat(r.body()).as(file).doesNotContainPattern("https?://(?!www\\.w3\\.org)");
            Matcher m = Pattern.compile("from '([^']+)'").matcher(r.body());
            while (m.find()) {
                assertThat(m.group(1)).as(file + " imports").matches("\\./[a-z]+\\.js");
                assertThat(get("/ui/" + m.group(1).substring(2)).statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void assetsRevalidateWithAnETag() throws Exception {
        HttpResponse<String> first = get("/ui/app.js");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(first.headers().firstValue("Cache-Control")).contains("no-cache");
        HttpResponse<String> again = get("/ui/app.js", "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(get("/ui/vendor/plotly.js").headers().firstValue("Cache-Control")).hasValueSatisfying(c -> assertThat(c).contains("max-age="));
    }

    @Test
    void unknownOrEscapingFilesAreNotFound() throws Exception {
        assertThat(get("/ui/nope.js").statusCode()).isEqualTo(404);
        assertThat(get("/ui/..%2Fapi%2Fopenapi.json").statusCode()).isEqualTo(404);
        assertThat(get("/ui/.hidden.js").statusCode()).isEqualTo(404);
        assertThat(get("/ui/index.html").statusCode()).isEqualTo(404);
    }

    @Test
    void thePageIsNotAnOperationOfTheApi() {
        assertThat(server.server.routes()).noneMatch(r -> r.path().equals("/") || r.path().startsWith("/ui"));
        assertThat(server.server.routes()).anyMatch(r -> r.path().equals("/api/v1/charts/recommend"));
    }
}
