package io.assay.engine.mysql;

import io.assay.engine.Engine;
import io.assay.engine.EngineProvider;
import io.assay.engine.EngineSettings;

/** Plugs the MariaDB/MySQL engine in through {@link java.util.ServiceLoader}. */
public final class MySqlEngineProvider implements EngineProvider {

    @Override
    public String kind() {
        return "mysql";
    }

    @Override
    public boolean accepts(String url) {
        return url.startsWith(MySqlEngine.MYSQL_PREFIX) || url.startsWith(MySqlEngine.MARIADB_PREFIX);
    }

    @Override
    public Engine create(EngineSettings settings) {
        return MySqlEngine.open(settings);
    }
}
