package io.assay.cli;

import io.assay.platform.task.Progress;
import io.assay.platform.task.ProgressListener;

import java.io.PrintStream;

/**
 * Shows progress on stderr: a redrawn bar with rate and ETA on a terminal; otherwise a plain line
 * every few seconds, so logs stay readable.
 */
final class ProgressBar implements ProgressListener {

    private static final int WIDTH = 28;
    private static final long PLAIN_INTERVAL_NS = 5_000_000_000L;
    /** Without a terminal, quick work prints no progress at all; long work a line every few seconds. */
    private static final long PLAIN_DELAY_NS = 2_000_000_000L;

    private final PrintStream err;
    private final boolean interactive;
    private final long startedNs = System.nanoTime();
    private long lastPrintNs;
    private String stage = "";
    private long stageStartNs = startedNs;
    private boolean drawn;

    ProgressBar(PrintStream err, boolean interactive) {
        this.err = err;
        this.interactive = interactive;
    }

    @Override
    public synchronized void onProgress(Progress p) {
        long now = System.nanoTime();
        if (!p.stage().equals(stage)) {
            stage = p.stage();
            stageStartNs = now;
        }
        if (interactive) {
            if (now - lastPrintNs < 100_000_000L && p.fraction() < 1) {
                return;
            }
            lastPrintNs = now;
            err.print("\r\033[K" + render(p, now));
            err.flush();
            drawn = true;
        } else if (now - startedNs >= PLAIN_DELAY_NS && now - lastPrintNs >= PLAIN_INTERVAL_NS) {
            lastPrintNs = now;
            err.println(render(p, now));
        }
    }

    /** Clears the bar so that what follows starts on a clean line. */
    synchronized void finish() {
        if (interactive && drawn) {
            err.print("\r\033[K");
            err.flush();
            drawn = false;
        }
    }

    private String render(Progress p, long now) {
        double f = p.fraction();
        double elapsed = (now - stageStartNs) / 1e9;
        StringBuilder b = new StringBuilder();
        if (f >= 0 && (p.unit() != Progress.Unit.STEPS || p.total() > 1)) {
            int filled = (int) Math.round(f * WIDTH);
            b.append('[').append("█".repeat(filled)).append("░".repeat(WIDTH - filled)).append("] ");
            b.append(String.format("%3.0f%%  ", f * 100));
        }
        if (p.unit() != Progress.Unit.STEPS) {
            b.append(amount(p.done(), p.unit()));
            if (p.total() > 0) {
                b.append(" / ").append(amount(p.total(), p.unit()));
            }
        }
        if (elapsed > 0.5 && p.done() > 0 && p.unit() != Progress.Unit.STEPS) {
            b.append("  ").append(amount((long) (p.done() / elapsed), p.unit())).append("/s");
            if (f > 0 && f < 1) {
                b.append("  ETA ").append(Math.round(elapsed * (1 - f) / f)).append(" s");
            }
        } else if (p.unit() == Progress.Unit.STEPS && f > 0 && f < 1) {
            // Stages differ in length: the estimate is rough, from the whole task's pace so far.
            double total = (now - startedNs) / 1e9;
            b.append("  ETA ~").append(Math.round(total * (1 - f) / f)).append(" s");
        }
        b.append("  ").append(p.stage());
        return b.toString().replace("    ", "  ");
    }

    private static String amount(long n, Progress.Unit unit) {
        return switch (unit) {
            case BYTES -> Terminal.bytes(n);
            case ROWS -> String.format("%,d rows", n);
            case STEPS -> String.format("%d", n);
        };
    }

    long elapsedMillis() {
        return (System.nanoTime() - startedNs) / 1_000_000;
    }
}
