package io.assay.engine.conformance;

import io.assay.engine.Engine;
import io.assay.engine.EngineSettings;
import io.assay.engine.Engines;

/** The conformance suite on the embedded DuckDB engine, in memory. */
class DuckDbConformanceTest extends EngineConformanceTest {

    @Override
    protected Engine openEngine() {
        return Engines.open(EngineSettings.of("jdbc:duckdb:"));
    }

    @Override
    protected String endlessQuery() {
        return "SELECT count(*) FROM range(100000000000) a WHERE a.range % 7 = 3";
    }
}
