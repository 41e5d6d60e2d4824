package io.assay.engine;

import java.util.Optional;
import java.util.Set;

/**
 * A place where SQL runs: the embedded DuckDB warehouse, or a user's own database. An engine is
 * thread-safe and long-lived; the work happens in {@link Session}s, one per thread at a time.
 */
public interface Engine extends AutoCloseable {

    /** A short name for messages and metrics, such as {@code duckdb} or {@code postgresql}. */
    String name();

    Dialect dialect();

    Set<Capability> capabilities();

    default boolean can(Capability capability) {
        return capabilities().contains(capability);
    }

    /** Opens a session that may read and write. Close it when done; it holds a connection. */
    Session openSession();

    /**
     * Opens a session; a read-only one makes the engine itself refuse writes, as a second line of
     * defence behind governance. Engines without {@link Capability#READ_ONLY_SESSIONS} cannot enforce
     * it and open a plain session: callers that must not write check the flag first.
     */
    default Session openSession(boolean readOnly) {
        return openSession();
    }

    /**
     * Opens a read-only session whose login may read {@code readable} and nothing else of the data, the engine's
     * own privileges deciding (engines with {@link Capability#CONFINED_READS}). Any SQL may run on it: what it
     * cannot read or change, the engine refuses.
     *
     * @throws UnsupportedOperationException on engines without {@link Capability#CONFINED_READS}
     */
    default Session openConfinedSession(Set<RelationRef> readable) {
        throw new UnsupportedOperationException(name() + " cannot confine a session to chosen relations");
    }

    /** The engine's direct file reading and writing, when it has {@link Capability#READ_FILES}. */
    default Optional<FileSupport> files() {
        return Optional.empty();
    }

    /** Memory the engine holds now, in bytes, where it can tell (for the metrics). */
    default java.util.OptionalLong memoryInUse() {
        return java.util.OptionalLong.empty();
    }

    @Override
    void close();
}
