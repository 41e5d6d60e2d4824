package io.assay.platform.imports;

import io.assay.engine.FileFormat;

/** File formats Assay imports. XLSX is turned into CSV on the way in; the others load directly. */
public enum SourceFormat {
    CSV(FileFormat.CSV), JSON(FileFormat.JSON), NDJSON(FileFormat.JSON), PARQUET(FileFormat.PARQUET), XLSX(FileFormat.CSV);

    private final FileFormat engineFormat;

    SourceFormat(FileFormat engineFormat) {
        this.engineFormat = engineFormat;
    }

    /** The format the engine reads. */
    public FileFormat engineFormat() {
        return engineFormat;
    }
}
