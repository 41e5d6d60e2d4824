package io.assay.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Where the CLI writes: results to stdout, messages and progress to stderr. */
final class Terminal {

    final PrintStream out;
    final PrintStream err;
    final boolean interactive;

    Terminal(PrintStream out, PrintStream err, boolean interactive) {
        this.out = out;
        this.err = err;
        this.interactive = interactive;
    }

    static Terminal system() {
        return new Terminal(new PrintStream(System.out, false, StandardCharsets.UTF_8),
                new PrintStream(System.err, true, StandardCharsets.UTF_8), System.console() != null);
    }

    /** Bytes for people: 1.2 MB. */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(v >= 100 ? "%.0f %s" : "%.1f %s", v, units[u]);
    }

    static String seconds(java.time.Duration d) {
        double s = d.toMillis() / 1000.0;
        return s < 10 ? String.format("%.2f s", s) : String.format("%.1f s", s);
    }
}
