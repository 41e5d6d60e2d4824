package io.assay.platform.imports;

import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.platform.workspace.Internals;
import io.assay.platform.TestWarehouse;
import io.assay.platform.task.TaskContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

import static io.assay.platform.TestWarehouse.column;
import static io.assay.platform.TestWarehouse.scalar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every file of ../shared/datasets imports correctly or fails with a clear error naming the file and
 * the place, leaving nothing behind. Skipped, with a message, where the shared folder is absent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedDatasetsImportTest {

    private Internals assay;
    private Path shared;

    @BeforeAll
    void open(@TempDir Path dir) {
        shared = TestWarehouse.requireSharedDatasets();
        assay = TestWarehouse.open(dir.resolve("data"));
    }

    @AfterAll
    void close() {
        if (assay != null) {
            assay.close();
        }
    }

    private ImportResult load(String file, String name, boolean skipBad) {
        return assay.imports().importFile(new ImportRequest(shared.resolve(file), Optional.of(io.assay.platform.catalog.DatasetName.of(name)), ImportMode.REPLACE,
                Map.of(), skipBad), TaskContext.silent());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "vega/cars.json, 406, 9",
            "vega/movies.json, 3201, 16",
            "vega/flights-20k.json, 20000, 5",
            "vega/airports.csv, 3376, 7",
            "vega/seattle-weather.csv, 1461, 6",
            "vega/weather.csv, 2922, 7",
            "vega/stocks.csv, 560, 3",
            "vega/sp500.csv, 123, 2",
            "vega/co2-concentration.csv, 741, 3",
            "vega/iowa-electricity.csv, 51, 3",
            "vega/us-employment.csv, 120, 24",
            "vega/disasters.csv, 803, 3",
            "vega/github.csv, 955, 2",
            "vega/gapminder.json, 682, 6",
            "vega/penguins.json, 344, 7"})
    void vegaFilesImport(String file, long rows, int columns) {
        ImportResult r = load(file, "v", false);
        assertThat(r.rejectedRows()).isZero();
        assertThat(r.dataset().columns()).isEqualTo(columns);
        assertThat(r.dataset().rows()).isEqualTo(rows);
        assertThat(scalar(assay, "SELECT count(*) FROM v")).isEqualTo(rows);
    }

    @Test
    void datesWrittenAsTextBecomeDatesWhenEveryValueAgrees() {
        ImportResult flights = load("vega/flights-20k.json", "flights", false);
        assertThat(flights.dataset().options()).containsEntry("timestamp_format", "%Y/%m/%d %H:%M");
        assertThat(scalar(assay, "SELECT typeof(date) FROM flights LIMIT 1")).isEqualTo("TIMESTAMP");
        assertThat(scalar(assay, "SELECT min(date) FROM flights")).hasToString("2001-01-01T00:47");
        load("vega/stocks.csv", "stocks", false);
        assertThat(scalar(assay, "SELECT typeof(date) FROM stocks LIMIT 1")).isEqualTo("DATE");
        assertThat(scalar(assay, "SELECT min(date) FROM stocks")).isEqualTo(LocalDate.of(2000, 1, 1));
        // A column with values that are not dates ("not a date", "Jan 5, 2024" beside ISO dates) stays text.
        load("messy/mixed_types.csv", "mixed_text", true);
        assertThat(scalar(assay, "SELECT typeof(\"when\") FROM mixed_text LIMIT 1")).isEqualTo("VARCHAR");
    }

    @Test
    void bomAndCrlf() {
        load("messy/bom_crlf.csv", "m", false);
        assertThat(column(assay, "SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' AND table_name = 'm' ORDER BY ordinal_position"))
                .containsExactly("a", "b");
        assertThat(column(assay, "SELECT b FROM m ORDER BY a")).containsExactly(2L, 4L);
    }

    @Test
    void duplicateAndEmptyHeaderNamesGetUniqueNames() {
        ImportResult r = load("messy/duplicate_headers.csv", "m", false);
        assertThat(r.dataset().columns()).isEqualTo(4);
        assertThat(column(assay, "SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' AND table_name = 'm' ORDER BY ordinal_position"))
                .doesNotHaveDuplicates().hasSize(4).contains("x", "y");
    }

    @Test
    void headerOnlyGivesAnEmptyDataset() {
        ImportResult r = load("messy/header_only.csv", "m", false);
        assertThat(r.dataset().rows()).isZero();
        assertThat(r.dataset().columns()).isEqualTo(3);
    }

    @Test
    void latin1() {
        load("messy/latin1.csv", "m", false);
        assertThat(column(assay, "SELECT city FROM m")).contains("São Paulo", "Zürich", "Kraków");
    }

    @Test
    void quotedNewlines() {
        load("messy/quoted_newlines.csv", "m", false);
        assertThat(scalar(assay, "SELECT comment FROM m WHERE id = 1")).isEqualTo("first line\nsecond line");
        assertThat(scalar(assay, "SELECT comment FROM m WHERE id = 2")).isEqualTo("has \"quotes\" and, commas");
    }

    @Test
    void semicolonsWithDecimalCommas() {
        load("messy/semicolon_decimal_comma.csv", "m", false);
        assertThat(scalar(assay, "SELECT betrag FROM m WHERE stadt = 'München'")).isEqualTo(new BigDecimal("1234.56"));
        assertThat(scalar(assay, "SELECT datum FROM m WHERE stadt = 'Köln'")).isEqualTo(LocalDate.of(2024, 2, 2));
    }

    @Test
    void wideFile() {
        ImportResult r = load("messy/wide_500_columns.csv", "m", false);
        assertThat(r.dataset().columns()).isEqualTo(500);
        assertThat(r.dataset().rows()).isEqualTo(50);
    }

    @Test
    void raggedAndMixedRowsFailWithThePlaceOrLoadWithSkip() {
        assertThatThrownBy(() -> load("messy/ragged.csv", "bad", false)).isInstanceOfSatisfying(AssayException.class, e -> {
            assertThat(e.getMessage()).contains("ragged.csv").contains("line 3");
            assertThat(e.details()).containsEntry("line", 3L);
        });
        assertThatThrownBy(() -> load("messy/mixed_types.csv", "bad", false)).isInstanceOfSatisfying(AssayException.class, e -> {
            assertThat(e.getMessage()).contains("mixed_types.csv").contains("line 11").contains("Expected Number of Columns: 4");
        });
        assertThat(assay.datasets().list()).noneMatch(d -> d.name().equals("bad"));
        ImportResult mixed = load("messy/mixed_types.csv", "mixed", true);
        assertThat(mixed.rowsLoaded() + mixed.rejectedRows()).isEqualTo(200);
        assertThat(mixed.rejectedRows()).isEqualTo(31);
        assertThat(TestWarehouse.strayTables(assay)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "messy/empty.csv, empty",
            "messy/random_bytes.bin, not a data file",
            "messy/truncated.parquet, Parquet",
            "messy/invalid.json, JSON"})
    void unreadableFilesAreClearErrorsAndLeaveNothing(String file, String says) {
        assertThatThrownBy(() -> load(file, "broken", false)).isInstanceOfSatisfying(AssayException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(e.getMessage()).contains(Path.of(file).getFileName().toString()).contains(says);
            assertThat(e.hint()).isPresent();
        });
        assertThat(assay.datasets().list()).noneMatch(d -> d.name().equals("broken"));
        assertThat(TestWarehouse.strayTables(assay)).isEmpty();
    }

    @Test
    void invalidJsonSaysWhere() {
        assertThatThrownBy(() -> load("messy/invalid.json", "broken", false))
                .hasMessageContaining("record/value 4");
    }
}
