package io.assay.platform.connect;

import io.assay.engine.AssayException;
import io.assay.engine.Engine;
import io.assay.engine.EngineSettings;
import io.assay.engine.Engines;
import io.assay.engine.ErrorCode;
import io.assay.engine.RowStream;
import io.assay.engine.Session;
import io.assay.engine.SqlStatement;
import io.assay.platform.workspace.Internals;
import io.assay.platform.TestWarehouse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Connections against the real PostgreSQL and MariaDB servers of this machine; skipped when they are not running. */
class ConnectionServiceTest {

    static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String MARIADB_URL = "jdbc:mariadb://127.0.0.1:3306/test";
    /** PostgreSQL here trusts local connections, so any password is accepted: good for checking where it ends up. */
    static final String PASSWORD = "Sup3r-Secret-Pa55word";

    @TempDir
    java.nio.file.Path dir;
    private Engine warehouse;
    private String key;
    private ConnectionService connections;

    @BeforeEach
    void setUp() {
        warehouse = Engines.open(EngineSettings.of("jdbc:duckdb:" + dir.resolve("warehouse.duckdb")));
        key = SecretBox.newKey();
        connections = service(key);
    }

    @AfterEach
    void tearDown() {
        connections.close();
        warehouse.close();
    }

    private ConnectionService service(String secretKey) {
        return new ConnectionService(warehouse, SecretBox.forDataDir(Map.of(SecretBox.KEY_ENV, secretKey), dir));
    }

    @Test
    void addListTestRemoveOnPostgres() {
        assumeReachable("PostgreSQL", 5432);
        Connection added = connections.add("pg", PG_URL, Optional.of("postgres"), Optional.of(PASSWORD));
        assertThat(added.kind()).isEqualTo("postgresql");
        assertThat(added.url()).isEqualTo(PG_URL);
        assertThat(added.user()).contains("postgres");

        List<Connection> list = connections.list();
        assertThat(list).extracting(Connection::name).containsExactly("pg");
        assertThat(list.toString()).doesNotContain(PASSWORD);

        ConnectionCheck check = connections.test("pg");
        assertThat(check.kind()).isEqualTo("postgresql");
        assertThat(check.roundTrip()).isPositive();
        assertThat(check.serverVersion()).hasValueSatisfying(v -> assertThat(v).startsWith("PostgreSQL"));

        try (Session s = connections.engine("pg").openSession(); RowStream r = s.query(SqlStatement.of("SELECT current_database()"))) {
            assertThat(r.next()).isTrue();
            assertThat(r.get(0)).isEqualTo("test");
        }

        connections.remove("pg");
        assertThat(connections.list()).isEmpty();
        assertThatThrownBy(() -> connections.test("pg")).isInstanceOfSatisfying(AssayException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void addListTestRemoveOnMariaDb() {
        assumeReachable("MariaDB", 3306);
        Connection added = connections.add("maria", MARIADB_URL, Optional.of("root"), Optional.empty());
        assertThat(added.kind()).isEqualTo("mysql");
        assertThat(connections.list()).extracting(Connection::name, Connection::user).containsExactly(
                org.assertj.core.groups.Tuple.tuple("maria", Optional.of("root")));
        ConnectionCheck check = connections.test("maria");
        assertThat(check.serverVersion()).hasValueSatisfying(v -> assertThat(v).containsIgnoringCase("mariadb"));
        connections.remove("maria");
        assertThat(connections.list()).isEmpty();
    }

    @Test
    void aWrongPortOrHostIsAClearErrorAndSavesNothing() {
        assertThatThrownBy(() -> connections.add("pg", "jdbc:postgresql://127.0.0.1:1/test", Optional.of("postgres"),
                Optional.of(PASSWORD)))
                .isInstanceOfSatisfying(AssayException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_ERROR);
                    assertThat(e.getMessage()).contains("Cannot connect to postgresql at 127.0.0.1:1").contains("refused");
                    assertThat(e.describe()).contains("Check that the server runs at 127.0.0.1:1").contains("Nothing was saved")
                            .doesNotContain(PASSWORD);
                });
        assertThatThrownBy(() -> connections.add("maria", "jdbc:mariadb://no-such-host.invalid/test", Optional.of("root"),
                Optional.empty()))
                .isInstanceOfSatisfying(AssayException.class,
                        e -> assertThat(e.getMessage()).contains("Cannot connect to mysql at no-such-host.invalid:3306"));
        assertThat(connections.list()).isEmpty();
        assertThat(dir.resolve(SecretBox.KEY_FILE_NAME)).doesNotExist();
    }

