package io.assay.platform.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.platform.auth.Principal;
import io.assay.platform.store.Ids;
import io.assay.platform.store.MetadataStore;
import io.assay.platform.task.Progress;
import io.assay.platform.task.ProgressListener;
import io.assay.platform.task.TaskContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs jobs on a bounded pool, keeps their records in the metadata store, reports their progress to
 * listeners (the REST layer turns it into Server-Sent Events) and cancels them on request. On start
 * it marks jobs that a crash cut off as failed; on shutdown it lets running jobs finish for a grace
 * period, then cancels them.
 */
public final class JobService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobService.class);
    private static final int QUEUE_CAPACITY = 100;
    private static final Duration PERSIST_PROGRESS_EVERY = Duration.ofSeconds(1);
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    /** What a job does; answers a small summary of its result. */
    @FunctionalInterface
    public interface Work {
        Map<String, Object> run(TaskContext ctx);
    }

    private final MetadataStore store;
    private final Clock clock;
    private final ThreadPoolExecutor pool;
    private final Map<String, Live> live = new ConcurrentHashMap<>();
    private final MeterRegistry metrics;
    private final AtomicInteger running = new AtomicInteger();

    /** A job of this process: its cancel switch, its latest progress, who listens. */
    private static final class Live {
        final TaskContext ctx;
        final List<Consumer<Job>> listeners = new CopyOnWriteArrayList<>();
        volatile Job job;
        volatile Instant persisted = Instant.EPOCH;
        volatile Runnable task;

        Live(TaskContext ctx, Job job) {
            this.ctx = ctx;
            this.job = job;
        }
    }

    public JobService(MetadataStore store, int threads, MeterRegistry metrics, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.metrics = metrics;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE_CAPACITY), r -> {
            Thread t = new Thread(r, "assay-job-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        metrics.gauge("assay.jobs.running", running);
        metrics.gauge("assay.jobs.queued", pool.getQueue(), java.util.Collection::size);
    }

    /** Marks jobs that were queued or running when the last process stopped as failed; answers how many. */
    public int recover() {
        String error = json(new Job.JobError(ErrorCode.INTERNAL.name(), "The server stopped while this job ran; its work was rolled back.",
                Optional.of("Start it again."), Map.of()));
        int n = store.update("UPDATE jobs SET status = 'failed', finished_at = ?, error_json = ? WHERE status IN ('queued', 'running')",
                clock.instant(), error);
        if (n > 0) {
            LOG.warn("{} job(s) cut off by the previous stop were marked failed", n);
        }
        return n;
    }

    /** Queues a job; refuses with {@link ErrorCode#LIMIT_EXCEEDED} when the queue is full. */
    public Job submit(Principal owner, Job.Kind kind, String description, Work work) {
        Live l = record(owner, kind, description, ProgressListener.NONE);
        Job queued = l.job;
        String id = queued.id();
        l.task = () -> run(l, work);
        try {
            pool.execute(l.task);
        } catch (RejectedExecutionException e) {
            live.remove(id);
            finish(l, Job.Status.FAILED, Optional.of(new Job.JobError(ErrorCode.LIMIT_EXCEEDED.name(), "Too many jobs are waiting.",
                    Optional.of("Try again when some have finished."), Map.of())), Optional.empty());
            throw AssayException.of(ErrorCode.LIMIT_EXCEEDED, "Too many jobs are waiting (" + QUEUE_CAPACITY + ").")
                    .hint("Try again when some have finished, or cancel some.").build();
        }
        return queued;
    }

    /** A job run on the caller's thread: how it ended, and the failure as it was raised, if it failed. */
    public record Ran(Job job, Optional<RuntimeException> failure) {

        /** The job, when it succeeded; else its failure, thrown. */
        public Job orThrow() {
            failure.ifPresent(e -> {
                throw e;
            });
            return job;
        }
    }

    /**
     * Runs a job on the calling thread: recorded, listed and watched like any other (so work done at
     * the command line shows on the web page as well), its progress also reported to {@code caller}, and
     * cancelled when {@code caller} is.
     */
    public Ran runHere(Principal owner, Job.Kind kind, String description, Work work, TaskContext caller) {
        Live l = record(owner, kind, description, caller::progress);
        RuntimeException failure;
        try (AutoCloseable cancel = caller.onCancel(l.ctx::cancel)) {
            failure = run(l, work);
        } catch (Exception e) {
            failure = AssayException.internal("Running the job failed unexpectedly", e);
        }
        return new Ran(l.job, Optional.ofNullable(failure));
    }

    /** Writes a new job's record and makes it live; progress goes to the record and to {@code also}. */
    private Live record(Principal owner, Job.Kind kind, String description, ProgressListener also) {
        String id = Ids.newId();
        Instant now = clock.instant();
        Job queued = new Job(id, kind, Job.Status.QUEUED, owner.name(), description, Optional.empty(), now, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
        store.update("INSERT INTO jobs (id, kind, status, owner, description, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                id, kind, queued.status(), owner.name(), cut(description, 1000), now);
        Live l = new Live(new TaskContext(p -> {
            progress(id, p);
            also.onProgress(p);
        }), queued);
        live.put(id, l);
        return l;
    }

    /** Runs a job's work and records how it ended; answers the failure, if any, for a caller that waits. */
    private RuntimeException run(Live l, Work work) {
        Job j = l.job;
        if (l.ctx.isCancelled()) {
            finish(l, Job.Status.CANCELLED, Optional.empty(), Optional.empty());
            live.remove(j.id());
            return AssayException.of(ErrorCode.CANCELLED, "The job was cancelled before it started.").build();
        }
        Instant started = clock.instant();
        l.job = with(j, Job.Status.RUNNING, j.progress(), Optional.of(started), Optional.empty(), Optional.empty(), Optional.empty());
        store.update("UPDATE jobs SET status = 'running', started_at = ? WHERE id = ?", started, j.id());
        notify(l);
        running.incrementAndGet();
        Timer.Sample sample = Timer.start(metrics);
        Job.Status outcome = Job.Status.FAILED;
        try {
            Map<String, Object> result = work.run(l.ctx);
            outcome = Job.Status.SUCCEEDED;
            finish(l, outcome, Optional.empty(), Optional.ofNullable(result));
            return null;
        } catch (AssayException e) {
            outcome = e.code() == ErrorCode.CANCELLED || l.ctx.isCancelled() ? Job.Status.CANCELLED : Job.Status.FAILED;
            finish(l, outcome, Optional.of(errorOf(e)), Optional.empty());
            return e;
        } catch (RuntimeException | Error e) {
            LOG.error("Job {} ({}) failed unexpectedly", j.id(), j.description(), e);
            finish(l, outcome, Optional.of(new Job.JobError(ErrorCode.INTERNAL.name(), "The job failed unexpectedly: " + e,
                    Optional.of("See the server log for details and report it."), Map.of())), Optional.empty());
            return e instanceof RuntimeException r ? r : AssayException.internal("The job failed unexpectedly", e);
        } finally {
            running.decrementAndGet();
            sample.stop(metrics.timer("assay.jobs.duration", "kind", j.kind().id(), "status", outcome.id()));
            live.remove(j.id());
        }
    }

    /** The key under which a failed job's details keep the remedy's id ({@code remedy.NAME} its parameters). */
    public static final String REMEDY = "remedy";

    /** The error a failed job's record keeps, read back as the exception it was (its remedy included). */
    public static AssayException exceptionOf(Job.JobError error) {
        AssayException.Builder b = AssayException.of(ErrorCode.valueOf(error.code()), error.message());
        error.hint().ifPresent(b::hint);
        List<Object> params = new ArrayList<>();
        error.details().forEach((k, v) -> {
            if (k.startsWith(REMEDY + ".")) {
                params.add(k.substring(REMEDY.length() + 1));
                params.add(v);
            } else if (!k.equals(REMEDY)) {
                b.detail(k, v);
            }
        });
        Object remedy = error.details().get(REMEDY);
        if (remedy != null) {
            b.remedy(String.valueOf(remedy), params.toArray());
        }
        return b.build();
    }

    public static Job.JobError errorOf(AssayException e) {
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        e.details().forEach((k, v) -> details.put(k, v instanceof Number || v instanceof Boolean ? v : String.valueOf(v)));
        // What the caller can do stays a code in the job's record, for whichever door shows the failure to word it.
        e.remedy().ifPresent(r -> {
            details.put(REMEDY, r.id());
            r.params().forEach((k, v) -> details.put(REMEDY + "." + k, String.valueOf(v)));
        });
        return new Job.JobError(e.code().name(), e.getMessage(), e.hint(), details);
    }

    private void finish(Live l, Job.Status status, Optional<Job.JobError> error, Optional<Map<String, Object>> result) {
        Instant now = clock.instant();
        Job j = l.job;
        l.job = with(j, status, j.progress(), j.startedAt(), Optional.of(now), error, result);
        store.update("UPDATE jobs SET status = ?, finished_at = ?, error_json = ?, result_json = ?, progress_stage = ?, progress_done = ?, "
                        + "progress_total = ?, progress_unit = ? WHERE id = ?",
                status, now, error.map(JobService::json), result.map(JobService::json),
                j.progress().map(Progress::stage), j.progress().map(Progress::done), j.progress().map(Progress::total),
                j.progress().map(p -> p.unit().name().toLowerCase(Locale.ROOT)), j.id());
        Counter.builder("assay.jobs").tag("kind", j.kind().id()).tag("status", status.id()).register(metrics).increment();
        notify(l);
    }

    private void progress(String id, Progress p) {
        Live l = live.get(id);
        if (l == null) {
            return;
        }
        Job j = l.job;
        l.job = with(j, j.status(), Optional.of(p), j.startedAt(), j.finishedAt(), j.error(), j.result());
        Instant now = clock.instant();
        if (Duration.between(l.persisted, now).compareTo(PERSIST_PROGRESS_EVERY) >= 0) {
            l.persisted = now;
            store.update("UPDATE jobs SET progress_stage = ?, progress_done = ?, progress_total = ?, progress_unit = ? WHERE id = ?",
                    cut(p.stage(), 200), p.done(), p.total(), p.unit().name().toLowerCase(Locale.ROOT), id);
        }
        notify(l);
    }

    private void notify(Live l) {
        Job j = l.job;
        for (Consumer<Job> c : l.listeners) {
            try {
                c.accept(j);
            } catch (RuntimeException e) {
                l.listeners.remove(c);
            }
        }
    }

    /**
     * Calls {@code listener} with the job now and on every change until it finishes (then once more).
     * Answers a handle that stops listening. For a job already finished, calls it once.
     */
    public AutoCloseable watch(Principal caller, String id, Consumer<Job> listener) {
        Job now = get(caller, id);
        Live l = live.get(id);
        if (l == null || now.status().finished()) {
            listener.accept(now);
            return () -> { };
        }
        l.listeners.add(listener);
        listener.accept(l.job);
        if (!live.containsKey(id)) {
            // It finished between the two looks; make sure the listener hears the end.
            listener.accept(get(caller, id));
        }
        return () -> l.listeners.remove(listener);
    }

    /** A job of the caller's (an admin: anyone's). */
    public Job get(Principal caller, String id) {
        Live l = live.get(id);
        Job j = l != null ? l.job : store.queryOne("SELECT * FROM jobs WHERE id = ?", JobService::map, id).orElseThrow(() -> notFound(id));
        if (!caller.isAdmin() && !j.owner().equals(caller.name())) {
            throw notFound(id);
        }
        return j;
    }

    /** The caller's jobs (an admin: everyone's), newest first, created before the cursor's job. */
    public List<Job> list(Principal caller, Optional<Job.Status> status, Optional<Job.Kind> kind, Optional<String> afterId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM jobs WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (!caller.isAdmin()) {
            sql.append(" AND owner = ?");
            params.add(caller.name());
        }
        status.ifPresent(s -> { sql.append(" AND status = ?"); params.add(s); });
        kind.ifPresent(k -> { sql.append(" AND kind = ?"); params.add(k); });
        afterId.ifPresent(c -> {
            sql.append(" AND (created_at < (SELECT created_at FROM jobs WHERE id = ?) OR (created_at = (SELECT created_at FROM jobs WHERE id = ?) AND id < ?))");
            params.add(c);
            params.add(c);
            params.add(c);
        });
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ").append(Math.max(1, limit));
        List<Job> out = new ArrayList<>();
        for (Job j : store.query(sql.toString(), JobService::map, params.toArray())) {
            Live l = live.get(j.id());
            out.add(l != null ? l.job : j);
        }
        return out;
    }

    /** Asks a job to stop; a queued one never starts. Answers the job as it is now. */
    public Job cancel(Principal caller, String id) {
        Job j = get(caller, id);
        Live l = live.get(id);
        if (l != null && !j.status().finished()) {
            l.ctx.cancel();
            if (pool.remove(l.task)) {
                live.remove(id);
                finish(l, Job.Status.CANCELLED, Optional.empty(), Optional.empty());
            }
        }
        return get(caller, id);
    }

    /** Cancels every running or queued job of one user (whose account is going away); answers how many. */
    public int cancelAllOf(String owner) {
        int n = 0;
        for (Live l : List.copyOf(live.values())) {
            Job j = l.job;
            if (j.owner().equals(owner) && !j.status().finished()) {
                l.ctx.cancel();
                if (pool.remove(l.task)) {
                    live.remove(j.id());
                    finish(l, Job.Status.CANCELLED, Optional.empty(), Optional.empty());
                }
                n++;
            }
        }
        return n;
    }

    /** Jobs running or queued in this process. */
    public int active() {
        return live.size();
    }

    /**
     * Stops taking jobs, waits up to {@code grace} for running ones, then cancels what is left and
     * waits a little more for the cancellations to take (each rolls its own work back).
     */
    public void shutdown(Duration grace) {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.info("Cancelling {} job(s) still running at shutdown", live.size());
                live.values().forEach(l -> l.ctx.cancel());
                if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                    LOG.warn("Jobs did not stop in time; they will be marked failed on the next start");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(5));
    }

    private static Job with(Job j, Job.Status status, Optional<Progress> progress, Optional<Instant> started, Optional<Instant> finished,
                            Optional<Job.JobError> error, Optional<Map<String, Object>> result) {
        return new Job(j.id(), j.kind(), status, j.owner(), j.description(), progress, j.createdAt(), started, finished, error, result);
    }

    private static Job map(MetadataStore.Row r) throws SQLException {
        Optional<Progress> progress = r.optionalString("progress_stage").map(stage -> {
            try {
                return new Progress(stage, r.longValue("progress_done"), r.longValue("progress_total"),
                        Progress.Unit.valueOf(r.string("progress_unit").toUpperCase(Locale.ROOT)));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        return new Job(r.string("id"), Job.Kind.valueOf(r.string("kind").toUpperCase(Locale.ROOT)),
                Job.Status.valueOf(r.string("status").toUpperCase(Locale.ROOT)), r.string("owner"), r.string("description"), progress,
                r.instant("created_at"), r.optionalInstant("started_at"), r.optionalInstant("finished_at"),
                r.optionalString("error_json").map(s -> parse(s, new TypeReference<Job.JobError>() { })),
                r.optionalString("result_json").map(s -> parse(s, new TypeReference<Map<String, Object>>() { })));
    }

    private static AssayException notFound(String id) {
        return AssayException.of(ErrorCode.NOT_FOUND, "There is no job with id '" + id + "'.")
                .hint("List your jobs to find its id.").remedy("list", "what", "jobs").detail("parameter", "id").build();
    }

    static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + o.getClass(), e);
        }
    }

    private static <T> T parse(String s, TypeReference<T> type) {
        try {
            return JSON.readValue(s, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a job record holds malformed JSON", e);
        }
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
