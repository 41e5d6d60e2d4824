package io.assay.engine;

/**
 * Creates engines of one kind. Implementations are found with {@link java.util.ServiceLoader},
 * so an engine plugs in by being on the class path.
 */
public interface EngineProvider {

    /** The engine kind this provider creates, such as {@code duckdb}. */
    String kind();

    /** True when this provider handles the given JDBC-style URL. */
    boolean accepts(String url);

    Engine create(EngineSettings settings);

    /**
     * The URL of an embedded engine of this kind kept in {@code file}, when this kind can be one: a
     * scratch engine that reads files for a warehouse that cannot ({@link Engines#openFileReader}).
     * Empty for engines that live in a server.
     */
    default java.util.Optional<String> embeddedUrl(java.nio.file.Path file) {
        return java.util.Optional.empty();
    }
}
