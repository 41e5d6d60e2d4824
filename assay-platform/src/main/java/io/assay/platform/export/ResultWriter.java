package io.assay.platform.export;

import io.assay.engine.RowStream;

import java.io.IOException;
import java.io.OutputStream;

/** Writes a streamed result to a byte stream, row by row, holding no more than a row at a time. */
public interface ResultWriter {

    /** Writes all rows the stream gives; answers how many. */
    long write(RowStream rows, OutputStream out) throws IOException;

    /** The streaming writer for a text format. */
    static ResultWriter of(ResultFormat format) {
        return switch (format) {
            case CSV -> new CsvResultWriter();
            case JSON -> new JsonResultWriter(false);
            case NDJSON -> new JsonResultWriter(true);
            case TABLE -> new TextTableWriter(TextTableWriter.DEFAULT_SHOWN_ROWS);
            case XLSX -> new XlsxResultWriter();
            case PARQUET -> throw new IllegalArgumentException("Parquet is written by the engine to a file");
        };
    }
}
