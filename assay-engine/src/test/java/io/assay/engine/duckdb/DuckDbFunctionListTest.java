package io.assay.engine.duckdb;

import io.assay.engine.AssayException;
import io.assay.engine.EngineSettings;
import io.assay.engine.RowStream;
import io.assay.engine.Session;
import io.assay.engine.SqlStatement;
import io.assay.engine.StatementInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The functions a query may call are a fixed, reviewed allow-list. Every function this DuckDB has must be on it or
 * on the deny-list with a reason, so that an upgrade that adds functions fails here until someone reviews them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DuckDbFunctionListTest {

    private DuckDbEngine engine;
    private Session session;

    @BeforeAll
    void open() {
        engine = DuckDbEngine.open(EngineSettings.of("jdbc:duckdb:"));
        session = engine.openSession();
        session.execute(SqlStatement.of("CREATE TABLE orders (id INTEGER PRIMARY KEY, region VARCHAR, amount DECIMAL(10,2), "
                + "ordered TIMESTAMP, tags VARCHAR[], info JSON, CHECK (amount >= 0))"));
    }

    @AfterAll
    void close() {
        session.close();
        engine.close();
    }

    @Test
    void everyFunctionOfTheEngineIsReviewed() {
        List<String> unreviewed = new ArrayList<>();
        try (RowStream rows = session.query(SqlStatement.of(
                "SELECT DISTINCT function_type, function_name FROM duckdb_functions() ORDER BY 1, 2"))) {
            while (rows.next()) {
                String type = (String) rows.get(0);
                String name = DuckDbStatementInspector.lowerAscii((String) rows.get(1));
                String kind = switch (type) {
                    case "scalar", "aggregate", "window", "macro" -> "function";
                    case "table", "table_macro" -> "table";
                    default -> type;
                };
                boolean reviewed = switch (kind) {
                    case "function" -> DuckDbStatementInspector.ALLOWED_FUNCTIONS.contains(name)
                            || DuckDbStatementInspector.DENIED.containsKey("function\t" + name);
                    case "table" -> DuckDbStatementInspector.SAFE_TABLE_FUNCTIONS.contains(name)
                            || DuckDbStatementInspector.DENIED.containsKey("table\t" + name);
                    default -> DuckDbStatementInspector.DENIED.containsKey(kind + "\t" + name);
                };
                if (!reviewed) {
                    unreviewed.add(type + " " + name);
                }
            }
        }
        assertThat(unreviewed).as("functions of this DuckDB on neither functions-allowed.txt nor functions-denied.txt "
                + "(review each and add it to one of them)").isEmpty();
    }

    @Test
    void noFunctionIsBothAllowedAndDenied() {
        for (Map.Entry<String, String> denied : DuckDbStatementInspector.DENIED.entrySet()) {
            assertThat(denied.getValue()).as("the reason for " + denied.getKey()).isNotBlank();
            if (denied.getKey().startsWith("function\t")) {
                assertThat(DuckDbStatementInspector.ALLOWED_FUNCTIONS).doesNotContain(denied.getKey().substring("function\t".length()));
            }
        }
    }

    /** Built-in macros and catalog functions that reveal internal ids, constraint text, settings or the session. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "SELECT pg_get_constraintdef(1)",
            "SELECT get_block_size('memory')",
            "SELECT current_setting('memory_limit')",
            "SELECT has_table_privilege('orders', 'SELECT')",
            "SELECT col_description(1, 1)",
            "SELECT format_type(1, 1)",
            "SELECT obj_description(1, 'pg_class')",
            "SELECT pg_typeof(1)",
            "SELECT pg_catalog.pg_get_viewdef(1)",
            "SELECT current_database()",
            "SELECT current_query()",
            "SELECT version()",
            "SELECT stats(amount) FROM orders",
            "SELECT nextval('s')",
            "SELECT getvariable('x')",
            "SELECT sleep_ms(100000)",
            "SELECT json_serialize_plan('SELECT * FROM orders')",
            "SELECT main.somemacro(1)",
            "SELECT other.main.lower('A')",
            "SELECT duckdb_something_new()",
            "SELECT a_function_duckdb_adds_later(1)"})
    void catalogAndSystemFunctionsReachOutside(String sql) {
        StatementInfo info = session.inspect(sql).orElseThrow();
        assertThat(info.reachesOutside()).as(sql).isTrue();
        assertThat(String.join("; ", info.outsideReach())).contains("the function ");
    }

    /** Everyday analytics SQL stays inside. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "SELECT region, count(*), sum(amount), avg(amount), min(amount), max(amount), stddev(amount), median(amount) "
                    + "FROM orders GROUP BY ALL",
            "SELECT date_trunc('month', ordered) AS m, count(DISTINCT id), quantile_cont(amount, 0.9) FROM orders GROUP BY 1 ORDER BY 1",
            "SELECT id, row_number() OVER (PARTITION BY region ORDER BY ordered), lag(amount) OVER w, "
                    + "sum(amount) OVER (ORDER BY ordered ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) FROM orders WINDOW w AS (ORDER BY id)",
            "SELECT upper(region), lower(region), length(region), substring(region, 1, 2), trim(region), concat(region, '!'), "
                    + "replace(region, 'a', 'b'), regexp_matches(region, '^E'), regexp_replace(region, 'x', 'y'), "
                    + "split_part(region, ' ', 1), lpad(region, 5, '*'), strpos(region, 'a') FROM orders",
            "SELECT strftime(ordered, '%Y-%m'), extract(year FROM ordered), year(ordered), dayofweek(ordered), "
                    + "date_diff('day', ordered, now()), ordered + INTERVAL 1 DAY, current_date, today(), epoch(ordered), "
                    + "make_date(2024, 1, 1), date_part('hour', ordered), last_day(ordered::DATE) FROM orders",
            "SELECT round(amount, 1), floor(amount), ceil(amount), abs(amount), ln(amount + 1), sqrt(amount), power(amount, 2), "
                    + "greatest(amount, 1), least(amount, 1), amount % 3, amount // 2, random() FROM orders",
            "SELECT coalesce(region, '?'), nullif(region, ''), ifnull(region, 'x'), CASE WHEN amount > 1 THEN 'big' ELSE 'small' END, "
                    + "CAST(amount AS INTEGER), amount::VARCHAR, TRY_CAST(region AS INTEGER), region LIKE 'E%', region ILIKE 'e%', "
                    + "region SIMILAR TO 'E.*', amount BETWEEN 1 AND 2, region IN ('a', 'b'), region IS NOT NULL FROM orders",
            "SELECT list_contains(tags, 'x'), len(tags), tags[1], unnest(tags), array_length(tags), list_sort(tags), "
                    + "list_transform(tags, lambda t: upper(t)), list_filter(tags, lambda t: t <> ''), [1, 2, 3], {'a': 1}, "
                    + "struct_pack(a := 1), map([1], ['a']) FROM orders",
            "SELECT info->>'$.name', json_extract(info, '$.a'), json_extract_string(info, '$.b'), json_keys(info), "
                    + "json_array_length(info), to_json(region), json_object('a', 1) FROM orders",
            "SELECT string_agg(region, ','), list(region), array_agg(amount ORDER BY ordered), arg_max(region, amount), "
                    + "count_if(amount > 1), approx_count_distinct(region), mode(region), corr(amount, id), "
                    + "histogram(region), first(region), bool_or(amount > 1) FROM orders",
            "SELECT * FROM range(10) r, generate_series(1, 3) g",
            "SELECT md5(region), hash(region), uuid(), gen_random_uuid(), levenshtein(region, 'x'), format('{}', 1), "
                    + "printf('%d', 1), if(amount > 1, 1, 0), bar(amount, 0, 100) FROM orders"})
    void everydayAnalyticsStaysInside(String sql) {
        StatementInfo info = session.inspect(sql).orElseThrow();
        assertThat(info.outsideReach()).as(sql).isEmpty();
        // And DuckDB runs it as written (the lists name real functions).
        try (RowStream rows = session.query(SqlStatement.of(sql))) {
            while (rows.next()) {
                rows.get(0);
            }
        }
    }

    @Test
    void aParseTreeTooDeepForTheCheckIsInvalidInputNotADefect() {
        String sql = "SELECT 'a'" + " || 'b'".repeat(990);
        try {
            session.inspect(sql, Optional.of(java.time.Duration.ofSeconds(30)));
        } catch (AssayException e) {
            assertThat(e.code()).isEqualTo(io.assay.engine.ErrorCode.INVALID_INPUT);
            assertThat(e.details()).containsEntry("parameter", "sql");
            return;
        }
        throw new AssertionError("expected a refusal of a parse tree 990 operators deep");
    }
}
