import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * The reference for the analysis rows of bench/run.sh: DuckDB's own SUMMARIZE of one table, in a JVM of its own, as a
 * user of DuckDB alone would profile it. Reads every result row; prints the query's milliseconds and the columns
 * summarized. The bench times the whole process from outside, as it times Assay's.
 *
 * Run with the DuckDB driver on the class path: java -cp assay.jar:CLASSES Summarize DBFILE TABLE
 */
public class Summarize {
    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + args[0]);
             Statement s = c.createStatement()) {
            long start = System.nanoTime();
            int columns = 0;
            try (ResultSet r = s.executeQuery("SUMMARIZE \"" + args[1].replace("\"", "\"\"") + "\"")) {
                while (r.next()) {
                    columns++;
                }
            }
            System.out.println((System.nanoTime() - start) / 1_000_000 + " " + columns);
        }
    }
}
