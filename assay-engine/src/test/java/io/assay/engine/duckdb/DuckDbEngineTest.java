package io.assay.engine.duckdb;

import io.assay.engine.AssayException;
import io.assay.engine.ColumnType.Kind;
import io.assay.engine.Engine;
import io.assay.engine.EngineSettings;
import io.assay.engine.Engines;
import io.assay.engine.ErrorCode;
import io.assay.engine.QueryOptions;
import io.assay.engine.RelationInfo;
import io.assay.engine.RelationRef;
import io.assay.engine.RowStream;
import io.assay.engine.Session;
import io.assay.engine.SqlStatement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DuckDbEngineTest {

    /** A query that runs for minutes unless stopped. */
    private static final String ENDLESS = "SELECT count(*) FROM range(100000000000) a WHERE a.range % 7 = 3";

    private Engine engine;

    @BeforeEach
    void open() {
        engine = Engines.open(EngineSettings.of("jdbc:duckdb:"));
    }

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void reportsTheMemoryItHolds() {
        try (Session s = engine.openSession()) {
            s.execute(SqlStatement.of("CREATE TABLE big AS SELECT range AS id, repeat('x', 20) AS t FROM range(200000)"));
        }
        assertThat(engine.memoryInUse()).isPresent();
        assertThat(engine.memoryInUse().getAsLong()).isPositive();
    }

    @Test
    void isFoundThroughTheServiceLoader() {
        assertThat(engine).isInstanceOf(DuckDbEngine.class);
        assertThat(engine.name()).isEqualTo("duckdb");
        assertThatThrownBy(() -> Engines.open(EngineSettings.of("jdbc:nothing:x")))
                .isInstanceOf(AssayException.class)
                .hasMessageContaining("No engine handles");
    }

    @Test
    void streamsRowsAsPlainJavaValues() {
        try (Session s = engine.openSession();
             RowStream rows = s.query(SqlStatement.of("SELECT 1::INTEGER AS i, 2.5::DOUBLE AS d, 3.25::DECIMAL(10,2) AS m, "
                     + "'x' AS t, DATE '2024-01-02' AS day, TIMESTAMP '2024-01-02 03:04:05' AS ts, true AS b, NULL AS n"))) {
            assertThat(rows.columns()).extracting(c -> c.type().kind())
                    .containsExactly(Kind.INTEGER, Kind.FLOAT, Kind.DECIMAL, Kind.TEXT, Kind.DATE, Kind.TIMESTAMP, Kind.BOOLEAN,
                            Kind.OTHER);
            assertThat(rows.next()).isTrue();
            assertThat(rows.get(0)).isEqualTo(1L);
            assertThat(rows.get(1)).isEqualTo(2.5);
            assertThat(rows.get(2)).isEqualTo(new BigDecimal("3.25"));
            assertThat(rows.get(3)).isEqualTo("x");
            assertThat(rows.get(4)).isEqualTo(LocalDate.of(2024, 1, 2));
            assertThat(rows.get(5)).isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 5));
            assertThat(rows.get(6)).isEqualTo(true);
            assertThat(rows.get(7)).isNull();
            assertThat(rows.next()).isFalse();
        }
    }

    @Test
    void bindsParametersInsteadOfConcatenating() {
        try (Session s = engine.openSession();
             RowStream rows = s.query(SqlStatement.of("SELECT ? AS v", "'; DROP TABLE x; --"))) {
            rows.next();
            assertThat(rows.get(0)).isEqualTo("'; DROP TABLE x; --");
        }
    }

    @Test
    void stopsAtTheRowCapAndSaysSo() {
        try (Session s = engine.openSession();
             RowStream rows = s.query(SqlStatement.of("SELECT * FROM range(1000)"), QueryOptions.NONE.withMaxRows(10))) {
            int n = 0;
            while (rows.next()) {
                n++;
            }
            assertThat(n).isEqualTo(10);
            assertThat(rows.truncated()).isTrue();
        }
    }

    @Test
    void timesOutLongQueries() {
        try (Session s = engine.openSession()) {
            assertThatThrownBy(() -> {
                try (RowStream rows = s.query(SqlStatement.of(ENDLESS), QueryOptions.NONE.withTimeout(Duration.ofMillis(300)))) {
                    rows.next();
                }
            }).isInstanceOfSatisfying(AssayException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
                assertThat(e.getMessage()).contains("300 ms");
            });
            // The session is still usable afterwards.
            try (RowStream rows = s.query(SqlStatement.of("SELECT 42"))) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.get(0)).isEqualTo(42L);
            }
        }
    }

    @Test
    void cancelsFromAnotherThread() throws Exception {
        try (Session s = engine.openSession()) {
            CompletableFuture<Throwable> failure = CompletableFuture.supplyAsync(() -> {
                try (RowStream rows = s.query(SqlStatement.of(ENDLESS))) {
                    rows.next();
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            // Cancel repeatedly until the statement is running and stops.
            Throwable t = null;
            for (int i = 0; i < 100 && t == null; i++) {
                Thread.sleep(50);
                s.cancel();
                t = failure.isDone() ? failure.get() : null;
            }
            t = t != null ? t : failure.get(10, TimeUnit.SECONDS);
            assertThat(t).isInstanceOfSatisfying(AssayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
        }
    }

    @Test
    void rollsBackWhenTheWorkThrows() {
        try (Session s = engine.openSession()) {
            s.execute(SqlStatement.of("CREATE TABLE t (x INTEGER)"));
            assertThatThrownBy(() -> s.inTransaction(tx -> {
                tx.execute(SqlStatement.of("INSERT INTO t VALUES (1)"));
                tx.execute(SqlStatement.of("DROP TABLE t"));
                throw new IllegalStateException("boom");
            })).hasMessage("boom");
            try (RowStream rows = s.query(SqlStatement.of("SELECT count(*) FROM t"))) {
                rows.next();
                assertThat(rows.get(0)).isEqualTo(0L);
            }
        }
    }

    @Test
    void quotesHostileIdentifiers() {
        List<String> names = List.of("select", "a \"quoted\" name", "spaces and, commas", "ünïcödé 名前", "semi;colon--");
        DuckDbDialect d = new DuckDbDialect();
        try (Session s = engine.openSession()) {
            for (String name : names) {
                RelationRef ref = new RelationRef("main", name);
                s.execute(SqlStatement.of("CREATE TABLE " + d.qualify(ref) + " (" + d.quoteIdentifier(name) + " INTEGER)"));
                s.execute(SqlStatement.of("INSERT INTO " + d.qualify(ref) + " VALUES (7)"));
                try (RowStream rows = s.query(SqlStatement.of("SELECT " + d.quoteIdentifier(name) + " FROM " + d.qualify(ref)))) {
                    assertThat(rows.columns().get(0).name()).isEqualTo(name);
                    rows.next();
                    assertThat(rows.get(0)).isEqualTo(7L);
                }
            }
            assertThat(s.relations("main")).extracting(r -> r.ref().name()).containsExactlyInAnyOrderElementsOf(names);
        }
    }

    @Test
    void describesRelationsFromTheCatalog() {
        try (Session s = engine.openSession()) {
            s.execute(SqlStatement.of("CREATE TABLE orders (id BIGINT PRIMARY KEY, amount DECIMAL(10,2) NOT NULL, note VARCHAR)"));
            s.execute(SqlStatement.of("INSERT INTO orders SELECT range, 1.5, 'n' FROM range(25)"));
            s.execute(SqlStatement.of("CREATE VIEW big AS SELECT * FROM orders WHERE amount > 1"));
            RelationInfo info = s.describe(new RelationRef("main", "orders")).orElseThrow();
            assertThat(info.type()).isEqualTo(RelationInfo.Type.TABLE);
            assertThat(info.columns()).extracting(c -> c.name()).containsExactly("id", "amount", "note");
            assertThat(info.columns().get(1).nullable()).isFalse();
            assertThat(info.columns().get(2).nullable()).isTrue();
            assertThat(info.primaryKey()).containsExactly("id");
            assertThat(info.rowEstimate()).isEqualTo(OptionalLong.of(25));
            assertThat(s.describe(new RelationRef("main", "big")).orElseThrow().type()).isEqualTo(RelationInfo.Type.VIEW);
            assertThat(s.describe(new RelationRef("main", "nope"))).isEmpty();
        }
    }

    @Test
    void translatesEngineErrorsIntoTheErrorModel() {
        try (Session s = engine.openSession()) {
            assertThatThrownBy(() -> s.execute(SqlStatement.of("SELEC 1")))
                    .isInstanceOfSatisfying(AssayException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                        assertThat(e.getMessage()).contains("syntax error");
                    });
            assertThatThrownBy(() -> s.execute(SqlStatement.of("SELECT * FROM missing_table")))
                    .isInstanceOfSatisfying(AssayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        }
    }

    @Test
    void reportsProgressOfARunningStatement() throws Exception {
        try (Session s = engine.openSession()) {
            s.execute(SqlStatement.of("CREATE TABLE big AS SELECT range AS x FROM range(30000000)"));
            List<Double> seen = new ArrayList<>();
            CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
                try (RowStream rows = s.query(SqlStatement.of("SELECT sum(x * x % 13), count(DISTINCT x % 1000003) FROM big"))) {
                    rows.next();
                }
            });
            while (!run.isDone()) {
                s.progress().ifPresent(seen::add);
                Thread.sleep(5);
            }
            run.get();
            assertThat(seen).allSatisfy(p -> assertThat(p).isBetween(0.0, 1.0));
        }
    }

    @Test
    void opensAWarehouseFileAndRejectsBadSettings(@TempDir Path dir) {
        Path file = dir.resolve("nested/w.duckdb");
        EngineSettings settings = new EngineSettings("jdbc:duckdb:" + file, Optional.of("256MB"), java.util.OptionalInt.of(1),
                Optional.of(dir.resolve("spill")), java.util.Map.of());
        try (Engine e = Engines.open(settings); Session s = e.openSession();
             RowStream rows = s.query(SqlStatement.of("SELECT current_setting('threads')"))) {
            rows.next();
            assertThat(rows.get(0)).isEqualTo(1L);
        }
        assertThat(file).exists();
        EngineSettings bad = new EngineSettings("jdbc:duckdb:", Optional.of("lots"), java.util.OptionalInt.empty(),
                Optional.empty(), java.util.Map.of());
        assertThatThrownBy(() -> Engines.open(bad)).isInstanceOfSatisfying(AssayException.class,
                e -> assertThat(e.details()).containsEntry("parameter", "engine.memory-limit"));
    }
}
