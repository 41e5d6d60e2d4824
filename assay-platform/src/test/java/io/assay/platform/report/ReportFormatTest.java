package io.assay.platform.report;

import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ReportFormatTest {

    @Test
    void tellsTheFormatFromTheExtension() {
        assertThat(ReportFormat.fromFileName("report.html")).isEqualTo(ReportFormat.HTML);
        assertThat(ReportFormat.fromFileName("out/orders.json")).isEqualTo(ReportFormat.JSON);
        assertThat(ReportFormat.fromFileName("Orders.XLSX")).isEqualTo(ReportFormat.XLSX);
        assertThat(ReportFormat.fromFileName("summary.md")).isEqualTo(ReportFormat.MARKDOWN);
        assertThat(ReportFormat.fromFileName("Print.PDF")).isEqualTo(ReportFormat.PDF);
    }

    @Test
    void knowsExtensionsAndMediaTypes() {
        assertThat(ReportFormat.MARKDOWN.extension()).isEqualTo("md");
        assertThat(ReportFormat.XLSX.mediaType())
                .isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(ReportFormat.HTML.mediaType()).startsWith("text/html");
    }

    @Test
    void rejectsOtherExtensionsNamingTheParameterAndTheChoices() {
        AssayException e = catchThrowableOfType(AssayException.class, () -> ReportFormat.fromFileName("report.docx"));

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(e.getMessage()).contains("report.docx");
        assertThat(e.details()).containsEntry("parameter", "out");
        assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h).contains(".html", ".json", ".xlsx", ".md", ".pdf"));
        assertThat(catchThrowableOfType(AssayException.class, () -> ReportFormat.fromFileName("html"))).isNotNull();
    }
}
