package io.assay.spark;

import io.assay.engine.Engine;
import io.assay.engine.EngineProvider;
import io.assay.engine.EngineSettings;

/**
 * Plugs Apache Spark in through {@link java.util.ServiceLoader}: URLs of the form {@code sc://host:15002/;...}
 * (Spark Connect, including Databricks clusters) open a {@link SparkEngine}. The core never names this class.
 */
public final class SparkEngineProvider implements EngineProvider {

    @Override
    public String kind() {
        return "spark";
    }

    @Override
    public boolean accepts(String url) {
        return url.startsWith(SparkConnectUrl.SCHEME);
    }

    @Override
    public Engine create(EngineSettings settings) {
        return SparkEngine.open(settings);
    }
}
