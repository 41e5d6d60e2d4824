package io.assay.platform.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the datasets live: the embedded DuckDB file in the data directory by default, or any engine
 * with {@link io.assay.engine.Capability#WRITE} named by a JDBC URL (PostgreSQL is tested).
 *
 * @param url      the warehouse's JDBC URL; empty for the embedded DuckDB file {@code warehouse.duckdb}
 * @param user     user for {@code url}
 * @param password password for {@code url} (prefer the {@code ASSAY_WAREHOUSE_PASSWORD} environment variable)
 */
public record WarehouseConfig(Optional<String> url, String user, String password) {

    public WarehouseConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /** The URL the engine is opened with: the configured one, else the DuckDB file in {@code dataDir}. */
    public String effectiveUrl(Path dataDir) {
        return url.orElse("jdbc:duckdb:" + dataDir.resolve("warehouse.duckdb"));
    }

    /** True for the embedded default, a file in the data directory. */
    public boolean embedded() {
        return url.isEmpty();
    }

    @Override
    public String toString() {
        return "WarehouseConfig[url=" + url.orElse("(embedded)") + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "***") + "]";
    }
}
