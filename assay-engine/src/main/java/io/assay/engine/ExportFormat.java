package io.assay.engine;

/** File formats an engine may write query results to. */
public enum ExportFormat {
    CSV, PARQUET, NDJSON
}
