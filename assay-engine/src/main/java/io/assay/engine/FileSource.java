package io.assay.engine;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * A file to load and how to read it.
 *
 * @param options reader options by engine-neutral key ({@code delimiter}, {@code header}, {@code encoding}, ...);
 *                see {@link FileSupport#options(FileFormat)}
 */
public record FileSource(Path path, FileFormat format, Map<String, String> options) {

    public FileSource {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(format, "format");
        options = Map.copyOf(options);
    }
}
