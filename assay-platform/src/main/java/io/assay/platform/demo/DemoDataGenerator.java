package io.assay.platform.demo;

import io.assay.engine.AssayException;
import io.assay.engine.Dialect;
import io.assay.engine.ErrorCode;
import io.assay.engine.RowStream;
import io.assay.engine.Session;
import io.assay.engine.SqlStatement;
import io.assay.platform.task.Progress;
import io.assay.platform.task.TaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Makes a realistic e-commerce warehouse to try Assay on: customers, products, orders and
 * order_items over 2024 and 2025, with growth, weekly and yearly seasonality, planted anomalies
 * (an outage, a pricing error, a regional spike) and dirty data (missing and malformed e-mails,
 * duplicate customers, placeholder values, negative quantities, personal data).
 *
 * <p>All data is made inside the engine by a few {@code CREATE TABLE ... AS SELECT} statements over
 * integer series, with randomness from the dialect's deterministic hash of the seed and row keys:
 * the same seed and scale give the same tables on the same engine, another seed other tables. The
 * SQL is standard apart from what the {@link Dialect} spells. Scale 1 makes about 10,000 customers,
 * 500 products, 100,000 orders and 250,000 order items; every count grows linearly with the scale
 * (on DuckDB, scale 100 takes well under a minute).
 *
 * <p>The work runs in one transaction, so a failure or a cancel leaves the schema as it was.
 */
public final class DemoDataGenerator {

    /** Table names it creates, in creation order. */
    public static final List<String> TABLES = DemoTables.RESULTS;

    public static final int MIN_SCALE = 1;
    public static final int MAX_SCALE = 10_000;

    static final long CUSTOMERS_PER_SCALE = 10_000;
    static final long PRODUCTS_PER_SCALE = 500;
    static final long ORDERS_PER_SCALE = 100_000;

    private static final Logger LOG = LoggerFactory.getLogger(DemoDataGenerator.class);

    private final Dialect dialect;

    public DemoDataGenerator(Dialect dialect) {
        this.dialect = Objects.requireNonNull(dialect, "dialect");
    }

    /**
     * Creates the four tables in {@code schema} (replacing them if they exist) from {@code seed} at
     * {@code scale} (1 = about 100k orders). Reports progress per step and can be cancelled through
     * {@code ctx} between and during steps.
     *
     * @throws AssayException {@code INVALID_INPUT} for a blank schema or a scale outside 1..10000,
     *                        {@code CANCELLED} when cancelled, or the engine's error
     */
    public DemoSummary generate(Session session, String schema, long seed, int scale, TaskContext ctx) {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(ctx, "ctx");
        validate(schema, scale);
        Run run = new Run(session, new DemoSql(dialect, schema, seed), scale, ctx);
        long started = System.nanoTime();
        AutoCloseable registration = ctx.onCancel(session::cancel);
        try {
            DemoSummary summary = session.inTransaction(s -> run.execute());
            LOG.info("Generated demo data in {} (seed {}, scale {}) in {} ms: {}", schema, seed, scale,
                    (System.nanoTime() - started) / 1_000_000, summary.rowCounts());
            return summary;
        } catch (RuntimeException e) {
            run.dropWorkingTablesQuietly(e);
            throw e;
        } finally {
            unregister(registration);
        }
    }

    private static void validate(String schema, int scale) {
        if (schema == null || schema.isBlank()) {
            throw AssayException.invalidInput("The schema for the demo data is empty.",
                    "Name the schema the demo tables go in, such as main.");
        }
        if (scale < MIN_SCALE || scale > MAX_SCALE) {
            String range = MIN_SCALE + " and " + MAX_SCALE;
            throw AssayException.of(ErrorCode.INVALID_INPUT,
                            "The demo scale must be between " + range + ", not " + scale + ".")
                    .hint("Scale 1 makes about 100,000 orders; scale 100 about 10 million.")
                    .detail("parameter", "scale")
                    .build();
        }
    }

    private static void unregister(AutoCloseable registration) {
        try {
            registration.close();
        } catch (Exception e) {
            throw AssayException.internal("Could not unregister the demo generator's cancel hook.", e);
        }
    }

    /** One step of the work, reported as a progress stage. */
    private record Step(String stage, Runnable work) {
    }

    /** The product the pricing error hits. */
    private record MispricedProduct(long id, String sku, String name, BigDecimal listPrice) {
    }

    /** One generation: its statements, in order, on one session. */
    private static final class Run {

        private final Session session;
        private final DemoSql sql;
        private final TaskContext ctx;
        private final long customers;
        private final long products;
        private final long orders;
        private MispricedProduct mispriced;

        Run(Session session, DemoSql sql, int scale, TaskContext ctx) {
            this.session = session;
            this.sql = sql;
            this.ctx = ctx;
            this.customers = CUSTOMERS_PER_SCALE * scale;
            this.products = PRODUCTS_PER_SCALE * scale;
            this.orders = ORDERS_PER_SCALE * scale;
        }

