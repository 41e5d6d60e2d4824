import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load test of `assay serve` on loopback: 32 concurrent clients send (1) a small query the result cache
 * answers and (2) an aggregate over the demo orders that misses the cache (a different parameter each
 * time). The reference, measured in the same run on the same warehouse file and the same 32 threads,
 * is the aggregate run straight on DuckDB over JDBC, without HTTP, governance, audit or JSON.
 *
 *   bench/server/run.sh [REQUESTS_CACHED] [REQUESTS_UNCACHED]
 */
public class LoadBench {

    static final int CLIENTS = 32;
    static final String PASSWORD = "load-bench-password";
    static final String CACHED = "SELECT status, count(*) AS orders FROM orders GROUP BY status ORDER BY status";
    static final String AGGREGATE = "SELECT region, count(*) AS orders, round(sum(total_amount), 2) AS revenue FROM orders "
            + "WHERE order_date >= CAST(? AS DATE) AND order_id > ? GROUP BY region ORDER BY region";
    static final LocalDate FIRST = LocalDate.of(2024, 1, 1);

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int cachedRequests = Integer.parseInt(args[1]);
        int uncachedRequests = Integer.parseInt(args[2]);
        Path work = Files.createTempDirectory("assay-load-");
        Path data = work.resolve("data");
        run(jar, data, "demo-data");

        System.out.printf(Locale.ROOT, "Assay load test: %d clients, demo orders (scale 1), loopback, %d cores%n", CLIENTS,
                Runtime.getRuntime().availableProcessors());
        System.out.println();
        Stats reference = reference(data.resolve("warehouse.duckdb"), uncachedRequests);
        print("reference: the aggregate straight on DuckDB (JDBC, same 32 threads)", reference);

