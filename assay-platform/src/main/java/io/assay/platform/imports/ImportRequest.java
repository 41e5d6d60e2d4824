package io.assay.platform.imports;

import io.assay.platform.catalog.DatasetName;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An import of one file.
 *
 * @param file        the file to read
 * @param name        the dataset name; from the file name when empty
 * @param mode        what to do when the dataset exists
 * @param options     reader options that override detection (delimiter, header, encoding, sheet, ...)
 * @param skipBadRows load the rows that parse and keep the others aside, instead of failing
 * @param sourceLabel what the catalog records as the source; the file's path when empty (an upload names its original file)
 */
public record ImportRequest(Path file, Optional<DatasetName> name, ImportMode mode, Map<String, String> options,
                            boolean skipBadRows, Optional<String> sourceLabel) {

    public ImportRequest(Path file, Optional<DatasetName> name, ImportMode mode, Map<String, String> options, boolean skipBadRows) {
        this(file, name, mode, options, skipBadRows, Optional.empty());
    }

    public ImportRequest {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mode, "mode");
        options = Map.copyOf(options);
        Objects.requireNonNull(sourceLabel, "sourceLabel");
    }

    public static ImportRequest of(Path file) {
        return new ImportRequest(file, Optional.empty(), ImportMode.CREATE, Map.of(), false);
    }
}
