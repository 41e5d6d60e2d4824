package io.assay.engine;

/**
 * What an engine can do beyond plain SQL reads. Engines declare these instead of failing or
 * skipping silently; callers (and the conformance suite) ask before they rely on one.
 */
public enum Capability {
    /** Can create, replace and drop tables (the warehouse can; a read-only source cannot). */
    WRITE,
    /**
     * {@link Session#inTransaction} is atomic: its statements are rolled back when the work throws. Engines without it
     * (Spark) run the work statement by statement, and what ran before a failure stays.
     */
    TRANSACTIONS,
    /** DDL takes part in transactions, so a swap of tables is atomic. */
    TRANSACTIONAL_DDL,
    /** Reads files (CSV, Parquet, JSON) directly, see {@link Engine#files()}. */
    READ_FILES,
    /** Writes query results to files itself (CSV, Parquet), see {@link Engine#files()}. */
    EXPORT_FILES,
    /** Has an approximate distinct count (HyperLogLog or similar). */
    APPROX_DISTINCT,
    /** Computes exact quantiles. */
    EXACT_QUANTILES,
    /** Computes approximate quantiles cheaply. */
    APPROX_QUANTILES,
    /** Groups by several sets of keys in one query: {@code GROUP BY GROUPING SETS (...)} with {@code GROUPING()}. */
    GROUPING_SETS,
    /** Computes several quantiles as one list-valued aggregate, see {@link Dialect#quantiles}. */
    QUANTILE_LISTS,
    /**
     * Draws a sample of a relation of known size in one parallel pass, see {@link Dialect#sample(String, long, long)}:
     * a query over a small sample then costs a fraction of one over the whole relation (where a sample needs a sort
     * of every row, it costs more).
     */
    CHEAP_SAMPLES,
    /** Enforces read-only sessions, see {@link Engine#openSession(boolean)}. */
    READ_ONLY_SESSIONS,
    /** Running statements can be cancelled from another thread. */
    CANCEL,
    /** Reports the progress of a running statement. */
    PROGRESS,
    /** Tells what a SQL text does by parsing it with the engine's own parser, see {@link Session#inspect(String)}. */
    INSPECT_STATEMENTS,
    /**
     * Opens read-only sessions whose login may read only the relations it is given, enforced by the
     * engine's own privileges, see {@link Engine#openConfinedSession}. Governance relies on it where the
     * engine cannot {@link #INSPECT_STATEMENTS inspect statements}.
     */
    CONFINED_READS
}
