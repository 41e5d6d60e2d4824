package io.assay.platform.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * All of Assay's settings in one value. Built by {@link ConfigLoader} from, in rising precedence:
 * defaults, {@code assay.yaml}, {@code ASSAY_*} environment variables, command-line flags.
 *
 * @param dataDir           the data directory: warehouse, metadata, reports, temporary files
 * @param engineMemoryLimit memory cap for the embedded engine (4GB, 80%), engine default when empty
 * @param engineThreads     worker threads for the embedded engine, all cores when empty
 * @param queryTimeout      how long one query may run before it is stopped
 * @param queryMaxRows      the most rows a query result may return (0: no cap)
 * @param sqlLimits         how long and how complex a SQL text the server accepts
 * @param server            settings of {@code assay serve}: listening address, metadata store, limits
 * @param mcp               settings of the MCP front door: import folders, answer caps
 * @param warehouse         where the datasets live: the embedded DuckDB file, or a database named by URL
 * @param ask               settings of asking in plain English: the optional language model
 */
public record AssayConfig(Path dataDir, Optional<String> engineMemoryLimit, OptionalInt engineThreads,
                          Duration queryTimeout, long queryMaxRows, SqlLimits sqlLimits, ServerConfig server, McpConfig mcp,
                          WarehouseConfig warehouse, AskConfig ask) {

    public AssayConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(engineMemoryLimit, "engineMemoryLimit");
        Objects.requireNonNull(engineThreads, "engineThreads");
        Objects.requireNonNull(queryTimeout, "queryTimeout");
        Objects.requireNonNull(sqlLimits, "sqlLimits");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(mcp, "mcp");
        Objects.requireNonNull(warehouse, "warehouse");
        Objects.requireNonNull(ask, "ask");
    }

    /** The embedded metadata database (H2), used when no {@code db.url} is set. */
    public Path metadataFile() {
        return dataDir.resolve("metadata");
    }

    /** Where uploads are streamed to before they are imported. */
    public Path uploadsDir() {
        return tempDir().resolve("uploads");
    }

    /** Where finished analyses keep their results. */
    public Path analysesDir() {
        return dataDir.resolve("analyses");
    }

    /** The JDBC URL of the warehouse: the configured one, else the DuckDB file in the data directory. */
    public String warehouseUrl() {
        return warehouse.effectiveUrl(dataDir);
    }

    /** Where the engine spills and uploads wait. */
    public Path tempDir() {
        return dataDir.resolve("tmp");
    }

    /** Where reports are written. */
    public Path reportsDir() {
        return dataDir.resolve("reports");
    }
}
