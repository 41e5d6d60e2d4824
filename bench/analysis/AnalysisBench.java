import io.assay.analysis.model.AnalysisMode;
import io.assay.analysis.model.AnalysisResult;
import io.assay.analysis.profile.AnalysisListener;
import io.assay.analysis.profile.AnalysisOptions;
import io.assay.analysis.profile.Analyzer;
import io.assay.engine.Engine;
import io.assay.engine.EngineSettings;
import io.assay.engine.Engines;
import io.assay.engine.QueryOptions;
import io.assay.engine.RelationRef;
import io.assay.engine.RowStream;
import io.assay.engine.Session;
import io.assay.engine.SqlStatement;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times Assay's quick and full analysis against DuckDB's own SUMMARIZE on the same table, in the
 * same JVM and the same run, alternating the three so that machine noise hits them alike.
 *
 *   java -cp assay-cli/target/assay.jar bench/analysis/AnalysisBench.java [ROWS] [RUNS]
 */
public class AnalysisBench {

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 6_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path db = Path.of("bench/work/analysis/orders-" + rows + ".duckdb");
        Files.createDirectories(db.getParent());
        try (Engine engine = Engines.open(EngineSettings.of("jdbc:duckdb:" + db)); Session s = engine.openSession()) {
            if (s.describe(new RelationRef("main", "orders")).isEmpty()) {
                long t = System.nanoTime();
                s.execute(SqlStatement.of(generate(rows)));
                s.checkpoint();
                System.out.printf("generated %,d rows in %.1f s%n", rows, (System.nanoTime() - t) / 1e9);
            }
            List<Double> summarize = new ArrayList<>();
            List<Double> quick = new ArrayList<>();
            List<Double> full = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                summarize.add(time(() -> {
                    try (RowStream x = s.query(SqlStatement.of("SUMMARIZE orders"))) {
                        while (x.next()) {
                            x.get(0);
                        }
                    }
                }));
                quick.add(time(() -> analyze(s, AnalysisMode.QUICK)));
                full.add(time(() -> analyze(s, AnalysisMode.FULL)));
                System.out.printf("run %d: SUMMARIZE %.2f s, quick %.2f s, full %.2f s%n", r + 1,
                        summarize.get(r), quick.get(r), full.get(r));
            }
            double sm = median(summarize);
            double qm = median(quick);
            double fm = median(full);
            System.out.printf("median of %d: SUMMARIZE %.2f s | quick %.2f s (%.2fx) | full %.2f s (%.2fx)%n", runs, sm, qm, qm / sm,
                    fm, fm / sm);
            AnalysisResult r = new Analyzer(s, QueryOptions.NONE).analyze("orders", new RelationRef("main", "orders"),
                    AnalysisOptions.of(AnalysisMode.FULL), AnalysisListener.NONE);
            System.out.printf("full analysis: %d columns, %d findings, quality %.1f, %d notes%n", r.columns().size(),
                    r.findings().size(), r.quality().score(), r.notes().size());
            r.notes().forEach(n -> System.out.println("  note: " + n));
        }
    }

    private static void analyze(Session s, AnalysisMode mode) {
        new Analyzer(s, QueryOptions.NONE).analyze("orders", new RelationRef("main", "orders"), AnalysisOptions.of(mode),
                AnalysisListener.NONE);
    }

    private static double time(Runnable r) {
        long t = System.nanoTime();
        r.run();
        return (System.nanoTime() - t) / 1e9;
    }

    private static double median(List<Double> xs) {
        double[] v = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** A 16-column orders table of mixed kinds, deterministic, made inside DuckDB. */
    private static String generate(long rows) {
        return "CREATE TABLE orders AS SELECT range AS order_id, 1 + CAST(hash(range, 1) % 200000 AS BIGINT) AS customer_id, "
                + "TIMESTAMP '2024-01-01' + to_seconds(CAST(range * 63072000 // " + rows + " AS BIGINT)) AS ordered_at, "
                + "CAST(TIMESTAMP '2024-01-01' + to_seconds(CAST(range * 63072000 // " + rows + " AS BIGINT)) AS DATE) AS order_date, "
                + "['completed','completed','completed','completed','cancelled','returned','pending'][1 + CAST(hash(range, 2) % 7 AS BIGINT)] AS status, "
                + "['web','mobile','store'][1 + CAST(hash(range, 3) % 3 AS BIGINT)] AS channel, "
                + "['North America','Europe','APAC','LATAM'][1 + CAST(hash(range, 4) % 4 AS BIGINT)] AS region, "
                + "['credit_card','paypal','debit_card','gift_card','cash','bank_transfer'][1 + CAST(hash(range, 5) % 6 AS BIGINT)] AS payment_method, "
                + "CAST(1 + CAST(hash(range, 6) % 8 AS BIGINT) AS INTEGER) AS item_count, "
                + "CAST(round(5 + (CAST(hash(range, 7) % 100000 AS BIGINT)) / 200.0 * (1 + CAST(hash(range, 8) % 3 AS BIGINT)), 2) AS DECIMAL(12,2)) AS total_amount, "
                + "CAST(CASE WHEN CAST(hash(range, 9) % 5 AS BIGINT) = 0 THEN round((CAST(hash(range, 10) % 5000 AS BIGINT)) / 100.0, 2) ELSE 0 END AS DECIMAL(12,2)) AS discount, "
                + "[0, 4.99, 5.99, 9.99][1 + CAST(hash(range, 11) % 4 AS BIGINT)] AS shipping_cost, "
                + "CASE WHEN CAST(hash(range, 12) % 20 AS BIGINT) = 0 THEN NULL ELSE 'customer' || (CAST(hash(range, 1) % 200000 AS BIGINT)) || '@example.com' END AS email, "
                + "'+1 (' || (200 + CAST(hash(range, 13) % 800 AS BIGINT)) || ') 555-' || lpad(CAST(CAST(hash(range, 14) % 10000 AS BIGINT) AS VARCHAR), 4, '0') AS phone, "
                + "CASE WHEN CAST(hash(range, 15) % 50 AS BIGINT) = 0 THEN 'N/A' ELSE 'SKU-' || (CAST(hash(range, 16) % 5000 AS BIGINT)) END AS sku, "
                + "(CAST(hash(range, 17) % 1000 AS BIGINT)) / 10.0 - 5 AS rating_delta "
                + "FROM range(" + rows + ")";
    }
}
