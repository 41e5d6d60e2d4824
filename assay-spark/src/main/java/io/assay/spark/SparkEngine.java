package io.assay.spark;

import io.assay.engine.AssayException;
import io.assay.engine.Capability;
import io.assay.engine.Dialect;
import io.assay.engine.Engine;
import io.assay.engine.EngineSettings;
import io.assay.engine.ErrorCode;
import io.assay.engine.Session;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.connect.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Apache Spark through Spark Connect: every statement runs in the Spark cluster (or {@code local[n]}), and results come
 * back as Arrow batches that are read one at a time, so memory stays flat whatever the result's size.
 *
 * <p>One Spark Connect session serves the engine; Assay's {@link Session}s are views of it, each with an operation
 * tag of its own, so that {@link Session#cancel()} and timeouts interrupt exactly their statement's Spark job
 * ({@code interruptTag}). The session runs in UTC.
 *
 * <p>Capabilities, honestly: approximate distinct counts and quantiles, exact quantiles (and lists of them), GROUPING
 * SETS, one-pass samples ({@code TABLESAMPLE}), cancellation, statement inspection by Spark's own parser (see
 * {@link SparkStatementInspector}) and read-only sessions built on it, and writes (tables in Spark's catalog).
 * Not: transactions (Spark has none: a unit of work that fails keeps what ran), nor confined logins.
 */
public final class SparkEngine implements Engine {

    private static final Logger LOG = LoggerFactory.getLogger(SparkEngine.class);

    /** Fires timeouts; daemon, so that it never keeps the JVM alive. */
    static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "assay-spark-timeouts");
        t.setDaemon(true);
        return t;
    });

    private final SparkConnectUrl url;
    private final SparkSession spark;
    private final SparkDialect dialect;

    private SparkEngine(SparkConnectUrl url, SparkSession spark, SparkDialect dialect) {
        this.url = url;
        this.spark = spark;
        this.dialect = dialect;
    }

    /** Connects to the Spark Connect server of {@code settings.url()}; fails at once when it does not answer. */
    public static SparkEngine open(EngineSettings settings) {
        SparkConnectUrl url = SparkConnectUrl.parse(settings.url(),
                Optional.ofNullable(settings.properties().get("password")), System::getenv);
        SparkSession spark;
        try {
            spark = SparkSession.builder().remote(url.clientUrl()).create();
        } catch (RuntimeException e) {
            throw unreachable(url, e);
        }
        try {
            spark.conf().set("spark.sql.session.timeZone", "UTC");
            url.catalog().ifPresent(c -> spark.sql("USE CATALOG " + new SparkDialect().quoteIdentifier(c)).collectResult().close());
            if (url.schema().isPresent()) {
                spark.sql("USE " + new SparkDialect().quoteIdentifier(url.schema().get())).collectResult().close();
            }
        } catch (Exception e) {
            closeQuietly(spark);
            if (e instanceof SparkThrowable) {
                throw SparkErrors.translate(e, "opening the Spark session");
            }
            throw unreachable(url, e instanceof RuntimeException r ? r : new IllegalStateException(e));
        }
        return new SparkEngine(url, spark, new SparkDialect(url.schema().orElse("default")));
    }

    private static AssayException unreachable(SparkConnectUrl url, RuntimeException e) {
        return AssayException.of(ErrorCode.ENGINE_ERROR, "Spark Connect did not answer at " + url.host() + ":" + url.port()
                        + ": " + SparkErrors.firstLine(e))
                .hint("Check that a Spark Connect server runs there (start-connect-server.sh, or a Databricks cluster) "
                        + "and that the URL, token and network allow it.")
                .detail("engine", "spark").detail("url", url.redacted()).cause(e).build();
    }

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public Dialect dialect() {
        return dialect;
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.WRITE, Capability.APPROX_DISTINCT, Capability.EXACT_QUANTILES,
                Capability.APPROX_QUANTILES, Capability.QUANTILE_LISTS, Capability.GROUPING_SETS, Capability.CHEAP_SAMPLES,
                Capability.CANCEL, Capability.INSPECT_STATEMENTS, Capability.READ_ONLY_SESSIONS);
    }

    @Override
    public Session openSession() {
        return new SparkSqlSession(this, false);
    }

    /** Read-only sessions have each statement inspected first and refuse anything that is not one query. */
    @Override
    public Session openSession(boolean readOnly) {
        return new SparkSqlSession(this, readOnly);
    }

    SparkSession spark() {
        return spark;
    }

    SparkDialect sparkDialect() {
        return dialect;
    }

    @Override
    public void close() {
        closeQuietly(spark);
    }

    private static void closeQuietly(SparkSession spark) {
        try {
            spark.close();
        } catch (RuntimeException e) {
            LOG.debug("closing the Spark Connect session: {}", e.toString());
        }
    }

    @Override
    public String toString() {
        return "spark " + url;
    }
}
