import org.apache.spark.sql.Row;
import org.apache.spark.sql.connect.SparkSession;

/**
 * The Spark side of bench/spark/run.sh, run with the assay-spark plugin jar (Spark's client) on the class path:
 *   generate URL ROWS DIR   makes default.bench_spark, ROWS generated rows as one Parquet file under DIR (in Spark)
 *   summary URL             times Spark's own DataFrame.summary() over the table, printed as "summary_seconds=…"
 */
public class SparkBench {
    public static void main(String[] args) throws Exception {
        try (SparkSession spark = SparkSession.builder().remote(args[1]).create()) {
            if (args[0].equals("generate")) {
                long rows = Long.parseLong(args[2]);
                spark.sql("DROP TABLE IF EXISTS default.bench_spark").collectResult().close();
                long t0 = System.nanoTime();
                // Five columns of the usual kinds, from a hash of the row number: the same table on every run.
                spark.sql("CREATE TABLE default.bench_spark USING parquet LOCATION '" + args[3] + "' AS "
                        + "SELECT /*+ COALESCE(1) */ id, "
                        + "CAST(pmod(xxhash64(id, 1), 1000000) AS DOUBLE) / 100.0 AS amount, "
                        + "concat('region_', CAST(pmod(xxhash64(id, 2), 50) AS STRING)) AS region, "
                        + "date_add(DATE'2020-01-01', CAST(pmod(xxhash64(id, 3), 1461) AS INT)) AS day, "
                        + "CASE WHEN pmod(xxhash64(id, 4), 20) = 0 THEN NULL ELSE CAST(pmod(xxhash64(id, 5), 1000) AS BIGINT) END AS qty "
                        + "FROM range(" + rows + ")").collectResult().close();
                spark.sql("ANALYZE TABLE default.bench_spark COMPUTE STATISTICS").collectResult().close();
                System.out.printf("generate_seconds=%.1f%n", (System.nanoTime() - t0) / 1e9);
            } else {
                long t0 = System.nanoTime();
                var result = spark.table("default.bench_spark").summary().collectResult();
                var it = result.destructiveIterator();
                int n = 0;
                while (it.hasNext()) {
                    Row r = (Row) it.next();
                    n++;
                }
                it.close();
                result.close();
                System.out.printf("summary_seconds=%.1f rows=%d%n", (System.nanoTime() - t0) / 1e9, n);
            }
        }
    }
}
