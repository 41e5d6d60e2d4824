package io.assay.platform.steps;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.analysis.model.AnalysisMode;
import io.assay.analysis.model.AnalysisResult;
import io.assay.analysis.profile.AnalysisListener;
import io.assay.analysis.profile.AnalysisOptions;
import io.assay.analysis.profile.Analyzer;
import io.assay.analysis.step.AnalysisStep;
import io.assay.analysis.step.AnalysisSteps;
import io.assay.engine.Engine;
import io.assay.engine.EngineSettings;
import io.assay.engine.Engines;
import io.assay.engine.QueryOptions;
import io.assay.engine.RelationRef;
import io.assay.engine.Session;
import io.assay.engine.SqlStatement;
import io.assay.platform.report.MarkdownReportWriter;
import io.assay.platform.report.ReportFormat;
import io.assay.platform.report.ReportJson;
import io.assay.platform.report.Reports;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A step added from outside ({@link ColumnKindsStep}, found through {@code ServiceLoader}) runs in an analysis and
 * shows in every report format with no renderer code of its own.
 */
class PluginStepTest {

    @Test
    void aPluginStepRunsAndEveryFormatShowsItsSection() throws Exception {
        assertThat(AnalysisSteps.all()).extracting(AnalysisStep::id).containsSubsequence("column-dependencies", "column-kinds");
        AnalysisResult result;
        try (Engine engine = Engines.open(EngineSettings.of("jdbc:duckdb:")); Session session = engine.openSession()) {
            session.execute(SqlStatement.of("CREATE TABLE t AS SELECT i AS id, 'x' || (i % 3) AS label, i * 1.5 AS amount FROM range(40) r(i)"));
            result = new Analyzer(session, QueryOptions.NONE).analyze("t", new RelationRef("main", "t"),
                    AnalysisOptions.of(AnalysisMode.QUICK), AnalysisListener.NONE);
        }
        assertThat(result.sections()).extracting(s -> s.id()).containsExactly("column-kinds");
        assertThat(result.sections().get(0).rows()).containsExactly(List.of("NUMERIC", 2L, 2.0 / 3), List.of("TEXT", 1L, 1.0 / 3));

        Reports reports = new Reports();
        String html = render(reports, ReportFormat.HTML, result);
        assertThat(html).contains("<section id=\"column-kinds\">").contains("<h2>Column kinds</h2>")
                .contains("Columns of each kind, over 40 rows.").contains("href=\"#column-kinds\"").contains("66.7%");
        assertThat(new MarkdownReportWriter().render(result)).contains("## Column kinds\n\nColumns of each kind, over 40 rows.\n\n"
                + "| Kind | Columns | Share |\n|---|--:|--:|\n| NUMERIC | 2 | 66.7% |\n| TEXT | 1 | 33.3% |\n");
        JsonNode json = ReportJson.mapper().readTree(render(reports, ReportFormat.JSON, result));
        assertThat(json.at("/sections/0/id").asText()).isEqualTo("column-kinds");
        assertThat(json.at("/sections/0/columns/2/format").asText()).isEqualTo("SHARE");
        assertThat(json.at("/sections/0/rows/1/1").asLong()).isEqualTo(1);
        ByteArrayOutputStream xlsx = new ByteArrayOutputStream();
        reports.writer(ReportFormat.XLSX).write(result, xlsx);
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx.toByteArray()))) {
            assertThat(wb.getSheets().map(Sheet::getName)).contains("Column kinds");
        }
        // Read back, the JSON gives the same result: the section survives a round trip.
        AnalysisResult back = ReportJson.mapper().treeToValue(json, AnalysisResult.class);
        assertThat(back.sections().get(0).title()).isEqualTo("Column kinds");
    }

    private static String render(Reports reports, ReportFormat format, AnalysisResult result) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        reports.writer(format).write(result, out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
