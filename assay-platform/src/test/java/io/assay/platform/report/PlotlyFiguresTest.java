package io.assay.platform.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.assay.analysis.model.AnalysisResult;
import io.assay.analysis.model.ColumnProfile;
import io.assay.analysis.model.SeriesInsight;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PlotlyFiguresTest {

    private final AnalysisResult orders = ReportFixtures.orders();

    @Test
    void drawsANumericHistogramAsBarsOverTheBins() {
        ObjectNode figure = PlotlyFigures.histogram(column("total_amount")).orElseThrow();
        JsonNode bars = figure.at("/data/0");

        assertThat(bars.get("type").asText()).isEqualTo("bar");
        assertThat(bars.get("x")).hasSize(5);
        assertThat(bars.get("x").get(0).asDouble()).isEqualTo((-45.5 + 425.75) / 2);
        assertThat(bars.get("width").get(0).asDouble()).isEqualTo(425.75 + 45.5);
        assertThat(bars.get("y").get(0).asLong()).isEqualTo(12_101);
        assertThat(figure.at("/layout/title/text").asText()).isEqualTo("Distribution of total_amount");
    }

    @Test
    void drawsATemporalHistogramOnADateAxis() {
        ObjectNode figure = PlotlyFigures.histogram(column("ordered_at")).orElseThrow();

        assertThat(figure.at("/layout/xaxis/type").asText()).isEqualTo("date");
        assertThat(figure.at("/data/0/x/0").asText()).isEqualTo("2024-02-04 12:00:00");
        assertThat(figure.at("/data/0/width/0").asDouble()).isEqualTo(7 * 86_400_000.0);
    }

    @Test
    void drawsTopValuesAsHorizontalBarsCommonestOnTop() {
        ObjectNode figure = PlotlyFigures.topValues(column("region")).orElseThrow();

        assertThat(figure.at("/data/0/orientation").asText()).isEqualTo("h");
        assertThat(figure.at("/data/0/y/0").asText()).isEqualTo("West");
        assertThat(figure.at("/layout/yaxis/autorange").asText()).isEqualTo("reversed");
        assertThat(PlotlyFigures.topValues(column("order_id"))).isEmpty();
    }

    @Test
    void drawsMissingValuesAndCorrelations() {
        ObjectNode missing = PlotlyFigures.missingValues(orders.columns()).orElseThrow();
        assertThat(missing.at("/layout/barmode").asText()).isEqualTo("stack");
        assertThat(missing.at("/data/0/y/1").asLong()).isEqualTo(312);
        assertThat(missing.at("/data/1/y/1").asLong()).isEqualTo(48);

        ObjectNode heatmap = PlotlyFigures.correlations(orders.table().correlations()).orElseThrow();
        assertThat(heatmap.at("/data/0/type").asText()).isEqualTo("heatmap");
        assertThat(heatmap.at("/data/0/x")).extracting(JsonNode::asText)
                .containsExactly("order_id", "ordered_at", "total_amount", "region");
        assertThat(heatmap.at("/data/0/z/0/1").asDouble()).isEqualTo(0.982);
        assertThat(heatmap.at("/data/0/z/1/0").asDouble()).isEqualTo(0.982);
        assertThat(heatmap.at("/data/0/z/1/2").isNull()).isTrue();
        assertThat(PlotlyFigures.correlations(List.of())).isEmpty();
    }

    @Test
    void drawsASeriesWithItsTrendAndAnomalies() {
        SeriesInsight rows = orders.insights().orElseThrow().series().get(0);
        ObjectNode figure = PlotlyFigures.series(rows);

        assertThat(figure.get("data")).extracting(t -> t.get("name").asText())
                .containsExactly("rows", "trend (Theil–Sen)", "anomaly", "expected");
        assertThat(figure.at("/data/0/x")).hasSize(28);
        JsonNode trend = figure.at("/data/1/y");
        assertThat(trend.get(1).asDouble() - trend.get(0).asDouble()).isEqualTo(2.0 * 27);
        assertThat(figure.at("/data/2/mode").asText()).isEqualTo("markers");
        assertThat(figure.at("/data/2/hovertext/0").asText())
                .contains("820", "expected 433").contains("top contributors: region = West (+366)");
    }

    @Test
    void escapesDataTextForPlotlyLabels() {
        assertThat(PlotlyFigures.label("<b>x</b> & y")).isEqualTo("&lt;b&gt;x&lt;/b&gt; &amp; y");
        ColumnProfile hostile = ReportFixtures.hostile().columns().get(0);
        assertThat(PlotlyFigures.topValues(hostile).orElseThrow().toString())
                .doesNotContain(ReportFixtures.HOSTILE_NAME, "<script", "<img").contains("&lt;/script&gt;");
    }

    private ColumnProfile column(String name) {
        return orders.column(name).orElseThrow();
    }
}
