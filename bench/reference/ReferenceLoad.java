import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * The reference for the import benchmark: DuckDB alone loading the same file into a fresh database
 * file with its own reader (read_csv / read_json, auto-detection on). Prints the load time in
 * milliseconds, measured around the CREATE TABLE only, like Assay's own "in X s".
 *
 * Run with the DuckDB driver on the class path: java -cp assay.jar ReferenceLoad.java FILE DBFILE
 */
public class ReferenceLoad {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Path db = Path.of(args[1]);
        Files.deleteIfExists(db);
        Files.deleteIfExists(Path.of(args[1] + ".wal"));
        String reader = file.toString().endsWith(".json") ? "read_json" : "read_csv";
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db)) {
            long start = System.nanoTime();
            try (PreparedStatement ps = c.prepareStatement("CREATE TABLE t AS SELECT * FROM " + reader + "(?)")) {
                ps.setString(1, file.toString());
                ps.execute();
            }
            try (Statement s = c.createStatement()) {
                s.execute("CHECKPOINT");
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM t")) {
                r.next();
                System.out.println(ms + " " + r.getLong(1));
            }
        }
    }
}
