package io.assay.engine.conformance;

import io.assay.engine.AssayException;
import io.assay.engine.Capability;
import io.assay.engine.Column;
import io.assay.engine.ColumnType.Kind;
import io.assay.engine.Dialect;
import io.assay.engine.Engine;
import io.assay.engine.ErrorCode;
import io.assay.engine.QueryOptions;
import io.assay.engine.RelationInfo;
import io.assay.engine.RelationRef;
import io.assay.engine.RowStream;
import io.assay.engine.Session;
import io.assay.engine.SqlStatement;
import io.assay.engine.TimeGrain;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The one suite every engine passes, in the spirit of Trino's {@code BaseConnectorTest}: each engine
 * gets the same fixtures, loaded through its own dialect with bind parameters, and must give the same
 * answers. What an engine cannot do it declares as a missing {@link Capability}; the suite then checks
 * that the flag tells the truth instead of skipping silently.
 *
 * <p>A subclass opens its engine (skipping with a clear message when the server is not reachable) and
 * says the few things SQL cannot say portably: a statement that runs for minutes, the type of a plain
 * timestamp column, and how to refresh the row estimate.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class EngineConformanceTest {

    /** Rows of the typed fixture, the same on every engine. Row 4 is all NULLs. */
    private static final List<List<Object>> FIXTURE = List.of(
            row(1, 10L, "12.50", 0.5, "Main 12", "2024-01-15", "2024-01-15T10:30:00", true),
            row(2, -3L, "0.01", 2.25, "Zürich ✓", "2024-02-29", "2024-02-29T23:59:59", false),
            row(3, 0L, "99999.99", -1.5, " 42.5 ", "2023-12-31", "2023-12-31T00:00:00", true),
            row(4, null, null, null, null, null, null, null),
            row(5, 7L, "3.00", 10.0, "2024-03-01", "2024-03-01", "2024-03-01T12:00:00", false),
            row(6, 100L, "1.00", 4.0, "2024-02-30", "2024-06-30", "2024-06-30T06:07:08", true));

    /** Names that break naive SQL: quotes of every kind, spaces, unicode, keywords, mixed case. */
    private static final List<String> HOSTILE_COLUMNS = List.of("select", "with space", "\"quoted\"", "back`tick",
            "it's", "ünï ✓", "Mixed Case");

    private final String runId = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    private final List<RelationRef> created = new ArrayList<>();
    private Engine engine;
    private Dialect dialect;
    private RelationRef typed;

    /** Opens the engine under test, or aborts the class (see {@link #assumeReachable}) when its server is not there. */
    protected abstract Engine openEngine();

    /** A query that runs for minutes unless stopped. */
    protected abstract String endlessQuery();

    /** The SQL type of a timestamp without time zone that holds what it is given. */
    protected String timestampType() {
        return "TIMESTAMP";
    }

    /**
     * How the fixture's key is declared after {@code INTEGER NOT NULL}: {@code PRIMARY KEY}, or nothing on engines whose
     * tables have no declared keys (Spark 4.0); the catalog must then report no key.
     */
    protected String primaryKeyClause() {
        return " PRIMARY KEY";
    }

    /** Whether the catalog keeps a column's NOT NULL (Spark's Parquet tables drop it and report every column nullable). */
    protected boolean keepsNotNull() {
        return true;
    }

    /** The SQL type of a double-precision float column. */
    protected String doubleType() {
        return "DOUBLE PRECISION";
    }

    /** Brings the engine's row estimate up to date after the fixtures are loaded. */
    protected void refreshStatistics(Session session, RelationRef table) {
    }

    /** Skips the whole class, saying why, when nothing listens at the host and port of {@code jdbcUrl}. */
    protected static void assumeReachable(String what, String jdbcUrl, int defaultPort) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String host = uri.getHost() == null ? "localhost" : uri.getHost();
        int port = uri.getPort() < 0 ? defaultPort : uri.getPort();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2_000);
        } catch (IOException e) {
            assumeTrue(false, what + " is not reachable at " + host + ":" + port + " (" + e.getMessage()
                    + "); start it to run this engine's conformance tests.");
        }
    }

    @BeforeAll
    void loadFixtures() {
        engine = openEngine();
        dialect = engine.dialect();
        typed = table("conf_typed_" + runId);
        try (Session s = engine.openSession()) {
            s.execute(SqlStatement.of("CREATE TABLE " + dialect.qualify(typed) + " ("
                    + q("id") + " INTEGER NOT NULL" + primaryKeyClause() + ", "
                    + q("i") + " BIGINT, "
                    + q("amount") + " DECIMAL(12, 2), "
                    + q("ratio") + " " + doubleType() + ", "
                    + q("label") + " VARCHAR(100), "
                    + q("day") + " DATE, "
                    + q("at") + " " + timestampType() + ", "
                    + q("flag") + " BOOLEAN)"));
            created.add(typed);
            String insert = "INSERT INTO " + dialect.qualify(typed) + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
            s.inTransaction(tx -> {
                for (List<Object> row : FIXTURE) {
                    tx.execute(new SqlStatement(insert, row));
                }
                return null;
            });
            refreshStatistics(s, typed);
        }
    }

    @AfterAll
    void dropFixtures() {
        if (engine == null) {
            return;
        }
        try (Session s = engine.openSession()) {
            for (RelationRef ref : created) {
                s.execute(SqlStatement.of("DROP TABLE IF EXISTS " + dialect.qualify(ref)));
            }
        } finally {
            engine.close();
        }
    }

    // ---------------------------------------------------------------- catalog

    @Test
    void inspectsStatementsExactlyWhenItSaysItCan() {
        try (Session s = engine.openSession()) {
            if (engine.can(Capability.INSPECT_STATEMENTS)) {
                assertThat(s.inspect("SELECT 1 AS one")).hasValueSatisfying(info -> assertThat(info.isContainedQuery()).isTrue());
            } else {
                assertThat(s.inspect("SELECT 1 AS one")).isEmpty();
            }
        }
    }

    @Test
    void catalogListsTheFixtureWithItsColumnsKindsAndKey() {
        try (Session s = engine.openSession()) {
            assertThat(s.schemas()).contains(dialect.defaultSchema())
                    .doesNotContain("information_schema", "pg_catalog", "performance_schema");
            assertThat(s.relations(dialect.defaultSchema())).extracting(RelationInfo::ref).contains(typed);
            RelationInfo info = s.describe(typed).orElseThrow();
            assertThat(info.type()).isEqualTo(RelationInfo.Type.TABLE);
            assertThat(info.columns()).extracting(Column::name)
                    .containsExactly("id", "i", "amount", "ratio", "label", "day", "at", "flag");
            assertThat(info.columns()).extracting(c -> c.type().kind()).containsExactly(Kind.INTEGER, Kind.INTEGER,
                    Kind.DECIMAL, Kind.FLOAT, Kind.TEXT, Kind.DATE, Kind.TIMESTAMP, Kind.BOOLEAN);
            assertThat(info.columns().get(0).nullable()).isEqualTo(!keepsNotNull());
            assertThat(info.columns().subList(1, 8)).allMatch(Column::nullable);
            if (primaryKeyClause().isBlank()) {
                assertThat(info.primaryKey()).as("no key was declared").isEmpty();
            } else {
                assertThat(info.primaryKey()).containsExactly("id");
            }
            assertThat(info.rowEstimate()).isPresent();
            assertThat(info.rowEstimate().getAsLong()).isBetween(1L, 100L);
            assertThat(s.describe(table("conf_missing_" + runId))).isEmpty();
        }
    }

    // ---------------------------------------------------------------- values

    @Test
    void valuesRoundTripAsPlainJavaValues() {
        try (Session s = engine.openSession();
             RowStream rows = s.query(SqlStatement.of("SELECT * FROM " + dialect.qualify(typed) + " ORDER BY " + q("id")))) {
            assertThat(rows.columns()).extracting(c -> c.type().kind()).containsExactly(Kind.INTEGER, Kind.INTEGER,
                    Kind.DECIMAL, Kind.FLOAT, Kind.TEXT, Kind.DATE, Kind.TIMESTAMP, Kind.BOOLEAN);
            for (List<Object> expected : FIXTURE) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.get(0)).isEqualTo(((Integer) expected.get(0)).longValue());
                assertThat(rows.get(1)).isEqualTo(expected.get(1));
                if (expected.get(2) == null) {
                    assertThat(rows.get(2)).isNull();
                } else {
                    assertThat(rows.get(2)).isInstanceOfSatisfying(BigDecimal.class,
                            d -> assertThat(d).isEqualByComparingTo((BigDecimal) expected.get(2)));
                }
                for (int i = 3; i < 8; i++) {
                    assertThat(rows.get(i)).as("column %d of row %s", i, expected.get(0)).isEqualTo(expected.get(i));
                }
            }
            assertThat(rows.next()).isFalse();
            assertThat(rows.rowCount()).isEqualTo(FIXTURE.size());
        }
    }

    /** Every engine refuses values that do not match the ? of the SQL one for one, the same way (DuckDB would run NULL). */
    @Test
    void refusesValuesThatDoNotMatchTheParameters() {
        QueryOptions timed = new QueryOptions(java.util.Optional.of(Duration.ofSeconds(30)), java.util.OptionalLong.empty());
        try (Session s = engine.openSession()) {
            for (QueryOptions options : List.of(QueryOptions.NONE, timed)) {
                assertThatThrownBy(() -> s.query(SqlStatement.of("SELECT ?, ?", 1), options).close())
                        .isInstanceOfSatisfying(AssayException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                            assertThat(e.getMessage()).isEqualTo("The SQL has 2 parameters (?) but 1 value was given.");
                            assertThat(e.details()).containsEntry("parameter", "params");
                            assertThat(e.hint()).isPresent();
                        });
                assertThatThrownBy(() -> s.query(SqlStatement.of("SELECT ?", 1, 2), options).close())
                        .isInstanceOfSatisfying(AssayException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                            assertThat(e.getMessage()).isEqualTo("The SQL has 1 parameter (?) but 2 values were given.");
                        });
                assertThatThrownBy(() -> s.execute(SqlStatement.of("SELECT 1", 5), options))
                        .isInstanceOfSatisfying(AssayException.class, e ->
                                assertThat(e.getMessage()).isEqualTo("The SQL has 0 parameters (?) but 1 value was given."));
            }
            // A ? inside a string is text, not a parameter; and the session is still usable.
            try (RowStream rows = s.query(SqlStatement.of("SELECT '?' AS q, ? AS v", 7), timed)) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.get(0)).isEqualTo("?");
                assertThat(((Number) rows.get(1)).longValue()).isEqualTo(7L);
            }
        }
    }

    @Test
    void bindsHostileValuesAsParameters() {
        String hostile = "'; DROP TABLE x; -- \" ` \\ ✓";
        try (Session s = engine.openSession();
             RowStream rows = s.query(SqlStatement.of("SELECT " + dialect.castToText("?") + " AS v", hostile))) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.get(0)).isEqualTo(hostile);
        }
    }

    @Test
    void castsBindParametersToATypeSoThatValuesAndNullsAreTyped() {
        String row = "SELECT " + dialect.castToText("?") + " AS t, " + dialect.castToDouble("?") + " AS n, " + dialect.castToDate("?")
                + " AS d, " + dialect.castToBoolean("?") + " AS b";
        try (Session s = engine.openSession()) {
            try (RowStream rows = s.query(SqlStatement.of(row, "x", new java.math.BigDecimal("2.5"), java.time.LocalDate.of(2025, 3, 31), true))) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.get(0)).isEqualTo("x");
                assertThat(((Number) rows.get(1)).doubleValue()).isEqualTo(2.5);
                assertThat(String.valueOf(rows.get(2))).isEqualTo("2025-03-31");
                // MySQL and MariaDB have no BOOLEAN type: true is the integer 1.
                Object b = rows.get(3);
                assertThat(b instanceof Boolean ? b : ((Number) b).intValue() == 1).isEqualTo(Boolean.TRUE);
            }
            // An untyped NULL cannot be compared on every engine ("could not determine data type"); a cast one can.
            String nulls = "SELECT count(*) FROM " + dialect.integerSeries("n", "3") + " AS s WHERE (" + dialect.castToText("?")
                    + " IS NULL OR " + dialect.castToText("?") + " = 'x') AND (" + dialect.castToDate("?") + " IS NULL) AND ("
                    + dialect.castToBoolean("?") + " IS NULL) AND (" + dialect.castToDouble("?") + " IS NULL OR n < " + dialect.castToDouble("?") + ")";
            assertThat(single(s, nulls, null, null, null, null, null, null)).isEqualTo(3L);
            assertThat(single(s, nulls, "y", "y", null, null, 1, 1)).isEqualTo(0L);
            assertThat(single(s, nulls, null, null, null, null, 2, 2)).isEqualTo(2L);
        }
    }

    // ---------------------------------------------------------------- streaming and limits

    @Test
    void streamsALargeResultAndClosesEarly() {
        String series = "SELECT n FROM " + dialect.integerSeries("n", "2000000") + " AS s";
        try (Session s = engine.openSession()) {
            try (RowStream rows = s.query(SqlStatement.of(series))) {
                for (long i = 0; i < 50_000; i++) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.rowCount()).isEqualTo(i + 1);
                }
                assertThat(rows.truncated()).isFalse();
            }
            // The session is usable once the unfinished stream is closed.
            assertThat(single(s, "SELECT count(*) FROM " + dialect.integerSeries("n", "1000") + " AS s")).isEqualTo(1000L);
        }
    }

    @Test
    void readsAStreamToItsEnd() {
        String series = "SELECT n FROM " + dialect.integerSeries("n", "200000") + " AS s ORDER BY n";
        try (Session s = engine.openSession(); RowStream rows = s.query(SqlStatement.of(series))) {
            long expected = 0;
            while (rows.next()) {
                assertThat(((Number) rows.get(0)).longValue()).isEqualTo(expected++);
            }
            assertThat(rows.rowCount()).isEqualTo(200_000L);
            assertThat(rows.truncated()).isFalse();
        }
    }

    @Test
    void stopsAtTheRowCapAndSaysSo() {
        String series = "SELECT n FROM " + dialect.integerSeries("n", "1000") + " AS s";
        try (Session s = engine.openSession();
             RowStream rows = s.query(SqlStatement.of(series), QueryOptions.NONE.withMaxRows(10))) {
            int n = 0;
            while (rows.next()) {
                n++;
            }
            assertThat(n).isEqualTo(10);
            assertThat(rows.truncated()).isTrue();
        }
        try (Session s = engine.openSession();
             RowStream rows = s.query(SqlStatement.of(series), QueryOptions.NONE.withMaxRows(1000))) {
            while (rows.next()) {
                assertThat(rows.rowCount()).isLessThanOrEqualTo(1000);
            }
            assertThat(rows.truncated()).isFalse();
        }
    }

    // ---------------------------------------------------------------- timeouts, cancellation, transactions

    @Test
    void timesOutAndStaysUsable() {
        try (Session s = engine.openSession()) {
            assertThatThrownBy(() -> drain(s.query(SqlStatement.of(endlessQuery()),
                    QueryOptions.NONE.withTimeout(Duration.ofMillis(300)))))
                    .isInstanceOfSatisfying(AssayException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
                        assertThat(e.getMessage()).contains("300 ms");
                    });
            assertThat(single(s, "SELECT 42")).isEqualTo(42L);
        }
    }

    @Test
    void cancelsFromAnotherThread() throws Exception {
        assertThat(engine.can(Capability.CANCEL)).as("every engine here can cancel").isTrue();
        try (Session s = engine.openSession()) {
            CompletableFuture<Void> running = CompletableFuture.runAsync(() -> drain(s.query(SqlStatement.of(endlessQuery()))));
            // A cancel that arrives before the statement starts has nothing to stop: repeat until it lands.
            while (!running.isDone()) {
                Thread.sleep(100);
                s.cancel();
            }
            assertThatThrownBy(() -> running.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(AssayException.class)
                    .cause().satisfies(e -> assertThat(((AssayException) e).code()).isEqualTo(ErrorCode.CANCELLED));
            assertThat(single(s, "SELECT 7")).isEqualTo(7L);
        }
    }

    @Test
    void rollsBackAFailedTransactionAndCommitsAGoodOne() {
        RelationRef t = createTable("conf_tx_" + runId, q("v") + " INTEGER");
        String insert = "INSERT INTO " + dialect.qualify(t) + " VALUES (?)";
        String count = "SELECT count(*) FROM " + dialect.qualify(t);
        try (Session s = engine.openSession()) {
            assertThatThrownBy(() -> s.inTransaction(tx -> {
                tx.execute(SqlStatement.of(insert, 1));
                assertThat(single(tx, count)).isEqualTo(1L);
                throw new IllegalStateException("changed my mind");
            })).hasMessage("changed my mind");
            // Without the flag the engine has no transactions: what ran before the failure stays, as the flag says.
            long kept = engine.can(Capability.TRANSACTIONS) ? 0L : 1L;
            assertThat(single(s, count)).isEqualTo(kept);
            s.inTransaction(tx -> tx.execute(SqlStatement.of(insert, 2)));
            assertThat(single(s, count)).isEqualTo(kept + 1);
        }
    }

    @Test
    void aStatementWithoutRowsAnswersTheRowsItChangedAsOneRow() {
        RelationRef t = createTable("conf_count_" + runId, q("v") + " INTEGER");
        try (Session s = engine.openSession();
             RowStream inserted = s.query(SqlStatement.of("INSERT INTO " + dialect.qualify(t) + " VALUES (1), (2), (3)"))) {
            assertThat(inserted.columns()).extracting(Column::name).containsExactly("count");
            assertThat(inserted.next()).isTrue();
            assertThat(((Number) inserted.get(0)).longValue()).isEqualTo(3L);
            assertThat(inserted.next()).isFalse();
        }
        try (Session s = engine.openSession();
             RowStream altered = s.query(SqlStatement.of("DELETE FROM " + dialect.qualify(t) + " WHERE " + q("v") + " > ?", 1))) {
            assertThat(altered.next()).isTrue();
            assertThat(((Number) altered.get(0)).longValue()).isEqualTo(2L);
        }
    }

    @Test
    void transactionalDdlFlagTellsTheTruth() {
        RelationRef t = table("conf_ddl_" + runId);
        created.add(t);
        try (Session s = engine.openSession()) {
            assertThatThrownBy(() -> s.inTransaction(tx -> {
                tx.execute(SqlStatement.of("CREATE TABLE " + dialect.qualify(t) + " (" + q("v") + " INTEGER)"));
                throw new IllegalStateException("undo");
            })).hasMessage("undo");
            assertThat(s.describe(t).isEmpty()).isEqualTo(engine.can(Capability.TRANSACTIONAL_DDL));
        }
    }

    @Test
    void readOnlySessionsRefuseWritesWhereTheEngineEnforcesThem() {
        RelationRef t = createTable("conf_ro_" + runId, q("v") + " INTEGER");
        try (Session s = engine.openSession(true)) {
            assertThat(single(s, "SELECT count(*) FROM " + dialect.qualify(t))).isEqualTo(0L);
            SqlStatement write = SqlStatement.of("INSERT INTO " + dialect.qualify(t) + " VALUES (1)");
            if (engine.can(Capability.READ_ONLY_SESSIONS)) {
                assertThatThrownBy(() -> s.execute(write)).isInstanceOfSatisfying(AssayException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
            } else {
                assertThat(s.execute(write)).as("without the flag the engine does not enforce read-only").isEqualTo(1L);
            }
        }
        try (Session s = engine.openSession()) {
            // A pooled connection that served a read-only session writes again in a normal one.
            s.execute(SqlStatement.of("INSERT INTO " + dialect.qualify(t) + " VALUES (2)"));
        }
    }

    // ---------------------------------------------------------------- identifiers and errors

    @Test
    void quotesHostileIdentifiers() {
        String name = "conf h\"q `b` ü select " + runId;
        List<String> defs = HOSTILE_COLUMNS.stream().map(c -> q(c) + " VARCHAR(20)").toList();
        RelationRef t = createTable(name, String.join(", ", defs));
        String columns = String.join(", ", HOSTILE_COLUMNS.stream().map(this::q).toList());
        String marks = String.join(", ", HOSTILE_COLUMNS.stream().map(c -> "?").toList());
        try (Session s = engine.openSession()) {
            s.execute(new SqlStatement("INSERT INTO " + dialect.qualify(t) + " (" + columns + ") VALUES (" + marks + ")",
                    new ArrayList<>(HOSTILE_COLUMNS)));
            try (RowStream rows = s.query(SqlStatement.of("SELECT " + columns + " FROM " + dialect.qualify(t)))) {
                assertThat(rows.columns()).extracting(Column::name).containsExactlyElementsOf(HOSTILE_COLUMNS);
                assertThat(rows.next()).isTrue();
                for (int i = 0; i < HOSTILE_COLUMNS.size(); i++) {
                    assertThat(rows.get(i)).isEqualTo(HOSTILE_COLUMNS.get(i));
                }
            }
            assertThat(s.describe(t).orElseThrow().columns()).extracting(Column::name)
                    .containsExactlyElementsOf(HOSTILE_COLUMNS);
            assertThat(s.relations(dialect.defaultSchema())).extracting(RelationInfo::ref).contains(t);
        }
    }

    @Test
    void translatesErrorsKeepingTheServersMessage() {
        try (Session s = engine.openSession()) {
            assertThatThrownBy(() -> s.query(SqlStatement.of("SELEC 1 FRM nowhere")))
                    .isInstanceOfSatisfying(AssayException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                        assertThat(e.getCause()).isNotNull();
                        assertThat(e.getMessage()).contains(e.getCause().getMessage().trim().lines().findFirst().orElseThrow());
                    });
            assertThatThrownBy(() -> s.query(SqlStatement.of("SELECT * FROM "
                    + dialect.qualify(table("conf_missing_" + runId)))))
                    .isInstanceOfSatisfying(AssayException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
                        assertThat(e.getMessage()).contains("conf_missing_" + runId);
                    });
            assertThat(single(s, "SELECT 1")).as("usable after errors").isEqualTo(1L);
        }
    }

    // ---------------------------------------------------------------- dialect functions

    @Test
    void quantilesAreExactWhereTheEngineSaysSo() {
        assertThat(engine.can(Capability.EXACT_QUANTILES)).isTrue();
        String ratio = q("ratio");
        // ratio is -1.5, 0.5, 2.25, 4, 10 (and a NULL): percentile_cont interpolates between ranks.
        assertThat(asDouble(fixtureValue(dialect.quantile(ratio, 0.5)))).isCloseTo(2.25, within(1e-9));
        assertThat(asDouble(fixtureValue(dialect.quantile(ratio, 0.25)))).isCloseTo(0.5, within(1e-9));
        assertThat(asDouble(fixtureValue(dialect.quantile(ratio, 0.9)))).isCloseTo(7.6, within(1e-9));
        assertThat(asDouble(fixtureValue(dialect.quantile(ratio, 0.0)))).isCloseTo(-1.5, within(1e-9));
        assertThat(asDouble(fixtureValue(dialect.approxQuantile(ratio, 0.5)))).isCloseTo(2.25, within(2.0));
        double[] ps = {0.25, 0.5, 0.9};
        if (engine.can(Capability.QUANTILE_LISTS)) {
            assertThat(fixtureValue(dialect.quantiles(ratio, ps, false))).isInstanceOfSatisfying(List.class, list -> {
                assertThat(list).hasSize(3);
                assertThat(asDouble(list.get(0))).isCloseTo(0.5, within(1e-9));
                assertThat(asDouble(list.get(1))).isCloseTo(2.25, within(1e-9));
                assertThat(asDouble(list.get(2))).isCloseTo(7.6, within(1e-9));
            });
        } else {
            assertThatThrownBy(() -> dialect.quantiles(ratio, ps, false)).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Test
    void countsDistinctValues() {
        assertThat(asDouble(fixtureValue(dialect.approxDistinct(q("i"))))).isCloseTo(5, within(0.5));
    }

    @Test
    void truncatesTimestampsToTheSameGrains() {
        assertThat(byId(dialect.dateTrunc(TimeGrain.MONTH, q("at")), 2)).isEqualTo(LocalDateTime.of(2024, 2, 1, 0, 0));
        assertThat(byId(dialect.dateTrunc(TimeGrain.WEEK, q("at")), 2)).isEqualTo(LocalDateTime.of(2024, 2, 26, 0, 0));
        assertThat(byId(dialect.dateTrunc(TimeGrain.DAY, q("at")), 2)).isEqualTo(LocalDateTime.of(2024, 2, 29, 0, 0));
        assertThat(byId(dialect.dateTrunc(TimeGrain.HOUR, q("at")), 6)).isEqualTo(LocalDateTime.of(2024, 6, 30, 6, 0));
        assertThat(byId(dialect.dateTrunc(TimeGrain.MINUTE, q("at")), 6)).isEqualTo(LocalDateTime.of(2024, 6, 30, 6, 7));
        assertThat(byId(dialect.dateTrunc(TimeGrain.SECOND, q("at")), 6)).isEqualTo(LocalDateTime.of(2024, 6, 30, 6, 7, 8));
        assertThat(byId(dialect.dateTrunc(TimeGrain.QUARTER, q("at")), 6)).isEqualTo(LocalDateTime.of(2024, 4, 1, 0, 0));
        assertThat(byId(dialect.dateTrunc(TimeGrain.YEAR, q("at")), 6)).isEqualTo(LocalDateTime.of(2024, 1, 1, 0, 0));
        assertThat(byId(dialect.dateTrunc(TimeGrain.MONTH, q("at")), 4)).isNull();
    }

    @Test
    void matchesWholeValuesCaseSensitively() {
        String where = " FROM " + dialect.qualify(typed) + " WHERE ";
        try (Session s = engine.openSession()) {
            assertThat(single(s, "SELECT count(*)" + where + dialect.regexFullMatch(q("label"), "?"), "[A-Z][a-z]+ [0-9]+"))
                    .isEqualTo(1L);
            assertThat(single(s, "SELECT count(*)" + where + dialect.regexFullMatch(q("label"), "?"), "[a-z]+ [0-9]+"))
                    .as("case-sensitive").isEqualTo(0L);
            assertThat(single(s, "SELECT count(*)" + where + dialect.regexFullMatch(q("label"), "?"), "ain"))
                    .as("whole value, not a part").isEqualTo(0L);
            assertThat(single(s, "SELECT count(*)" + where + dialect.regexFullMatch(q("label"), "?"), "[0-9]{4}-[0-9]{2}-[0-9]{2}|Main 12"))
                    .as("alternation is anchored as a whole").isEqualTo(3L);
        }
    }

    @Test
    void castsToTextTheSameWay() {
        assertThat(byId(dialect.castToText(q("i")), 2)).isEqualTo("-3");
        assertThat(byId(dialect.castToText(q("day")), 1)).isEqualTo("2024-01-15");
        assertThat(byId(dialect.castToText(q("at")), 1)).isEqualTo("2024-01-15 10:30:00");
        assertThat(byId(dialect.castToText(q("label")), 2)).isEqualTo("Zürich ✓");
        assertThat(byId(dialect.length(q("label")), 2)).isEqualTo(8L);
    }

    @Test
    void triesCastsWithoutFailing() {
        assertThat(column(dialect.tryCastDouble(q("label")))).containsExactly(null, null, 42.5, null, null, null);
        assertThat(column(dialect.tryCastDate(q("label"))))
                .containsExactly(null, null, null, null, LocalDate.of(2024, 3, 1), null);
    }

    @Test
    void computesEpochSecondsShapesAndDateArithmetic() {
        assertThat(asDouble(byId(dialect.epochSeconds(q("at")), 1))).isCloseTo(1_705_314_600.0, within(1e-6));
        assertThat(asDouble(byId(dialect.epochSeconds(q("day")), 3))).isCloseTo(1_703_980_800.0, within(1e-6));
        assertThat(column(dialect.shapePattern(q("label"))))
                .containsExactly("Aaaa 99", "Aüaaaa ✓", " 99.9 ", null, "9999-99-99", "9999-99-99");
        assertThat(byId(dialect.addDays(q("day"), "1"), 2)).isEqualTo(LocalDate.of(2024, 3, 1));
        assertThat(byId(dialect.addSeconds(q("at"), "90"), 2)).isEqualTo(LocalDateTime.of(2024, 3, 1, 0, 1, 29));
    }

    @Test
    void samplesSeriesAndHashesDeterministically() {
        try (Session s = engine.openSession()) {
            String table = dialect.qualify(typed);
            assertThat(single(s, "SELECT count(*) FROM " + dialect.sample(table, 3) + " AS s")).isEqualTo(3L);
            assertThat(single(s, "SELECT count(*) FROM " + dialect.sample(table, 100) + " AS s")).isEqualTo(6L);
            assertThat(single(s, "SELECT count(*) FROM (SELECT * FROM " + table + " " + dialect.limitClause(2) + ") AS s"))
                    .isEqualTo(2L);
            assertThat(single(s, "SELECT sum(n) FROM " + dialect.integerSeries("n", "5") + " AS s")).isEqualTo(10L);
            assertThat(single(s, "SELECT count(*) FROM " + dialect.integerSeries("n", "0") + " AS s")).isEqualTo(0L);
        }
        List<Object> hashes = column(dialect.uniformHash(q("id"), q("label")));
        assertThat(hashes).allSatisfy(h -> assertThat(asDouble(h)).isGreaterThanOrEqualTo(0.0).isLessThan(1.0));
        assertThat(hashes).doesNotHaveDuplicates();
        assertThat(column(dialect.uniformHash(q("id"), q("label")))).isEqualTo(hashes);
    }

    // ---------------------------------------------------------------- helpers

    private static List<Object> row(int id, Long i, String amount, Double ratio, String label, String day, String at,
                                    Boolean flag) {
        return Arrays.asList(id, i, amount == null ? null : new BigDecimal(amount), ratio, label,
                day == null ? null : LocalDate.parse(day), at == null ? null : LocalDateTime.parse(at), flag);
    }

    private String q(String identifier) {
        return dialect.quoteIdentifier(identifier);
    }

    private RelationRef table(String name) {
        return new RelationRef(dialect.defaultSchema(), name);
    }

    /** Creates a table dropped after the class, and answers its reference. */
    private RelationRef createTable(String name, String columns) {
        RelationRef ref = table(name);
        created.add(ref);
        try (Session s = engine.openSession()) {
            s.execute(SqlStatement.of("CREATE TABLE " + dialect.qualify(ref) + " (" + columns + ")"));
        }
        return ref;
    }

    /** One aggregate over the typed fixture. */
    private Object fixtureValue(String aggregate) {
        try (Session s = engine.openSession()) {
            return single(s, "SELECT " + aggregate + " FROM " + dialect.qualify(typed));
        }
    }

    /** An expression's value in the fixture row {@code id}. */
    private Object byId(String expr, int id) {
        try (Session s = engine.openSession()) {
            return single(s, "SELECT " + expr + " FROM " + dialect.qualify(typed) + " WHERE " + q("id") + " = ?", id);
        }
    }

    /** An expression over every fixture row, in id order. */
    private List<Object> column(String expr) {
        List<Object> values = new ArrayList<>();
        try (Session s = engine.openSession();
             RowStream rows = s.query(SqlStatement.of("SELECT " + expr + " FROM " + dialect.qualify(typed)
                     + " ORDER BY " + q("id")))) {
            while (rows.next()) {
                values.add(rows.get(0));
            }
        }
        return values;
    }

    private static Object single(Session s, String sql, Object... params) {
        try (RowStream rows = s.query(SqlStatement.of(sql, params))) {
            assertThat(rows.next()).as("a row from %s", sql).isTrue();
            Object value = rows.get(0);
            // Whole-number aggregates come back as BIGINT, HUGEINT or NUMERIC, depending on the engine.
            if (value instanceof BigDecimal d && d.scale() <= 0) {
                return d.longValueExact();
            }
            if (value instanceof java.math.BigInteger b) {
                return b.longValueExact();
            }
            return value;
        }
    }

    private static void drain(RowStream rows) {
        try (rows) {
            while (rows.next()) {
                rows.get(0);
            }
        }
    }

    private static double asDouble(Object value) {
        assertThat(value).isInstanceOf(Number.class);
        return ((Number) value).doubleValue();
    }

    /** For messages: the engine under test. */
    @Override
    public String toString() {
        return getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }
}
