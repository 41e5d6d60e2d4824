package io.assay.platform.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.analysis.model.AnalysisResult;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlReportWriterTest {

    private static final String PLOTLY_MARKER = "/* plotly.js 4.1.1, inlined */";
    private static final Pattern FIGURES =
            Pattern.compile("<script type=\"application/json\" id=\"assay-figures\">(.*?)</script>", Pattern.DOTALL);

    @Test
    void rendersTheFixtureAsTheGoldenFile() throws IOException {
        Golden.assertMatches("orders.html", normalised(render(ReportFixtures.orders())));
    }

    @Test
    void inlinesPlotlyAndFetchesNothing() throws IOException {
        String html = render(ReportFixtures.orders());
        assertThat(html).contains(HtmlReportWriter.plotlySource());

        String own = normalised(html);
        assertThat(own).doesNotContain("http://", "https://", "<link", "url(", "@import", "<img", "<iframe");
        assertThat(own).doesNotContainPattern("(?i)\\b(?:src|href)\\s*=\\s*(?:\"(?!#)|'(?!#)|[^\"'#\\s>])");
        assertThat(own).contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';");
    }

    @Test
    void drawsEveryChartFromEmbeddedFigures() throws IOException {
        String html = render(ReportFixtures.orders());
        JsonNode figures = figures(html);

        long charts = Pattern.compile("data-figure=\"fig-\\d+\"").matcher(html).results().count();
        assertThat(charts).isEqualTo(figures.size()).isEqualTo(7);
        figures.forEach(f -> assertThat(f.has("data") && f.has("layout")).isTrue());
        assertThat(html).contains("Plotly.newPlot(");
    }

    @Test
    void isReadableOnPhonesAndInTheDark() throws IOException {
        String html = render(ReportFixtures.orders());
        assertThat(html).contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .contains("@media (prefers-color-scheme: dark)")
                .contains("<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Correlations\"><table>");
    }

    @Test
    void escapesHostileNamesAndValues() throws IOException {
        String html = render(ReportFixtures.hostile());
        String own = normalised(html);

        assertThat(own).doesNotContain(ReportFixtures.HOSTILE_NAME)
                .contains("&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;")
                .contains("<h1>&lt;b&gt;orders&lt;/b&gt; &amp; &quot;co&quot;</h1>")
                .doesNotContain("<img", "<b>");
        assertThat(count(own, "<script")).isEqualTo(3);
        assertThat(count(own, "</script>")).isEqualTo(3);

        JsonNode figures = figures(html);
        assertThat(figures.toString()).contains("&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;");
    }

    @Test
    void embedsFigureJsonWithoutAnyMarkupCharacter() throws IOException {
        Matcher m = FIGURES.matcher(render(ReportFixtures.hostile()));
        assertThat(m.find()).isTrue();
        assertThat(m.group(1)).doesNotContain("<", ">", "&", "\u2028", "\u2029").contains("\\u0026lt;/script\\u0026gt;");
    }

    static String render(AnalysisResult result) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new HtmlReportWriter(ReportFixtures.CLOCK).write(result, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The page with the inlined Plotly library replaced by a marker: the part that is ours. */
    private static String normalised(String html) {
        assertThat(count(html, HtmlReportWriter.plotlySource())).isEqualTo(1);
        return html.replace(HtmlReportWriter.plotlySource(), PLOTLY_MARKER);
    }

    private static JsonNode figures(String html) throws IOException {
        Matcher m = FIGURES.matcher(html);
        assertThat(m.find()).isTrue();
        return ReportJson.mapper().readTree(m.group(1));
    }

    private static long count(String text, String part) {
        return Pattern.compile(Pattern.quote(part)).matcher(text).results().count();
    }
}
