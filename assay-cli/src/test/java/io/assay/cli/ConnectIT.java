package io.assay.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code assay connect}, run as a real process against the PostgreSQL server of this machine. */
class ConnectIT {

    private static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    /** PostgreSQL here trusts local connections and accepts any password: enough to follow where it goes. */
    private static final String PASSWORD = "cli-Secret-Pa55word";

    @TempDir
    Path dir;
    private Cli cli;

    @BeforeEach
    void setUp() {
        cli = new Cli(dir);
    }

    @Test
    void addListTestRemove() throws Exception {
        assumeReachable();
        Cli.Result added = run(Map.of("PG_PASSWORD", PASSWORD), "connect", "add", "pg", "--url", PG_URL, "--user", "postgres",
                "--password-env", "PG_PASSWORD");
        assertThat(added.status()).as(added.toString()).isZero();
        assertThat(added.out()).contains("Added connection pg (postgresql, " + PG_URL + ", user postgres): it works.");

        Path keyFile = cli.dataDir().resolve("secret.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");

        Cli.Result list = cli.run("connect", "list");
        assertThat(list.status()).as(list.toString()).isZero();
        assertThat(list.out()).contains("name").contains("engine").contains("url").contains("user").contains("created")
                .contains("pg").contains("postgresql").contains(PG_URL).contains("postgres");

        Cli.Result test = cli.run("connect", "test", "pg");
        assertThat(test.status()).as(test.toString()).isZero();
        assertThat(test.out()).startsWith("pg: ok (postgresql, round trip ").contains("ms, PostgreSQL");

        Cli.Result duplicate = cli.run("connect", "add", "pg", "--url", PG_URL);
        assertThat(duplicate.status()).isEqualTo(5);
        assertThat(duplicate.err()).contains("exists already").contains("assay connect remove pg");

        Cli.Result removed = cli.run("connect", "remove", "pg");
        assertThat(removed.status()).as(removed.toString()).isZero();
        assertThat(removed.out()).contains("Removed connection pg.");
        assertThat(cli.run("connect", "list").out()).contains("No connections yet");

        for (Cli.Result r : List.of(added, list, test, duplicate, removed)) {
            assertThat(r.out() + r.err()).doesNotContain(PASSWORD);
        }
        assertThat(new String(Files.readAllBytes(cli.dataDir().resolve("warehouse.duckdb")), StandardCharsets.ISO_8859_1))
                .as("the warehouse file never holds the password in clear")
                .doesNotContain(PASSWORD);
    }

    @Test
    void analysesATableWhereItLives() throws Exception {
        assumeReachable();
        String table = "assay_it_sales_" + Long.toHexString(System.nanoTime());
        try (java.sql.Connection pg = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
             java.sql.Statement st = pg.createStatement()) {
            st.execute("CREATE TABLE " + table + " (day date, region text, units integer)");
            st.execute("INSERT INTO " + table + " SELECT DATE '2025-01-01' + d, (ARRAY['north','south','east'])[1 + r], "
                    + "10 + (d * 7 + r) % 5 + CASE WHEN d = 60 AND r = 2 THEN 60 ELSE 0 END "
                    + "FROM generate_series(0, 119) d, generate_series(0, 2) r");
            try {
                assertThat(cli.run("connect", "add", "pg", "--url", "jdbc:postgresql://127.0.0.1:5432/test", "--user", "postgres")
                        .status()).isZero();
                Cli.Result r = cli.run("analyze", "pg.public." + table);
                assertThat(r.status()).as(r.toString()).isZero();
                assertThat(r.out()).contains("# pg.public." + table).contains("360 rows × 3 columns").contains("on postgresql")
                        .contains("2025-03-02").contains("region = east");

                Cli.Result copied = cli.run("import", "pg.public." + table, "--name", "sales_copy");
                assertThat(copied.status()).as(copied.toString()).isZero();
                assertThat(copied.out()).contains("Imported sales_copy: 360 rows, 3 columns from pg.public." + table);
                Cli.Result same = cli.run("query", "SELECT count(*), sum(units), min(day), max(region) FROM sales_copy", "--format", "csv");
                try (java.sql.ResultSet rs = st.executeQuery("SELECT count(*), sum(units), min(day), max(region) FROM " + table)) {
                    rs.next();
                    assertThat(same.out()).contains(rs.getLong(1) + "," + rs.getLong(2) + "," + rs.getDate(3) + "," + rs.getString(4));
                }
            } finally {
                st.execute("DROP TABLE " + table);
            }
        }
    }

    @Test
    void errorsAreClearAndNeverShowThePassword() throws Exception {
        Cli.Result unsetVar = cli.run("connect", "add", "pg", "--url", PG_URL, "--password-env", "ASSAY_NO_SUCH_VARIABLE");
        assertThat(unsetVar.status()).isEqualTo(2);
        assertThat(unsetVar.err()).contains("The environment variable 'ASSAY_NO_SUCH_VARIABLE' is not set").contains("hint:");

        Cli.Result refused = run(Map.of("PG_PASSWORD", PASSWORD), "connect", "add", "pg", "--url",
                "jdbc:postgresql://127.0.0.1:1/test", "--user", "postgres", "--password-env", "PG_PASSWORD");
        assertThat(refused.status()).isEqualTo(8);
        assertThat(refused.err()).contains("Cannot connect to postgresql at 127.0.0.1:1").contains("hint:")
                .doesNotContain(PASSWORD).doesNotContain("at io.assay");

        Cli.Result missing = cli.run("connect", "test", "nope");
        assertThat(missing.status()).isEqualTo(3);
        assertThat(missing.err()).contains("There is no connection named 'nope'");

        Cli.Result duck = cli.run("connect", "add", "local", "--url", "jdbc:duckdb:");
        assertThat(duck.status()).isEqualTo(2);
        assertThat(duck.err()).contains("embedded DuckDB");

        Cli.Result flag = cli.run("connect", "add", "pg", "--url", PG_URL, "--password", PASSWORD);
        assertThat(flag.status()).as("there is no password flag").isEqualTo(2);
    }

    /** Runs {@code assay ARGS} with extra environment variables. */
    private Cli.Result run(Map<String, String> env, String... args) throws Exception {
        Path out = Files.createTempFile(dir, "out-", ".txt");
        Path err = Files.createTempFile(dir, "err-", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cli.command(List.of(), args)).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("assay " + String.join(" ", args) + " did not finish in 5 minutes");
        }
        return new Cli.Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static void assumeReachable() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 5432), 2_000);
        } catch (IOException e) {
            assumeTrue(false, "PostgreSQL is not reachable at 127.0.0.1:5432 (" + e.getMessage()
                    + "); start it to run the connection tests.");
        }
    }
}
