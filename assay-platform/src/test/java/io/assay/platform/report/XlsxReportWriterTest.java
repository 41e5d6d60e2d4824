package io.assay.platform.report;

import io.assay.analysis.model.AnalysisResult;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class XlsxReportWriterTest {

    @Test
    void rendersTheFixtureAsTheGoldenText() throws IOException {
        Golden.assertMatches("orders.xlsx.txt", asText(render(ReportFixtures.orders())));
    }

    @Test
    void hasASheetPerSection() throws IOException {
        try (ReadableWorkbook workbook = open(render(ReportFixtures.orders()))) {
            assertThat(workbook.getSheets().map(Sheet::getName)).containsExactly("Overview", "Columns", "Findings",
                    "Top values", "Correlations", "Insights", "Anomalies", "Columns that determine others");
        }
    }

    @Test
    void writesNumbersAsNumbersAndTimesAsDates() throws IOException {
        try (ReadableWorkbook workbook = open(render(ReportFixtures.orders()))) {
            List<Row> anomalies = workbook.findSheet("Anomalies").orElseThrow().read();
            Row first = anomalies.get(1);
            assertThat(first.getCell(1).getType()).isEqualTo(CellType.NUMBER);
            assertThat(first.getCell(1).getDataFormatString()).isEqualTo("yyyy-mm-dd hh:mm");
            assertThat(first.getCellAsDate(1).orElseThrow()).hasToString("2024-02-10T00:00");
            assertThat(first.getCellAsNumber(2).orElseThrow()).isEqualByComparingTo("820");
        }
    }

    @Test
    void keepsHostileTextAsPlainText() throws IOException {
        String text = asText(render(ReportFixtures.hostile()));
        assertThat(text).contains("\"" + ReportFixtures.HOSTILE_NAME + "\"").contains("\uFFFD[31m");
    }

    static byte[] render(AnalysisResult result) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new XlsxReportWriter(ReportFixtures.CLOCK).write(result, out);
        return out.toByteArray();
    }

    /**
     * The workbook as text for golden comparison: each sheet's name, then a line per row with its cells
     * separated by tabs; text quoted, numbers plain, dates in ISO form marked with {@code @}, booleans as is.
     */
    static String asText(byte[] xlsx) throws IOException {
        StringBuilder text = new StringBuilder();
        try (ReadableWorkbook workbook = open(xlsx)) {
            for (Sheet sheet : workbook.getSheets().toList()) {
                text.append("== ").append(sheet.getName()).append(" ==\n");
                for (Row row : sheet.read()) {
                    text.append(row.getRowNum()).append(':');
                    for (Cell cell : row) {
                        text.append('\t').append(cell == null ? "" : cellText(cell));
                    }
                    text.append('\n');
                }
            }
        }
        return text.toString();
    }

    private static ReadableWorkbook open(byte[] xlsx) throws IOException {
        return new ReadableWorkbook(new ByteArrayInputStream(xlsx), new ReadingOptions(true, false));
    }

    private static String cellText(Cell cell) {
        return switch (cell.getType()) {
            case STRING -> "\"" + cell.asString() + "\"";
            case NUMBER -> cell.getDataFormatString() != null && cell.getDataFormatString().contains("yy")
                    ? "@" + cell.asDate() : cell.asNumber().toPlainString();
            case BOOLEAN -> cell.asBoolean().toString();
            case EMPTY -> "";
            default -> cell.getType() + ":" + cell.getRawValue();
        };
    }
}
