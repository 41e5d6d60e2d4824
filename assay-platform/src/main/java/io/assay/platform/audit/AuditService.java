package io.assay.platform.audit;

import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.platform.auth.Principal;
import io.assay.platform.store.MetadataStore;

import java.io.IOException;
import java.io.Writer;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The audit log: every data access and every admin action, with who, when, what, rows, duration and
 * outcome. Writes are synchronous, so that an action the log does not hold did not happen: {@link #record}
 * returns once its record is committed.
 *
 * <p>Records share commits (group commit). One writer thread inserts whatever records are waiting in one
 * transaction and then wakes their callers; under load the store commits once per batch instead of once per
 * request (each commit writes to disk), and with one caller at a time it is one commit per record, as before.
 */
public final class AuditService implements AutoCloseable {

    /** Records written in one transaction at most. */
    static final int MAX_BATCH = 256;
    private static final String INSERT = "INSERT INTO audit_log (at, actor, actor_id, token_id, actor_kind, action, target, sql_text, "
            + "row_count, duration_ms, outcome, detail, request_id, remote_address) "
            + "VALUES (?, ?, (SELECT id FROM users WHERE name = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final MetadataStore store;
    private final Clock clock;
    private final LinkedBlockingQueue<Pending> waiting = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;

    /** A record to write, and where its id (or why it could not be written) goes. */
    private record Pending(Object[] params, CompletableFuture<Long> id) {
    }

    /** Wakes the writer when the log closes (never interrupted: an interrupt inside a write would close H2's file). */
    private static final Pending WAKE = new Pending(new Object[0], new CompletableFuture<>());

    public AuditService(MetadataStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.writer = new Thread(this::writeWaiting, "assay-audit-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Where a request came from, for the log. */
    public record Origin(Optional<String> requestId, Optional<String> remoteAddress) {
        public static final Origin NONE = new Origin(Optional.empty(), Optional.empty());
    }

    /** The event to record; build with {@link #event}. */
    public static final class Event {
        private final Optional<Principal> actor;
        private final String action;
        private Optional<String> target = Optional.empty();
        private Optional<String> sql = Optional.empty();
        private OptionalLong rows = OptionalLong.empty();
        private OptionalLong durationMs = OptionalLong.empty();
        private String outcome = "ok";
        private Optional<String> detail = Optional.empty();
        private Optional<String> about = Optional.empty();
        private Origin origin = Origin.NONE;

        private Event(Optional<Principal> actor, String action) {
            this.actor = actor;
            this.action = action;
        }

        public Event target(String t) {
            target = Optional.ofNullable(t);
            return this;
        }

        public Event sql(String s) {
            sql = Optional.ofNullable(s);
            return this;
        }

        public Event rows(long n) {
            rows = OptionalLong.of(n);
            return this;
        }

        public Event duration(Duration d) {
            durationMs = OptionalLong.of(d.toMillis());
            return this;
        }

        public Event denied(String why) {
            outcome = "denied";
            detail = Optional.ofNullable(why);
            return this;
        }

        public Event failed(String why) {
            outcome = "error";
            detail = Optional.ofNullable(why);
            return this;
        }

        /** Marks the event denied or failed by what the exception says. */
        public Event failed(AssayException e) {
            return e.code() == ErrorCode.FORBIDDEN ? denied(e.getMessage()) : failed(e.getMessage());
        }

        public Event detail(String d) {
            detail = Optional.ofNullable(d);
            return this;
        }

        /** Adds to the detail set so far (a question asked, then what its query read), joined by "; ". */
        public Event addDetail(String d) {
            if (d == null || d.isEmpty()) {
                return this;
            }
            detail = Optional.of(detail.filter(x -> !x.isEmpty()).map(x -> x + "; " + d).orElse(d));
            return this;
        }

        public Event origin(Origin o) {
            origin = o;
            return this;
        }

        /**
         * What the event is about (a saved query run and the values it was given): written at the head of the detail
         * whatever the outcome, where {@link #detail} and {@link #failed} replace what was set before.
         */
        public Event about(String a) {
            about = Optional.ofNullable(a).filter(x -> !x.isEmpty());
            return this;
        }

        private Optional<String> fullDetail() {
            if (about.isEmpty()) {
                return detail;
            }
            return Optional.of(detail.filter(d -> !d.isEmpty()).map(d -> about.get() + "; " + d).orElse(about.get()));
        }
    }

    public static Event event(Principal actor, String action) {
        return new Event(Optional.ofNullable(actor), action);
    }

    public static Event anonymous(String action) {
        return new Event(Optional.empty(), action);
    }

    /**
     * Writes an event. A user's record keeps the user's stable id (looked up as it is written, so it names
     * the account that acted even after a later one takes the same name) and the API token used, if any.
     */
    public long record(Event e) {
        String kind = e.actor.map(p -> p.kind().name().toLowerCase(Locale.ROOT)).orElse("anonymous");
        // The local operator is not a user of the store: a user of the same name must not be named as the actor.
        String idOf = e.actor.filter(p -> p.kind() != Principal.Kind.LOCAL).map(Principal::name).orElse(null);
        Object[] params = {clock.instant(), e.actor.map(Principal::name), idOf, e.actor.flatMap(Principal::tokenId), kind, e.action,
                e.target.map(t -> cut(t, 255)),
                e.sql.map(s -> cut(s, 100_000)), boxed(e.rows), boxed(e.durationMs), e.outcome, e.fullDetail().map(d -> cut(d, 4000)),
                e.origin.requestId().map(r -> cut(r, 64)), e.origin.remoteAddress().map(r -> cut(r, 64))};
        if (closed) {
            return store.insert(INSERT, "id", params);
        }
        Pending p = new Pending(params, new CompletableFuture<>());
        waiting.add(p);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return p.id().get(1, TimeUnit.SECONDS);
                } catch (TimeoutException stillWaiting) {
                    // The writer stopped (the log was closed) before it took this record: write it here.
                    if (!writer.isAlive() && waiting.remove(p)) {
                        return store.insert(INSERT, "id", params);
                    }
                } catch (InterruptedException ie) {
                    // The record is on its way to the log: wait for it, and leave the interrupt for the caller.
                    interrupted = true;
                } catch (ExecutionException failed) {
                    throw failed.getCause() instanceof RuntimeException r ? r : new IllegalStateException(failed.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The writer: takes the records waiting, writes them in one transaction, tells their callers; until closed. */
    private void writeWaiting() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (!closed || !waiting.isEmpty()) {
            try {
                Pending first = waiting.poll(1, TimeUnit.SECONDS);
                if (first == null || first == WAKE) {
                    continue;
                }
                batch.add(first);
            } catch (InterruptedException e) {
                continue;
            }
            waiting.drainTo(batch, MAX_BATCH - 1);
            batch.removeIf(p -> p == WAKE);
            try {
                List<Long> ids = store.inTransaction(tx -> {
                    List<Long> out = new ArrayList<>(batch.size());
                    for (Pending p : batch) {
                        out.add(tx.insert(INSERT, "id", p.params()));
                    }
                    return out;
                });
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).id().complete(ids.get(i));
                }
            } catch (RuntimeException batchFailed) {
                // One record the store refuses must not take the others with it: each on its own, with its own outcome.
                for (Pending p : batch) {
                    try {
                        p.id().complete(store.insert(INSERT, "id", p.params()));
                    } catch (RuntimeException e) {
                        p.id().completeExceptionally(e);
                    }
                }
            }
            batch.clear();
        }
    }

    /** Writes the records still waiting, then stops the writer; records after this are written by their callers. */
    @Override
    public void close() {
        closed = true;
        waiting.add(WAKE);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What to look for in the log; empty fields match everything. */
    public record Filter(Optional<String> actor, Optional<String> action, Optional<String> target, Optional<String> outcome,
                         Optional<Instant> from, Optional<Instant> to, Optional<String> tokenId) {
        public static final Filter ALL = new Filter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());

        public Filter(Optional<String> actor, Optional<String> action, Optional<String> target, Optional<String> outcome,
                      Optional<Instant> from, Optional<Instant> to) {
            this(actor, action, target, outcome, from, to, Optional.empty());
        }
    }

    /**
     * Records matching {@code filter}, newest first, with ids below {@code beforeId} (the cursor of the
     * previous page), at most {@code limit}.
     */
    public List<AuditRecord> find(Filter filter, OptionalLong beforeId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM audit_log WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        where(filter, sql, params);
        if (beforeId.isPresent()) {
            sql.append(" AND id < ?");
            params.add(beforeId.getAsLong());
        }
        sql.append(" ORDER BY id DESC");
        sql.append(" LIMIT ").append(Math.max(1, limit));
        return store.query(sql.toString(), AuditService::map, params.toArray());
    }

    /** Writes every record matching {@code filter} as CSV, oldest first, a page at a time. */
    public long exportCsv(Filter filter, Writer out) throws IOException {
        out.write("id,at,actor,actor_id,token_id,actor_kind,action,target,sql,rows,duration_ms,outcome,detail,request_id,remote_address\n");
        long written = 0;
        long after = 0;
        while (true) {
            StringBuilder sql = new StringBuilder("SELECT * FROM audit_log WHERE id > ?");
            List<Object> params = new ArrayList<>();
            params.add(after);
            where(filter, sql, params);
            sql.append(" ORDER BY id LIMIT 1000");
            List<AuditRecord> page = store.query(sql.toString(), AuditService::map, params.toArray());
            for (AuditRecord r : page) {
                out.write(String.join(",", String.valueOf(r.id()), r.at().toString(), csv(r.actor()), csv(r.actorId()), csv(r.tokenId()),
                        r.actorKind(), r.action(),
                        csv(r.target()), csv(r.sql()), r.rows().isPresent() ? String.valueOf(r.rows().getAsLong()) : "",
                        r.durationMs().isPresent() ? String.valueOf(r.durationMs().getAsLong()) : "", r.outcome(), csv(r.detail()),
                        csv(r.requestId()), csv(r.remoteAddress())));
                out.write('\n');
                after = r.id();
                written++;
            }
            if (page.size() < 1000) {
                return written;
            }
        }
    }

    private static void where(Filter f, StringBuilder sql, List<Object> params) {
        f.actor().ifPresent(a -> { sql.append(" AND actor = ?"); params.add(a); });
        f.tokenId().ifPresent(t -> { sql.append(" AND token_id = ?"); params.add(t); });
        f.action().ifPresent(a -> {
            if (a.endsWith("*")) {
                sql.append(" AND action LIKE ?");
                params.add(a.substring(0, a.length() - 1).replace("%", "").replace("_", "\\_") + "%");
            } else {
                sql.append(" AND action = ?");
                params.add(a);
            }
        });
        f.target().ifPresent(t -> { sql.append(" AND target = ?"); params.add(t); });
        f.outcome().ifPresent(o -> { sql.append(" AND outcome = ?"); params.add(o); });
        f.from().ifPresent(t -> { sql.append(" AND at >= ?"); params.add(t); });
        f.to().ifPresent(t -> { sql.append(" AND at < ?"); params.add(t); });
    }

    private static String csv(Optional<String> v) {
        if (v.isEmpty()) {
            return "";
        }
        String s = v.get();
        // A leading = + - @ would run as a formula in a spreadsheet: quote it as text.
        if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        return s.matches("[^\",\\r\\n]*") ? s : '"' + s.replace("\"", "\"\"") + '"';
    }

    private static Long boxed(OptionalLong v) {
        return v.isPresent() ? v.getAsLong() : null;
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static AuditRecord map(MetadataStore.Row r) throws SQLException {
        return new AuditRecord(r.longValue("id"), r.instant("at"), r.optionalString("actor"), r.optionalString("actor_id"),
                r.optionalString("token_id"), r.string("actor_kind"), r.string("action"),
                r.optionalString("target"), r.optionalString("sql_text"), r.optionalLong("row_count"), r.optionalLong("duration_ms"),
                r.string("outcome"), r.optionalString("detail"), r.optionalString("request_id"), r.optionalString("remote_address"));
    }

}
