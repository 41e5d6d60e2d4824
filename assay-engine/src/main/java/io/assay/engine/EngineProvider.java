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
}
