package io.assay.platform.export;

import java.util.Locale;

/** Formats a query result can be written in. */
public enum ResultFormat {
    /** An aligned text table for people, with column types and a row count. */
    TABLE,
    CSV,
    /** One JSON array of objects. */
    JSON,
    /** One JSON object per line. */
    NDJSON,
    /** Apache Parquet; written by the engine to a file. */
    PARQUET,
    /** An Excel workbook of one sheet, streamed. */
    XLSX;

    public static ResultFormat parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }

    public boolean binary() {
        return this == PARQUET || this == XLSX;
    }
}
