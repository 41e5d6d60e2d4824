package io.assay.engine;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What it takes to start an engine.
 *
 * @param url         where the engine lives ({@code jdbc:duckdb:/path/warehouse.duckdb}, ...)
 * @param memoryLimit a memory cap the engine understands, such as {@code 4GB}
 * @param threads     worker threads for the engine
 * @param tempDir     where the engine may spill
 * @param properties  further connection properties (user, password, ...)
 */
public record EngineSettings(String url, Optional<String> memoryLimit, OptionalInt threads, Optional<Path> tempDir,
                             Map<String, String> properties) {

    public EngineSettings {
        Objects.requireNonNull(url, "url");
        properties = Map.copyOf(properties);
    }

    public static EngineSettings of(String url) {
        return new EngineSettings(url, Optional.empty(), OptionalInt.empty(), Optional.empty(), Map.of());
    }
}
