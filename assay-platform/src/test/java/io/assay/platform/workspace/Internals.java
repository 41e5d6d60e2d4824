package io.assay.platform.workspace;

import io.assay.engine.Engine;
import io.assay.platform.analysis.AnalysisService;
import io.assay.platform.catalog.DatasetService;
import io.assay.platform.config.AssayConfig;
import io.assay.platform.connect.ConnectionService;
import io.assay.platform.demo.DemoService;
import io.assay.platform.imports.ImportService;
import io.assay.platform.query.QueryService;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * For the tests of the platform's internal services: the workspace's {@link Warehouse}, opened directly as only the
 * workspace does in the product, with its services in reach. No door can do this: the class is test code.
 */
public final class Internals implements AutoCloseable {

    private final Warehouse warehouse;

    private Internals(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    public static Internals open(AssayConfig config) {
        return new Internals(Warehouse.open(config));
    }

    /** A workspace over this warehouse; closing it leaves the warehouse open (close this too). */
    public Workspace workspace(MeterRegistry metrics) {
        return Workspace.open(warehouse, metrics);
    }

    public AssayConfig config() {
        return warehouse.config();
    }

    public Engine warehouse() {
        return warehouse.engine();
    }

    public DatasetService datasets() {
        return warehouse.datasets();
    }

    public ImportService imports() {
        return warehouse.imports();
    }

    public QueryService queries() {
        return warehouse.queries();
    }

    public DemoService demo() {
        return warehouse.demo();
    }

    public AnalysisService analysis() {
        return warehouse.analysis();
    }

    public ConnectionService connections() {
        return warehouse.connections();
    }

    @Override
    public void close() {
        warehouse.close();
    }
}
