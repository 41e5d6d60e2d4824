package io.assay.platform.demo;

import io.assay.engine.AssayException;
import io.assay.engine.Column;
import io.assay.engine.Dialect;
import io.assay.engine.Engine;
import io.assay.engine.EngineSettings;
import io.assay.engine.Engines;
import io.assay.engine.ErrorCode;
import io.assay.engine.RelationInfo;
import io.assay.engine.RelationRef;
import io.assay.engine.RowStream;
import io.assay.engine.Session;
import io.assay.engine.SqlStatement;
import io.assay.platform.task.Progress;
import io.assay.platform.task.TaskContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Generates the demo warehouse once at scale 1 on the real embedded DuckDB and checks what it
 * promises: determinism, sizes, time patterns, planted anomalies, dirty data, and consistency.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoDataGeneratorTest {

    private static final String SCHEMA = "demo";
    private static final long SEED = 42;

    /** Every table's columns and their DuckDB types, in order. */
    private static final Map<String, Map<String, String>> COLUMNS = Map.of(
            "customers", columns("customer_id BIGINT", "full_name VARCHAR", "email VARCHAR", "phone VARCHAR",
                    "country VARCHAR", "region VARCHAR", "city VARCHAR", "segment VARCHAR", "signup_date DATE",
                    "birth_year INTEGER"),
            "products", columns("product_id BIGINT", "sku VARCHAR", "product_name VARCHAR", "category VARCHAR",
                    "unit_price DECIMAL(10,2)", "unit_cost DECIMAL(10,2)", "launched_on DATE"),
            "orders", columns("order_id BIGINT", "customer_id BIGINT", "ordered_at TIMESTAMP", "order_date DATE",
                    "status VARCHAR", "channel VARCHAR", "region VARCHAR", "payment_method VARCHAR",
                    "item_count INTEGER", "total_amount DECIMAL(12,2)", "discount DECIMAL(12,2)",
                    "shipping_cost DECIMAL(8,2)"),
            "order_items", columns("order_id BIGINT", "line_no INTEGER", "product_id BIGINT", "quantity INTEGER",
                    "unit_price DECIMAL(10,2)", "line_amount DECIMAL(12,2)"));

    private Engine engine;
    private Session session;
    private DemoDataGenerator generator;
    private DemoSummary summary;
    private final List<Progress> progress = new CopyOnWriteArrayList<>();

    @BeforeAll
    void generate() {
        engine = Engines.open(EngineSettings.of("jdbc:duckdb:"));
        session = engine.openSession();
        generator = new DemoDataGenerator(engine.dialect());
        summary = generator.generate(session, SCHEMA, SEED, 1, new TaskContext(progress::add));
    }

    @AfterAll
    void close() {
        session.close();
        engine.close();
    }

    @Test
    void sameSeedGivesIdenticalTablesAndAnotherSeedDifferentOnes() {
        generator.generate(session, "twin", 7, 1, TaskContext.silent());
        for (String table : DemoDataGenerator.TABLES) {
            assertThat(checksum("twin", table)).as(table).isNotEqualTo(checksum(SCHEMA, table));
        }

        generator.generate(session, "twin", SEED, 1, TaskContext.silent());
        for (String table : DemoDataGenerator.TABLES) {
            assertThat(checksum("twin", table)).as(table).isEqualTo(checksum(SCHEMA, table));
        }
    }

    @Test
    void createsTheFourTablesWithTheDocumentedColumnsAndNoWorkingTables() {
        List<String> names = session.relations(SCHEMA).stream().map(r -> r.ref().name()).sorted().toList();
        assertThat(names).containsExactlyInAnyOrderElementsOf(DemoDataGenerator.TABLES);
        assertThat(DemoDataGenerator.TABLES).containsExactly("customers", "products", "orders", "order_items");

        for (String table : DemoDataGenerator.TABLES) {
            RelationInfo info = session.describe(new RelationRef(SCHEMA, table)).orElseThrow();
            Map<String, String> actual = new LinkedHashMap<>();
            for (Column column : info.columns()) {
                actual.put(column.name(), column.type().nativeName());
            }
            assertThat(actual).as(table).containsExactlyEntriesOf(COLUMNS.get(table));
        }
    }

    @Test
    void rowCountsAreNearTheTargetsAndMatchTheSummary() {
        Map<String, Long> counts = summary.rowCounts();
        assertThat(counts.keySet()).containsExactlyElementsOf(DemoDataGenerator.TABLES);
        for (String table : DemoDataGenerator.TABLES) {
            assertThat(counts.get(table)).as(table).isEqualTo(number("SELECT COUNT(*) FROM " + table).longValue());
        }
        assertThat(counts.get("customers")).isEqualTo(10_000);
        assertThat(counts.get("products")).isEqualTo(500);
        assertThat(counts.get("orders")).isBetween(95_000L, 105_000L);
        assertThat(counts.get("order_items")).isBetween(230_000L, 270_000L);
    }

    @Test
    void reportsProgressStepByStep() {
        assertThat(progress).isNotEmpty();
        long total = progress.get(0).total();
        assertThat(progress).allSatisfy(p -> {
            assertThat(p.unit()).isEqualTo(Progress.Unit.STEPS);
            assertThat(p.total()).isEqualTo(total);
        });
        assertThat(progress.stream().map(Progress::done).toList())
                .isSorted()
                .startsWith(0L)
                .endsWith(total);
        assertThat(progress.stream().map(Progress::stage).toList())
                .containsSubsequence("customers", "products", "orders", "order_items");
    }

    @Test
    void summaryNamesTheThreePlantedAnomaliesByDate() {
        assertThat(summary.injectedAnomalies()).hasSize(3);
        assertThat(summary.injectedAnomalies().get(0)).startsWith("2025-03-14: ").contains("outage");
        assertThat(summary.injectedAnomalies().get(1)).startsWith("2025-06-02: ").contains("100x");
        assertThat(summary.injectedAnomalies().get(2)).startsWith("2025-09-20: ").contains("APAC");
    }

    @Test
    void ordersSpanTwoYearsWithGrowthWeeklyAndYearlySeasonality() {
        assertThat(number("SELECT COUNT(*) FROM orders WHERE order_date < DATE '2024-01-01'"
                + " OR order_date > DATE '2025-12-31' OR CAST(ordered_at AS DATE) <> order_date").longValue()).isZero();
        assertThat(number("SELECT COUNT(DISTINCT order_date) FROM orders").longValue()).isEqualTo(731);

        double first = number("SELECT COUNT(*) FROM orders WHERE order_date < DATE '2024-04-01'").doubleValue();
        double sameQuarterNextYear = number("SELECT COUNT(*) FROM orders WHERE order_date >= DATE '2025-01-01'"
                + " AND order_date < DATE '2025-04-01'").doubleValue();
        assertThat(sameQuarterNextYear / first).isBetween(1.15, 1.45);

        // 2024-01-06 was a Saturday: day counts modulo 7 from it put Saturday and Sunday at 0 and 1.
        String daily = "SELECT AVG(n) FROM (SELECT order_date, COUNT(*) AS n FROM orders GROUP BY order_date) d";
        double weekend = number(daily + " WHERE MOD(order_date - DATE '2024-01-06', 7) IN (0, 1)").doubleValue();
        double weekday = number(daily + " WHERE MOD(order_date - DATE '2024-01-06', 7) NOT IN (0, 1)").doubleValue();
        assertThat(weekend / weekday).isGreaterThan(1.1);

        double november = monthOrders(2024, 11);
        double july = monthOrders(2024, 7);
        assertThat(november / july).isGreaterThan(1.3);

        String hours = "SELECT COUNT(*) FROM orders WHERE EXTRACT(HOUR FROM ordered_at) BETWEEN ";
        double night = number(hours + "2 AND 4").doubleValue();
        double evening = number(hours + "19 AND 21").doubleValue();
        assertThat(evening / night).isGreaterThan(5);
    }

    @Test
    void outageDayHasUnderAFifthOfItsNeighboursOrders() {
        double outage = dayOrders("2025-03-14", "");
        double neighbours = number("SELECT COUNT(*) / 14.0 FROM orders WHERE order_date BETWEEN DATE '2025-03-07'"
                + " AND DATE '2025-03-21' AND order_date <> DATE '2025-03-14'").doubleValue();
        assertThat(outage).isPositive().isLessThan(0.2 * neighbours);
    }

    @Test
    void spikeRegionOrdersAtLeastThreeTimesItsUsualOnTheSpikeDay() {
        double spike = dayOrders("2025-09-20", " AND region = 'APAC'");
        double usual = number("SELECT COUNT(*) / 14.0 FROM orders WHERE region = 'APAC' AND order_date"
                + " BETWEEN DATE '2025-09-13' AND DATE '2025-09-27' AND order_date <> DATE '2025-09-20'").doubleValue();
        assertThat(spike).isGreaterThanOrEqualTo(3 * usual);

        double others = dayOrders("2025-09-20", " AND region <> 'APAC'");
        double othersUsual = number("SELECT COUNT(*) / 14.0 FROM orders WHERE region <> 'APAC' AND order_date"
                + " BETWEEN DATE '2025-09-13' AND DATE '2025-09-27' AND order_date <> DATE '2025-09-20'").doubleValue();
        assertThat(others / othersUsual).as("the other regions stay normal").isBetween(0.7, 1.5);
    }

    @Test
    void priceErrorLinesCarryAHundredTimesTheListPriceOnThatDayOnly() {
        String mispriced = "FROM order_items i JOIN orders o ON o.order_id = i.order_id"
                + " JOIN products p ON p.product_id = i.product_id WHERE i.unit_price <> p.unit_price";
        assertThat(number("SELECT COUNT(*) " + mispriced).longValue()).isGreaterThanOrEqualTo(5);
        assertThat(number("SELECT COUNT(*) " + mispriced + " AND (o.order_date <> DATE '2025-06-02'"
                + " OR i.unit_price <> p.unit_price * 100)").longValue()).isZero();
        assertThat(number("SELECT COUNT(DISTINCT i.product_id) " + mispriced).longValue()).isEqualTo(1);

        long productId = number("SELECT MIN(i.product_id) " + mispriced).longValue();
        assertThat(summary.injectedAnomalies().get(1)).contains("product " + productId + " ");
    }

    @Test
    void orderTotalsAndItemCountsMatchTheirItems() {
        assertThat(number("SELECT COUNT(*) FROM order_items WHERE line_amount <> quantity * unit_price").longValue())
                .isZero();
        assertThat(number("SELECT COUNT(*) FROM orders o LEFT JOIN (SELECT order_id, SUM(line_amount) AS total,"
                + " COUNT(*) AS n, MAX(line_no) AS last_line FROM order_items GROUP BY order_id) i"
                + " ON i.order_id = o.order_id"
                + " WHERE i.order_id IS NULL OR o.total_amount <> i.total OR o.item_count <> i.n"
                + " OR i.last_line <> i.n").longValue()).isZero();
        assertThat(number("SELECT MIN(item_count) FROM orders").longValue()).isEqualTo(1);
        assertThat(number("SELECT MAX(item_count) FROM orders").longValue()).isEqualTo(8);
        assertThat(number("SELECT COUNT(*) FROM orders WHERE discount < 0 OR (discount > 0 AND discount > total_amount)"
                + " OR shipping_cost < 0").longValue()).as("discounts stay within positive totals").isZero();
    }

    @Test
    void everyReferenceResolves() {
        assertThat(number("SELECT COUNT(*) FROM order_items i LEFT JOIN orders o ON o.order_id = i.order_id"
                + " WHERE o.order_id IS NULL").longValue()).isZero();
        assertThat(number("SELECT COUNT(*) FROM order_items i LEFT JOIN products p ON p.product_id = i.product_id"
                + " WHERE p.product_id IS NULL").longValue()).isZero();
        assertThat(number("SELECT COUNT(*) FROM orders o LEFT JOIN customers c ON c.customer_id = o.customer_id"
                + " WHERE c.customer_id IS NULL OR c.region <> o.region").longValue()).isZero();
        assertThat(number("SELECT COUNT(*) - COUNT(DISTINCT order_id) FROM orders").longValue()).isZero();
        assertThat(number("SELECT COUNT(*) - COUNT(DISTINCT customer_id) FROM customers").longValue()).isZero();
        assertThat(number("SELECT COUNT(*) - COUNT(DISTINCT sku) FROM products").longValue()).isZero();
        assertThat(number("SELECT COUNT(*) FROM order_items i JOIN orders o ON o.order_id = i.order_id"
                + " JOIN products p ON p.product_id = i.product_id WHERE p.launched_on > o.order_date").longValue())
                .as("no product sells before its launch").isZero();
    }

    @Test
    void customersLiveInPlacesConsistentWithTheirRegion() {
        assertThat(strings("SELECT DISTINCT region FROM customers"))
                .containsExactlyInAnyOrder("North America", "Europe", "APAC", "LATAM");
        assertThat(number("SELECT COUNT(*) FROM customers WHERE (country IN ('United States', 'Canada')"
                + " AND region <> 'North America') OR (country IN ('Japan', 'Australia', 'India') AND region <> 'APAC')"
                + " OR (country IN ('Germany', 'France') AND region <> 'Europe')"
                + " OR (country = 'Brazil' AND region <> 'LATAM')").longValue()).isZero();
        assertThat(share("region = 'North America'")).isCloseTo(0.4, within(0.03));
        assertThat(number("SELECT COUNT(*) FROM customers WHERE phone NOT LIKE '+%'").longValue()).isZero();
        assertThat(number("SELECT COUNT(*) FROM customers WHERE region = 'North America'"
                + " AND phone NOT LIKE '+1 (___) ___-____'").longValue()).isZero();
    }

    @Test
    void dirtyDataComesInTheIntendedProportions() {
        assertThat(share("email IS NULL")).isBetween(0.035, 0.065);
        assertThat(share("email IS NOT NULL AND email NOT LIKE '%_@_%._%'")).isBetween(0.012, 0.03);
        assertThat(strings("SELECT DISTINCT email FROM customers")).contains("n/a", "no email");
        assertThat(share("city IN ('N/A', 'unknown', '')")).isBetween(0.005, 0.015);
        assertThat(number("SELECT COUNT(*) FROM customers WHERE birth_year = 9999").longValue()).isBetween(5L, 80L);
        assertThat(number("SELECT COUNT(*) FROM customers WHERE signup_date = DATE '9999-12-31'").longValue())
                .isBetween(3L, 60L);

        long duplicates = number("SELECT SUM(n - 1) FROM (SELECT COUNT(*) AS n FROM customers"
                + " GROUP BY full_name, email, phone HAVING COUNT(*) > 1) d").longValue();
        assertThat(duplicates).isBetween(50L, 150L);

        double negative = number("SELECT AVG(CASE WHEN quantity < 0 THEN 1.0 ELSE 0.0 END) FROM order_items")
                .doubleValue();
        assertThat(negative).isBetween(0.001, 0.004);
    }

    @Test
    void ordersUseTheDocumentedCategories() {
        assertThat(strings("SELECT DISTINCT status FROM orders"))
                .containsExactlyInAnyOrder("completed", "cancelled", "returned", "pending");
        assertThat(number("SELECT AVG(CASE WHEN status = 'completed' THEN 1.0 ELSE 0.0 END) FROM orders").doubleValue())
                .isGreaterThan(0.8);
        assertThat(strings("SELECT DISTINCT channel FROM orders")).containsExactlyInAnyOrder("web", "mobile", "store");
        assertThat(number("SELECT COUNT(*) FROM orders WHERE channel = 'store'"
                + " AND EXTRACT(HOUR FROM ordered_at) NOT BETWEEN 9 AND 20").longValue()).isZero();
        assertThat(strings("SELECT DISTINCT category FROM products")).hasSize(8);
        assertThat(number("SELECT COUNT(*) FROM products WHERE unit_cost <= 0 OR unit_cost >= unit_price").longValue())
                .isZero();
    }

    @Test
    void aCancelledRunLeavesTheSchemaAsItWas() {
        generator.generate(session, "kept", SEED, 1, TaskContext.silent());
        AtomicReference<TaskContext> self = new AtomicReference<>();
        TaskContext cancelAtOrders = new TaskContext(p -> {
            if (p.stage().equals("orders")) {
                self.get().cancel();
            }
        });
        self.set(cancelAtOrders);

        assertThatThrownBy(() -> generator.generate(session, "kept", 7, 1, cancelAtOrders))
                .isInstanceOfSatisfying(AssayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));

        for (String table : DemoDataGenerator.TABLES) {
            assertThat(checksum("kept", table)).as(table).isEqualTo(checksum(SCHEMA, table));
        }
        assertThat(session.relations("kept")).hasSize(DemoDataGenerator.TABLES.size());
    }

    @Test
    void rejectsScalesOutOfRangeAndABlankSchema() {
        assertThatThrownBy(() -> generator.generate(session, SCHEMA, SEED, 0, TaskContext.silent()))
                .isInstanceOfSatisfying(AssayException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        assertThatThrownBy(() -> generator.generate(session, SCHEMA, SEED, 10_001, TaskContext.silent()))
                .isInstanceOfSatisfying(AssayException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        assertThatThrownBy(() -> generator.generate(session, " ", SEED, 1, TaskContext.silent()))
                .isInstanceOfSatisfying(AssayException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    /** Row count and an order-independent hash sum over all columns: equal tables, equal checksums. */
    private List<Object> checksum(String schema, String table) {
        Dialect dialect = engine.dialect();
        String[] columns = COLUMNS.get(table).keySet().stream().map(dialect::quoteIdentifier).toArray(String[]::new);
        String sql = "SELECT COUNT(*), SUM(CAST(FLOOR(" + dialect.uniformHash(columns) + " * 1000000000) AS BIGINT))"
                + " FROM " + dialect.qualify(new RelationRef(schema, table));
        try (RowStream rows = session.query(SqlStatement.of(sql))) {
            rows.next();
            return List.of(rows.get(0), rows.get(1));
        }
    }

    private double monthOrders(int year, int month) {
        return number("SELECT COUNT(*) FROM orders WHERE EXTRACT(YEAR FROM order_date) = " + year
                + " AND EXTRACT(MONTH FROM order_date) = " + month).doubleValue();
    }

    private double dayOrders(String date, String condition) {
        return number("SELECT COUNT(*) FROM orders WHERE order_date = DATE '" + date + "'" + condition).doubleValue();
    }

    /** The share of customers for which {@code condition} holds. */
    private double share(String condition) {
        return number("SELECT AVG(CASE WHEN " + condition + " THEN 1.0 ELSE 0.0 END) FROM customers").doubleValue();
    }

    /** The single number a query over the demo schema answers. */
    private Number number(String sql) {
        try (RowStream rows = session.query(SqlStatement.of(inDemoSchema(sql)))) {
            assertThat(rows.next()).isTrue();
            Object value = rows.get(0);
            return value instanceof BigDecimal decimal ? decimal : (Number) value;
        }
    }

    private List<String> strings(String sql) {
        List<String> values = new ArrayList<>();
        try (RowStream rows = session.query(SqlStatement.of(inDemoSchema(sql)))) {
            while (rows.next()) {
                values.add((String) rows.get(0));
            }
        }
        return values;
    }

    /** Points the test's bare table names at the demo schema. */
    private static String inDemoSchema(String sql) {
        String result = sql;
        for (String table : List.of("order_items", "orders", "customers", "products")) {
            result = result.replaceAll("(FROM|JOIN) " + table + "\\b", "$1 " + SCHEMA + "." + table);
        }
        return result;
    }

    private static Map<String, String> columns(String... nameAndType) {
        return Arrays.stream(nameAndType)
                .map(s -> s.split(" ", 2))
                .collect(Collectors.toMap(p -> p[0], p -> p[1], (a, b) -> a, LinkedHashMap::new));
    }
}
