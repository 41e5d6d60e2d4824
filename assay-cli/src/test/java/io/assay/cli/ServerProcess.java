package io.assay.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code assay serve} run from the built jar as a separate process on a free port, signed in as the
 * first admin with an API token: the way an operator and a script meet the server.
 */
final class ServerProcess {

    static final String PASSWORD = "serve-it-password-1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern URL = Pattern.compile("serving at (http://127\\.0\\.0\\.1:\\d+)");

    final Process process;
    final String url;
    final String token;
    private final HttpClient http;

    private ServerProcess(Process process, String url, String token, HttpClient http) {
        this.process = process;
        this.url = url;
        this.token = token;
        this.http = http;
    }

    /** Starts {@code assay serve --port 0} over the CLI's data directory and waits until it is ready. */
    static ServerProcess start(Cli cli, Path dir, String tag) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Path out = dir.resolve("serve-" + tag + ".out");
        ProcessBuilder pb = new ProcessBuilder(cli.command(List.of("-Xmx512m"), "serve", "--port", "0"))
                .directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(dir.resolve("serve-" + tag + ".err").toFile());
        pb.environment().put("ASSAY_ADMIN_PASSWORD", PASSWORD);
        long t0 = System.nanoTime();
        Process p = pb.start();
        String url = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (url == null && System.nanoTime() < deadline && p.isAlive()) {
            Matcher m = URL.matcher(Files.readString(out, StandardCharsets.UTF_8));
            if (m.find()) {
                url = m.group(1);
            } else {
                Thread.sleep(20);
            }
        }
        assertThat(url).as("the server printed its URL; stderr: %s", Files.readString(dir.resolve("serve-" + tag + ".err"))).isNotNull();
        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(url + "/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(200);
        System.out.printf("assay serve (%s) ready in %d ms%n", tag, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        return new ServerProcess(p, url, token(http, url), http);
    }

    private static String token(HttpClient http, String url) throws Exception {
        return tokenOf(http, url, "admin", PASSWORD);
    }

    /** Signs a user in and makes an API token of theirs with the session. */
    private static String tokenOf(HttpClient http, String url, String name, String password) throws Exception {
        HttpResponse<String> signIn = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/session"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("name", name, "password", password)))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signIn.statusCode()).as(signIn.body()).isEqualTo(200);
        String cookie = signIn.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        String csrf = JSON.readTree(signIn.body()).get("csrfToken").asText();
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/tokens"))
                .header("Content-Type", "application/json").header("Cookie", cookie).header("X-CSRF-Token", csrf)
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"it\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(token.statusCode()).as(token.body()).isEqualTo(201);
        return JSON.readTree(token.body()).get("secret").asText();
    }

    /** A signed-in browser's credentials: the session cookie and its CSRF token. */
    record BrowserSession(String cookie, String csrf) {
    }

    /** Signs the admin in as the web page does. */
    BrowserSession signIn() throws Exception {
        HttpResponse<String> signIn = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/session"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("name", "admin", "password", PASSWORD)))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signIn.statusCode()).as(signIn.body()).isEqualTo(200);
        return new BrowserSession(signIn.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0],
                JSON.readTree(signIn.body()).get("csrfToken").asText());
    }

    /** A JSON request the way the web page sends it: the session cookie, and the CSRF token on a change. */
    Answer webSend(BrowserSession browser, String method, String path, Object jsonBody) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).header("Cookie", browser.cookie());
        if (jsonBody == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").header("X-CSRF-Token", browser.csrf())
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(jsonBody)));
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body());
    }

    /** Runs a query the way the web page's SQL editor does: a query job, followed to its end; answers the finished job. */
    JsonNode webQuery(BrowserSession browser, String sql) throws Exception {
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/query/jobs"))
                .header("Content-Type", "application/json").header("Cookie", browser.cookie()).header("X-CSRF-Token", browser.csrf())
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("sql", sql)))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String id = JSON.readTree(started.body()).get("id").asText();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            HttpResponse<String> job = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/jobs/" + id))
                    .header("Cookie", browser.cookie()).GET().build(), HttpResponse.BodyHandlers.ofString());
            JsonNode j = JSON.readTree(job.body());
            String status = j.path("status").asText();
            if (!status.equals("queued") && !status.equals("running")) {
                return j;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the query job " + id + " did not finish in a minute");
    }

    /** An answer: status and body. */
    record Answer(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    Answer send(String method, String path, String bearer, Object jsonBody) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", "Bearer " + bearer);
        if (jsonBody == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(jsonBody)));
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body());
    }

    /** GET as the admin; must answer 200. */
    JsonNode get(String path) throws Exception {
        Answer a = send("GET", path, token, null);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return a.json();
    }

    /** A synchronous query as the admin; must answer 200. */
    JsonNode query(String sql) throws Exception {
        Answer a = send("POST", "/api/v1/query", token, Map.of("sql", sql));
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return a.json();
    }

    /** Uploads a CSV as the raw body (replacing a dataset of that name) as a job; answers the job's id. */
    String upload(Path file, String name) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/datasets?filename=" + file.getFileName()
                        + "&name=" + name + "&mode=replace"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return JSON.readTree(r.body()).get("id").asText();
    }

    /** Creates a user as the admin and answers a token of theirs. */
    String user(String name, String role) throws Exception {
        Answer made = send("POST", "/api/v1/users", token, Map.of("name", name, "role", role, "password", PASSWORD));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        return tokenOf(http, url, name, PASSWORD);
    }

    /** SIGTERM, the graceful path; waits for the process to end. */
    void stop() throws InterruptedException, IOException {
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped within the grace period").isTrue();
        assertThat(process.exitValue()).isIn(0, 143);
    }
}
