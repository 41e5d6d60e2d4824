package io.assay.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assay.server.contract.OpenApiContract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An HTTP client of the API for the tests. Every response of an {@code /api/v1}, {@code /health} or
 * {@code /metrics} operation is checked against the OpenAPI document (status, media type, JSON body),
 * and so is every JSON request body, so no test can forget to.
 */
public final class Api {

    static final ObjectMapper JSON = new ObjectMapper();
    static final OpenApiContract CONTRACT = OpenApiContract.load();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String base;
    private final Optional<String> token;
    private final Map<String, String> headers = new LinkedHashMap<>();

    Api(String base, Optional<String> token) {
        this.base = base;
        this.token = token;
    }

    /** This client with an extra header on every request (e.g. a cookie or a CSRF token). */
    public Api with(String name, String value) {
        Api a = new Api(base, token);
        a.headers.putAll(headers);
        a.headers.put(name, value);
        return a;
    }

    /** An answer: status, headers, body. */
    public record Res(String method, String path, int status, HttpHeaders headers, byte[] bytes) {

        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(bytes);
            } catch (IOException e) {
                throw new AssertionError(method + " " + path + " → " + status + " is not JSON: " + text(), e);
            }
        }

        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        public String contentType() {
            return header("Content-Type").orElse("");
        }

        /** Asserts the status, showing the body when it differs. */
        public Res expect(int expected) {
            assertThat(status).as("%s %s answered %s", method, path, text()).isEqualTo(expected);
            return this;
        }

        /** Asserts a problem+json answer with this status and code; answers its JSON. */
        public JsonNode problem(int expected, String code) {
            expect(expected);
            assertThat(contentType()).startsWith("application/problem+json");
            JsonNode p = json();
            assertThat(p.path("status").asInt()).isEqualTo(expected);
            assertThat(p.path("code").asText()).as("problem code of %s", text()).isEqualTo(code);
            return p;
        }
    }

    public Res get(String path) {
        return send("GET", path, HttpRequest.BodyPublishers.noBody(), null, null, b -> { });
    }

    public Res get(String path, String accept) {
        return send("GET", path, HttpRequest.BodyPublishers.noBody(), null, null, b -> b.header("Accept", accept));
    }

    public Res delete(String path) {
        return send("DELETE", path, HttpRequest.BodyPublishers.noBody(), null, null, b -> { });
    }

    public Res post(String path, Object body) {
        return json("POST", path, body, b -> { });
    }

    public Res post(String path, Object body, String accept) {
        return json("POST", path, body, b -> b.header("Accept", accept));
    }

    public Res put(String path, Object body) {
        return json("PUT", path, body, b -> { });
    }

    public Res patch(String path, Object body) {
        return json("PATCH", path, body, b -> { });
    }

    /**
     * A POST of a JSON body the document does not allow, on purpose (to see the server refuse it): the request is
     * not validated, the answer is.
     */
    public Res postInvalid(String path, Object body) {
        return sendInvalid("POST", path, body);
    }

    /** A PUT of a JSON body the document does not allow, on purpose; see {@link #postInvalid}. */
    public Res putInvalid(String path, Object body) {
        return sendInvalid("PUT", path, body);
    }

    private Res sendInvalid(String method, String path, Object body) {
        String text;
        try {
            text = body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return send(method, path, HttpRequest.BodyPublishers.ofString(text), "application/json", null, b -> { }, false);
    }

    /** A POST without a body. */
    public Res post(String path) {
        return send("POST", path, HttpRequest.BodyPublishers.noBody(), null, null, b -> { });
    }

    private Res json(String method, String path, Object body, Consumer<HttpRequest.Builder> extra) {
        String text;
        try {
            text = body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return send(method, path, HttpRequest.BodyPublishers.ofString(text), "application/json", text, extra);
    }

    /** Uploads a file as the raw body, with {@code ?filename=} in the query (the query string of {@code path} is kept). */
    public Res uploadRaw(String query, Path file, String contentType) {
        HttpRequest.BodyPublisher body;
        try {
            body = HttpRequest.BodyPublishers.ofFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return send("POST", "/api/v1/datasets?" + query, body, contentType, null, b -> { });
    }

    /** Uploads a file as the multipart part {@code file}, with other form fields. */
    public Res uploadMultipart(String query, Path file, Map<String, String> fields) {
        try {
            return uploadMultipart(query, file.getFileName().toString(), Files.readAllBytes(file), fields);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Res uploadMultipart(String query, String filename, byte[] content, Map<String, String> fields) {
        String boundary = "----assay" + UUID.randomUUID().toString().replace("-", "");
        List<byte[]> parts = new ArrayList<>();
        for (Map.Entry<String, String> f : fields.entrySet()) {
            parts.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n" + f.getValue() + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        parts.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        parts.add(content);
        parts.add(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send("POST", "/api/v1/datasets" + (query.isEmpty() ? "" : "?" + query), HttpRequest.BodyPublishers.ofByteArrays(parts),
                "multipart/form-data; boundary=" + boundary, null, b -> { });
    }

    /**
     * Sends a request and checks it and its answer against the OpenAPI document. {@code jsonBody} is the
     * JSON text sent, to validate; null for other bodies.
     */
    public Res send(String method, String path, HttpRequest.BodyPublisher body, String contentType, String jsonBody,
                    Consumer<HttpRequest.Builder> extra) {
        return send(method, path, body, contentType, jsonBody, extra, true);
    }

    private Res send(String method, String path, HttpRequest.BodyPublisher body, String contentType, String jsonBody,
                     Consumer<HttpRequest.Builder> extra, boolean checkRequest) {
        Optional<String> template = documented(path) ? Optional.of(template(method, path)) : Optional.empty();
        if (checkRequest && template.isPresent() && contentType != null) {
            CONTRACT.validateRequest(method, template.get(), contentType, jsonBody == null ? "(binary)" : jsonBody);
        }
        HttpRequest.Builder b = request(path).method(method, body);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        extra.accept(b);
        HttpResponse<byte[]> r;
        try {
            r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Res res = new Res(method, path, r.statusCode(), r.headers(), r.body());
        template.ifPresent(t -> CONTRACT.validateResponse(method, t, res.status(), res.header("Content-Type").orElse(null),
                res.status() == 204 || method.equals("HEAD") ? "" : res.text()));
        return res;
    }

    /** Opens a streamed response (Server-Sent Events) and answers its lines; the status and type are checked. */
    public HttpResponse<Stream<String>> stream(String path) {
        HttpRequest req = request(path).GET().header("Accept", "text/event-stream").build();
        try {
            HttpResponse<Stream<String>> r = HTTP.send(req, HttpResponse.BodyHandlers.ofLines());
            CONTRACT.validateResponse("GET", template("GET", path), r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), "");
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        headers.forEach(b::header);
        return b;
    }

    /** Polls GET /api/v1/jobs/{id} until the job has finished; answers its last state. */
    public JsonNode awaitJob(String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = get("/api/v1/jobs/" + id).expect(200).json();
            String status = job.path("status").asText();
            if (status.equals("succeeded") || status.equals("failed") || status.equals("cancelled")) {
                return job;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("The job " + id + " did not finish in 90 s");
    }

    static boolean documented(String path) {
        return path.startsWith("/api/v1/") || path.startsWith("/health/") || path.equals("/metrics") || path.startsWith("/metrics?");
    }

    static String template(String method, String path) {
        return CONTRACT.matchTemplate(method, path)
                .orElseThrow(() -> new AssertionError("The OpenAPI document has no operation for " + method + " " + path));
    }

    /** A URL-encoded query value. */
    public static String q(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