        DemoSummary execute() {
            List<Step> steps = steps();
            for (int i = 0; i < steps.size(); i++) {
                ctx.checkCancelled();
                ctx.progress(steps.get(i).stage(), i, steps.size(), Progress.Unit.STEPS);
                steps.get(i).work().run();
            }
            ctx.checkCancelled();
            ctx.progress("done", steps.size(), steps.size(), Progress.Unit.STEPS);
            return new DemoSummary(rowCounts(), anomalies());
        }

        private List<Step> steps() {
            CustomerSql customerSql = new CustomerSql(sql, customers);
            ProductSql productSql = new ProductSql(sql, products);
            CalendarSql calendarSql = new CalendarSql(sql, orders, CustomerSql.signups(customers),
                    ProductSql.launches(products));
            return List.of(
                    new Step("preparing", this::prepare),
                    new Step(DemoTables.CUSTOMERS, () -> run(customerSql.create(DemoTables.CUSTOMERS))),
                    new Step(DemoTables.PRODUCTS, () -> {
                        run(productSql.create(DemoTables.PRODUCTS));
                        mispriced = pickMispricedProduct();
                    }),
                    new Step("calendar", () -> run(calendarSql.create(DemoTables.DAYS))),
                    new Step("order headers",
                            () -> run(orderSql().headers(DemoTables.ORDER_HEADERS, maxOrdersPerDay()))),
                    new Step("order lines", () -> run(orderSql().lines(DemoTables.ORDER_LINES))),
                    new Step(DemoTables.ORDERS, () -> run(orderSql().orders(DemoTables.ORDERS))),
                    new Step(DemoTables.ORDER_ITEMS, () -> run(orderSql().orderItems(DemoTables.ORDER_ITEMS))),
                    new Step("cleaning up", () -> DemoTables.WORKING.forEach(this::drop)));
        }

        private OrderSql orderSql() {
            return new OrderSql(sql, mispriced.id());
        }

        /** Makes the schema if needed and clears out earlier demo tables. */
        private void prepare() {
            run("CREATE SCHEMA IF NOT EXISTS " + sql.quote(sql.schema()));
            List<String> all = new ArrayList<>(DemoTables.RESULTS);
            all.addAll(DemoTables.WORKING);
            all.forEach(this::drop);
        }

        /**
         * Picks the product of the pricing error by hash: one on sale since before 2025, so that it
         * sells on the error day.
         */
        private MispricedProduct pickMispricedProduct() {
            String query = "SELECT product_id, sku, product_name, unit_price FROM " + sql.table(DemoTables.PRODUCTS)
                    + " WHERE launched_on < " + DemoSql.date(DemoCalendar.FIRST_DAY.plusYears(1))
                    + " ORDER BY " + sql.uniform(Draw.PRICE_ERROR_PRODUCT, "product_id") + ", product_id "
                    + sql.limit(1);
            try (RowStream rows = session.query(SqlStatement.of(query))) {
                if (!rows.next()) {
                    throw AssayException.internal("The demo catalogue has no product launched before 2025.", null);
                }
                return new MispricedProduct(((Number) rows.get(0)).longValue(), (String) rows.get(1),
                        (String) rows.get(2), (BigDecimal) rows.get(3));
            }
        }

        /** The largest number of orders any day gets: the height of the integer series orders come from. */
        private long maxOrdersPerDay() {
            return longValue("SELECT MAX(n_orders) FROM " + sql.table(DemoTables.DAYS));
        }

        private Map<String, Long> rowCounts() {
            Map<String, Long> counts = new LinkedHashMap<>();
            for (String table : DemoTables.RESULTS) {
                counts.put(table, longValue("SELECT COUNT(*) FROM " + sql.table(table)));
            }
            return counts;
        }

        private List<String> anomalies() {
            return List.of(
                    DemoCalendar.OUTAGE_DAY + ": checkout outage, orders fell to ~"
                            + Math.round(CalendarSql.OUTAGE_FACTOR * 100) + "% of normal",
                    DemoCalendar.PRICE_ERROR_DAY + ": pricing error, product " + mispriced.id() + " ("
                            + mispriced.sku() + ", " + mispriced.name() + ") sold at " + OrderSql.PRICE_ERROR_FACTOR
                            + "x its list price of " + mispriced.listPrice().toPlainString() + " in order_items",
                    DemoCalendar.SPIKE_DAY + ": demand spike from " + CalendarSql.SPIKE_REGION.name()
                            + ", the region's orders rose to ~" + Math.round(CalendarSql.SPIKE_FACTOR) + "x normal");
        }

        /** After a failure: drops working tables an engine without transactional DDL may have kept. */
        void dropWorkingTablesQuietly(RuntimeException failure) {
            for (String table : DemoTables.WORKING) {
                try {
                    drop(table);
                } catch (RuntimeException e) {
                    failure.addSuppressed(e);
                }
            }
        }

        private void drop(String table) {
            run("DROP TABLE IF EXISTS " + sql.table(table));
        }

        private void run(String statement) {
            session.execute(SqlStatement.of(statement));
        }

        private long longValue(String query) {
            try (RowStream rows = session.query(SqlStatement.of(query))) {
                rows.next();
                return ((Number) rows.get(0)).longValue();
            }
        }
    }
}
