package io.assay.platform.imports;

import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.platform.workspace.Internals;
import io.assay.platform.TestWarehouse;
import io.assay.platform.catalog.Dataset;
import io.assay.platform.task.TaskContext;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

import static io.assay.platform.TestWarehouse.column;
import static io.assay.platform.TestWarehouse.fixture;
import static io.assay.platform.TestWarehouse.scalar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ImportServiceTest {

    @TempDir
    Path dir;
    private Internals assay;

    @BeforeEach
    void open() {
        assay = TestWarehouse.open(dir.resolve("data"));
    }

    @AfterEach
    void close() {
        assay.close();
    }

    private ImportResult load(Path file) {
        return assay.imports().importFile(ImportRequest.of(file), TaskContext.silent());
    }

    private ImportResult load(Path file, String name, ImportMode mode, Map<String, String> options, boolean skipBad) {
        return assay.imports().importFile(new ImportRequest(file, Optional.ofNullable(name).map(io.assay.platform.catalog.DatasetName::of), mode, options, skipBad),
                TaskContext.silent());
    }

    @Test
    void importsCsvWithTypesAndRegistersIt() {
        ImportResult r = load(fixture("people.csv"));
        Dataset d = r.dataset();
        assertThat(d.name()).isEqualTo("people");
        assertThat(d.rows()).isEqualTo(3);
        assertThat(d.columns()).isEqualTo(4);
        assertThat(d.format()).isEqualTo("csv");
        assertThat(d.options()).containsEntry("delimiter", ",").containsEntry("header", "true");
        assertThat(column(assay, "SELECT name FROM people ORDER BY id")).containsExactly("Ann", "Bob, Jr.", "Cy");
        assertThat(scalar(assay, "SELECT joined FROM people WHERE id = 1")).isEqualTo(LocalDate.of(2024, 1, 5));
        assertThat(assay.datasets().list()).extracting(Dataset::name).containsExactly("people");
        assertThat(TestWarehouse.strayTables(assay)).isEmpty();
    }

    @Test
    void readsDecimalCommasAndDayFirstDates() {
        ImportResult r = load(fixture("eu_amounts.csv"));
        assertThat(r.dataset().options()).containsEntry("delimiter", ";").containsEntry("decimal_separator", ",");
        assertThat(column(assay, "SELECT betrag FROM eu_amounts ORDER BY datum"))
                .containsExactly(new BigDecimal("1234.56"), new BigDecimal("7.50"), new BigDecimal("-12.00"));
        assertThat(scalar(assay, "SELECT min(datum) FROM eu_amounts")).isEqualTo(LocalDate.of(2024, 2, 1));
        assertThat(scalar(assay, "SELECT stadt FROM eu_amounts ORDER BY datum LIMIT 1")).isEqualTo("München");
    }

    @Test
    void importsTextWithNulBytesWithoutThemAndSaysWhere() throws IOException {
        ImportResult r = load(fixture("nul_bytes.csv"));
        assertThat(r.rowsLoaded()).isEqualTo(3);
        assertThat(column(assay, "SELECT name FROM nul_bytes ORDER BY id")).containsExactly("Ann", "Bob", "Cy");
        assertThat(column(assay, "SELECT amount FROM nul_bytes ORDER BY id")).containsExactly(10L, 12L, 7L);
        assertThat(r.notes()).anySatisfy(n -> assertThat(n)
                .contains("removed 7 NUL bytes").contains("byte offset 27").contains("line 3"));

        Path gz = dir.resolve("nul_bytes_gz.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(fixture("nul_bytes.csv")));
        }
        ImportResult g = load(gz);
        assertThat(g.rowsLoaded()).isEqualTo(3);
        assertThat(g.notes()).anySatisfy(n -> assertThat(n).contains("removed 7 NUL bytes"));
        assertThat(TestWarehouse.strayTables(assay)).isEmpty();
    }

    @Test
    void nulBytesPastTheHeadAreTakenOutOfTheValuesAndNamed() throws IOException {
        // 30,000 rows (about 400 KB) before the first NUL byte: past what the import looks at before reading.
        StringBuilder text = new StringBuilder("id,name,amount\n");
        for (int i = 1; i <= 30_000; i++) {
            text.append(i).append(",name ").append(i).append(',').append(i % 100).append('\n');
        }
        text.append("30001,Ann\0e,12\0\n30002,Bob,7\n");
        Path late = Files.writeString(dir.resolve("nul_late.csv"), text);
        ImportResult r = load(late);
        assertThat(r.rowsLoaded()).isEqualTo(30_002);
        assertThat(r.rejectedRows()).isZero();
        assertThat(column(assay, "SELECT name FROM nul_late WHERE id = 30001")).containsExactly("Anne");
        assertThat(scalar(assay, "SELECT count(*) FROM nul_late WHERE contains(CAST(amount AS VARCHAR), chr(0)) OR contains(name, chr(0))"))
                .isEqualTo(0L);
        assertThat(column(assay, "SELECT CAST(amount AS VARCHAR) FROM nul_late WHERE id = 30001")).containsExactly("12");
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("removed 1 NUL byte (0x00) from 1 value of column 'name'"));
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("column 'amount'"));
        assertThat(TestWarehouse.strayTables(assay)).isEmpty();
    }

    @Test
    void aHugeFieldIsQuotedShortlyAndTheOptionSuggestedIsAccepted() throws IOException {
        String huge = "Z".repeat(3_000_000);
        // In the rows the reader samples to detect the layout: the whole read stops.
        Path early = Files.writeString(dir.resolve("huge_early.csv"), "id,text\n1,short\n2," + huge + "\n3,end\n");
        AssayException e = catchThrowableOfType(() -> load(early), AssayException.class);
        assertThat(e.getMessage()).hasSizeLessThan(500).contains("Z… (cut)").doesNotContain("Z".repeat(81))
                .contains("line 3 is 3,000,002 bytes long").doesNotContain("Auto-Detected").doesNotContain("delimiter =");
        assertThat(e.details()).containsEntry("parameter", "max_line_size");
        String hint = e.hint().orElseThrow();
        Matcher m = Pattern.compile("max_line_size=(\\d+)").matcher(hint);
        assertThat(e.remedy()).hasValueSatisfying(x -> assertThat(x.param("maxLineSize")).isNotEmpty());
        assertThat(m.find()).as(hint).isTrue();
        ImportResult r = load(early, "huge_early", ImportMode.CREATE, Map.of("max_line_size", m.group(1)), false);
        assertThat(r.rowsLoaded()).isEqualTo(3);
        assertThat(scalar(assay, "SELECT length(text) FROM huge_early WHERE id = 2")).isEqualTo(3_000_000L);
        assertThat(r.dataset().options()).containsEntry("max_line_size", m.group(1));

        // Past the sample: the row is rejected, and the message quotes none of it.
        StringBuilder text = new StringBuilder("id,text\n");
        for (int i = 1; i <= 30_000; i++) {
            text.append(i).append(",row ").append(i).append('\n');
        }
        text.append("30001,").append(huge).append("\n30002,end\n");
        Path late = Files.writeString(dir.resolve("huge_late.csv"), text);
        AssayException l = catchThrowableOfType(() -> load(late), AssayException.class);
        assertThat(l.getMessage()).hasSizeLessThan(500).contains("line 30002");
        assertThat(l.hint()).hasValueSatisfying(h -> assertThat(h).contains("max_line_size=3000007").doesNotContain("--"));
        assertThat(l.remedy()).hasValueSatisfying(x -> assertThat(x.param("maxLineSize")).isEqualTo("3000007"));
        ImportResult skipped = load(late, "huge_late", ImportMode.CREATE, Map.of(), true);
        assertThat(skipped.rowsLoaded()).isEqualTo(30_001);
        assertThat(skipped.firstRejections()).singleElement()
                .satisfies(x -> assertThat(x.raw()).hasSizeLessThan(200).endsWith("… (cut)"));
        ImportResult whole = load(late, "huge_late", ImportMode.REPLACE, Map.of("max_line_size", "3000007"), false);
        assertThat(whole.rowsLoaded()).isEqualTo(30_002);
    }

    @ParameterizedTest(name = "{0}: line {1}")
    @CsvSource({"bad_first.ndjson, 1, 2", "bad_middle.ndjson, 3, 3", "bad_last.ndjson, 5, 3"})
    void aBadJsonLineIsNamedByItsLineAndCanBeSetAside(String fixture, long badLine, long goodRows) {
        Path file = fixture(fixture);
        AssayException e = catchThrowableOfType(() -> load(file), AssayException.class);
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(e.getMessage()).contains(fixture + ", line " + badLine + ": not valid JSON");
        assertThat(e.details()).containsEntry("line", badLine).containsEntry("rejectedRows", 1L);
        assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h).contains("keep the bad ones aside").doesNotContain("delimiter"));
        assertThat(e.remedy()).hasValueSatisfying(r -> assertThat(r.id()).isEqualTo("fix-json-lines-or-skip"));
        assertThat(assay.datasets().list()).isEmpty();

        ImportResult r = load(file, "good", ImportMode.CREATE, Map.of(), true);
        assertThat(r.rowsLoaded()).isEqualTo(goodRows);
        assertThat(r.rejectedRows()).isEqualTo(1);
        assertThat(r.dataset().rejectedRows()).isEqualTo(1);
        assertThat(r.firstRejections()).singleElement().satisfies(x -> assertThat(x.line()).isEqualTo(badLine));
        assertThat(scalar(assay, "SELECT count(*) FROM good WHERE id IS NULL")).isEqualTo(0L);
        List<Object> rejected = assay.datasets().rejects("good", 10, rows -> {
            List<Object> out = new java.util.ArrayList<>();
            while (rows.next()) {
                out.add(rows.get(0) + ": " + rows.get(3));
            }
            return out;
        });
        String raw = fixture.equals("bad_first.ndjson") ? "{\"id\":1,\"name\":}"
                : fixture.equals("bad_middle.ndjson") ? "{\"id\":3,\"name\":\"c\"" : "{\"id\":5,\"na";
        assertThat(rejected).containsExactly(badLine + ": " + raw);
        assertThat(TestWarehouse.strayTables(assay)).isEmpty();
    }

    @Test
    void newlineDelimitedJsonNamedJsonIsReadLineByLineToo() throws IOException {
        Path file = Files.copy(fixture("bad_middle.ndjson"), dir.resolve("events.json"));
        assertThatThrownBy(() -> load(file)).hasMessageContaining("events.json, line 3: not valid JSON");
        assertThat(load(file, "events", ImportMode.CREATE, Map.of(), true).rowsLoaded()).isEqualTo(3);
    }

    @Test
    void numbersADoubleCannotHoldAreKeptExactOrAsTextAndSaidSo() {
        ImportResult json = load(fixture("big_numbers.ndjson"), "nj", ImportMode.CREATE, Map.of(), false);
        assertThat(scalar(assay, "SELECT typeof(big) FROM nj LIMIT 1")).isEqualTo("HUGEINT");
        assertThat(column(assay, "SELECT CAST(big AS VARCHAR) FROM nj ORDER BY id"))
                .containsExactly("12345678901234567890123456789", "-5");
        assertThat(column(assay, "SELECT huge FROM nj ORDER BY id")).containsExactly("1.5e400", "2.5");
        assertThat(column(assay, "SELECT long FROM nj ORDER BY id")).containsExactly("1234567890123456789012345678901234567890", "7");
        assertThat(scalar(assay, "SELECT typeof(plain) FROM nj LIMIT 1")).isEqualTo("DOUBLE");
        assertThat(json.notes())
                .anySatisfy(n -> assertThat(n).contains("'big'").contains("HUGEINT"))
                .anySatisfy(n -> assertThat(n).contains("'huge' kept as text").contains("1.5e400").contains("infinity"))
                .anySatisfy(n -> assertThat(n).contains("'long' kept as text").contains("38 digits"))
                .noneSatisfy(n -> assertThat(n).contains("'plain'"));

        ImportResult csv = load(fixture("big_numbers.csv"), "nc", ImportMode.CREATE, Map.of(), false);
        assertThat(column(assay, "SELECT CAST(big AS VARCHAR) FROM nc ORDER BY id"))
                .containsExactly("12345678901234567890123456789", "-5");
        assertThat(column(assay, "SELECT huge FROM nc ORDER BY id")).containsExactly("1.5e400", "2.5");
        assertThat(column(assay, "SELECT long FROM nc ORDER BY id"))
                .containsExactly("1234567890123456789012345678901234567890123", "7");
        assertThat(scalar(assay, "SELECT typeof(plain) FROM nc LIMIT 1")).isEqualTo("DOUBLE");
        assertThat(scalar(assay, "SELECT typeof(wide) FROM nc LIMIT 1")).isEqualTo("DECIMAL(38,2)");
        assertThat(column(assay, "SELECT wide FROM nc ORDER BY id"))
                .containsExactly(new BigDecimal("123456789012345678901234567890.50"), new BigDecimal("1.25"));
        assertThat(csv.notes())
                .anySatisfy(n -> assertThat(n).contains("'wide'").contains("DECIMAL(38, 2)"))
                .anySatisfy(n -> assertThat(n).contains("'huge' kept as text").contains("1.5e400"))
                .anySatisfy(n -> assertThat(n).contains("'long' kept as text"));
        assertThat(TestWarehouse.strayTables(assay)).isEmpty();
    }

    @Test
    void decimalsWithMoreDigitsThanADoubleKeepsAreKeptExactInCsvAndSaidInJson() throws IOException {
        // pi to 26 places loses 11 of them as a DOUBLE; 0.30000000000000004 (17 digits, as doubles print) loses none.
        Path csv = Files.writeString(dir.resolve("precise.csv"),
                "id,pi,sum,ratio\n1,3.14159265358979323846264338,0.30000000000000004,0.50000000000000000000\n2,2.5,0.1,0.25\n");
        ImportResult c = load(csv);
        assertThat(scalar(assay, "SELECT typeof(pi) FROM precise LIMIT 1")).isEqualTo("DECIMAL(38,26)");
        assertThat(column(assay, "SELECT pi FROM precise ORDER BY id"))
                .containsExactly(new BigDecimal("3.14159265358979323846264338"), new BigDecimal("2.50000000000000000000000000"));
        assertThat(scalar(assay, "SELECT typeof(sum) FROM precise LIMIT 1")).isEqualTo("DOUBLE");
        assertThat(scalar(assay, "SELECT typeof(ratio) FROM precise LIMIT 1")).isEqualTo("DOUBLE");
        assertThat(c.notes()).anySatisfy(n -> assertThat(n).contains("'pi'").contains("DECIMAL(38, 26)"))
                .noneSatisfy(n -> assertThat(n).contains("'sum'"));

        Path json = Files.writeString(dir.resolve("precise_json.json"),
                "[{\"id\": 1, \"pi\": 3.14159265358979323846264338, \"sum\": 0.30000000000000004}, {\"id\": 2, \"pi\": 2.5, \"sum\": 0.1}]");
        ImportResult j = load(json);
        // The JSON reader parses such numbers as DOUBLEs: they cannot be kept exact, and the import says so.
        assertThat(scalar(assay, "SELECT typeof(pi) FROM precise_json LIMIT 1")).isEqualTo("DOUBLE");
        assertThat(j.notes()).anySatisfy(n -> assertThat(n).contains("column 'pi'").contains("rounded"))
                .noneSatisfy(n -> assertThat(n).contains("'sum'"));
        assertThat(TestWarehouse.strayTables(assay)).isEmpty();
    }

    @Test
    void numbersWithThousandsSeparatorsAreNumbersWhenEveryValueAgrees() {
        ImportResult r = load(fixture("thousands.csv"));
        assertThat(scalar(assay, "SELECT typeof(population) FROM thousands LIMIT 1")).isEqualTo("BIGINT");
        assertThat(column(assay, "SELECT population FROM thousands ORDER BY country"))
                .containsExactly(1_411_750_000L, 1_004_401_000L, 36_297L, 12_668L);
        assertThat(scalar(assay, "SELECT max(population) FROM thousands")).isEqualTo(1_411_750_000L);
        assertThat(column(assay, "SELECT gdp_musd FROM thousands ORDER BY country"))
                .containsExactly(new BigDecimal("17963170.50"), new BigDecimal("3385089.25"), new BigDecimal("8596.10"), null);
        assertThat(scalar(assay, "SELECT typeof(estimate) FROM thousands LIMIT 1")).isEqualTo("VARCHAR");
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("',' grouping thousands")
                .contains("'population' (BIGINT)").contains("'gdp_musd' (DECIMAL(18, 2))").doesNotContain("estimate"));

        ImportResult eu = load(fixture("tausender.csv"));
        assertThat(column(assay, "SELECT einwohner FROM tausender ORDER BY land"))
                .containsExactly(83_240_525L, 39_308L, 36_297L);
        assertThat(column(assay, "SELECT flaeche FROM tausender ORDER BY land"))
                .containsExactly(new BigDecimal("357588.12"), new BigDecimal("160.00"), new BigDecimal("2.02"));
        assertThat(eu.notes()).anySatisfy(n -> assertThat(n).contains("'.' grouping thousands").contains("'einwohner' (BIGINT)"));
        assertThat(eu.dataset().options()).containsEntry("decimal_separator", ",");
    }

    @Test
    void aGeoJsonFeatureCollectionIsOneRowPerFeature() {
        ImportResult r = load(fixture("places.json"));
        assertThat(r.rowsLoaded()).isEqualTo(4);
        assertThat(column(assay, "SELECT column_name FROM (DESCRIBE places)"))
                .containsExactly("id", "name", "pop", "capital", "river", "geometry");
        assertThat(column(assay, "SELECT name FROM places ORDER BY id NULLS LAST")).containsExactly("Alpha", "Beta", "Gamma", null);
        assertThat(scalar(assay, "SELECT river FROM places WHERE id = 2")).isEqualTo("Maas");
        assertThat(scalar(assay, "SELECT geometry FROM places WHERE id = 1")).isEqualTo("{\"type\":\"Point\",\"coordinates\":[4.35,50.85]}");
        assertThat((String) scalar(assay, "SELECT geometry FROM places WHERE id = 3")).startsWith("{\"type\":\"Polygon\"");
        assertThat(scalar(assay, "SELECT count(*) FROM places WHERE geometry IS NULL")).isEqualTo(1L);
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("GeoJSON FeatureCollection").contains("one row per feature (4)")
                .contains("properties as columns").contains("column 'geometry'").contains("name not imported"));

        ImportResult g = load(fixture("places.geojson"), "places_geo", ImportMode.CREATE, Map.of(), false);
        assertThat(g.rowsLoaded()).isEqualTo(4);
        assertThat(scalar(assay, "SELECT typeof(geometry) FROM places_geo LIMIT 1")).isEqualTo("VARCHAR");
        assertThat((String) scalar(assay, "SELECT geometry FROM places_geo WHERE name = 'Beta'")).startsWith("{\"type\":\"LineString\"");
        assertThat(scalar(assay, "SELECT pop FROM places_geo WHERE name = 'Beta'")).isEqualTo(75.5);
        assertThat(TestWarehouse.strayTables(assay)).isEmpty();
    }

    @Test
    void failsOnBadRowsNamingFileLineAndColumn() {
        Path ragged = fixture("ragged.csv");
        assertThatThrownBy(() -> load(ragged)).isInstanceOfSatisfying(AssayException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(e.getMessage()).contains("ragged.csv").contains("line 3").contains("2 rows in all");
            assertThat(e.details()).containsEntry("line", 3L).containsEntry("file", ragged.toString());
            assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h).contains("keep the bad ones aside").doesNotContain("--"));
            assertThat(e.remedy()).hasValueSatisfying(r -> assertThat(r.id()).isEqualTo("fix-or-skip-bad-rows"));
        });
        assertThat(assay.datasets().list()).isEmpty();
        assertThat(TestWarehouse.strayTables(assay)).isEmpty();
    }

    @Test
    void keepsRejectedRowsWhenAskedToSkipThem() {
        ImportResult r = load(fixture("ragged.csv"), null, ImportMode.CREATE, Map.of(), true);
        assertThat(r.rowsLoaded()).isEqualTo(2);
        assertThat(r.rejectedRows()).isEqualTo(2);
        assertThat(r.firstRejections()).extracting(x -> x.line()).containsExactly(3L, 4L);
        assertThat(r.dataset().rejectedRows()).isEqualTo(2);
        List<Object> lines = assay.datasets().rejects("ragged", 10, rows -> {
            List<Object> out = new java.util.ArrayList<>();
            while (rows.next()) {
                out.add(rows.get(3));
            }
            return out;
        });
        assertThat(lines).containsExactly("2,bob", "3,cy,4.0,extra");
    }

    @Test
    void aFailedReplaceLeavesTheOldDatasetIntact() {
        load(fixture("people.csv"), "t", ImportMode.CREATE, Map.of(), false);
        assertThatThrownBy(() -> load(fixture("ragged.csv"), "t", ImportMode.REPLACE, Map.of(), false))
                .isInstanceOf(AssayException.class);
        assertThat(scalar(assay, "SELECT count(*) FROM t")).isEqualTo(3L);
        assertThat(assay.datasets().get("t").source()).endsWith("people.csv");
        assertThat(TestWarehouse.strayTables(assay)).isEmpty();
    }

    @Test
    void replacesAndAppends() {
        load(fixture("people.csv"), "t", ImportMode.CREATE, Map.of(), false);
        assertThatThrownBy(() -> load(fixture("people.csv"), "t", ImportMode.CREATE, Map.of(), false))
                .isInstanceOfSatisfying(AssayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        ImportResult appended = load(fixture("people.csv"), "t", ImportMode.APPEND, Map.of(), false);
        assertThat(appended.dataset().rows()).isEqualTo(6);
        assertThat(scalar(assay, "SELECT count(*) FROM t")).isEqualTo(6L);
        ImportResult replaced = load(fixture("people.csv"), "t", ImportMode.REPLACE, Map.of(), false);
        assertThat(replaced.dataset().rows()).isEqualTo(3);
        assertThat(replaced.dataset().importedAt()).isEqualTo(appended.dataset().importedAt());
        assertThatThrownBy(() -> load(fixture("events.ndjson"), "t", ImportMode.APPEND, Map.of(), false))
                .hasMessageContaining("has columns the dataset t does not");
    }

    @Test
    void importsJsonNdjsonParquetTsvAndGzip() throws IOException {
        assertThat(load(fixture("events.ndjson")).dataset().rows()).isEqualTo(2);
        assertThat(load(fixture("nested.json")).dataset().rows()).isEqualTo(2);
        assertThat(load(fixture("tabbed.tsv")).dataset().options()).containsEntry("delimiter", "\t");
        assertThat(scalar(assay, "SELECT b FROM tabbed WHERE a = 1")).isEqualTo("x y");

        Path parquet = dir.resolve("cities.parquet");
        assay.queries().export(io.assay.platform.query.QueryRequest.of("SELECT * FROM events"), parquet,
                io.assay.platform.export.ResultFormat.PARQUET, TaskContext.silent());
        ImportResult p = load(parquet, "cities", ImportMode.CREATE, Map.of(), false);
        assertThat(p.dataset().format()).isEqualTo("parquet");
        assertThat(scalar(assay, "SELECT city FROM cities WHERE id = 2")).isEqualTo("Lima");

        Path gz = dir.resolve("people.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(fixture("people.csv")));
        }
        ImportResult g = load(gz, "people_gz", ImportMode.CREATE, Map.of(), false);
        assertThat(g.dataset().format()).isEqualTo("csv+gzip");
        assertThat(g.dataset().rows()).isEqualTo(3);
    }

    @Test
    void importsXlsxSheetsWithDates() throws IOException {
        Path xlsx = dir.resolve("Book 1.xlsx");
        try (OutputStream out = Files.newOutputStream(xlsx); Workbook wb = new Workbook(out, "test", "1.0")) {
            Worksheet first = wb.newWorksheet("Summary");
            first.value(0, 0, "note");
            first.value(1, 0, "see the other sheet");
            Worksheet ws = wb.newWorksheet("Sales");
            ws.value(0, 0, "day");
            ws.value(0, 1, "region");
            ws.value(0, 2, "amount");
            for (int i = 1; i <= 3; i++) {
                ws.value(i, 0, LocalDate.of(2024, 1, i));
                ws.style(i, 0).format("yyyy-mm-dd").set();
                ws.value(i, 1, i == 2 ? "North, East" : "South");
                ws.value(i, 2, 10.5 * i);
            }
        }
        ImportResult r = load(xlsx, null, ImportMode.CREATE, Map.of("sheet", "Sales"), false);
        assertThat(r.dataset().name()).isEqualTo("book_1");
        assertThat(r.dataset().format()).isEqualTo("xlsx");
        assertThat(column(assay, "SELECT day FROM book_1 ORDER BY day"))
                .containsExactly(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 2), LocalDate.of(2024, 1, 3));
        assertThat(scalar(assay, "SELECT region FROM book_1 WHERE amount = 21")).isEqualTo("North, East");
        assertThatThrownBy(() -> load(xlsx, "other", ImportMode.CREATE, Map.of("sheet", "Nope"), false))
                .hasMessageContaining("no sheet named 'Nope'").hasMessageContaining("Book 1.xlsx")
                .isInstanceOfSatisfying(AssayException.class, e -> assertThat(e.hint().orElse("")).contains("Summary, Sales"));
        assertThat(load(xlsx, "summary", ImportMode.CREATE, Map.of(), false).dataset().columns()).isEqualTo(1);
    }

    @Test
    void handlesHostileFileNames() throws IOException {
        Path weird = dir.resolve("it's a *weird* [file] ?.csv");
        Files.copy(fixture("people.csv"), weird);
        Files.writeString(dir.resolve("it's a decoy.csv"), "should,not\nbe,read\n");
        ImportResult r = load(weird);
        assertThat(r.dataset().name()).isEqualTo("it_s_a_weird_file");
        assertThat(r.dataset().rows()).isEqualTo(3);
        assertThat(r.dataset().source()).isEqualTo(weird.toString());
    }

    @Test
    void optionsOverrideDetectionAndBadOptionsAreNamed() {
        ImportResult r = load(fixture("people.csv"), "raw", ImportMode.CREATE, Map.of("all_varchar", "true"), false);
        assertThat(scalar(assay, "SELECT typeof(id) FROM raw LIMIT 1")).isEqualTo("VARCHAR");
        assertThat(r.dataset().options()).containsEntry("all_varchar", "true");
        assertThatThrownBy(() -> load(fixture("people.csv"), "x", ImportMode.CREATE, Map.of("delimeter", ";"), false))
                .isInstanceOfSatisfying(AssayException.class, e -> {
                    assertThat(e.getMessage()).contains("delimeter");
                    assertThat(e.hint().orElse("")).contains("delimiter");
                    assertThat(e.details()).containsEntry("parameter", "delimeter");
                });
        assertThatThrownBy(() -> load(fixture("people.csv"), "x", ImportMode.CREATE, Map.of("header", "maybe"), false))
                .hasMessageContaining("header='maybe'");
        assertThatThrownBy(() -> load(fixture("people.csv"), "x", ImportMode.CREATE, Map.of("encoding", "ebcdic"), false))
                .hasMessageContaining("encoding");
        assertThat(assay.datasets().list()).extracting(Dataset::name).containsExactly("raw");
    }

    @Test
    void namesAreSanitizedAndSaidSo() {
        ImportResult r = load(fixture("people.csv"), "My People!", ImportMode.CREATE, Map.of(), false);
        assertThat(r.dataset().name()).isEqualTo("my_people");
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("became 'my_people'"));
    }

    @Test
    void missingAndEmptyFilesAreClearErrors() throws IOException {
        assertThatThrownBy(() -> load(dir.resolve("nope.csv")))
                .isInstanceOfSatisfying(AssayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessageContaining("nope.csv");
        Path empty = Files.writeString(dir.resolve("empty.csv"), "", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> load(empty)).hasMessageContaining("empty");
    }

    @Test
    void cancellationRollsBackTheImport() throws IOException {
        Path big = dir.resolve("big.csv");
        assay.queries().export(io.assay.platform.query.QueryRequest.of(
                        "SELECT range AS id, range * 2 AS v, 'a longer label for row ' || range AS label FROM range(6000000)"),
                big, io.assay.platform.export.ResultFormat.CSV, TaskContext.silent());
        // Cancel as soon as the engine reports loading progress, i.e. in the middle of the load.
        TaskContext[] holder = new TaskContext[1];
        holder[0] = new TaskContext(p -> {
            if (p.stage().startsWith("loading")) {
                holder[0].cancel();
            }
        });
        TaskContext ctx = holder[0];
        assertThatThrownBy(() -> assay.imports().importFile(ImportRequest.of(big), ctx))
                .isInstanceOfSatisfying(AssayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
        assertThat(assay.datasets().list()).isEmpty();
        assertThat(TestWarehouse.strayTables(assay)).isEmpty();
    }
}
