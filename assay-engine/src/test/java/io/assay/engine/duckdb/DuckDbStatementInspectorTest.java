package io.assay.engine.duckdb;

import io.assay.engine.AssayException;
import io.assay.engine.Capability;
import io.assay.engine.Engine;
import io.assay.engine.EngineSettings;
import io.assay.engine.Engines;
import io.assay.engine.ErrorCode;
import io.assay.engine.RelationRef;
import io.assay.engine.RowStream;
import io.assay.engine.Session;
import io.assay.engine.SqlStatement;
import io.assay.engine.StatementInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DuckDbStatementInspectorTest {

    private static final RelationRef SECRET = new RelationRef("main", "secret");
    private static final RelationRef ORDERS = new RelationRef("main", "orders");
    private static final RelationRef CUSTOMERS = new RelationRef("main", "customers");

    private Engine engine;
    private Session session;

    @BeforeEach
    void open() {
        engine = Engines.open(EngineSettings.of("jdbc:duckdb:"));
        session = engine.openSession();
        session.execute(SqlStatement.of("CREATE TABLE secret AS SELECT 42 AS x"));
        session.execute(SqlStatement.of("CREATE TABLE orders (id INTEGER, customer_id INTEGER, amount DOUBLE, placed DATE)"));
        session.execute(SqlStatement.of("CREATE TABLE customers (id INTEGER, name VARCHAR, region VARCHAR)"));
    }

    @AfterEach
    void close() {
        session.close();
        engine.close();
    }

    private StatementInfo inspect(String sql) {
        return session.inspect(sql).orElseThrow();
    }

    private List<List<Object>> run(String sql) {
        List<List<Object>> result = new ArrayList<>();
        try (RowStream rows = session.query(SqlStatement.of(sql))) {
            while (rows.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 0; i < rows.columns().size(); i++) {
                    row.add(rows.get(i));
                }
                result.add(row);
            }
        }
        return result;
    }

    /** A hostile text: never a contained query, whatever else it is. */
    private StatementInfo refused(String sql) {
        StatementInfo info = inspect(sql);
        assertThat(info.isContainedQuery()).as(sql).isFalse();
        return info;
    }

    // --- the SPI ---------------------------------------------------------------------------------

    @Test
    void duckDbDeclaresTheCapability() {
        assertThat(engine.can(Capability.INSPECT_STATEMENTS)).isTrue();
        // The engines without it keep the SPI's default, empty: EngineConformanceTest checks that on each.
    }

    @Test
    void aPlainQueryIsOneContainedReadOnlyStatement() {
        StatementInfo info = inspect("SELECT x FROM secret WHERE x > 1");
        assertThat(info.statementCount()).isEqualTo(OptionalInt.of(1));
        assertThat(info.readOnlyQuery()).isTrue();
        assertThat(info.relations()).containsExactly(SECRET);
        assertThat(info.tableFunctions()).isEmpty();
        assertThat(info.functions()).isEmpty();
        assertThat(info.outsideReach()).isEmpty();
        assertThat(info.isContainedQuery()).isTrue();
    }

    @Test
    void inspectingRunsNothing() {
        StatementInfo info = inspect("DROP TABLE secret");
        assertThat(info.readOnlyQuery()).isFalse();
        assertThat(run("SELECT x FROM secret")).containsExactly(List.of(42L));
    }

    @Test
    void theTextTravelsAsABindParameterSoQuotesAndPlaceholdersAreJustText() {
        StatementInfo info = inspect("SELECT '''); DROP TABLE secret; --' AS s, ? AS p FROM secret");
        assertThat(info.isContainedQuery()).isTrue();
        assertThat(info.relations()).containsExactly(SECRET);
    }

    // --- hostile statements ------------------------------------------------------------------------

    @Test
    void readCsvOfASystemFileReachesOutside() {
        StatementInfo info = refused("SELECT * FROM read_csv('/etc/passwd')");
        assertThat(info.readOnlyQuery()).isTrue();
        assertThat(info.tableFunctions()).containsExactly("read_csv");
        assertThat(info.outsideReach()).anySatisfy(r -> assertThat(r).contains("read_csv").contains("reads files"));
    }

    @Test
    void aQuotedPathInFromIsAReplacementScan() {
        StatementInfo info = refused("SELECT * FROM '/etc/passwd'");
        assertThat(info.outsideReach()).anySatisfy(r -> assertThat(r).contains("/etc/passwd").contains("file"));
    }

    @Test
    void aFileNameInFromIsAReplacementScan() {
        assertThat(refused("SELECT * FROM 'x.csv'").outsideReach()).anySatisfy(r -> assertThat(r).contains("x.csv"));
        assertThat(refused("SELECT * FROM \"data.parquet\"").outsideReach()).anySatisfy(r -> assertThat(r).contains("data.parquet"));
        assertThat(refused("SELECT * FROM 'https://example.com/x'").outsideReach()).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "COPY secret TO '/tmp/assay-x.csv'",
            "COPY (SELECT * FROM secret) TO '/tmp/assay-x.parquet' (FORMAT parquet)",
            "ATTACH '/tmp/assay-other.db' AS other",
            "INSTALL httpfs",
            "LOAD httpfs",
            "PRAGMA version",
            "PRAGMA table_info('secret')",
            "SET memory_limit = '1GB'",
            "SET enable_external_access = true",
            "EXPORT DATABASE '/tmp/assay-export'",
            "CALL duckdb_settings()",
            "CALL pragma_table_info('secret')",
            "CREATE TABLE t2 AS SELECT * FROM secret",
            "CREATE VIEW v AS SELECT * FROM secret",
            "INSERT INTO secret VALUES (1)",
            "UPDATE secret SET x = 0",
            "DELETE FROM secret",
            "DROP TABLE secret",
            "ALTER TABLE secret ADD COLUMN y INTEGER",
            "CHECKPOINT",
            "USE memory",
            "BEGIN TRANSACTION",
            "DETACH other",
            "EXPLAIN SELECT * FROM secret",
            "EXPLAIN ANALYZE SELECT * FROM secret",
            "PIVOT secret ON x USING count(*)",
            "SELECT 1; DROP TABLE secret",
            "DROP TABLE secret; SELECT 1"})
    void statementsThatAreNotQueriesAreNotReadOnly(String sql) {
        StatementInfo info = refused(sql);
        assertThat(info.readOnlyQuery()).isFalse();
        assertThat(info.statementCount()).isEmpty();
        assertThat(info.reachesOutside()).as("a text the inspector cannot describe fails closed").isTrue();
        assertThat(info.relations()).isEmpty();
    }

    @Test
    void severalQueriesAreCountedAndNotOneReadOnlyQuery() {
        StatementInfo info = refused("SELECT 1; SELECT * FROM secret");
        assertThat(info.statementCount()).isEqualTo(OptionalInt.of(2));
        assertThat(info.readOnlyQuery()).isFalse();
        assertThat(info.relations()).containsExactly(SECRET);
    }

    @Test
    void anEmptyTextIsNoQuery() {
        StatementInfo info = refused("-- nothing but a comment");
        assertThat(info.statementCount()).isEqualTo(OptionalInt.of(0));
        assertThat(info.readOnlyQuery()).isFalse();
    }

    @Test
    void getenvReachesOutside() {
        StatementInfo info = refused("SELECT getenv('HOME')");
        assertThat(info.functions()).containsExactly("getenv");
        assertThat(info.outsideReach()).anySatisfy(r -> assertThat(r).contains("getenv").contains("environment"));
        // Case, quoting, qualification and method-call syntax name the same function.
        assertThat(refused("SELECT GetEnv('HOME')").outsideReach()).isNotEmpty();
        assertThat(refused("SELECT \"getenv\"('HOME')").outsideReach()).isNotEmpty();
        assertThat(refused("SELECT system.main.getenv('HOME')").outsideReach()).isNotEmpty();
        assertThat(refused("SELECT 'HOME'.getenv()").outsideReach()).isNotEmpty();
    }

    @Test
    void currentSettingIsBlocked() {
        assertThat(refused("SELECT current_setting('temp_directory')").outsideReach())
                .anySatisfy(r -> assertThat(r).contains("current_setting"));
    }

    @Test
    void sequencesAndQueryPlanningAreBlocked() {
        assertThat(refused("SELECT nextval('s')").outsideReach()).anySatisfy(r -> assertThat(r).contains("nextval"));
        assertThat(refused("SELECT json_serialize_plan('SELECT * FROM read_csv(''/etc/passwd'')')").outsideReach())
                .anySatisfy(r -> assertThat(r).contains("json_serialize_plan"));
    }

    @Test
    void readTextAndReadBlobReachOutside() {
        assertThat(refused("SELECT content FROM read_text('/etc/passwd')").tableFunctions()).containsExactly("read_text");
        assertThat(refused("SELECT content FROM read_blob('/etc/shadow')").tableFunctions()).containsExactly("read_blob");
    }

    @Test
    void otherFileReadersReachOutside() {
        for (String sql : List.of(
                "SELECT * FROM read_parquet('s3://bucket/x.parquet')",
                "SELECT * FROM read_json_auto('/tmp/x.json')",
                "SELECT * FROM read_json('/tmp/x.json')",
                "SELECT * FROM read_csv_auto('/tmp/x.csv')",
                "SELECT * FROM parquet_metadata('/tmp/x.parquet')",
                "SELECT * FROM parquet_schema('/tmp/x.parquet')",
                "SELECT * FROM sniff_csv('/tmp/x.csv')")) {
            assertThat(refused(sql).outsideReach()).as(sql).anySatisfy(r -> assertThat(r).contains("reads files"));
        }
    }

    @Test
    void globReachesOutside() {
        StatementInfo info = refused("SELECT * FROM glob('/home/*')");
        assertThat(info.tableFunctions()).containsExactly("glob");
        assertThat(info.outsideReach()).anySatisfy(r -> assertThat(r).contains("glob"));
    }

    @Test
    void queryAndQueryTableRunTextAsSql() {
        assertThat(refused("SELECT * FROM query('SELECT * FROM secret')").outsideReach())
                .anySatisfy(r -> assertThat(r).contains("query()").contains("as text"));
        assertThat(refused("SELECT * FROM query_table('secret')").outsideReach())
                .anySatisfy(r -> assertThat(r).contains("query_table"));
    }

    @Test
    void catalogAndSettingsFunctionsReachOutside() {
        assertThat(refused("SELECT * FROM duckdb_settings()").outsideReach())
                .anySatisfy(r -> assertThat(r).contains("duckdb_settings").contains("catalog or settings"));
        assertThat(refused("SELECT * FROM duckdb_tables()").outsideReach()).anySatisfy(r -> assertThat(r).contains("duckdb_tables"));
        assertThat(refused("SELECT * FROM pragma_table_info('secret')").outsideReach()).isNotEmpty();
        assertThat(refused("SELECT * FROM duckdb_logs_parsed('x')").outsideReach()).isNotEmpty();
    }

    @Test
    void anyTableFunctionOffTheSafeListReachesOutside() {
        assertThat(refused("SELECT * FROM json_execute_serialized_sql('{}')").outsideReach())
                .anySatisfy(r -> assertThat(r).contains("not on the engine's list of safe table functions"));
        // A qualified name is not the built-in the safe list means.
        assertThat(refused("SELECT * FROM main.range(3)").tableFunctions()).containsExactly("main.range");
    }

    @Test
    void safeTableFunctionsStayInside() {
        StatementInfo info = inspect("SELECT * FROM range(10) r, generate_series(1, 3) g, unnest([1, 2]) u");
        assertThat(info.isContainedQuery()).isTrue();
        assertThat(info.tableFunctions()).containsExactly("range", "generate_series", "unnest");
        assertThat(info.relations()).isEmpty();
    }

    @Test
    void showTablesAndBareDescribeListTheCatalog() {
        assertThat(refused("SHOW TABLES").outsideReach()).anySatisfy(r -> assertThat(r).contains("catalog"));
        assertThat(refused("SHOW DATABASES").outsideReach()).isNotEmpty();
        assertThat(refused("DESCRIBE").outsideReach()).isNotEmpty();
    }

    @Test
    void otherCatalogsAreTheirOwnFact() {
        StatementInfo info = refused("SELECT * FROM system.main.duckdb_tables");
        assertThat(info.relations()).isEmpty();
        assertThat(info.outsideReach()).anySatisfy(r -> assertThat(r).contains("system.main.duckdb_tables").contains("catalog 'system'"));
        assertThat(refused("SELECT * FROM temp.main.secret").relations()).isEmpty();
        // Two parts may be catalog.table: DuckDB falls back to a catalog when no schema has the name.
        assertThat(refused("SELECT * FROM system.duckdb_tables").outsideReach()).anySatisfy(r -> assertThat(r).contains("catalog 'system'"));
    }

    @Test
    void theWarehouseCatalogByNameIsTheWarehouse() {
        StatementInfo info = inspect("SELECT * FROM memory.main.secret JOIN main.orders ON true");
        assertThat(info.isContainedQuery()).isTrue();
        assertThat(info.relations()).containsExactly(SECRET, ORDERS);
    }

    @Test
    void catalogViewsAreRelationsGovernanceCanRefuse() {
        StatementInfo info = inspect("SELECT * FROM information_schema.tables, duckdb_columns");
        assertThat(info.relations()).containsExactly(new RelationRef("information_schema", "tables"),
                new RelationRef("main", "duckdb_columns"));
    }

    // --- CTE scoping -------------------------------------------------------------------------------

    @Test
    void aCteInScopeIsNotABaseRelation() {
        StatementInfo info = inspect("WITH secret AS (SELECT 1 AS x) SELECT * FROM secret");
        assertThat(info.relations()).isEmpty();
        assertThat(info.isContainedQuery()).isTrue();
    }

    @Test
    void aCteInsideASubqueryDoesNotHideTheOuterTable() {
        String sql = "SELECT * FROM (WITH secret AS (SELECT 1 AS y) SELECT 1 AS z), secret";
        assertThat(run(sql)).as("DuckDB reads the real table").containsExactly(List.of(1L, 42L));
        assertThat(inspect(sql).relations()).containsExactly(SECRET);
    }

    @Test
    void aNonRecursiveCteReferringToItsOwnNameReadsTheTable() {
        String sql = "WITH secret AS (SELECT * FROM secret) SELECT * FROM secret";
        assertThat(run(sql)).as("DuckDB binds the inner name to the table").containsExactly(List.of(42L));
        assertThat(inspect(sql).relations()).containsExactly(SECRET);
    }

    @Test
    void aCteSeesOnlyTheCtesBeforeIt() {
        session.execute(SqlStatement.of("CREATE TABLE b AS SELECT 55 AS x"));
        String sql = "WITH a AS (SELECT * FROM b), b AS (SELECT 7 AS x) SELECT * FROM a";
        assertThat(run(sql)).as("DuckDB reads the table b").containsExactly(List.of(55L));
        assertThat(inspect(sql).relations()).containsExactly(new RelationRef("main", "b"));
        assertThat(inspect("WITH b AS (SELECT 7 AS x), a AS (SELECT * FROM b) SELECT * FROM a").relations()).isEmpty();
    }

    @Test
    void aRecursiveCteSeesItselfInItsRecursiveTerm() {
        StatementInfo info = inspect("WITH RECURSIVE r AS (SELECT 1 AS x UNION ALL SELECT x + 1 FROM r WHERE x < 3) SELECT * FROM r");
        assertThat(info.relations()).isEmpty();
        assertThat(info.isContainedQuery()).isTrue();
        // Strict where DuckDB has no recursion to speak of: the name is reported as a table.
        assertThat(inspect("WITH RECURSIVE secret AS (SELECT * FROM secret) SELECT * FROM secret").relations()).containsExactly(SECRET);
        assertThat(inspect("WITH RECURSIVE secret AS (SELECT * FROM secret UNION ALL SELECT 1) SELECT * FROM secret").relations())
                .containsExactly(SECRET);
    }

    @Test
    void outerCtesReachSubqueriesInEveryClause() {
        String sql = "WITH s AS (SELECT 99 AS x) "
                + "SELECT (SELECT max(x) FROM s) AS m FROM orders o "
                + "WHERE o.id IN (SELECT x FROM s) AND EXISTS (SELECT 1 FROM s) "
                + "ORDER BY (SELECT min(x) FROM s) LIMIT (SELECT max(x) FROM s)";
        assertThat(inspect(sql).relations()).containsExactly(ORDERS);
        assertThat(inspect("WITH s AS (SELECT 3 AS n) SELECT * FROM range((SELECT n FROM s))").relations()).isEmpty();
    }

    @Test
    void aCteInAWhereSubqueryDoesNotCoverTheOuterQuery() {
        StatementInfo info = inspect("SELECT * FROM secret WHERE x IN (WITH secret AS (SELECT 1 AS x) SELECT x FROM secret)");
        assertThat(info.relations()).containsExactly(SECRET);
    }

    @Test
    void scalarSubqueriesInTheSelectListAreFound() {
        assertThat(inspect("SELECT (SELECT count(*) FROM secret) AS n").relations()).containsExactly(SECRET);
        assertThat(inspect("SELECT 1 WHERE 42 IN (SELECT x FROM secret)").relations()).containsExactly(SECRET);
    }

    @Test
    void setOperationsScopeTheirCtes() {
        assertThat(inspect("WITH s AS (SELECT 1 AS x) SELECT * FROM s UNION ALL SELECT * FROM secret").relations())
                .containsExactly(SECRET);
        assertThat(inspect("SELECT * FROM s UNION ALL (WITH s AS (SELECT 1 AS x) SELECT * FROM s)").relations())
                .containsExactly(new RelationRef("main", "s"));
        assertThat(inspect("SELECT x FROM secret EXCEPT SELECT id FROM orders INTERSECT SELECT id FROM customers").relations())
                .containsExactlyInAnyOrder(SECRET, ORDERS, CUSTOMERS);
    }

    @Test
    void lateralJoinsAreFound() {
        StatementInfo info = inspect("SELECT * FROM orders AS o, LATERAL (SELECT * FROM customers c WHERE c.id = o.customer_id) AS l");
        assertThat(info.relations()).containsExactly(ORDERS, CUSTOMERS);
    }

    @Test
    void aliasesAreNotRelationsAndQualifiedNamesAreNeverCtes() {
        assertThat(inspect("SELECT o.id FROM orders AS o JOIN orders AS secret ON o.id = secret.id").relations())
                .containsExactly(ORDERS);
        String sql = "WITH secret AS (SELECT 99 AS x) SELECT * FROM main.secret";
        assertThat(run(sql)).containsExactly(List.of(42L));
        assertThat(inspect(sql).relations()).containsExactly(SECRET);
    }

    @Test
    void cteNamesMatchIgnoringAsciiCaseOnly() {
        assertThat(inspect("WITH SECRET AS (SELECT 1 AS x) SELECT * FROM secret").relations()).isEmpty();
        session.execute(SqlStatement.of("CREATE TABLE \"é\" AS SELECT 1 AS x"));
        String sql = "WITH \"É\" AS (SELECT 99 AS x) SELECT * FROM \"é\"";
        assertThat(run(sql)).as("DuckDB does not fold non-ASCII case").containsExactly(List.of(1L));
        assertThat(inspect(sql).relations()).containsExactly(new RelationRef("main", "é"));
    }

    @Test
    void quotedIdentifiersWithOddCharactersKeepTheirNames() {
        StatementInfo info = inspect("SELECT * FROM \"we\"\"ird ta ble\" AS o JOIN \"Mixed Case\" USING (id) JOIN sales.\"2024 q1\" ON true");
        assertThat(info.relations()).containsExactly(new RelationRef("main", "we\"ird ta ble"), new RelationRef("main", "Mixed Case"),
                new RelationRef("sales", "2024 q1"));
        assertThat(info.isContainedQuery()).isTrue();
    }

    // --- DuckDB's own query forms ------------------------------------------------------------------

    @Test
    void pivotAndUnpivotReadTheirSource() {
        StatementInfo pivot = inspect("PIVOT secret ON x IN (1, 42) USING count(*)");
        assertThat(pivot.isContainedQuery()).isTrue();
        assertThat(pivot.relations()).containsExactly(SECRET);
        StatementInfo unpivot = inspect("UNPIVOT orders ON amount INTO NAME k VALUE v");
        assertThat(unpivot.isContainedQuery()).isTrue();
        assertThat(unpivot.relations()).containsExactly(ORDERS);
        assertThat(inspect("SELECT * FROM (PIVOT secret ON x IN (42) USING sum(x)) p JOIN orders ON true").relations())
                .containsExactly(SECRET, ORDERS);
    }

    @Test
    void describeSummarizeAndShowAreReadOnlyAndReadTheirRelation() {
        for (String sql : List.of("DESCRIBE secret", "SUMMARIZE secret", "SHOW secret", "SELECT * FROM (SUMMARIZE secret)")) {
            StatementInfo info = inspect(sql);
            assertThat(info.isContainedQuery()).as(sql).isTrue();
            assertThat(info.relations()).as(sql).containsExactly(SECRET);
        }
        assertThat(inspect("SUMMARIZE SELECT * FROM orders").relations()).containsExactly(ORDERS);
    }

    @Test
    void fromFirstAndTableAreQueries() {
        for (String sql : List.of("FROM secret SELECT *", "FROM secret", "TABLE secret", "VALUES (1), (2)")) {
            StatementInfo info = inspect(sql);
            assertThat(info.isContainedQuery()).as(sql).isTrue();
        }
        assertThat(inspect("FROM secret SELECT *").relations()).containsExactly(SECRET);
        assertThat(inspect("TABLE secret").relations()).containsExactly(SECRET);
        assertThat(inspect("VALUES (1), ((SELECT max(x) FROM secret))").relations()).containsExactly(SECRET);
    }

    // --- ordinary analytic queries ------------------------------------------------------------------

    @Test
    void analyticQueriesListTheirRelationsAndFunctions() {
        String sql = """
                WITH recent AS (
                    SELECT * FROM orders WHERE placed >= DATE '2024-01-01'
                )
                SELECT c.region, date_trunc('month', r.placed) AS month, sum(r.amount) AS revenue,
                       rank() OVER (PARTITION BY c.region ORDER BY sum(r.amount) DESC) AS rnk
                FROM recent r
                JOIN customers c ON c.id = r.customer_id
                LEFT JOIN (SELECT customer_id, count(*) AS n FROM orders GROUP BY ALL) k USING (customer_id)
                GROUP BY c.region, month
                QUALIFY rnk <= 3
                ORDER BY revenue DESC
                """;
        StatementInfo info = inspect(sql);
        assertThat(info.isContainedQuery()).isTrue();
        assertThat(info.relations()).containsExactly(ORDERS, CUSTOMERS);
        assertThat(info.functions()).contains("date_trunc", "sum", "rank", "count_star");
        assertThat(run(sql)).isEmpty();
    }

    @Test
    void windowFunctionsAndNamedWindowsAreFunctions() {
        StatementInfo info = inspect("SELECT id, lag(amount) OVER w, avg(amount) OVER w FROM orders WINDOW w AS (ORDER BY placed)");
        assertThat(info.functions()).containsExactly("lag", "avg");
        assertThat(info.relations()).containsExactly(ORDERS);
        assertThat(info.isContainedQuery()).isTrue();
    }

    // --- parse errors -------------------------------------------------------------------------------

    @Test
    void aTextThatDoesNotParseIsInvalidInputWithThePosition() {
        assertThatThrownBy(() -> session.inspect("SELECT * FROM"))
                .isInstanceOfSatisfying(AssayException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.getMessage()).contains("syntax error").contains("line 1, column 10");
                    assertThat(e.hint()).isPresent();
                    assertThat(e.details()).containsEntry("position", 9).containsEntry("line", 1).containsEntry("column", 10);
                });
    }

    @Test
    void thePositionCountsCharactersAndLines() {
        assertThatThrownBy(() -> session.inspect("SELECT 'ééé'\n  FRO x"))
                .isInstanceOfSatisfying(AssayException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.details()).containsEntry("line", 2).containsEntry("column", 7).containsEntry("position", 19);
                });
    }

    @Test
    void aBadStatementAmongGoodOnesIsAParseError() {
        assertThatThrownBy(() -> session.inspect("DROP TABLE secret; SELEC 1"))
                .isInstanceOfSatisfying(AssayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        // DuckDB refuses some texts that parse for other reasons; those are invalid input too, not facts.
        assertThatThrownBy(() -> session.inspect("SELECT $1, ?, $name"))
                .isInstanceOfSatisfying(AssayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        assertThat(run("SELECT x FROM secret")).containsExactly(List.of(42L));
    }
}
