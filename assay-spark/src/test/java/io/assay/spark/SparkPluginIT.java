package io.assay.spark;

import io.assay.engine.EngineSettings;
import io.assay.engine.Session;
import io.assay.engine.SqlStatement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plugin as a user installs it: assay.jar (built by assay-cli, without Spark) copied into a folder, the shaded
 * {@code assay-spark-*-plugin.jar} copied into {@code plugins/} beside it, and the CLI run as a separate process against
 * a real Spark Connect server: {@code connect add}, {@code analyze spark.default.t}, {@code import spark.default.t}.
 * Without the plugin the same URL is refused.
 */
@Tag("spark")
class SparkPluginIT {

    private static final String TABLE = "plugin_orders";

    @TempDir
    static Path dir;

    @BeforeAll
    static void createTableInSpark() {
        try (SparkEngine engine = SparkEngine.open(EngineSettings.of(SparkTestServer.url())); Session s = engine.openSession()) {
            s.execute(SqlStatement.of("DROP TABLE IF EXISTS default." + TABLE));
            s.execute(SqlStatement.of("CREATE TABLE default." + TABLE + " USING parquet AS SELECT id AS order_id, "
                    + "CAST(id % 7 AS STRING) AS region, id * 1.5 AS amount, date_add(DATE'2024-01-01', CAST(id % 90 AS INT)) AS day "
                    + "FROM range(1000)"));
        }
    }

    @Test
    void theCliFindsThePluginInItsPluginsFolder() throws Exception {
        Path install = install("with-plugin", true);
        Path data = dir.resolve("data");
        Result added = run(install, data, "connect", "add", "spark", "--url", SparkTestServer.url());
        assertThat(added.status).as(added.toString()).isZero();
        assertThat(added.out).contains("Added connection spark (spark, " + SparkTestServer.url());

        Result analyzed = run(install, data, "analyze", "spark.default." + TABLE);
        assertThat(analyzed.status).as(analyzed.toString()).isZero();
        assertThat(analyzed.out).contains("# spark.default." + TABLE).contains("1,000 rows × 4 columns").contains("on spark");
        assertThat(analyzed.err).as("the Spark session closes cleanly").doesNotContain("Failed to release session");

        Result imported = run(install, data, "import", "spark.default." + TABLE, "--name", "orders_from_spark");
        assertThat(imported.status).as(imported.toString()).isZero();
        assertThat(imported.out).contains("Imported orders_from_spark: 1,000 rows, 4 columns from spark.default." + TABLE);

        Result local = run(install, data, "analyze", "orders_from_spark");
        assertThat(local.status).as(local.toString()).isZero();
        assertThat(local.out).contains("1,000 rows × 4 columns").contains("on duckdb");
    }

    @Test
    void withoutThePluginTheUrlIsRefused() throws Exception {
        Path install = install("without-plugin", false);
        Result added = run(install, dir.resolve("data-bare"), "connect", "add", "spark", "--url", SparkTestServer.url());
        assertThat(added.status).as(added.toString()).isNotZero();
        assertThat(added.err).contains("No installed engine handles the URL");
    }

    /** A folder with assay.jar and its native DuckDB libraries, and the plugin jar in plugins/ when asked. */
    private static Path install(String name, boolean withPlugin) throws IOException {
        Path jar = Path.of(System.getProperty("assay.jar"));
        Path plugin = Path.of(System.getProperty("assay.spark.plugin"));
        assertThat(jar).isRegularFile();
        assertThat(plugin).isRegularFile();
        Path install = Files.createDirectories(dir.resolve(name));
        Files.copy(jar, install.resolve("assay.jar"));
        try (Stream<Path> natives = Files.list(jar.getParent())) {
            for (Path lib : natives.filter(p -> p.getFileName().toString().startsWith("libduckdb_java.so")).toList()) {
                Files.copy(lib, install.resolve(lib.getFileName()));
            }
        }
        if (withPlugin) {
            Files.copy(plugin, Files.createDirectories(install.resolve("plugins")).resolve(plugin.getFileName()));
        }
        return install;
    }

    private static Result run(Path install, Path data, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", install.resolve("assay.jar").toString(), "--data-dir", data.toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("ASSAY_PLUGINS");
        Process p = pb.start();
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("assay " + String.join(" ", args) + " did not finish in 240 s");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private record Result(int status, String out, String err) {
    }
}
