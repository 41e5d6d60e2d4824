package io.assay.platform.report;

import io.assay.analysis.model.AnalysisResult;
import io.assay.analysis.model.Finding;
import io.assay.analysis.model.FindingKind;
import io.assay.analysis.model.Severity;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class MarkdownReportWriterTest {

    @Test
    void rendersTheFixtureAsTheGoldenFile() throws IOException {
        Golden.assertMatches("orders.md", render(ReportFixtures.orders()));
    }

    @Test
    void listsCriticalFindingsFirst() {
        String md = new MarkdownReportWriter().render(ReportFixtures.orders());
        int critical = md.indexOf("**critical**");
        int warning = md.indexOf("**warning**");
        int info = md.indexOf("**info**");
        assertThat(critical).isPositive().isLessThan(warning);
        assertThat(warning).isLessThan(info);
        assertThat(md).contains("rows: up 14% over 4 weeks (Theil–Sen +2/day, p<0.001)");
    }

    @Test
    void listsAtMostTenFindingsAndCountsTheRest() {
        AnalysisResult r = ReportFixtures.orders();
        List<Finding> many = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            many.add(new Finding(FindingKind.OUTLIERS, Severity.INFO, Optional.of("c" + i), "finding " + i,
                    Map.of(), "", 0));
        }
        String md = new MarkdownReportWriter().render(new AnalysisResult(r.schemaVersion(), r.dataset(),
                r.engine(), r.mode(), r.startedAt(), r.elapsed(), r.table(), r.columns(), many, r.quality(),
                r.insights(), r.sections(), r.notes()));
        assertThat(md).contains("finding 9").doesNotContain("finding 10").contains("… and 4 more")
                .doesNotContain("finding 0\n\n");
    }

    @Test
    void escapesHostileText() {
        String md = new MarkdownReportWriter().render(ReportFixtures.hostile());

        assertThat(md).contains("# \\<b>orders\\</b> & \"co\"\n");
        assertThat(md).contains("| `</script><img src=x onerror=alert(1)>` | VARCHAR |");
        assertThat(md).contains("\\[click\\](javascript:alert(5)) \\*now\\*");
        assertThat(md).doesNotContain("\u2029").doesNotContain("\u001b");
        long tableRows = md.lines().filter(l -> l.startsWith("| `")).count();
        assertThat(tableRows).isEqualTo(1);
    }

    static String render(AnalysisResult result) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new MarkdownReportWriter().write(result, out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