        // ASSAY_SERVER_JAVA_OPTS adds options to the server's JVM: a flight recording of where a request's time goes, say
        // -XX:StartFlightRecording=filename=server.jfr,settings=profile
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx1g"));
        String extra = System.getenv().getOrDefault("ASSAY_SERVER_JAVA_OPTS", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString(), "serve", "--port", "0", "--data-dir", data.toString()));
        Process server = new ProcessBuilder(command)
                .redirectError(work.resolve("server.err").toFile()).redirectOutput(work.resolve("server.out").toFile())
                .start();
        try {
            String url = awaitUrl(work.resolve("server.out"), server);
            String token = token(url);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            // Warm up: JIT, engine caches, and the one cached result.
            load(http, url, token, 500, i -> body(CACHED, null));
            load(http, url, token, 200, i -> body(AGGREGATE, FIRST.plusDays(i % 700).toString()));
            Stats cached = load(http, url, token, cachedRequests, i -> body(CACHED, null));
            print("cached small query over HTTP (POST /api/v1/query, result cache hit)", cached);
            AtomicInteger day = new AtomicInteger();
            Stats uncached = load(http, url, token, uncachedRequests, i -> body(AGGREGATE, FIRST.plusDays(day.getAndIncrement() % 700).toString(), i));
            print("uncached aggregate over HTTP (a new parameter each request: cache miss)", uncached);
            System.out.printf(Locale.ROOT, "%nuncached over HTTP vs the reference: throughput %.2fx, p50 %.2fx%n",
                    uncached.throughput() / reference.throughput(), uncached.p50() / reference.p50());
        } finally {
            server.destroy();
            server.waitFor(60, TimeUnit.SECONDS);
        }
        System.exit(0);
    }

    static String body(String sql, String param) {
        return param == null ? "{\"sql\":\"" + sql + "\"}" : "{\"sql\":\"" + sql + "\",\"params\":[\"" + param + "\", -1]}";
    }

    /** A body whose second parameter differs per request, so no two share a cache key. */
    static String body(String sql, String param, int unique) {
        return "{\"sql\":\"" + sql + "\",\"params\":[\"" + param + "\", " + (-1 - unique) + "]}";
    }

    record Stats(int requests, int errors, double seconds, double[] millis) {
        double throughput() {
            return requests / seconds;
        }

        double p50() {
            return pct(0.50);
        }

        double pct(double p) {
            double[] s = millis.clone();
            Arrays.sort(s);
            return s[Math.min(s.length - 1, (int) Math.ceil(p * s.length) - 1)];
        }
    }

    static void print(String what, Stats s) {
        System.out.printf(Locale.ROOT, "%-75s %7d req  %5d errors  %8.0f req/s  p50 %7.2f ms  p99 %7.2f ms%n", what, s.requests(),
                s.errors(), s.throughput(), s.p50(), s.pct(0.99));
    }

    static Stats load(HttpClient http, String url, String token, int requests, IntFunction<String> bodies) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        double[] millis = new double[requests];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        long t0 = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            fs.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < requests) {
                    HttpRequest r = HttpRequest.newBuilder(URI.create(url + "/api/v1/query")).timeout(java.time.Duration.ofSeconds(60))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(bodies.apply(i))).build();
                    long s = System.nanoTime();
                    try {
                        HttpResponse<String> resp = http.send(r, HttpResponse.BodyHandlers.ofString());
                        if (resp.statusCode() != 200) {
                            errors.incrementAndGet();
                            if (errors.get() < 3) {
                                System.err.println(resp.statusCode() + " " + resp.body());
                            }
                        }
                    } catch (IOException | InterruptedException e) {
                        errors.incrementAndGet();
                    }
                    millis[i] = (System.nanoTime() - s) / 1e6;
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get(10, TimeUnit.MINUTES);
        }
        pool.shutdown();
        return new Stats(requests, errors.get(), (System.nanoTime() - t0) / 1e9, millis);
    }

    static Stats reference(Path warehouse, int requests) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        double[] millis = new double[requests];
        AtomicInteger next = new AtomicInteger();
        try (Connection root = DriverManager.getConnection("jdbc:duckdb:" + warehouse)) {
            List<Future<?>> fs = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int c = 0; c < CLIENTS; c++) {
                fs.add(pool.submit(() -> {
                    try (Connection conn = ((org.duckdb.DuckDBConnection) root).duplicate();
                         PreparedStatement ps = conn.prepareStatement(AGGREGATE)) {
                        int i;
                        while ((i = next.getAndIncrement()) < requests) {
                            long s = System.nanoTime();
                            ps.setObject(1, FIRST.plusDays(i % 700).toString());
                            ps.setObject(2, -1 - i);
                            try (ResultSet rs = ps.executeQuery()) {
                                while (rs.next()) {
                                    rs.getObject(1);
                                }
                            }
                            millis[i] = (System.nanoTime() - s) / 1e6;
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get(10, TimeUnit.MINUTES);
            }
            pool.shutdown();
            return new Stats(requests, 0, (System.nanoTime() - t0) / 1e9, millis);
        }
    }

    static String token(String url) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> s = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/session")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"admin\",\"password\":\"" + PASSWORD + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        String cookie = s.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        Matcher csrf = Pattern.compile("\"csrfToken\":\"([^\"]+)\"").matcher(s.body());
        csrf.find();
        HttpResponse<String> t = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/tokens")).header("Content-Type", "application/json")
                .header("Cookie", cookie).header("X-CSRF-Token", csrf.group(1))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"load\"}")).build(), HttpResponse.BodyHandlers.ofString());
        Matcher secret = Pattern.compile("\"secret\":\"([^\"]+)\"").matcher(t.body());
        secret.find();
        return secret.group(1);
    }

    static String awaitUrl(Path out, Process p) throws Exception {
        Pattern url = Pattern.compile("serving at (http://[^ ]+)");
        for (int i = 0; i < 3000 && p.isAlive(); i++) {
            Matcher m = url.matcher(Files.readString(out, StandardCharsets.UTF_8));
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the server did not start: " + Files.readString(out));
    }

    static void run(Path jar, Path data, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(java(), "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--data-dir", data.toString(), "--no-progress"));
        Process p = new ProcessBuilder(cmd).inheritIO().redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed");
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
