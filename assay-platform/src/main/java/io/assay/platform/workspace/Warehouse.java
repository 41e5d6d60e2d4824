package io.assay.platform.workspace;

import io.assay.engine.AssayException;
import io.assay.engine.Capability;
import io.assay.engine.Engine;
import io.assay.engine.EngineSettings;
import io.assay.engine.Engines;
import io.assay.engine.ErrorCode;
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
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The inside of the {@link Workspace}: the warehouse engine, the embedded file reader where the warehouse reads no
 * files, and the ungoverned services over them (catalog, imports, queries on files, analyses, demo data, connections).
 * Only the workspace opens one and only its package sees it: every door reaches these services through the
 * workspace's governed methods, with a caller.
 */
final class Warehouse implements AutoCloseable {

    private final AssayConfig config;
    private final Engine warehouse;
    /** Parses files for imports: the warehouse itself when it reads files, else an embedded engine in the temporary folder. */
    private final Engine reader;
    private final DatasetCatalog catalog;
    private final DatasetService datasets;
    private final ImportService imports;
    private final QueryService queries;
    private final DemoService demo;
    private final AnalysisService analysis;
    private final ConnectionService connections;

    private Warehouse(AssayConfig config, Engine warehouse, Engine reader) {
        this.config = config;
        this.warehouse = warehouse;
        this.reader = reader;
        this.catalog = new DatasetCatalog(warehouse);
        this.datasets = new DatasetService(warehouse, catalog);
        this.connections = new ConnectionService(warehouse, SecretBox.forDataDir(System.getenv(), config.dataDir()));
        this.imports = new ImportService(warehouse, reader, catalog, config.tempDir(), connections);
        this.queries = new QueryService(warehouse, config);
        this.demo = new DemoService(warehouse, catalog);
        this.analysis = new AnalysisService(warehouse, catalog, imports, connections, config);
    }

    /** Opens the data directory (creating it on first use) and the warehouse in it. */
    static Warehouse open(AssayConfig config) {
        try {
            Files.createDirectories(config.dataDir());
            Files.createDirectories(config.tempDir());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data directory " + config.dataDir(), e);
        }
        Map<String, String> properties = new java.util.HashMap<>();
        if (!config.warehouse().user().isEmpty()) {
            properties.put("user", config.warehouse().user());
        }
        if (!config.warehouse().password().isEmpty()) {
            properties.put("password", config.warehouse().password());
        }
        EngineSettings settings = new EngineSettings(config.warehouseUrl(), config.engineMemoryLimit(),
                config.engineThreads(), Optional.of(config.tempDir().resolve("engine")), properties);
        Engine warehouse = Engines.open(settings);
        if (!warehouse.can(Capability.WRITE)) {
            String name = warehouse.name();
            warehouse.close();
            throw AssayException.of(ErrorCode.INVALID_INPUT, "The warehouse engine " + name + " cannot create tables, so it cannot hold datasets.")
                    .hint("Set warehouse.url to a database Assay may write to (PostgreSQL), or leave it empty for the embedded DuckDB file.")
                    .detail("parameter", "warehouse.url")
                    .build();
        }
        Engine reader = warehouse;
        try {
            if (!warehouse.can(Capability.READ_FILES) || warehouse.files().isEmpty()) {
                Path file = config.tempDir().resolve("file-reader.duckdb");
                deleteReaderFiles(file);
                reader = Engines.openFileReader(file, settings);
            }
            return new Warehouse(config, warehouse, reader);
        } catch (RuntimeException e) {
            if (reader != warehouse) {
                reader.close();
            }
            warehouse.close();
            throw e;
        }
    }

    AssayConfig config() {
        return config;
    }

    /** The warehouse's engine. */
    Engine engine() {
        return warehouse;
    }

    DatasetService datasets() {
        return datasets;
    }

    ImportService imports() {
        return imports;
    }

    QueryService queries() {
        return queries;
    }

    DemoService demo() {
        return demo;
    }

    AnalysisService analysis() {
        return analysis;
    }

    /** Named connections to the user's own databases, their passwords encrypted with {@link SecretBox}. */
    ConnectionService connections() {
        return connections;
    }

    /** The catalog, for governance to tell datasets from other relations. */
    DatasetCatalog catalog() {
        return catalog;
    }

    @Override
    public void close() {
        try {
            connections.close();
        } finally {
            try {
                warehouse.close();
            } finally {
                if (reader != warehouse) {
                    reader.close();
                    deleteReaderFiles(config.tempDir().resolve("file-reader.duckdb"));
                }
            }
        }
    }

    /** The file reader's database and write-ahead log: scratch space, never worth keeping. */
    private static void deleteReaderFiles(Path file) {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".wal"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot clear the file reader's scratch database " + file, e);
        }
    }
}
