package io.assay.platform.query;

import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The limit on engine work running at once for callers ({@code limits.concurrent-queries}): every
 * query, page, download and on-demand insight takes a slot. One that finds none free waits briefly,
 * then is refused with {@link ErrorCode#LIMIT_EXCEEDED} and a retry-after.
 */
public final class QuerySlots {

    private static final Duration QUEUE_WAIT = Duration.ofSeconds(2);

    private final int size;
    private final Semaphore free;

    public QuerySlots(int size, MeterRegistry metrics) {
        this.size = size;
        this.free = new Semaphore(size, true);
        metrics.gauge("assay.queries.running", free, s -> size - s.availablePermits());
    }

    /** Runs {@code work} in a slot. */
    public <T> T inSlot(Supplier<T> work) {
        acquire();
        try {
            return work.get();
        } finally {
            free.release();
        }
    }

    private void acquire() {
        try {
            if (!free.tryAcquire(QUEUE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw AssayException.of(ErrorCode.LIMIT_EXCEEDED, "The server is running " + size + " queries already, the most it runs at once.")
                        .hint("Try again in a moment.").remedy("query-as-job")
                        .detail("limit", "concurrent-queries")
                        .detail("retryAfterSeconds", 1)
                        .build();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AssayException.of(ErrorCode.CANCELLED, "The query was cancelled while it waited to run.").build();
        }
    }
}
