package io.assay.engine.duckdb;

import io.assay.engine.Engine;
import io.assay.engine.EngineProvider;
import io.assay.engine.EngineSettings;

/** Plugs the embedded DuckDB engine in through {@link java.util.ServiceLoader}. */
public final class DuckDbEngineProvider implements EngineProvider {

    @Override
    public String kind() {
        return "duckdb";
    }

    @Override
    public boolean accepts(String url) {
        return url.startsWith(DuckDbEngine.URL_PREFIX);
    }

    @Override
    public Engine create(EngineSettings settings) {
        return DuckDbEngine.open(settings);
    }

    @Override
    public java.util.Optional<String> embeddedUrl(java.nio.file.Path file) {
        return java.util.Optional.of(DuckDbEngine.URL_PREFIX + file.toAbsolutePath());
    }
}
