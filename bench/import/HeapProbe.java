import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Runs the assay command line in this JVM and, at the end, prints the peak Java heap it used
 * (the sum of the heap pools' peaks) to stderr. Run it under -Xmx256m to show memory stays flat:
 * java -Xmx256m -cp assay.jar HeapProbe.java query "SELECT ..." --format csv > out.csv
 */
public class HeapProbe {
    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        int status = io.assay.cli.Main.run(args);
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.err.printf("heap-probe: status %d, peak heap %.1f MB, max heap %.0f MB, %.1f s%n", status, peak / 1048576.0,
                Runtime.getRuntime().maxMemory() / 1048576.0, (System.nanoTime() - start) / 1e9);
        System.exit(status);
    }
}
