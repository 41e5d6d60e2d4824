package io.assay.analysis.profile;

import io.assay.analysis.model.AnalysisMode;
import io.assay.analysis.model.AnalysisResult;
import io.assay.analysis.model.ColumnProfile;
import io.assay.analysis.model.FindingKind;
import io.assay.analysis.model.NumericStats;
import io.assay.engine.Engine;
import io.assay.engine.EngineSettings;
import io.assay.engine.Engines;
import io.assay.engine.QueryOptions;
import io.assay.engine.RelationRef;
import io.assay.engine.Session;
import io.assay.engine.SqlStatement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Figures that were wrong on files never seen before, each on a small table made here: what quick mode does not
 * compute is absent (never 0); nested values have their distinct count; missing (NULL) and placeholder-like values
 * are apart, and a placeholder-like word is a placeholder only where it contrasts with the column's other values.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProfileTruthTest {

    private Engine engine;
    private Session session;

    @BeforeAll
    void open() {
        engine = Engines.open(EngineSettings.of("jdbc:duckdb:"));
        session = engine.openSession();
    }

    @AfterAll
    void close() {
        session.close();
        engine.close();
    }

    private AnalysisResult analyse(String table, String select, AnalysisMode mode) {
        session.execute(SqlStatement.of("CREATE OR REPLACE TABLE " + table + " AS " + select));
        return new Analyzer(session, QueryOptions.NONE).analyze(table, new RelationRef("main", table),
                AnalysisOptions.of(mode), AnalysisListener.NONE);
    }

    private static ColumnProfile column(AnalysisResult r, String name) {
        return r.columns().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void quickModeLeavesWhatItDidNotCountAbsentNotZero() {
        String delays = "SELECT CAST(range % 7 AS DOUBLE) - 3 AS delay FROM range(700)";
        NumericStats quick = column(analyse("delays", delays, AnalysisMode.QUICK), "delay").numeric().orElseThrow();
        assertThat(quick.zeros()).isEmpty();
        assertThat(quick.negatives()).isEmpty();
        assertThat(quick.infinities()).isEmpty();
        NumericStats full = column(analyse("delays", delays, AnalysisMode.FULL), "delay").numeric().orElseThrow();
        assertThat(full.zeros()).hasValue(100);
        assertThat(full.negatives()).hasValue(300);
        assertThat(full.infinities()).hasValue(0);
    }

    @Test
    void aStructColumnHasItsDistinctCount() {
        AnalysisResult r = analyse("nested", "SELECT {'x': range % 50, 'y': 'p' || (range % 50)} AS point, range AS n FROM range(200)",
                AnalysisMode.FULL);
        ColumnProfile point = column(r, "point");
        assertThat(point.distinct()).isEqualTo(50);
        assertThat(point.distinctExact()).isTrue();
    }

    @Test
    void noneAsOneOfFiveLevelsIsACategoryNotAPlaceholder() {
        AnalysisResult r = analyse("damage", "SELECT (['None', 'None', 'None', 'None', 'None', 'None', 'None', 'Minor', 'Major', 'Destroyed'])[range % 10 + 1] "
                + "AS damage_level FROM range(1000)", AnalysisMode.FULL);
        ColumnProfile damage = column(r, "damage_level");
        assertThat(damage.placeholders()).isZero();
        assertThat(damage.missingShare()).isZero();
        assertThat(r.findings()).noneMatch(f -> f.kind() == FindingKind.PLACEHOLDERS);
    }

    @Test
    void naAmongContinentCodesIsACode() {
        AnalysisResult r = analyse("continents", "SELECT (['EU', 'AS', 'NA', 'SA', 'AF', 'OC'])[range % 6 + 1] AS region_code FROM range(600)",
                AnalysisMode.FULL);
        assertThat(column(r, "region_code").placeholders()).isZero();
    }

    @Test
    void placeholdersThatContrastAreCountedApartFromNulls() {
        // 1,000 rows: 100 NULL, 50 'n/a', 30 'unknown' among capitalised city names.
        AnalysisResult r = analyse("cities", "SELECT CASE WHEN range < 100 THEN NULL WHEN range < 150 THEN 'n/a' WHEN range < 180 THEN 'unknown' "
                + "ELSE (['Lyon', 'Paris', 'Nice', 'Lille'])[range % 4 + 1] END AS city FROM range(1000)", AnalysisMode.FULL);
        ColumnProfile city = column(r, "city");
        assertThat(city.missing()).isEqualTo(100);
        assertThat(city.placeholders()).isEqualTo(80);
        assertThat(city.missingShare()).isEqualTo(0.1);
        assertThat(city.placeholderShare()).isEqualTo(0.08);
    }

    @Test
    void coarseShapesCompareWordsByTheirCharacters() {
        assertThat(Placeholders.coarseShape("North-East 2")).isEqualTo("Aa-Aa 9");
        assertThat(Placeholders.contrasts("NA", Map.of("EU", 5L, "AS", 4L, "NA", 3L))).isFalse();
        assertThat(Placeholders.contrasts("NA", Map.of("12", 5L, "40", 4L, "NA", 3L))).isTrue();
    }

    @Test
    void anAllNullLastColumnFromATrailingDelimiterIsSaidToBeOneNotCritical() {
        AnalysisResult r = analyse("trailing_comma", "SELECT range AS id, 'x' || (range % 9) AS label, CAST(NULL AS VARCHAR) AS column2 FROM range(300)",
                AnalysisMode.FULL);
        assertThat(r.findings()).filteredOn(f -> f.column().equals(java.util.Optional.of("column2")))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(io.assay.analysis.model.Severity.INFO);
                    assertThat(f.title()).contains("empty trailing column");
                });
        assertThat(r.findings()).noneMatch(f -> f.severity() == io.assay.analysis.model.Severity.CRITICAL);
    }

    @Test
    void schemaModeCountsMissingOnTheRowsItRead() {
        AnalysisResult r = analyse("long_table", "SELECT range AS id, range % 10 AS bucket FROM range(5000)", AnalysisMode.SCHEMA);
        assertThat(r.columns()).allSatisfy(c -> assertThat(c.missingShare()).isZero());
    }

    @Test
    void rowsThatDifferInAPostalCodeAreNoDuplicates() {
        // Several postal codes share a place: the code is an attribute, not a surrogate key to look past.
        AnalysisResult r = analyse("zips", "SELECT 10000 + range AS zip_code, (['Springfield', 'Riverside', 'Franklin'])[range % 3 + 1] AS city, "
                + "'XX' AS state FROM range(90)", AnalysisMode.FULL);
        assertThat(r.table().duplicateRows()).hasValue(0);
        assertThat(r.findings()).noneMatch(f -> f.kind() == FindingKind.DUPLICATE_ROWS);
        // A surrogate id is still looked past: rows equal apart from it are duplicates.
        AnalysisResult ids = analyse("with_ids", "SELECT range AS id, (['a', 'b', 'c'])[range % 3 + 1] AS label FROM range(90)", AnalysisMode.FULL);
        assertThat(ids.table().duplicateRows()).hasValue(87);
    }

    @Test
    void speciesAndPlaceNamesAreNoPersonalData() {
        AnalysisResult r = analyse("names", "SELECT (['Adelie', 'Gentoo', 'Chinstrap'])[range % 3 + 1] || ' penguin' AS species_name, "
                + "(['Lyon', 'Paris', 'Nice'])[range % 3 + 1] AS place_name, 'Ann ' || range AS customer_name FROM range(60)", AnalysisMode.FULL);
        assertThat(column(r, "species_name").personalData()).isFalse();
        assertThat(column(r, "place_name").personalData()).isFalse();
        assertThat(column(r, "customer_name").personalData()).isTrue();
    }

    @Test
    void aFewRowsAreNoEvidenceOfAnIdentifierOrACorrelation() {
        // Five distinct rows: every column is "unique" and any two move together, by chance alone.
        AnalysisResult r = analyse("tiny", "SELECT range AS a, range * 2 + 1 AS b, (['Lyon', 'Paris', 'Nice', 'Lille', 'Metz'])[range + 1] AS city "
                + "FROM range(5)", AnalysisMode.FULL);
        assertThat(r.findings()).noneMatch(f -> f.kind() == FindingKind.UNIQUE_ID || f.kind() == FindingKind.HIGH_CORRELATION);
        // The same shape on 200 rows is evidence.
        AnalysisResult big = analyse("not_tiny", "SELECT range AS a, range * 2 + 1 AS b FROM range(200)", AnalysisMode.FULL);
        assertThat(big.findings()).anyMatch(f -> f.kind() == FindingKind.HIGH_CORRELATION);
    }

    @Test
    void aBareNameColumnIsAPersonOnlyWhereItsValuesBeginWithGivenNames() {
        AnalysisResult things = analyse("products", "SELECT (['Widget', 'Gizmo', 'Sprocket', 'Flange', 'Bracket'])[range % 5 + 1] || ' ' || range AS name "
                + "FROM range(200)", AnalysisMode.FULL);
        assertThat(column(things, "name").personalData()).isFalse();
        assertThat(things.findings()).noneMatch(f -> f.kind() == FindingKind.PERSONAL_DATA);
        AnalysisResult people = analyse("staff", "SELECT (['Maria', 'John', 'Aisha', 'Wei', 'Olga'])[range % 5 + 1] || ' ' "
                + "|| (['Lopez', 'Smith', 'Khan', 'Chen', 'Ivanova'])[range % 5 + 1] || range AS name FROM range(200)", AnalysisMode.FULL);
        assertThat(column(people, "name").personalData()).isTrue();
    }

    @Test
    void aSentinelNumberCountsOnlyWhereItStandsApartFromTheOtherValues() {
        // 9999 among ages 20..59 is far beyond their span: a stand-in for "unknown".
        AnalysisResult ages = analyse("ages", "SELECT CASE WHEN range % 50 = 0 THEN 9999 ELSE 20 + range % 40 END AS age FROM range(1000)",
                AnalysisMode.FULL);
        assertThat(column(ages, "age").placeholders()).isEqualTo(20);
        // 1970 among model years 1970..1982 is the first model year.
        AnalysisResult years = analyse("models", "SELECT 1970 + range % 13 AS model_year FROM range(390)", AnalysisMode.FULL);
        assertThat(column(years, "model_year").placeholders()).isZero();
        // 1970-01-01 as the first month of a monthly series is a month like the others.
        AnalysisResult months = analyse("monthly", "SELECT DATE '1970-01-01' + INTERVAL (range) MONTH AS month FROM range(240)", AnalysisMode.FULL);
        assertThat(column(months, "month").placeholders()).isZero();
    }

    @Test
    void aWordInACaseOfItsOwnMakingIsANameNotAPlaceholder() {
        assertThat(Placeholders.conventionalCase("xXx")).isFalse();
        assertThat(Placeholders.conventionalCase("N/A")).isTrue();
        assertThat(Placeholders.conventionalCase("Not Available")).isTrue();
        AnalysisResult r = analyse("films", "SELECT CASE WHEN range = 7 THEN 'xXx' WHEN range % 100 = 3 THEN 'N/A' "
                + "ELSE 'Film number ' || range END AS title FROM range(1000)", AnalysisMode.FULL);
        assertThat(column(r, "title").placeholders()).isEqualTo(10);
    }
}
