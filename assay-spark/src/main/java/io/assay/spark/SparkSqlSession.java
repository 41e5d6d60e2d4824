package io.assay.spark;

import io.assay.engine.AssayException;
import io.assay.engine.Column;
import io.assay.engine.Engine;
import io.assay.engine.ErrorCode;
import io.assay.engine.QueryOptions;
import io.assay.engine.RelationInfo;
import io.assay.engine.RelationRef;
import io.assay.engine.RowStream;
import io.assay.engine.Session;
import io.assay.engine.SqlStatement;
import io.assay.engine.StatementInfo;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.connect.SparkSession;
import org.apache.spark.sql.connect.client.SparkResult;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Assay session on a Spark Connect session. Each statement carries an operation tag of its own, so
 * {@link #cancel()} and the timeout interrupt its Spark job on the server ({@code interruptTag}) and nothing else.
 * After a statement was stopped its tag is interrupted again for {@value #AFTERMATH_MILLIS} ms: in Spark 4.0.1 an
 * interrupt that arrives while the statement is still being planned ends the operation, but a job it submits right
 * after would otherwise run on.
 */
final class SparkSqlSession implements Session {

    private static final Logger LOG = LoggerFactory.getLogger(SparkSqlSession.class);
    private static final Pattern STATISTICS_ROWS = Pattern.compile("(\\d+) rows");
    /** How often an interrupt is repeated while the statement still runs (one sent before Spark registered it is lost). */
    private static final long REPEAT_MILLIS = 200;

    private final SparkEngine engine;
    private final SparkSession spark;
    private final boolean readOnly;
    /** How long a stopped statement's tag is still interrupted, for a job submitted after the first interrupt. */
    private static final long AFTERMATH_MILLIS = 5_000;

    private final String sessionTag = "assay-" + UUID.randomUUID();
    private long statements;
    /** The tag of the statement running now (or last): what {@link #cancel()} interrupts. */
    private volatile String tag = sessionTag;
    private final Object lock = new Object();
    private boolean cancelRequested;
    private boolean timedOut;
    private ScheduledFuture<?> interrupter;

    SparkSqlSession(SparkEngine engine, boolean readOnly) {
        this.engine = engine;
        this.spark = engine.spark();
        this.readOnly = readOnly;
    }

    @Override
    public Engine engine() {
        return engine;
    }

    @Override
    public RowStream query(SqlStatement statement, QueryOptions options) {
        checkParameters(statement);
        if (readOnly) {
            refuseWrites(statement.sql());
        }
        synchronized (lock) {
            cancelRequested = false;
            timedOut = false;
        }
        ScheduledFuture<?> timer = options.timeout().map(this::startTimer).orElse(null);
        SparkResult<Row> result = null;
        long started = System.nanoTime();
        nextTag();
        spark.addTag(tag);
        try {
            Object[] args = statement.params().stream().map(SparkSqlSession::literal).toArray();
            var frame = args.length == 0 ? spark.sql(statement.sql()) : spark.sql(statement.sql(), (Object) args);
            result = frame.collectResult();
            StructType schema = result.schema();
            List<Column> columns = SparkTypes.columns(schema);
            LOG.debug("spark: {} answered its schema in {} ms", statement, (System.nanoTime() - started) / 1_000_000);
            return new SparkRowStream(this, result, columns, options.maxRows(), timer, options.timeout());
        } catch (Exception e) {
            stopTimer(timer);
            if (result != null) {
                closeQuietly(result);
            }
            throw failure(e, options.timeout(), "running the query");
        } finally {
            spark.removeTag(tag);
        }
    }

    @Override
    public long execute(SqlStatement statement, QueryOptions options) {
        try (RowStream rows = query(statement, options)) {
            while (rows.next()) {
                // Commands answer at most a few rows (SHOW, DESCRIBE); read them to finish the operation.
            }
        }
        // Spark does not report how many rows a statement changed.
        return -1;
    }

    /**
     * Spark has no transactions: the work runs statement by statement, and when it throws, what already ran stays.
     * The engine does not claim {@link io.assay.engine.Capability#TRANSACTIONS}.
     */
    @Override
    public <T> T inTransaction(TransactionWork<T> work) {
        return work.run(this);
    }

    @Override
    public void cancel() {
        synchronized (lock) {
            cancelRequested = true;
        }
        interruptQuietly();
    }

    @Override
    public OptionalDouble progress() {
        return OptionalDouble.empty();
    }

    @Override
    public List<String> schemas() {
        List<String> schemas = new ArrayList<>();
        try (RowStream rows = catalogQuery("SHOW DATABASES")) {
            while (rows.next()) {
                schemas.add((String) rows.get(0));
            }
        }
        return schemas;
    }

    @Override
    public List<RelationInfo> relations(String schema) {
        SparkDialect d = engine.sparkDialect();
        Set<String> views = new HashSet<>();
        try (RowStream rows = catalogQuery("SHOW VIEWS IN " + d.quoteIdentifier(schema))) {
            while (rows.next()) {
                if (!Boolean.TRUE.equals(rows.get(2))) {
                    views.add((String) rows.get(1));
                }
            }
        }
        List<String> names = new ArrayList<>();
        try (RowStream rows = catalogQuery("SHOW TABLES IN " + d.quoteIdentifier(schema))) {
            while (rows.next()) {
                if (!Boolean.TRUE.equals(rows.get(2))) {
                    names.add((String) rows.get(1));
                }
            }
        }
        List<RelationInfo> relations = new ArrayList<>();
        for (String name : names) {
            describe(new RelationRef(schema, name), views.contains(name)).ifPresent(relations::add);
        }
        return relations;
    }

    @Override
    public Optional<RelationInfo> describe(RelationRef ref) {
        return describe(ref, null);
    }

    /** Columns from the relation's schema; kind and the row count Spark knows (after ANALYZE TABLE) from DESCRIBE. */
    private Optional<RelationInfo> describe(RelationRef ref, Boolean knownView) {
        String qualified = engine.sparkDialect().qualify(ref);
        StructType schema;
        nextTag();
        spark.addTag(tag);
        try {
            // Through the SQL parser: spark.table(name) reads names with a simpler parser that refuses some quoted ones.
            schema = spark.sql("SELECT * FROM " + qualified).schema();
        } catch (Exception e) {
            AssayException failure = SparkErrors.translate(e, "describing " + ref);
            if (failure.code() == ErrorCode.NOT_FOUND) {
                return Optional.empty();
            }
            throw failure;
        } finally {
            spark.removeTag(tag);
        }
        boolean view = knownView != null && knownView;
        OptionalLong estimate = OptionalLong.empty();
        try (RowStream rows = catalogQuery("DESCRIBE TABLE EXTENDED " + qualified)) {
            while (rows.next()) {
                String key = rows.get(0) == null ? "" : ((String) rows.get(0)).trim();
                String value = rows.get(1) == null ? "" : ((String) rows.get(1)).trim();
                if (key.equals("Type")) {
                    view = value.equalsIgnoreCase("VIEW");
                } else if (key.equals("Statistics")) {
                    Matcher m = STATISTICS_ROWS.matcher(value);
                    if (m.find()) {
                        estimate = OptionalLong.of(Long.parseLong(m.group(1)));
                    }
                }
            }
        }
        return Optional.of(new RelationInfo(ref, view ? RelationInfo.Type.VIEW : RelationInfo.Type.TABLE,
                SparkTypes.columns(schema), estimate, List.of()));
    }

    /** {@code EXPLAIN EXTENDED} on the server: Spark parses (and plans) the text, runs nothing, and prints the plans. */
    @Override
    public Optional<StatementInfo> inspect(String sql) {
        return inspect(sql, Optional.empty());
    }

    @Override
    public Optional<StatementInfo> inspect(String sql, Optional<Duration> timeout) {
        if (sql.isBlank()) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "The SQL text is empty.").detail("parameter", "sql").build();
        }
        QueryOptions options = timeout.map(t -> QueryOptions.NONE.withTimeout(t)).orElse(QueryOptions.NONE);
        StringBuilder plan = new StringBuilder();
        try (RowStream rows = explain(sql, options)) {
            while (rows.next()) {
                plan.append(rows.get(0));
            }
        }
        return Optional.of(SparkStatementInspector.read(plan.toString(), engine.dialect().defaultSchema()));
    }

    /** The catalog's own read-only commands (SHOW, DESCRIBE), which a read-only session runs too. */
    private RowStream catalogQuery(String sql) {
        return queryRaw(sql, QueryOptions.NONE);
    }

    /** Runs EXPLAIN under this session's tag, so that cancelling the session stops it too; never itself inspected. */
    private RowStream explain(String sql, QueryOptions options) {
        // The parameter markers stay in the text: EXPLAIN parses them as parameters without values.
        return queryRaw("EXPLAIN EXTENDED " + sql, options);
    }

    private RowStream queryRaw(String sql, QueryOptions options) {
        synchronized (lock) {
            cancelRequested = false;
            timedOut = false;
        }
        ScheduledFuture<?> timer = options.timeout().map(this::startTimer).orElse(null);
        SparkResult<Row> result = null;
        nextTag();
        spark.addTag(tag);
        try {
            result = spark.sql(sql).collectResult();
            return new SparkRowStream(this, result, SparkTypes.columns(result.schema()), OptionalLong.empty(), timer,
                    options.timeout());
        } catch (Exception e) {
            stopTimer(timer);
            if (result != null) {
                closeQuietly(result);
            }
            throw failure(e, options.timeout(), "parsing the statement");
        } finally {
            spark.removeTag(tag);
        }
    }

    /** A read-only session lets one query through and nothing else: Spark's parser decides (see {@link #inspect}). */
    private void refuseWrites(String sql) {
        StatementInfo info = inspect(sql).orElseThrow();
        if (!info.readOnlyQuery()) {
            throw AssayException.of(ErrorCode.FORBIDDEN, "This session is read-only, and the statement is not a query: "
                            + String.join(" ", info.outsideReach()))
                    .hint("Changes need a session opened for writing.")
                    .detail("engine", "spark")
                    .detail("reasons", String.join(" ", info.outsideReach()))
                    .build();
        }
    }

    private static void checkParameters(SqlStatement statement) {
        int expected = SparkSqlText.parameterCount(statement.sql());
        int given = statement.params().size();
        if (expected == given) {
            return;
        }
        throw AssayException.of(ErrorCode.INVALID_INPUT, "The SQL has " + expected + (expected == 1 ? " parameter" : " parameters")
                        + " (?) but " + given + (given == 1 ? " value was" : " values were") + " given.")
                .hint("Give exactly one value in params for each ? in the SQL, in order.")
                .detail("parameter", "params")
                .detail("expected", expected)
                .detail("given", given)
                .build();
    }

    /** Values as Spark Connect's literals take them. */
    private static Object literal(Object value) {
        if (value instanceof BigInteger b) {
            return new BigDecimal(b);
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof ZonedDateTime z) {
            return z.toInstant();
        }
        if (value instanceof UUID u) {
            return u.toString();
        }
        return value;
    }

    private void nextTag() {
        synchronized (lock) {
            tag = sessionTag + "-" + (++statements);
        }
    }

    /** Started before the statement's tag is chosen: it interrupts whatever tag is current when it fires. */
    private ScheduledFuture<?> startTimer(Duration timeout) {
        return SparkEngine.TIMERS.scheduleWithFixedDelay(() -> {
            synchronized (lock) {
                timedOut = true;
            }
            interruptQuietly();
        }, timeout.toMillis(), REPEAT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Keeps interrupting a stopped statement's tag for a while (see the class comment). */
    private void aftermath(String stoppedTag) {
        ScheduledFuture<?> repeat = SparkEngine.TIMERS.scheduleWithFixedDelay(() -> {
            try {
                spark.interruptTag(stoppedTag);
            } catch (RuntimeException e) {
                LOG.debug("interrupting {}: {}", stoppedTag, e.toString());
            }
        }, REPEAT_MILLIS, REPEAT_MILLIS, TimeUnit.MILLISECONDS);
        SparkEngine.TIMERS.schedule(() -> repeat.cancel(false), AFTERMATH_MILLIS, TimeUnit.MILLISECONDS);
    }

    void stopTimer(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    /** Whether a failure is the timeout's or a cancel's doing. */
    AssayException failure(Exception e, Optional<Duration> timeout, String during) {
        boolean wasTimeout;
        boolean wasCancel;
        synchronized (lock) {
            wasTimeout = timedOut;
            wasCancel = cancelRequested;
        }
        if (e instanceof AssayException a) {
            return a;
        }
        if (wasTimeout || wasCancel) {
            aftermath(tag);
        }
        if (wasTimeout) {
            return AssayException.of(ErrorCode.TIMEOUT, "The query ran longer than its time limit of "
                            + timeout.map(SparkSqlSession::human).orElse("?") + " and was stopped.")
                    .hint("Narrow the query (filters, LIMIT), or give it a longer time limit.").remedy("raise-timeout")
                    .detail("limit", "timeout").cause(e).build();
        }
        if (wasCancel) {
            return AssayException.of(ErrorCode.CANCELLED, "The query was cancelled.").cause(e).build();
        }
        return SparkErrors.translate(e, during);
    }

    /** After a stream ended without an error: a stop that came in the meantime still counts. */
    void checkNotStopped(Optional<Duration> timeout) {
        synchronized (lock) {
            if (!timedOut && !cancelRequested) {
                return;
            }
        }
        throw failure(new IllegalStateException("stopped"), timeout, "reading the result");
    }

    private void interruptQuietly() {
        String tag = this.tag;
        try {
            spark.interruptTag(tag);
        } catch (RuntimeException e) {
            LOG.debug("interrupting {}: {}", tag, e.toString());
        }
    }

    void interruptOperation(String operationId) {
        try {
            spark.interruptOperation(operationId);
        } catch (RuntimeException e) {
            LOG.debug("interrupting operation {}: {}", operationId, e.toString());
        }
    }

    static void closeQuietly(SparkResult<?> result) {
        try {
            result.close();
        } catch (RuntimeException e) {
            LOG.debug("closing a Spark result: {}", e.toString());
        }
    }

    private static String human(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
    }

    @Override
    public void close() {
        // The Spark Connect session is the engine's; this session holds nothing else.
    }
}
