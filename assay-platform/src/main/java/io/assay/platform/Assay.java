package io.assay.platform;

import io.assay.engine.Engine;
import io.assay.engine.EngineSettings;
import io.assay.engine.Engines;
import io.assay.platform.analysis.AnalysisService;
import io.assay.platform.catalog.DatasetCatalog;
import io.assay.platform.catalog.DatasetService;
import io.assay.platform.config.AssayConfig;
import io.assay.platform.connect.ConnectionService;
import io.assay.platform.connect.SecretBox;
import io.assay.platform.demo.DemoService;
import io.assay.platform.imports.ImportService;
import io.assay.platform.query.QueryService;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;

/**
 * The application: the warehouse engine and the services over it, opened from one
 * {@link AssayConfig}. Every front door (CLI, REST, web, MCP) works through one of these.
 */
public final class Assay implements AutoCloseable {

    private final AssayConfig config;
    private final Engine warehouse;
    private final DatasetCatalog catalog;
    private final DatasetService datasets;
    private final ImportService imports;
    private final QueryService queries;
    private final DemoService demo;
    private final AnalysisService analysis;
    private final ConnectionService connections;

    private Assay(AssayConfig config, Engine warehouse) {
        this.config = config;
        this.warehouse = warehouse;
        this.catalog = new DatasetCatalog(warehouse);
        this.datasets = new DatasetService(warehouse, catalog);
        this.connections = new ConnectionService(warehouse, SecretBox.forDataDir(System.getenv(), config.dataDir()));
        this.imports = new ImportService(warehouse, catalog, config.tempDir(), connections);
        this.queries = new QueryService(warehouse, config);
        this.demo = new DemoService(warehouse, catalog);
        this.analysis = new AnalysisService(warehouse, catalog, imports, connections, config);
    }

    /** Opens the data directory (creating it on first use) and the warehouse in it. */
    public static Assay open(AssayConfig config) {
        try {
            Files.createDirectories(config.dataDir());
            Files.createDirectories(config.tempDir());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data directory " + config.dataDir(), e);
        }
        EngineSettings settings = new EngineSettings("jdbc:duckdb:" + config.warehouseFile(), config.engineMemoryLimit(),
                config.engineThreads(), Optional.of(config.tempDir().resolve("engine")), Map.of());
        Engine warehouse = Engines.open(settings);
        try {
            return new Assay(config, warehouse);
        } catch (RuntimeException e) {
            warehouse.close();
            throw e;
        }
    }

    public AssayConfig config() {
        return config;
    }

    public Engine warehouse() {
        return warehouse;
    }

    public DatasetService datasets() {
        return datasets;
    }

    public ImportService imports() {
        return imports;
    }

    public QueryService queries() {
        return queries;
    }

    public DemoService demo() {
        return demo;
    }

    public AnalysisService analysis() {
        return analysis;
    }

    /** Named connections to the user's own databases, their passwords encrypted with {@link SecretBox}. */
    public ConnectionService connections() {
        return connections;
    }

    DatasetCatalog catalog() {
        return catalog;
    }

    /** The catalog, for governance to tell datasets from other relations. */
    public DatasetCatalog catalogForGovernance() {
        return catalog;
    }

    @Override
    public void close() {
        try {
            connections.close();
        } finally {
            warehouse.close();
        }
    }
}
