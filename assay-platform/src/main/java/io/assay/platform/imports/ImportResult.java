package io.assay.platform.imports;

import io.assay.engine.LoadResult.Rejection;
import io.assay.platform.catalog.Dataset;

import java.time.Duration;
import java.util.List;

/**
 * What an import did.
 *
 * @param dataset         the dataset as registered after the import
 * @param rowsLoaded      rows this import added
 * @param rejectedRows    rows of the file that did not load (kept, see the rejects of the dataset)
 * @param firstRejections the first of those
 * @param notes           things worth telling the user (a sanitized name, a detected option)
 * @param elapsed         wall time of the import
 */
public record ImportResult(Dataset dataset, long rowsLoaded, long rejectedRows, List<Rejection> firstRejections,
                           List<String> notes, Duration elapsed) {

    public ImportResult {
        firstRejections = List.copyOf(firstRejections);
        notes = List.copyOf(notes);
    }
}
