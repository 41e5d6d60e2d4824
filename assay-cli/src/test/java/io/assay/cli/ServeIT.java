package io.assay.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code assay serve} as a separate process: a kill -9 in the middle of an import leaves the dataset
 * as it was and the job failed after a restart; SIGTERM lets a running import finish before exiting.
 */
class ServeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "serve-it-password-1";
    private static final Pattern URL = Pattern.compile("serving at (http://127\\.0\\.0\\.1:\\d+)");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    /** A running server process and its address. */
    private record Server(Process process, String url, String token) {
    }

    private Server start(Cli cli, String tag) throws Exception {
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
        return new Server(p, url, token(url));
    }

    private String token(String url) throws Exception {
        HttpResponse<String> signIn = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/session"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"admin\",\"password\":\"" + PASSWORD + "\"}")).build(),
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

    private JsonNode get(Server s, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(s.url() + path)).header("Authorization", "Bearer " + s.token()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private JsonNode query(Server s, String sql) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(s.url() + "/api/v1/query"))
                .header("Authorization", "Bearer " + s.token()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(java.util.Map.of("sql", sql)))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private String upload(Server s, Path file, String name) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(s.url() + "/api/v1/datasets?filename=" + file.getFileName()
                        + "&name=" + name + "&mode=replace"))
                .header("Authorization", "Bearer " + s.token()).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return JSON.readTree(r.body()).get("id").asText();
    }

    /** Waits until the job reports the engine loading the file. */
    private void awaitLoading(Server s, String job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            JsonNode j = get(s, "/api/v1/jobs/" + job);
            if (j.get("status").asText().equals("running") && j.get("progress").isObject()
                    && j.get("progress").get("stage").asText().startsWith("loading")) {
                return;
            }
            assertThat(j.get("status").asText()).as(j.toString()).isIn("queued", "running");
            Thread.sleep(20);
        }
        throw new AssertionError("the import never started loading");
    }

    private Cli prepared() throws Exception {
        Cli cli = new Cli(dir);
        Path small = dir.resolve("small.csv");
        Files.writeString(small, "id,label\n1,a\n2,b\n3,c\n");
        assertThat(cli.run("import", small.toString(), "--name", "t").status()).isZero();
        Cli.Result made = cli.run("query", "SELECT range AS id, 'label number ' || range AS label, range % 97 AS bucket, "
                + "range * 1.25 AS amount FROM range(10000000)", "--format", "csv", "--out", dir.resolve("big.csv").toString());
        assertThat(made.status()).as(made.toString()).isZero();
        return cli;
    }

    @Test
    void killedMidImportTheDatasetIsIntactAndTheJobFailedAfterRestart() throws Exception {
        Cli cli = prepared();
        Server first = start(cli, "first");
        String job = upload(first, dir.resolve("big.csv"), "t");
        awaitLoading(first, job);
        first.process().destroyForcibly();
        assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(first.process().exitValue()).isEqualTo(137);

        Server second = start(cli, "second");
        try {
            JsonNode j = get(second, "/api/v1/jobs/" + job);
            assertThat(j.get("status").asText()).isEqualTo("failed");
            assertThat(j.get("error").get("detail").asText()).contains("stopped while this job ran");
            JsonNode rows = query(second, "SELECT count(*) AS n, string_agg(label, '' ORDER BY id) AS labels FROM t");
            assertThat(rows.get("rows").get(0).get(0).asLong()).isEqualTo(3);
            assertThat(rows.get("rows").get(0).get(1).asText()).isEqualTo("abc");
            JsonNode stray = query(second, "SELECT count(*) FROM information_schema.tables WHERE position('__assay' IN table_name) = 1");
            assertThat(stray.get("rows").get(0).get(0).asLong()).isZero();
            assertThat(get(second, "/api/v1/datasets/t").get("rows").asLong()).isEqualTo(3);
            try (Stream<Path> left = Files.list(cli.dataDir().resolve("tmp/uploads"))) {
                assertThat(left.filter(p -> !p.getFileName().toString().equals("multipart"))).as("uploads left by the crash are cleared").isEmpty();
            }
        } finally {
            stop(second);
        }
    }

    @Test
    void sigtermLetsARunningImportFinish() throws Exception {
        Cli cli = prepared();
        Server first = start(cli, "first");
        String job = upload(first, dir.resolve("big.csv"), "t");
        awaitLoading(first, job);
        stop(first);

        Server second = start(cli, "second");
        try {
            assertThat(get(second, "/api/v1/jobs/" + job).get("status").asText()).isEqualTo("succeeded");
            assertThat(get(second, "/api/v1/datasets/t").get("rows").asLong()).isEqualTo(10_000_000L);
        } finally {
            stop(second);
        }
    }

    private static void stop(Server s) throws InterruptedException, IOException {
        s.process().destroy(); // SIGTERM: the graceful path
        assertThat(s.process().waitFor(60, TimeUnit.SECONDS)).as("stopped within the grace period").isTrue();
        assertThat(s.process().exitValue()).isIn(0, 143);
    }
}