    @Test
    void refusesBadNamesUrlsAndDuplicates() {
        assertThatThrownBy(() -> connections.add("My DB", PG_URL, Optional.empty(), Optional.empty()))
                .isInstanceOfSatisfying(AssayException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.details()).containsEntry("parameter", "name");
                    assertThat(e.describe()).contains("'my_db'");
                });
        assertThatThrownBy(() -> connections.add("local", "jdbc:duckdb:", Optional.empty(), Optional.empty()))
                .isInstanceOfSatisfying(AssayException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.getMessage()).contains("embedded DuckDB");
                });
        assertThatThrownBy(() -> connections.add("ora", "jdbc:oracle:thin:@h:1521/x", Optional.empty(), Optional.empty()))
                .hasMessageContaining("No installed engine").isInstanceOfSatisfying(AssayException.class,
                        e -> assertThat(e.describe()).contains("postgresql").contains("mysql"));
        assertThatThrownBy(() -> connections.add("pg", PG_URL + "?user=postgres&password=" + PASSWORD, Optional.empty(),
                Optional.empty()))
                .hasMessageContaining("carries a password").hasMessageNotContaining(PASSWORD);

        assumeReachable("PostgreSQL", 5432);
        connections.add("pg", PG_URL, Optional.of("postgres"), Optional.empty());
        assertThatThrownBy(() -> connections.add("pg", PG_URL, Optional.of("postgres"), Optional.empty()))
                .isInstanceOfSatisfying(AssayException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
                    assertThat(e.describe()).contains("Remove it first").doesNotContain("assay ");
                    assertThat(e.remedy()).hasValueSatisfying(r -> {
                        assertThat(r.id()).isEqualTo("remove-connection");
                        assertThat(r.param("name")).isEqualTo("pg");
                    });
                });
        assertThatThrownBy(() -> connections.remove("pgg"))
                .isInstanceOfSatisfying(AssayException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
                    assertThat(e.describe()).contains("Did you mean pg?");
                });
    }

    @Test
    void theSecretIsStoredEncryptedAndOpensOnlyWithTheSameKey() {
        assumeReachable("PostgreSQL", 5432);
        connections.add("pg", PG_URL, Optional.of("postgres"), Optional.of(PASSWORD));
        connections.add("pg2", PG_URL, Optional.of("postgres"), Optional.of("another-password"));

        List<String> raw = rawRows();
        assertThat(raw).hasSize(2);
        assertThat(String.join("\n", raw)).doesNotContain(PASSWORD).doesNotContain("another-password");

        try (ConnectionService sameKey = service(key)) {
            assertThat(sameKey.test("pg").serverVersion()).isPresent();
        }
        try (ConnectionService wrongKey = service(SecretBox.newKey())) {
            assertThatThrownBy(() -> wrongKey.engine("pg"))
                    .isInstanceOfSatisfying(AssayException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                        assertThat(e.getMessage()).contains("'pg'").contains("does not match");
                        assertThat(e.getCause()).isNull();
                    });
        }

        // A ciphertext moved to another row does not open there.
        execute("UPDATE assay_meta.connections SET secret = (SELECT secret FROM assay_meta.connections WHERE name = 'pg') "
                + "WHERE name = 'pg2'");
        try (ConnectionService fresh = service(key)) {
            assertThatThrownBy(() -> fresh.test("pg2")).hasMessageContaining("cannot be decrypted");
        }

        // A tampered ciphertext fails cleanly too.
        String sealed = rawSecret("pg");
        byte[] bytes = java.util.Base64.getDecoder().decode(sealed);
        bytes[bytes.length / 2] ^= 1;
        try (Session s = warehouse.openSession()) {
            s.execute(SqlStatement.of("UPDATE assay_meta.connections SET secret = ? WHERE name = 'pg'",
                    java.util.Base64.getEncoder().encodeToString(bytes)));
        }
        try (ConnectionService fresh = service(key)) {
            assertThatThrownBy(() -> fresh.engine("pg")).hasMessageContaining("cannot be decrypted");
            assertThat(fresh.list().toString()).doesNotContain(PASSWORD);
        }
    }

    @Test
    void assayClosesTheEnginesOfItsConnections() {
        assumeReachable("PostgreSQL", 5432);
        Engine engine;
        try (Internals assay = TestWarehouse.open(dir.resolve("data"))) {
            assay.connections().add("pg", PG_URL, Optional.of("postgres"), Optional.empty());
            engine = assay.connections().engine("pg");
            engine.openSession().close();
        }
        assertThatThrownBy(engine::openSession).isInstanceOf(AssayException.class);
    }

    private List<String> rawRows() {
        List<String> out = new ArrayList<>();
        try (Session s = warehouse.openSession(); RowStream r = s.query(SqlStatement.of("SELECT * FROM assay_meta.connections"))) {
            while (r.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 0; i < r.columns().size(); i++) {
                    row.append(r.get(i)).append('|');
                }
                out.add(row.toString());
            }
        }
        return out;
    }

    private String rawSecret(String name) {
        try (Session s = warehouse.openSession();
             RowStream r = s.query(SqlStatement.of("SELECT secret FROM assay_meta.connections WHERE name = ?", name))) {
            assertThat(r.next()).isTrue();
            return (String) r.get(0);
        }
    }

    private void execute(String sql) {
        try (Session s = warehouse.openSession()) {
            s.execute(SqlStatement.of(sql));
        }
    }

    static void assumeReachable(String what, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        } catch (IOException e) {
            assumeTrue(false, what + " is not reachable at 127.0.0.1:" + port + " (" + e.getMessage()
                    + "); start it to run these connection tests.");
        }
    }
}
