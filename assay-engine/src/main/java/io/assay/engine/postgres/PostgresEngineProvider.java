package io.assay.engine.postgres;

import io.assay.engine.Engine;
import io.assay.engine.EngineProvider;
import io.assay.engine.EngineSettings;

/** Plugs the PostgreSQL engine in through {@link java.util.ServiceLoader}. */
public final class PostgresEngineProvider implements EngineProvider {

    @Override
    public String kind() {
        return "postgresql";
    }

    @Override
    public boolean accepts(String url) {
        return url.startsWith(PostgresEngine.URL_PREFIX);
    }

    @Override
    public Engine create(EngineSettings settings) {
        return PostgresEngine.open(settings);
    }
}
