package io.assay.platform.demo;

import io.assay.engine.AssayException;
import io.assay.engine.Engine;
import io.assay.engine.RelationInfo;
import io.assay.engine.Session;
import io.assay.platform.catalog.Dataset;
import io.assay.platform.catalog.DatasetCatalog;
import io.assay.platform.task.TaskContext;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Generates the demo warehouse (customers, products, orders, order_items) and registers each table
 * as a dataset, all in one transaction: a failed or cancelled run leaves the warehouse as it was.
 */
public final class DemoService {

    /** The seed `assay demo` uses, so that everyone's demo shows the same numbers. */
    public static final long DEFAULT_SEED = 42;

    /** The dataset the tour imports from the bundled sample file. */
    public static final String SAMPLE_DATASET = "sales_targets";
    private static final String SAMPLE_RESOURCE = "/io/assay/platform/demo/sales_targets_2025.csv";

    /** Questions the tour answers with SQL on the demo data, in SQL every warehouse engine speaks (DuckDB, PostgreSQL). */
    public static final List<Example> EXAMPLES = List.of(
            new Example("How did completed orders and revenue grow, quarter by quarter?",
                    "SELECT EXTRACT(YEAR FROM order_date) AS year, EXTRACT(QUARTER FROM order_date) AS quarter, count(*) AS orders, "
                            + "round(sum(total_amount), 2) AS revenue FROM orders WHERE status = 'completed' "
                            + "GROUP BY 1, 2 ORDER BY year, quarter"),
            new Example("Which days had the fewest orders? (one is an injected outage)",
                    "SELECT order_date, count(*) AS orders FROM orders GROUP BY order_date ORDER BY orders LIMIT 5"),
            new Example("How did each region do against its 2025 target (from the imported file)?",
                    "SELECT t.region, round(sum(t.target_revenue), 0) AS target, round(sum(a.revenue), 0) AS actual, "
                            + "round(100 * sum(a.revenue) / sum(t.target_revenue), 1) AS pct_of_target "
                            + "FROM sales_targets t LEFT JOIN (SELECT region, substr(CAST(order_date AS VARCHAR), 1, 7) AS month, "
                            + "sum(total_amount) AS revenue FROM orders WHERE status = 'completed' GROUP BY 1, 2) a "
                            + "ON a.region = t.region AND a.month = t.month GROUP BY t.region ORDER BY actual DESC"),
            new Example("How many customers have no usable email?",
                    "SELECT count(*) AS customers, count(*) FILTER (WHERE email IS NULL) AS missing, "
                            + "count(*) FILTER (WHERE email IS NOT NULL AND NOT email ~ '^[^@ ]+@[^@ ]+\\.[a-z]+$') "
                            + "AS malformed FROM customers"));

    private final Engine warehouse;
    private final DatasetCatalog catalog;

    public DemoService(Engine warehouse, DatasetCatalog catalog) {
        this.warehouse = warehouse;
        this.catalog = catalog;
    }

    /** True when all demo tables are registered already. */
    public boolean present() {
        return DemoDataGenerator.TABLES.stream().allMatch(t -> catalog.find(t).isPresent());
    }

    public DemoResult generate(long seed, int scale, TaskContext ctx) {
        long started = System.nanoTime();
        try (Session session = warehouse.openSession()) {
            return session.inTransaction(s -> {
                DemoSummary summary = new DemoDataGenerator(warehouse.dialect())
                        .generate(s, warehouse.dialect().defaultSchema(), seed, scale, ctx);
                Instant now = Instant.now();
                List<Dataset> datasets = new ArrayList<>();
                for (String table : DemoDataGenerator.TABLES) {
                    RelationInfo info = s.describe(catalog.relationOf(table)).orElseThrow();
                    Dataset d = new Dataset(table, info.ref(), "demo-data", "generated",
                            Map.of("seed", Long.toString(seed), "scale", Integer.toString(scale)),
                            summary.rowCounts().getOrDefault(table, 0L), info.columns().size(), 0, 0, 0,
                            catalog.find(s, table).map(Dataset::importedAt).orElse(now), now);
                    catalog.put(s, d);
                    datasets.add(d);
                }
                return new DemoResult(datasets, summary.injectedAnomalies(),
                        java.time.Duration.ofNanos(System.nanoTime() - started));
            });
        } finally {
            try (Session s = warehouse.openSession()) {
                s.checkpoint();
            }
        }
    }

    /**
     * Writes the bundled sample file (monthly sales targets per region, a European-style export with
     * semicolons and decimal commas) into {@code dir} and answers its path.
     */
    public Path writeSampleFile(Path dir) {
        try (InputStream in = DemoService.class.getResourceAsStream(SAMPLE_RESOURCE)) {
            if (in == null) {
                throw AssayException.internal("The sample file " + SAMPLE_RESOURCE + " is missing from the build", null);
            }
            Files.createDirectories(dir);
            Path file = dir.resolve("sales_targets_2025.csv");
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw AssayException.internal("Cannot write the sample file into " + dir, e);
        }
    }

    /** A question and the SQL that answers it. */
    public record Example(String question, String sql) {
    }

    /** The generated datasets and the anomalies planted in them. */
    public record DemoResult(List<Dataset> datasets, List<String> injectedAnomalies, java.time.Duration elapsed) {

        public DemoResult {
            datasets = List.copyOf(datasets);
            injectedAnomalies = List.copyOf(injectedAnomalies);
        }
    }
}
