package io.assay.platform.catalog;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DatasetNamesTest {

    @Test
    void makesSafeIdentifiersOfAnyText() {
        assertThat(DatasetNames.sanitize("Sales Q1 (2024)")).isEqualTo("sales_q1_2024");
        assertThat(DatasetNames.sanitize("Zürich Städte")).isEqualTo("zurich_stadte");
        assertThat(DatasetNames.sanitize("2024 report")).isEqualTo("d_2024_report");
        assertThat(DatasetNames.sanitize("'; DROP TABLE x; --")).isEqualTo("drop_table_x");
        assertThat(DatasetNames.sanitize("***")).isEqualTo("dataset");
        assertThat(DatasetNames.sanitize("assay_meta")).isEqualTo("d_assay_meta");
        assertThat(DatasetNames.sanitize("x".repeat(100))).hasSize(DatasetNames.MAX_LENGTH);
        assertThat(DatasetNames.isValid(DatasetNames.sanitize("../../etc/passwd"))).isTrue();
    }

    @Test
    void dropsDataExtensionsFromFileNames() {
        assertThat(DatasetNames.fromFileName("flights-20k.json")).isEqualTo("flights_20k");
        assertThat(DatasetNames.fromFileName("orders.csv.gz")).isEqualTo("orders");
        assertThat(DatasetNames.fromFileName("Book1.xlsx")).isEqualTo("book1");
        assertThat(DatasetNames.fromFileName("weird name [1].tsv")).isEqualTo("weird_name_1");
    }

    @Test
    void suggestsCloseNames() {
        assertThat(io.assay.platform.text.Suggestions.editDistance("orders", "ordres")).isEqualTo(2);
        assertThat(io.assay.platform.text.Suggestions.editDistance("orders", "orders")).isZero();
    }
}
