package io.assay.platform.query;

import io.assay.engine.Engine;
import io.assay.engine.Session;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Sessions kept open for read-only work: queries the engine's own parser cleared as one SELECT, and
 * the parsing itself. Opening a session on the embedded engine costs a connection and a few settings
 * each time, which dominates a small query under load; these sessions never change connection state,
 * so they can be reused. A session that failed is closed, never returned.
 */
public final class SessionPool implements AutoCloseable {

    private final Engine engine;
    private final BlockingQueue<Session> idle;

    public SessionPool(Engine engine, int maxIdle) {
        this.engine = engine;
        this.idle = new ArrayBlockingQueue<>(maxIdle);
    }

    /** A borrowed session; closing it gives it back, unless {@link #discard()} was called. */
    public final class Lease implements AutoCloseable {
        private final Session session;
        private boolean broken;

        private Lease(Session session) {
            this.session = session;
        }

        public Session session() {
            return session;
        }

        /** The session failed or was cancelled: close it instead of giving it back. */
        public void discard() {
            broken = true;
        }

        @Override
        public void close() {
            if (broken || !idle.offer(session)) {
                session.close();
            }
        }
    }

    /** Use only for statements that change nothing on the connection. */
    public Lease lease() {
        Session s = idle.poll();
        return new Lease(s != null ? s : engine.openSession());
    }

    @Override
    public void close() {
        Session s;
        while ((s = idle.poll()) != null) {
            s.close();
        }
    }
}
