package io.assay.platform.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChartImageTest {

    @Test
    void aQueryResultBecomesAPlotlyFigureWithOneTracePerMeasure() {
        ObjectNode f = PlotlyFigures.chart("Orders <by> day", PlotlyFigures.ChartKind.LINE, "day",
                List.of("2025-03-12", "2025-03-13", "2025-03-14"), List.of("orders", "revenue"),
                List.of(Arrays.asList(100.0, 104.0, 8.0), Arrays.asList(5000.0, null, 300.0)), true);
        assertThat(f.path("data")).hasSize(2);
        assertThat(f.path("data").get(0).path("type").asText()).isEqualTo("scatter");
        assertThat(f.path("data").get(0).path("mode").asText()).isEqualTo("lines");
        assertThat(f.path("data").get(1).path("y").get(1).isNull()).isTrue();
        assertThat(f.path("layout").path("xaxis").path("type").asText()).isEqualTo("date");
        assertThat(f.path("layout").path("title").path("text").asText()).isEqualTo("Orders &lt;by&gt; day");
        ObjectNode bars = PlotlyFigures.chart("Revenue by region", PlotlyFigures.ChartKind.BAR, "region", List.of("EU", "US"),
                List.of("revenue"), List.of(List.of(3.0, 4.0)), false);
        assertThat(bars.path("data").get(0).path("type").asText()).isEqualTo("bar");
        assertThat(bars.path("layout").path("xaxis").path("type").asText()).isEqualTo("category");
    }

    @Test
    void drawsTheTracesOfTheFigureAsAPng() throws Exception {
        List<Object> days = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (int i = 1; i <= 28; i++) {
            days.add(String.format("2025-02-%02d", i));
            values.add(i == 14 ? 5.0 : 100.0 + i);
        }
        byte[] png = ChartImage.png(PlotlyFigures.chart("Orders", PlotlyFigures.ChartKind.LINE, "day", days, List.of("orders"),
                List.of(values), true), 640, 360);
        assertThat(Arrays.copyOf(png, 4)).containsExactly(0x89, 'P', 'N', 'G');
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(640);
        assertThat(image.getHeight()).isEqualTo(360);
        assertThat(pixelsNear(image, 0x4c78a8)).isGreaterThan(300);

        byte[] bars = ChartImage.png(PlotlyFigures.chart("Revenue", PlotlyFigures.ChartKind.BAR, "region", List.of("EU", "US", "APAC"),
                List.of("revenue"), List.of(List.of(3.0, 4.0, 9.0)), false), 400, 300);
        assertThat(pixelsNear(ImageIO.read(new ByteArrayInputStream(bars)), 0x4c78a8)).isGreaterThan(5000);
    }

    @Test
    void drawsPiesDonutsAreasAndStackedBars() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
        ObjectNode pie = (ObjectNode) m.readTree("{\"data\": [{\"type\": \"pie\", \"labels\": [\"EU\", \"US\"], \"values\": [1, 3], "
                + "\"marker\": {\"colors\": [\"#ff0000\", \"#0000ff\"]}}], \"layout\": {\"title\": {\"text\": \"Share\"}}}");
        BufferedImage full = ImageIO.read(new ByteArrayInputStream(ChartImage.png(pie, 500, 300)));
        int red = pixelsNear(full, 0xff0000);
        int blue = pixelsNear(full, 0x0000ff);
        assertThat(red).isGreaterThan(1000);
        assertThat((double) blue / red).as("slices in proportion to the values, 3:1").isBetween(2.5, 3.5);
        ((ObjectNode) pie.withArray("data").get(0)).put("hole", 0.5);
        BufferedImage donut = ImageIO.read(new ByteArrayInputStream(ChartImage.png(pie, 500, 300)));
        assertThat(pixelsNear(donut, 0x0000ff)).as("a hole in the middle").isLessThan(blue * 9 / 10);

        ObjectNode area = PlotlyFigures.chart("Area", PlotlyFigures.ChartKind.LINE, "x", List.of(1, 2, 3), List.of("y"),
                List.of(List.of(5.0, 6.0, 7.0)), false);
        BufferedImage line = ImageIO.read(new ByteArrayInputStream(ChartImage.png(area, 400, 300)));
        ((ObjectNode) area.withArray("data").get(0)).put("fill", "tozeroy");
        BufferedImage filled = ImageIO.read(new ByteArrayInputStream(ChartImage.png(area, 400, 300)));
        assertThat(nonWhite(filled)).as("the area under the line is filled").isGreaterThan(nonWhite(line) + 20_000);

        ObjectNode stacked = PlotlyFigures.chart("Stacked", PlotlyFigures.ChartKind.BAR, "region", List.of("EU", "US"), List.of("a", "b"),
                List.of(List.of(2.0, 2.0), List.of(2.0, 2.0)), false);
        BufferedImage grouped = ImageIO.read(new ByteArrayInputStream(ChartImage.png(stacked, 400, 300, 2)));
        assertThat(grouped.getWidth()).isEqualTo(800);
        ((ObjectNode) stacked.get("layout")).put("barmode", "stack");
        BufferedImage stack = ImageIO.read(new ByteArrayInputStream(ChartImage.png(stacked, 400, 300, 2)));
        assertThat(nonWhite(stack)).isNotEqualTo(nonWhite(grouped));
    }

    private static int nonWhite(BufferedImage image) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) != 0xffffff) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void roundTicks() {
        assertThat(ChartImage.ticks(0, 97, 5)).containsExactly(0, 20, 40, 60, 80, 100);
        assertThat(ChartImage.millis("2025-03-14")).isEqualTo(1741910400000.0);
        assertThat(ChartImage.millis("EU")).isNaN();
    }

    private static int pixelsNear(BufferedImage image, int rgb) {
        int n = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                int p = image.getRGB(x, y) & 0xffffff;
                if (Math.abs((p >> 16) - (rgb >> 16)) < 12 && Math.abs((p >> 8 & 0xff) - (rgb >> 8 & 0xff)) < 12
                        && Math.abs((p & 0xff) - (rgb & 0xff)) < 12) {
                    n++;
                }
            }
        }
        return n;
    }
}
