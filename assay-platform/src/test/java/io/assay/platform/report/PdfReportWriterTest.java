package io.assay.platform.report;

import io.assay.analysis.model.AnalysisResult;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The analysis report as a real PDF, read back with PDFBox: its sections' text, its charts as images, its fonts embedded, and
 * text from the data (even markup) shown as the text it is. With {@code -Dassay.docs.images=DIR} it also writes page 1 as
 * {@code report-pdf.png} there.
 */
class PdfReportWriterTest {

    @Test
    void theReportIsAPdfWithItsSectionsChartsAsImagesAndEmbeddedFonts(@TempDir Path tmp) throws Exception {
        AnalysisResult orders = ReportFixtures.orders();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PdfReportWriter(ReportFixtures.CLOCK).write(orders, out);
        byte[] pdf = out.toByteArray();
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertThat(doc.getNumberOfPages()).isGreaterThanOrEqualTo(2);
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            String text = stripper.getText(doc);
            assertThat(text).contains(orders.dataset(), "Findings", "Columns", "Table", "Quality score", "Page 1 of");
            orders.columns().forEach(c -> assertThat(text).contains(c.name()));
            orders.findings().forEach(f -> assertThat(text.replaceAll("\\s+", " ")).contains(f.title().replaceAll("\\s+", " ")));
            orders.insights().ifPresent(i -> {
                assertThat(text).contains("Insights over time");
                i.series().forEach(s -> assertThat(text).contains(s.measure()));
            });
            orders.sections().forEach(s -> assertThat(text).contains(s.title()));

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
            assertThat(images).as("histograms, missing values and the series over time").isGreaterThanOrEqualTo(3);
            assertThat(fonts).isNotEmpty().allSatisfy(f -> {
                assertThat(f.isEmbedded()).as(f.getName()).isTrue();
                assertThat(f.getName()).contains("DejaVuSans");
            });
        }
        BufferedImage page1 = Pdf.pages(pdf, 110).get(0);
        assertThat(page1.getHeight()).isGreaterThan(page1.getWidth()); // A4 portrait
        Files.write(tmp.resolve("report-pdf.png"), Pdf.png(page1));
        String docs = System.getProperty("assay.docs.images");
        if (docs != null) {
            Files.write(Path.of(docs).resolve("report-pdf.png"), Pdf.png(page1));
            List<BufferedImage> pages = Pdf.pages(pdf, 80);
            for (int i = 1; i < pages.size(); i++) {
                Files.write(Path.of(docs).resolve("report-pdf-page" + (i + 1) + ".png"), Pdf.png(pages.get(i)));
            }
        }
    }

    @Test
    void textFromTheDataThatLooksLikeMarkupIsShownAsText() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PdfReportWriter(ReportFixtures.CLOCK).write(ReportFixtures.hostile(), out);
        try (PDDocument doc = Loader.loadPDF(out.toByteArray())) {
            String text = new PDFTextStripper().getText(doc).replaceAll("\\s+", "");
            assertThat(text).contains(ReportFixtures.HOSTILE_NAME.replaceAll("\\s+", ""));
        }
    }

    @Test
    void reportsWritesAPdfForAPdfFileName(@TempDir Path tmp) throws Exception {
        Path file = new Reports(ReportFixtures.CLOCK).write(ReportFixtures.orders(), tmp.resolve("orders.pdf"));
        assertThat(Files.readAllBytes(file)).startsWith('%', 'P', 'D', 'F', '-');
        assertThat(ReportFormat.PDF.mediaType()).isEqualTo("application/pdf");
        assertThat(ReportFormat.PDF.writtenWithRun()).isFalse();
    }
}
