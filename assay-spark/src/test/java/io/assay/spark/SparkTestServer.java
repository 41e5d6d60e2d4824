package io.assay.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Spark Connect server for the tests: Spark 4.0.1 in {@code local[2]} mode, started once per test JVM as a
 * separate process from the jars Maven resolved (the class path that assay-spark/test-server writes), with a small
 * heap, two shuffle partitions, no UI and an in-memory catalog in a temporary warehouse. It is killed when the test
 * JVM exits.
 */
public final class SparkTestServer {

    /** Spark's own list (JavaModuleOptions): what Spark 4 needs opened on Java 17. */
    public static final List<String> JAVA_OPENS = List.of("-XX:+IgnoreUnrecognizedVMOptions",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
            "--add-opens=java.base/sun.security.action=ALL-UNNAMED", "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "-Djdk.reflect.useDirectMethodHandle=false", "-Dio.netty.tryReflectionSetAccessible=true");

    private static String url;
    private static Path warehouse;

    private SparkTestServer() {
    }

    /** The server's {@code sc://} URL, starting the server on first use. */
    public static synchronized String url() {
        if (url == null) {
            url = start();
        }
        return url;
    }

    /** The server's warehouse folder (the tests may put Parquet files beside it). */
    public static synchronized Path scratch() {
        url();
        return warehouse.getParent();
    }

    private static String start() {
        String classpathFile = System.getProperty("assay.spark.server.classpath");
        if (classpathFile == null || !Files.isRegularFile(Path.of(classpathFile))) {
            throw new IllegalStateException("No Spark server class path (" + classpathFile + "): run the Spark tests with "
                    + "mvn -Pspark, which builds assay-spark/test-server first.");
        }
        try {
            String classpath = Files.readString(Path.of(classpathFile)).trim();
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path dir = Files.createTempDirectory("assay-spark-test");
            warehouse = dir.resolve("warehouse");
            Path log = Path.of("target", "spark-server.log").toAbsolutePath();
            Files.createDirectories(log.getParent());
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx1g");
            command.addAll(JAVA_OPENS);
            command.add("-Dspark.master=local[2]");
            command.add("-Dspark.app.name=assay-spark-tests");
            command.add("-Dspark.connect.grpc.binding.port=" + port);
            command.add("-Dspark.connect.grpc.binding.address=127.0.0.1");
            command.add("-Dspark.driver.host=127.0.0.1");
            command.add("-Dspark.driver.bindAddress=127.0.0.1");
            command.add("-Dspark.sql.shuffle.partitions=2");
            command.add("-Dspark.default.parallelism=2");
            command.add("-Dspark.ui.enabled=false");
            command.add("-Dspark.sql.catalogImplementation=in-memory");
            command.add("-Dspark.sql.warehouse.dir=" + warehouse.toUri());
            command.add("-Dspark.local.dir=" + dir.resolve("local"));
            command.add("-Djava.io.tmpdir=" + dir);
            command.add("-cp");
            command.add(classpath);
            command.add("org.apache.spark.sql.connect.service.SparkConnectServer");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                process.destroy();
                try {
                    if (!process.waitFor(10, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    process.destroyForcibly();
                }
            }));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("The Spark Connect server exited with " + process.exitValue()
                            + " while starting; see " + log);
                }
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                    return "sc://127.0.0.1:" + port;
                } catch (IOException notYet) {
                    Thread.sleep(250);
                }
            }
            process.destroyForcibly();
            throw new IllegalStateException("The Spark Connect server did not listen on port " + port
                    + " within 180 s; see " + log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
