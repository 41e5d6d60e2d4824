package io.assay.platform.report;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.util.Diagnostic;
import com.openhtmltopdf.util.XRLog;
import com.openhtmltopdf.util.XRLogger;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.imageio.ImageIO;
import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.logging.Level;

/**
 * PDF from XHTML with openhtmltopdf (over Apache PDFBox), in the DejaVu Sans font shipped in the jar and embedded
 * (subset) into every document, so the output looks the same on any machine whatever fonts it has; and pages of a
 * PDF as PNG images with PDFBox's renderer. The same font draws the chart images ({@link #font(int, float)}).
 */
public final class Pdf {

    /** The one font family the documents use; its CSS name. */
    public static final String FONT_FAMILY = "DejaVu Sans";
    private static final String REGULAR = "fonts/DejaVuSans.ttf";
    private static final String BOLD = "fonts/DejaVuSans-Bold.ttf";
    private static final Logger LOG = LoggerFactory.getLogger(Pdf.class);

    static {
        // openhtmltopdf logs through java.util.logging at INFO by default, which would print on the terminal: its
        // warnings go to SLF4J instead, and its chatter nowhere.
        XRLog.setLoggerImpl(new XRLogger() {
            @Override
            public void log(String where, Level level, String msg) {
                if (level.intValue() >= Level.WARNING.intValue()) {
                    LOG.warn("{}: {}", where, msg);
                }
            }

            @Override
            public void log(String where, Level level, String msg, Throwable th) {
                if (level.intValue() >= Level.WARNING.intValue()) {
                    LOG.warn("{}: {}", where, msg, th);
                }
            }

            @Override
            public void setLevel(String logger, Level level) {
            }

            @Override
            public boolean isLogLevelEnabled(Diagnostic diagnostic) {
                return diagnostic.getLevel().intValue() >= Level.WARNING.intValue();
            }
        });
    }

    private Pdf() {
    }

    /**
     * Renders a well-formed XHTML document to PDF into {@code out} (left open). Characters XML 1.0 has no place for (control
     * characters other than tab and line breaks, unpaired surrogates) become U+FFFD, as the XLSX report shows them.
     */
    public static void render(String xhtml, OutputStream out) throws IOException {
        xhtml = xmlSafe(xhtml);
        PdfRendererBuilder builder = new PdfRendererBuilder();
        builder.useFastMode();
        builder.useFont(() -> resource(REGULAR), FONT_FAMILY, 400, BaseRendererBuilder.FontStyle.NORMAL, true);
        builder.useFont(() -> resource(BOLD), FONT_FAMILY, 700, BaseRendererBuilder.FontStyle.NORMAL, true);
        builder.withHtmlContent(xhtml, null);
        builder.withProducer("Assay");
        builder.toStream(out);
        builder.run();
    }

    /** Text escaped for the XHTML {@link #render} takes, as the HTML report escapes it. */
    public static String escape(String s) {
        return Html.escape(s);
    }

    static String xmlSafe(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok;
            if (Character.isHighSurrogate(c)) {
                ok = i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
                if (ok) {
                    if (out != null) {
                        out.append(c).append(s.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
            } else {
                ok = !Character.isLowSurrogate(c) && (c >= 0x20 && c != 0xFFFE && c != 0xFFFF || c == '\t' || c == '\n' || c == '\r');
            }
            if (!ok && out == null) {
                out = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (out != null) {
                out.append(ok ? c : '\uFFFD');
            }
        }
        return out == null ? s : out.toString();
    }

    /** Renders a well-formed XHTML document to PDF bytes. */
    public static byte[] render(String xhtml) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024);
        try {
            render(xhtml, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render the PDF", e);
        }
        return out.toByteArray();
    }

    /** Every page of a PDF as an image at {@code dpi} dots per inch. */
    public static List<BufferedImage> pages(byte[] pdf, float dpi) {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            PDFRenderer renderer = new PDFRenderer(doc);
            List<BufferedImage> out = new ArrayList<>();
            for (int i = 0; i < doc.getNumberOfPages(); i++) {
                out.add(renderer.renderImageWithDPI(i, dpi, ImageType.RGB));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the PDF back", e);
        }
    }

    /** An image as PNG bytes. */
    public static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** PNG bytes as a {@code data:} URI for an {@code <img>}. */
    public static String dataUri(byte[] png) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
    }

    /** The image cut to its content: trailing white rows below the last non-white one (plus {@code margin}) removed. */
    public static BufferedImage trimBottom(BufferedImage image, int margin) {
        int last = 0;
        for (int y = image.getHeight() - 1; y >= 0 && last == 0; y--) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) != 0xffffff) {
                    last = y;
                    break;
                }
            }
        }
        int height = Math.min(image.getHeight(), Math.max(1, last + 1 + margin));
        return image.getSubimage(0, 0, image.getWidth(), height);
    }

    /** DejaVu Sans from the jar in an AWT style ({@link Font#PLAIN} or {@link Font#BOLD}) and size, for drawing charts. */
    public static Font font(int style, float size) {
        return (style & Font.BOLD) != 0 ? Fonts.BOLD.deriveFont(size) : Fonts.REGULAR.deriveFont(size);
    }

    private static InputStream resource(String name) {
        InputStream in = Pdf.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("font missing from the class path: " + name);
        }
        return in;
    }

    /** The AWT fonts, loaded once. */
    private static final class Fonts {
        static final Font REGULAR = load(Pdf.REGULAR);
        static final Font BOLD = load(Pdf.BOLD);

        private static Font load(String name) {
            try (InputStream in = resource(name)) {
                return Font.createFont(Font.TRUETYPE_FONT, in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read font " + name, e);
            } catch (FontFormatException e) {
                throw new IllegalStateException("font " + name + " is not a TrueType font", e);
            }
        }
    }
}
