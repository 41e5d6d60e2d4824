package io.assay.engine;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Direct file reading and writing for engines that can do it ({@link Capability#READ_FILES},
 * {@link Capability#EXPORT_FILES}): the file goes straight into the engine, never through Java.
 */
public interface FileSupport {

    /** The option keys {@link #load} understands for a format, with a short description each. */
    java.util.Map<String, String> options(FileFormat format);

    /**
     * Creates table {@code target} from a file, in the session's current transaction when there is one.
     * Rows that do not parse are left out and, when {@code rejects} is given, written to that table
     * (columns: line, column_name, error, raw_line); the count and the first few come back in the result.
     *
     * @throws AssayException {@link ErrorCode#INVALID_INPUT} naming the file and place when the file cannot be read
     */
    LoadResult load(Session session, FileSource source, RelationRef target, Optional<RelationRef> rejects);

    /** The formats {@link #export} writes. */
    Set<ExportFormat> exportFormats();

    /** Writes a query's result to a file inside the engine; answers the number of rows written. */
    long export(Session session, SqlStatement query, Path out, ExportFormat format, QueryOptions options);
}
