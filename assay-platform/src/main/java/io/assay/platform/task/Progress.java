package io.assay.platform.task;

import java.util.Objects;

/**
 * A snapshot of long work.
 *
 * @param stage what is happening, in a few words ("loading", "checking", "orders")
 * @param done  units done so far
 * @param total units in all, or -1 when unknown
 * @param unit  what is counted: rows, bytes or steps
 */
public record Progress(String stage, long done, long total, Unit unit) {

    /** What a progress count counts. */
    public enum Unit { ROWS, BYTES, STEPS }

    public Progress {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(unit, "unit");
    }

    /** Fraction done, 0..1, or -1 when the total is unknown. */
    public double fraction() {
        return total <= 0 ? -1 : Math.min(1.0, (double) done / total);
    }
}
