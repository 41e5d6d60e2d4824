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

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How a full analysis grows with rows and with width: for each table (generated inside DuckDB, never checked in) one
 * full analysis and one SUMMARIZE in this JVM, with the peak Java heap the analysis used. Run under -Xmx256m to show
 * that memory stays flat whatever the size.
 *
 *   java -Xmx256m -cp assay-cli/target/assay.jar bench/scale/ScaleBench.java ROWS,ROWS,… WIDTH,WIDTH,… [ROWS_FOR_WIDTHS]
 */
public class ScaleBench {

    public static void main(String[] args) throws Exception {
        List<long[]> shapes = new ArrayList<>();
        for (String r : args[0].split(",")) {
            shapes.add(new long[] {Long.parseLong(r), 5});
        }
        long widthRows = args.length > 2 ? Long.parseLong(args[2]) : 1_000_000;
        for (String w : args[1].split(",")) {
            if (Long.parseLong(w) != 5 || shapes.stream().noneMatch(s -> s[0] == widthRows)) {
                shapes.add(new long[] {widthRows, Long.parseLong(w)});
            }
        }
        Path dir = Path.of("bench/work/scale");
        Files.createDirectories(dir);
        System.out.printf("| rows | columns | SUMMARIZE | full analysis | ratio | peak Java heap (max %.0f MB) | findings |%n",
                Runtime.getRuntime().maxMemory() / 1048576.0);
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
        for (long[] shape : shapes) {
            long rows = shape[0];
            int width = (int) shape[1];
            Path db = dir.resolve("t-" + rows + "x" + width + ".duckdb");
            try (Engine engine = Engines.open(EngineSettings.of("jdbc:duckdb:" + db)); Session s = engine.openSession()) {
                if (s.describe(new RelationRef("main", "t")).isEmpty()) {
                    s.execute(SqlStatement.of(generate(rows, width)));
                    s.checkpoint();
                }
                long t = System.nanoTime();
                try (RowStream x = s.query(SqlStatement.of("SUMMARIZE t"))) {
                    while (x.next()) {
                        x.get(0);
                    }
                }
                double summarize = (System.nanoTime() - t) / 1e9;
                System.gc();
                ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
                t = System.nanoTime();
                long started = t;
                // Where the time goes, stage by stage, on stderr.
                AnalysisListener stages = (stage, step, steps) -> System.err.printf("  %,d × %d: %6.2f s  %s%n", rows, width,
                        (System.nanoTime() - started) / 1e9, stage);
                AnalysisResult r = new Analyzer(s, QueryOptions.NONE).analyze("t", new RelationRef("main", "t"),
                        AnalysisOptions.of(AnalysisMode.FULL), stages);
                double full = (System.nanoTime() - t) / 1e9;
                long peak = 0;
                for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (pool.getType() == MemoryType.HEAP) {
                        peak += pool.getPeakUsage().getUsed();
                    }
                }
                System.out.printf("| %,d | %d | %.2f s | %.2f s | %.2f× | %.0f MB | %d |%n", rows, width, summarize, full, full / summarize,
                        peak / 1048576.0, r.findings().size());
            }
        }
    }

    /** {@code width} columns cycling through five kinds: a date, a whole-number measure, a decimal, a category, a code. */
    static String generate(long rows, int width) {
        StringBuilder sql = new StringBuilder("CREATE TABLE t AS SELECT ");
        for (int c = 0; c < width; c++) {
            if (c > 0) {
                sql.append(", ");
            }
            String h = "hash(range, " + c + ")";
            sql.append(switch (c % 5) {
                case 0 -> "DATE '2020-01-01' + CAST(" + h + " % 1500 AS INTEGER)";
                case 1 -> "CAST(" + h + " % 1000 AS INTEGER) - 200";
                case 2 -> "CASE WHEN " + h + " % 50 = 0 THEN NULL ELSE round((" + h + " % 1000000) / 1000.0, 3) END";
                case 3 -> "['north','south','east','west','centre','online'][1 + CAST(" + h + " % 6 AS INTEGER)]";
                default -> "'C' || lpad(CAST(" + h + " % 100000 AS VARCHAR), 6, '0')";
            }).append(" AS c").append(c);
        }
        return sql.append(" FROM range(").append(rows).append(")").toString();
    }
}
