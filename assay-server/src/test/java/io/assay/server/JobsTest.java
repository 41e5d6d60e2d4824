package io.assay.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jobs: cancelling a running query job and a queued import (which then leaves nothing), and
 * progress as Server-Sent Events. One job thread, so a slow job holds the queue deterministically.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobsTest {

    private TestServer server;
    private Api admin;

    @BeforeAll
    void start(@TempDir Path dir) {
        server = TestServer.start(dir.resolve("data"), Map.of("jobs.threads", "1"));
        admin = server.admin();
        admin.uploadRaw("filename=flights-20k.json&name=flights&wait=true", TestServer.shared("vega/flights-20k.json"), "application/json")
                .expect(201);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Starts an endless query job and waits until it runs. */
    private String blocker() throws InterruptedException {
        JsonNode job = admin.post("/api/v1/query/jobs", Map.of("sql", LimitsTest.ENDLESS)).expect(202).json();
        String id = job.path("id").asText();
        for (int i = 0; i < 400; i++) {
            if (admin.get("/api/v1/jobs/" + id).expect(200).json().path("status").asText().equals("running")) {
                return id;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("the blocking job did not start");
    }

    private JsonNode cancel(String id) {
        Api.Res r = admin.post("/api/v1/jobs/" + id + "/cancel").expect(202);
        return r.json();
    }

    @Test
    void aRunningQueryJobIsCancelled() throws Exception {
        String id = blocker();
        cancel(id);
        JsonNode done = admin.awaitJob(id);
        assertThat(done.path("status").asText()).isEqualTo("cancelled");
        assertThat(done.path("finishedAt").isTextual()).isTrue();
        // Cancelling a finished job is a conflict.
        admin.post("/api/v1/jobs/" + id + "/cancel").problem(409, "CONFLICT");
        JsonNode audit = admin.get("/api/v1/audit?action=job.cancel&target=" + id).expect(200).json();
        // Both attempts are on record: the cancel, and the refused second one.
        assertThat(audit.path("items").size()).isEqualTo(2);
        assertThat(audit.path("items").get(0).path("outcome").asText()).isEqualTo("error");
        assertThat(audit.path("items").get(1).path("outcome").asText()).isEqualTo("ok");
    }

    @Test
    void aCancelledImportLeavesNoDataset() throws Exception {
        String blocking = blocker();
        Api.Res queued = admin.uploadRaw("filename=cars.json&name=cars_cancelled", TestServer.shared("vega/cars.json"), "application/json")
                .expect(202);
        String id = queued.json().path("id").asText();
        assertThat(queued.json().path("status").asText()).isEqualTo("queued");
        JsonNode after = cancel(id);
        assertThat(after.path("status").asText()).isEqualTo("cancelled");
        cancel(blocking);
        admin.awaitJob(blocking);
        assertThat(admin.awaitJob(id).path("status").asText()).isEqualTo("cancelled");
        admin.get("/api/v1/datasets/cars_cancelled").problem(404, "NOT_FOUND");
        assertThat(server.uploadedFilesLeft()).as("the cancelled upload's file").isEmpty();
        assertThat(admin.get("/api/v1/jobs?status=cancelled&kind=import").expect(200).json().path("items").toString()).contains(id);
    }

    @Test
    void analysisProgressStreamsAsServerSentEventsEndingWithDone() throws Exception {
        String blocking = blocker();
        JsonNode run = admin.post("/api/v1/analyses", Map.of("dataset", "flights", "mode", "full")).expect(202).json();
        String jobId = run.path("jobId").asText();
        // The analysis waits behind the blocker: the stream opens before it runs and sees it change.
        CompletableFuture<List<String[]>> events = CompletableFuture.supplyAsync(() -> readEvents(admin.stream("/api/v1/jobs/" + jobId + "/events")));
        Thread.sleep(300);
        cancel(blocking);
        List<String[]> received = events.get(120, TimeUnit.SECONDS);
        assertThat(received).as("events").isNotEmpty();
        List<String> names = received.stream().map(e -> e[0]).toList();
        assertThat(names).contains("progress");
        assertThat(names.get(names.size() - 1)).isEqualTo("done");
        assertThat(names.subList(0, names.size() - 1)).containsOnly("progress");
        for (String[] e : received) {
            Api.CONTRACT.validateSchema("Job", e[1]);
        }
        JsonNode done = Api.JSON.readTree(received.get(received.size() - 1)[1]);
        assertThat(done.path("status").asText()).isEqualTo("succeeded");
        assertThat(done.path("id").asText()).isEqualTo(jobId);
        // The stream of a finished job is just its done event.
        List<String[]> again = readEvents(admin.stream("/api/v1/jobs/" + jobId + "/events"));
        assertThat(again).extracting(e -> e[0]).containsExactly("done");
    }

    /** Reads events (name, data) until the server closes the stream. */
    static List<String[]> readEvents(HttpResponse<Stream<String>> response) {
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<String[]> out = new ArrayList<>();
        try (Stream<String> lines = response.body()) {
            String event = "message";
            StringBuilder data = new StringBuilder();
            for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                String line = it.next();
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        out.add(new String[] {event, data.toString()});
                        if (event.equals("done")) {
                            break;
                        }
                    }
                    event = "message";
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    if (data.length() > 0) {
                        data.append('\n');
                    }
                    data.append(line.substring(5).stripLeading());
                }
            }
        }
        return out;
    }
}
