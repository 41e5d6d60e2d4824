package io.assay.platform.query;

import io.assay.platform.export.ResultFormat;
import io.assay.platform.export.ResultWriter;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Where the rows of a query go: the only thing in which the query-shaped requests differ. Every one
 * of them is governed, takes a slot, runs under the same deadline and is audited the same way by
 * {@link QueryGateway#run}; the output decides what is done with the rows, and which row cap holds
 * ({@link Delivery}).
 *
 * @param <T> what the caller gets back
 */
public sealed interface QueryOutput<T> permits QueryOutput.Stream, QueryOutput.Keep, QueryOutput.Export, QueryOutput.FileAnswer {

    /** How many rows the output may take. */
    Delivery delivery();

    /** True when only one read-only query can have this output (a statement's result cannot be kept or exported). */
    default boolean needsQuery() {
        return true;
    }

    /** How the audit log names what was done with the rows. */
    String describe();

    /** The rows delivered, for the audit log and metrics. */
    long rows(T result);

    /** Makes the writer for a result; {@code cached} says whether it comes from the cache. */
    @FunctionalInterface
    interface WriterFactory {
        ResultWriter writer(boolean cached);
    }

    /**
     * The output for rows in {@code format} given as an answer: streamed through the writer the door
     * makes, or, for a format only the engine writes, through a temporary file.
     */
    static QueryOutput<QueryOutcome> answer(ResultFormat format, WriterFactory writers, OutputStream out, Delivery delivery) {
        return format == ResultFormat.PARQUET ? new FileAnswer(format, out, delivery) : new Stream(writers, out, delivery);
    }

    /** Rows streamed through a writer to a caller; small results are cached and answered from the cache. */
    record Stream(WriterFactory writers, OutputStream out, Delivery delivery) implements QueryOutput<QueryOutcome> {
        public Stream {
            Objects.requireNonNull(writers, "writers");
            Objects.requireNonNull(out, "out");
            Objects.requireNonNull(delivery, "delivery");
        }

        @Override
        public boolean needsQuery() {
            return false;
        }

        @Override
        public String describe() {
            return "";
        }

        @Override
        public long rows(QueryOutcome result) {
            return result.rows();
        }
    }

    /** The result kept in the warehouse for paging ({@link KeptResults}); capped as a file is. */
    record Keep() implements QueryOutput<KeptResults.StoredResult> {
        @Override
        public Delivery delivery() {
            return Delivery.FILE;
        }

        @Override
        public String describe() {
            return "kept for paging";
        }

        @Override
        public long rows(KeptResults.StoredResult result) {
            return result.rows();
        }
    }

    /** The whole result written to a file by the engine where it can; the file appears complete or not at all. */
    record Export(ResultFormat format, Path file, Delivery delivery) implements QueryOutput<Exported> {
        public Export {
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(delivery, "delivery");
        }

        @Override
        public String describe() {
            return "exported as " + format.name().toLowerCase(Locale.ROOT);
        }

        @Override
        public long rows(Exported result) {
            return result.outcome().rows();
        }
    }

    /**
     * A result in a file format that only the engine writes (Parquet) given as an answer: written to a
     * temporary file, copied to {@code out}, removed.
     */
    record FileAnswer(ResultFormat format, OutputStream out, Delivery delivery) implements QueryOutput<QueryOutcome> {
        public FileAnswer {
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(out, "out");
            Objects.requireNonNull(delivery, "delivery");
        }

        @Override
        public String describe() {
            return "as " + format.name().toLowerCase(Locale.ROOT);
        }

        @Override
        public long rows(QueryOutcome result) {
            return result.rows();
        }
    }

    /** An export's outcome and the datasets its query read (to check access when the file is fetched). */
    record Exported(QueryOutcome outcome, Set<String> datasets) {
        public Exported {
            datasets = Set.copyOf(datasets);
        }
    }

    /**
     * Where a query's rows go, which sets how many they may be: an answer given at once to a caller
     * ({@code limits.response-rows}: the body of a response in any format, an MCP answer); a file or a
     * stream written out whole (an export job, a kept result, the command line's output:
     * {@code limits.export-rows}); or a whole dataset the caller may read, downloaded (all of it). The
     * kind of output decides the cap, never the door; {@code query.max-rows} and the request's own
     * {@code maxRows} narrow any of them.
     */
    enum Delivery { RESPONSE, FILE, DATASET }
}
