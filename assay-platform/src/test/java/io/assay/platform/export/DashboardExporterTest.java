package io.assay.platform.export;

import io.assay.engine.AssayException;
import io.assay.platform.audit.AuditService;
import io.assay.platform.auth.Principal;
import io.assay.platform.config.ConfigLoader;
import io.assay.platform.demo.DemoDashboard;
import io.assay.platform.demo.DemoService;
import io.assay.platform.report.Pdf;
import io.assay.platform.saved.Dashboard;
import io.assay.platform.saved.DashboardService;
import io.assay.platform.task.TaskContext;
import io.assay.platform.workspace.Workspace;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The demo's "Sales overview" exported as a real PDF and PNG, read back with PDFBox: its pages, its text (card titles, the
 * KPI's figure, the filter's value), its chart images and its fonts, all embedded. With {@code -Dassay.docs.images=DIR} it
 * also writes page 1 as {@code dashboard-pdf.png} there (the README's picture).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardExporterTest {

    private Workspace ws;
    private final Principal local = Principal.local();
    private Dashboard sales;

    @BeforeAll
    void start(@TempDir Path dir) {
        ws = Workspace.open(ConfigLoader.load(Map.of(), Optional.empty(), Map.of("data-dir", dir.resolve("data").toString())),
                new SimpleMeterRegistry());
        ws.generateDemo(local, DemoService.DEFAULT_SEED, 1, AuditService.Origin.NONE, TaskContext.silent());
        sales = ws.dashboards().list(local, Optional.of(DemoDashboard.NAME), Optional.empty(), 10).get(0);
    }

    @AfterAll
    void stop() {
        ws.close();
    }

    @Test
    void theSalesOverviewExportsAsAPdfWithItsCardsKpiChartsAndEmbeddedFonts(@TempDir Path tmp) throws Exception {
        byte[] pdf = ws.dashboardExports().export(local, sales.id(), Map.of("region", "Europe"), DashboardExporter.Format.PDF,
                AuditService.Origin.NONE);
        assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        DashboardService.Run run = ws.dashboards().run(local, sales.id(), Map.of("region", "Europe"), false, AuditService.Origin.NONE);
        double revenue = run.cards().stream().filter(c -> c.card().id().equals("revenue")).findFirst().orElseThrow()
                .kpi().orElseThrow().value().orElseThrow();
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertThat(doc.getNumberOfPages()).isBetween(1, 4);
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            String text = stripper.getText(doc);
            assertThat(text).contains("Sales overview", "Revenue, last month", "Revenue by region", "Orders per day", "Top products",
                    "region: Europe", "Page 1 of");
            assertThat(text).contains(io.assay.platform.report.HumanText.number(revenue));
            // The text card's Markdown: its words, not its asterisks.
            assertThat(text).contains("Sales overview of the demo shop").doesNotContain("**Sales overview**");
            // The table card's first product is on the page.
            Object topProduct = run.cards().stream().filter(c -> c.card().id().equals("products")).findFirst().orElseThrow()
                    .result().orElseThrow().rows().get(0).get(0);
            assertThat(text).contains(topProduct.toString());

            List<PDFont> fonts = new ArrayList<>();
            int images = 0;
            for (PDPage page : doc.getPages()) {
                PDResources res = page.getResources();
                for (COSName name : res.getFontNames()) {
                    fonts.add(res.getFont(name));
                }
                for (COSName name : res.getXObjectNames()) {
                    if (res.getXObject(name) instanceof PDImageXObject) {
                        images++;
                    }
                }
            }
            assertThat(images).as("the two chart cards' images").isGreaterThanOrEqualTo(2);
            assertThat(fonts).isNotEmpty();
            assertThat(fonts).allSatisfy(f -> {
                assertThat(f.isEmbedded()).as(f.getName() + " embedded").isTrue();
                assertThat(f.getName()).contains("DejaVuSans");
            });
        }
        List<BufferedImage> pages = Pdf.pages(pdf, 110);
        assertThat(pages.get(0).getWidth()).isGreaterThan(pages.get(0).getHeight()); // landscape
        Files.write(tmp.resolve("dashboard-pdf.png"), Pdf.png(pages.get(0)));
        String docs = System.getProperty("assay.docs.images");
        if (docs != null) {
            // The README's picture: the dashboard as it opens, every region.
            byte[] all = ws.dashboardExports().export(local, sales.id(), Map.of(), DashboardExporter.Format.PDF, AuditService.Origin.NONE);
            Files.write(Path.of(docs).resolve("dashboard-pdf.png"), Pdf.png(Pdf.pages(all, 110).get(0)));
        }
        assertThat(ws.audit().find(new AuditService.Filter(Optional.empty(), Optional.of("dashboard.export"), Optional.of(sales.id()),
                Optional.empty(), Optional.empty(), Optional.empty()), java.util.OptionalLong.empty(), 10))
                .anySatisfy(r -> assertThat(r.outcome()).isEqualTo("ok"));
    }

    @Test
    void thePngIsTheWholeDashboardOnOneImage() throws Exception {
        byte[] png = ws.dashboardExports().export(local, sales.id(), Map.of(), DashboardExporter.Format.PNG, AuditService.Origin.NONE);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        String docs = System.getProperty("assay.docs.images");
        if (docs != null) {
            Files.write(Path.of(docs).resolve("dashboard-export.png"), png);
        }
        assertThat(image).isNotNull();
        // 297 mm at 144 dpi across; tall enough for the 12 grid rows (62 CSS px each, 93 px at 144 dpi) and no more than the page.
        assertThat(image.getWidth()).isBetween(1650, 1720);
        assertThat(image.getHeight()).isBetween(12 * 93, 12 * 93 + 700);
        // The bottom rows of the image are not all white: it was cut to what was drawn.
        assertThat(nonWhiteRowsIn(image, image.getHeight() - 120, image.getHeight())).isPositive();
    }

    @Test
    void aFormatThatIsNeitherPdfNorPngIsRefusedNamingTheParameter() {
        AssayException e = catchThrowableOfType(AssayException.class, () -> DashboardExporter.Format.parse("svg"));
        assertThat(e.getMessage()).contains("'svg'");
        assertThat(e.details()).containsEntry("parameter", "format");
        assertThat(DashboardExporter.Format.parse(" PDF ")).isEqualTo(DashboardExporter.Format.PDF);
    }

    @Test
    void markdownIsEscapedBeforeItIsFormatted() {
        assertThat(MarkdownLite.xhtml("**bold** and *it* <script>x</script> & `a<b`"))
                .isEqualTo("<p><b>bold</b> and <i>it</i> &lt;script&gt;x&lt;/script&gt; &amp; <code>a&lt;b</code></p>");
        assertThat(MarkdownLite.xhtml("# Head\n- one\n- two\n\nafter")).isEqualTo("<p><b>Head</b></p><ul><li>one</li><li>two</li></ul><p>after</p>");
    }

    private static int nonWhiteRowsIn(BufferedImage image, int from, int to) {
        int rows = 0;
        for (int y = Math.max(0, from); y < to; y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) != 0xffffff) {
                    rows++;
                    break;
                }
            }
        }
        return rows;
    }
}
