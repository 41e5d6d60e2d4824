package io.assay.engine;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One connection's worth of work on an {@link Engine}. Not thread-safe, except {@link #cancel()}
 * and {@link #progress()}, which exist to be called from another thread while a statement runs.
 */
public interface Session extends AutoCloseable {

    Engine engine();

    /** Runs a query and streams its rows. The caller closes the stream. */
    RowStream query(SqlStatement statement, QueryOptions options);

    default RowStream query(SqlStatement statement) {
        return query(statement, QueryOptions.NONE);
    }

    /** Runs a statement that returns no rows; answers the update count where the engine gives one. */
    long execute(SqlStatement statement, QueryOptions options);

    default long execute(SqlStatement statement) {
        return execute(statement, QueryOptions.NONE);
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws
     * (the exception passes through). Nested calls join the outer transaction.
     */
    <T> T inTransaction(TransactionWork<T> work);

    /** Cancels the statement running in this session, if any. Safe to call from any thread. */
    void cancel();

    /** Progress of the running statement, 0..1, where the engine reports it. */
    OptionalDouble progress();

    /** The schemas (databases, on MySQL and MariaDB) the session can see, the engine's own catalogs left out. */
    List<String> schemas();

    /** The relations in {@code schema}. */
    List<RelationInfo> relations(String schema);

    /** One relation's columns and facts, or empty when it does not exist. */
    Optional<RelationInfo> describe(RelationRef ref);

    /**
     * What {@code sql} does, as the engine's own parser reads it: how many statements, whether it is one
     * read-only query, the relations and functions it names, and why it may reach outside the warehouse.
     * Nothing runs. Engines without {@link Capability#INSPECT_STATEMENTS} answer empty, and a caller
     * that must restrict what runs refuses then rather than guess.
     *
     * @throws AssayException {@link ErrorCode#INVALID_INPUT} when the text does not parse, with the
     *                        position in {@link AssayException#details()} where the engine gives one
     */
    default Optional<StatementInfo> inspect(String sql) {
        return Optional.empty();
    }

    /**
     * {@link #inspect(String)} within {@code timeout}: when the engine's parse and the reading of it take longer,
     * it fails with {@link ErrorCode#TIMEOUT} when the time is up, and the session must not be used again (close it).
     */
    default Optional<StatementInfo> inspect(String sql, java.util.Optional<java.time.Duration> timeout) {
        return inspect(sql);
    }

    /**
     * Makes committed changes durable in the engine's main storage (DuckDB folds its write-ahead log
     * into the database file). Best effort: engines without the notion, or busy with other writers, do nothing.
     */
    default void checkpoint() {
    }

    /** A bulk appender into {@code table}, where the engine has one; otherwise rows go in with INSERT. */
    default java.util.Optional<RowAppender> appender(RelationRef table) {
        return java.util.Optional.empty();
    }

    /** Space the table takes in the engine's storage, where the engine can tell. */
    default java.util.OptionalLong storageBytes(RelationRef ref) {
        return java.util.OptionalLong.empty();
    }

    @Override
    void close();

    /** Work done inside a transaction. */
    @FunctionalInterface
    interface TransactionWork<T> {
        T run(Session session);
    }
}
