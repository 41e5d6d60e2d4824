package io.assay.engine;

/** File formats an engine may load directly. */
public enum FileFormat {
    /** Delimited text: comma, semicolon, tab or pipe separated, optionally gzip-compressed. */
    CSV,
    /** A JSON array of objects, or newline-delimited JSON objects. */
    JSON,
    /** Apache Parquet. */
    PARQUET
}
