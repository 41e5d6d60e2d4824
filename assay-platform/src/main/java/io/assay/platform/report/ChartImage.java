package io.assay.platform.report;

import com.fasterxml.jackson.databind.JsonNode;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A PNG of a Plotly figure, drawn with Java2D (headless, no browser): its {@code scatter} traces as lines
 * and/or markers (filled down to zero for {@code fill: tozeroy}, an area) and its {@code bar} traces as grouped
 * bars, over a numeric, time or category x axis, with the title, axis ticks and a legend; or a {@code pie} trace
 * (a donut when it has a {@code hole}) with a legend of labels and shares. It draws what those traces say and
 * nothing more: hover text, shapes, annotations, subplots, log axes and other trace types are left out. Text is
 * in the DejaVu Sans shipped in the jar, so images look the same on any machine. Meant as a preview for clients
 * that show images and for the PDF exports; the figure JSON stays the full chart.
 */
public final class ChartImage {

    private static final Color AXIS = new Color(0x55, 0x55, 0x55);
    private static final Color GRID = new Color(0xe6, 0xe6, 0xe6);
    /** Plotly's default colour sequence, for pie slices that name no colours. */
    private static final String[] COLORWAY = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
            "#bcbd22", "#17becf"};

    private ChartImage() {
    }

    /** The figure as PNG bytes, {@code width} × {@code height} pixels. */
    public static byte[] png(JsonNode figure, int width, int height) {
        return png(figure, width, height, 1);
    }

    /**
     * The figure as PNG bytes laid out on {@code width} × {@code height} units and drawn at {@code scale} pixels a unit
     * (2 for a sharp image in a PDF, where the image is shown {@code width} CSS pixels wide).
     */
    public static byte[] png(JsonNode figure, int width, int height, int scale) {
        System.setProperty("java.awt.headless", "true");
        int s = Math.max(1, Math.min(4, scale));
        BufferedImage image = new BufferedImage(width * s, height * s, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.scale(s, s);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            draw(g, figure, width, height);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** One trace as drawn: its points (x as a number: value, epoch millis or category index), style and colour. */
    private record Trace(String name, boolean bar, boolean lines, boolean markers, boolean area, Color color, List<double[]> points) {
    }

    private static void draw(Graphics2D g, JsonNode figure, int width, int height) {
        JsonNode data = figure.path("data");
        for (JsonNode t : data) {
            if (t.path("type").asText("").equals("pie")) {
                pie(g, figure, t, width, height);
                return;
            }
        }
        String xType = figure.path("layout").path("xaxis").path("type").asText("");
        boolean time = xType.equals("date") || !xType.equals("category") && allTimes(data);
        boolean category = !time && (xType.equals("category") || !allNumbers(data));
        Map<String, Integer> categories = new LinkedHashMap<>();
        List<Trace> traces = new ArrayList<>();
        for (JsonNode t : data) {
            String type = t.path("type").asText("scatter");
            if (!type.equals("scatter") && !type.equals("bar")) {
                continue;
            }
            String mode = t.path("mode").asText("lines");
            List<double[]> points = new ArrayList<>();
            JsonNode xs = t.path("x");
            JsonNode ys = t.path("y");
            JsonNode widths = t.path("width");
            for (int i = 0; i < ys.size(); i++) {
                JsonNode xv = xs.path(i);
                JsonNode yv = ys.get(i);
                if (xv.isMissingNode() || xv.isNull() || yv == null || !yv.isNumber()) {
                    points.add(null);
                    continue;
                }
                double x = time ? millis(xv.asText()) : category ? categories.computeIfAbsent(xv.asText(), k -> categories.size())
                        : xv.asDouble();
                JsonNode wv = widths.isArray() ? widths.path(i) : widths;
                points.add(new double[] {x, yv.asDouble(), wv.isNumber() ? wv.asDouble() : Double.NaN});
            }
            String colour = t.path("marker").path("color").asText(t.path("line").path("color").asText("#4c78a8"));
            traces.add(new Trace(t.path("name").asText(""), type.equals("bar"), type.equals("scatter") && mode.contains("lines"),
                    type.equals("scatter") && mode.contains("markers"), type.equals("scatter") && t.path("fill").asText("").equals("tozeroy"),
                    parse(colour), points));
        }

        String title = figure.path("layout").path("title").path("text").asText("");
        Font base = Pdf.font(Font.PLAIN, 12);
        int left = 70;
        int right = 20;
        int top = title.isEmpty() ? 20 : 44;
        boolean legend = traces.size() > 1;
        int bottom = legend ? 64 : 44;
        int pw = width - left - right;
        int ph = height - top - bottom;

        double xmin = Double.POSITIVE_INFINITY, xmax = Double.NEGATIVE_INFINITY;
        double ymin = Double.POSITIVE_INFINITY, ymax = Double.NEGATIVE_INFINITY;
        boolean anyBar = traces.stream().anyMatch(Trace::bar);
        boolean stack = figure.path("layout").path("barmode").asText("").equals("stack");
        double bargap = Math.max(0, Math.min(0.9, figure.path("layout").path("bargap").asDouble(0.2)));
        java.util.TreeSet<Double> barXs = new java.util.TreeSet<>();
        Map<Double, double[]> stacked = new java.util.HashMap<>();
        for (Trace t : traces) {
            for (double[] p : t.points()) {
                if (p != null && Double.isFinite(p[1])) {
                    xmin = Math.min(xmin, p[0]);
                    xmax = Math.max(xmax, p[0]);
                    ymin = Math.min(ymin, p[1]);
                    ymax = Math.max(ymax, p[1]);
                    if (t.bar()) {
                        barXs.add(p[0]);
                        if (stack) {
                            double[] sums = stacked.computeIfAbsent(p[0], k -> new double[2]);
                            sums[p[1] >= 0 ? 0 : 1] += p[1];
                            ymax = Math.max(ymax, sums[0]);
                            ymin = Math.min(ymin, sums[1]);
                        }
                    }
                }
            }
        }
        // A bar slot's width in x units: one category; else the widths the trace gives, or the least gap between bars.
        double slotUnits = 1;
        if (!category && anyBar) {
            double given = traces.stream().filter(Trace::bar).flatMap(t -> t.points().stream())
                    .filter(p -> p != null && Double.isFinite(p[2]) && p[2] > 0).mapToDouble(p -> p[2]).max().orElse(Double.NaN);
            double gap = Double.POSITIVE_INFINITY;
            Double previous = null;
            for (double x : barXs) {
                if (previous != null && x > previous) {
                    gap = Math.min(gap, x - previous);
                }
                previous = x;
            }
            slotUnits = Double.isFinite(given) ? given : Double.isFinite(gap) ? gap : time ? 86_400_000d : 1;
        }
        g.setFont(base.deriveFont(Font.BOLD, 15f));
        g.setColor(Color.DARK_GRAY);
        g.drawString(plain(title), left, 26);
        g.setFont(base);
        if (!Double.isFinite(xmin)) {
            g.drawString("no data", left + pw / 2 - 20, top + ph / 2);
            return;
        }
        boolean anyArea = traces.stream().anyMatch(Trace::area);
        if (anyArea) {
            ymin = Math.min(0, ymin);
            ymax = Math.max(0, ymax);
        }
        if (anyBar || category) {
            double pad = anyBar ? slotUnits / 2 : 0.5;
            xmin -= pad;
            xmax += pad;
            ymin = Math.min(0, ymin);
            ymax = Math.max(0, ymax);
        }
        if (xmax == xmin) {
            xmin -= 1;
            xmax += 1;
        }
        double[] yTicks = ticks(ymin, ymax, 5);
        ymin = Math.min(ymin, yTicks[0]);
        ymax = Math.max(ymax, yTicks[yTicks.length - 1]);
        if (ymax == ymin) {
            ymax = ymin + 1;
        }
        final double x0 = xmin, x1 = xmax, y0 = ymin, y1 = ymax;
        java.util.function.DoubleUnaryOperator sx = x -> left + (x - x0) / (x1 - x0) * pw;
        java.util.function.DoubleUnaryOperator sy = y -> top + ph - (y - y0) / (y1 - y0) * ph;

        FontMetrics fm = g.getFontMetrics();
        for (double t : yTicks) {
            int y = (int) Math.round(sy.applyAsDouble(t));
            g.setColor(GRID);
            g.drawLine(left, y, left + pw, y);
            g.setColor(AXIS);
            String label = HumanText.number(t);
            g.drawString(label, left - 6 - fm.stringWidth(label), y + 4);
        }
        g.setColor(AXIS);
        g.drawLine(left, top + ph, left + pw, top + ph);
        g.drawLine(left, top, left, top + ph);
        // X ticks: categories (thinned to fit), or five evenly spaced values.
        if (category) {
            List<String> names = new ArrayList<>(categories.keySet());
            int step = Math.max(1, (int) Math.ceil(names.size() / (pw / 70.0)));
            for (int i = 0; i < names.size(); i += step) {
                String label = abbreviate(plain(names.get(i)), Math.max(8, (int) (pw / Math.max(1.0, Math.ceil(names.size() / (double) step)) / 7.5)));
                int x = (int) Math.round(sx.applyAsDouble(i));
                g.drawString(label, x - fm.stringWidth(label) / 2, top + ph + 16);
            }
        } else {
            int intervals = Math.max(2, Math.min(4, pw / 120));
            for (int i = 0; i <= intervals; i++) {
                double v = x0 + (x1 - x0) * i / intervals;
                String label = time ? timeLabel(v, x1 - x0) : HumanText.number(v);
                int x = (int) Math.round(sx.applyAsDouble(v));
                g.drawLine(x, top + ph, x, top + ph + 4);
                g.drawString(label, Math.max(0, Math.min(width - 4 - fm.stringWidth(label), x - fm.stringWidth(label) / 2)), top + ph + 18);
            }
        }

        long bars = stack ? 1 : traces.stream().filter(Trace::bar).count();
        int barIndex = 0;
        double pxPerUnit = pw / (x1 - x0);
        Map<Double, double[]> stackBase = new java.util.HashMap<>();
        for (Trace t : traces) {
            g.setColor(t.color());
            if (t.bar()) {
                for (double[] p : t.points()) {
                    if (p == null || !Double.isFinite(p[1])) {
                        continue;
                    }
                    double units = Double.isFinite(p[2]) && p[2] > 0 ? p[2] : slotUnits;
                    double slot = Math.max(1, units * pxPerUnit * (1 - bargap));
                    double w = slot / bars;
                    double cx = sx.applyAsDouble(p[0]) - slot / 2 + barIndex * w;
                    double from = 0;
                    if (stack) {
                        double[] b = stackBase.computeIfAbsent(p[0], k -> new double[2]);
                        int side = p[1] >= 0 ? 0 : 1;
                        from = b[side];
                        b[side] += p[1];
                    }
                    double yTop = sy.applyAsDouble(Math.max(from, from + p[1]));
                    double yBottom = sy.applyAsDouble(Math.min(from, from + p[1]));
                    g.fill(new java.awt.geom.Rectangle2D.Double(cx, yTop, Math.max(1, w - (w > 3 ? 1 : 0)), Math.max(1, yBottom - yTop)));
                }
                if (!stack) {
                    barIndex++;
                }
                continue;
            }
            if (t.area()) {
                // Each unbroken run of points, closed down to zero, filled in the trace's colour made translucent.
                g.setColor(new Color(t.color().getRed(), t.color().getGreen(), t.color().getBlue(), 90));
                double zero = sy.applyAsDouble(0);
                List<double[]> run = new ArrayList<>();
                for (int i = 0; i <= t.points().size(); i++) {
                    double[] p = i < t.points().size() ? t.points().get(i) : null;
                    if (p != null) {
                        run.add(p);
                        continue;
                    }
                    if (!run.isEmpty()) {
                        Path2D fill = new Path2D.Double();
                        fill.moveTo(sx.applyAsDouble(run.get(0)[0]), zero);
                        for (double[] q : run) {
                            fill.lineTo(sx.applyAsDouble(q[0]), sy.applyAsDouble(q[1]));
                        }
                        fill.lineTo(sx.applyAsDouble(run.get(run.size() - 1)[0]), zero);
                        fill.closePath();
                        g.fill(fill);
                        run.clear();
                    }
                }
                g.setColor(t.color());
            }
            if (t.lines()) {
                g.setStroke(new BasicStroke(1.8f));
                Path2D path = new Path2D.Double();
                boolean pen = false;
                for (double[] p : t.points()) {
                    if (p == null) {
                        pen = false;
                        continue;
                    }
                    double x = sx.applyAsDouble(p[0]);
                    double y = sy.applyAsDouble(p[1]);
                    if (pen) {
                        path.lineTo(x, y);
                    } else {
                        path.moveTo(x, y);
                        pen = true;
                    }
                }
                g.draw(path);
            }
            if (t.markers()) {
                g.setStroke(new BasicStroke(2f));
                for (double[] p : t.points()) {
                    if (p != null) {
                        double x = sx.applyAsDouble(p[0]);
                        double y = sy.applyAsDouble(p[1]);
                        g.draw(new Ellipse2D.Double(x - 5, y - 5, 10, 10));
                    }
                }
            }
        }
        if (legend) {
            g.setStroke(new BasicStroke(3f));
            int x = left;
            int y = height - 16;
            for (Trace t : traces) {
                g.setColor(t.color());
                if (t.markers() && !t.lines() && !t.bar()) {
                    g.setStroke(new BasicStroke(2f));
                    g.draw(new Ellipse2D.Double(x + 4, y - 9, 10, 10));
                    g.setStroke(new BasicStroke(3f));
                } else {
                    g.draw(new Line2D.Double(x, y - 4, x + 18, y - 4));
                }
                g.setColor(AXIS);
                String name = abbreviate(plain(t.name()), 24);
                g.drawString(name, x + 22, y);
                x += 22 + fm.stringWidth(name) + 16;
            }
        }
    }

    /** A pie (a donut when the trace has a hole): slices clockwise from twelve o'clock, a legend of labels and shares beside it. */
    private static void pie(Graphics2D g, JsonNode figure, JsonNode t, int width, int height) {
        String title = figure.path("layout").path("title").path("text").asText("");
        Font base = Pdf.font(Font.PLAIN, 12);
        g.setFont(base.deriveFont(Font.BOLD, 15f));
        g.setColor(Color.DARK_GRAY);
        g.drawString(plain(title), 20, 26);
        g.setFont(base);
        JsonNode labels = t.path("labels");
        JsonNode values = t.path("values");
        JsonNode colors = t.path("marker").path("colors");
        List<String> names = new ArrayList<>();
        List<Double> shares = new ArrayList<>();
        double total = 0;
        for (int i = 0; i < values.size(); i++) {
            double v = values.get(i).isNumber() ? Math.max(0, values.get(i).asDouble()) : 0;
            names.add(labels.path(i).asText(Integer.toString(i + 1)));
            shares.add(v);
            total += v;
        }
        int top = title.isEmpty() ? 16 : 40;
        int legendWidth = Math.min(260, width / 3);
        int size = Math.max(20, Math.min(width - legendWidth - 40, height - top - 16));
        int cx = 20 + size / 2;
        int cy = top + (height - top - 16) / 2;
        if (total <= 0) {
            g.drawString("no data", cx - 20, cy);
            return;
        }
        double start = 90;
        for (int i = 0; i < shares.size(); i++) {
            double extent = -360.0 * shares.get(i) / total;
            g.setColor(sliceColor(colors, i));
            g.fill(new java.awt.geom.Arc2D.Double(cx - size / 2.0, cy - size / 2.0, size, size, start, extent, java.awt.geom.Arc2D.PIE));
            start += extent;
        }
        double hole = Math.max(0, Math.min(0.9, t.path("hole").asDouble(0)));
        if (hole > 0) {
            g.setColor(Color.WHITE);
            double d = size * hole;
            g.fill(new Ellipse2D.Double(cx - d / 2, cy - d / 2, d, d));
        }
        int lx = 20 + size + 24;
        int rows = Math.max(1, (height - top - 8) / 18);
        for (int i = 0; i < names.size() && i < rows; i++) {
            int y = top + 14 + i * 18;
            g.setColor(sliceColor(colors, i));
            g.fillRect(lx, y - 10, 12, 12);
            g.setColor(AXIS);
            String label = i == rows - 1 && names.size() > rows ? "… " + (names.size() - i) + " more"
                    : abbreviate(plain(names.get(i)), 22) + "  " + HumanText.number(100 * shares.get(i) / total) + "%";
            g.drawString(label, lx + 18, y);
        }
    }

    private static Color sliceColor(JsonNode colors, int i) {
        return parse(colors.isArray() && colors.size() > 0 ? colors.get(i % colors.size()).asText() : COLORWAY[i % COLORWAY.length]);
    }

    private static boolean allNumbers(JsonNode data) {
        for (JsonNode t : data) {
            for (JsonNode x : t.path("x")) {
                if (!x.isNull() && !x.isNumber()) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean allTimes(JsonNode data) {
        boolean any = false;
        for (JsonNode t : data) {
            for (JsonNode x : t.path("x")) {
                if (x.isNull()) {
                    continue;
                }
                if (!x.isTextual() || Double.isNaN(millis(x.asText()))) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }

    /** Epoch millis of ISO date or date-time text (Plotly's "2025-03-14 00:00:00" too), NaN when it is neither. */
    static double millis(String text) {
        String t = text.trim().replace(' ', 'T');
        try {
            if (t.length() == 10) {
                return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            if (t.endsWith("Z") || t.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return java.time.OffsetDateTime.parse(t).toInstant().toEpochMilli();
            }
            return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            return Double.NaN;
        }
    }

    private static String timeLabel(double millis, double spanMillis) {
        Instant at = Instant.ofEpochMilli((long) millis);
        String iso = at.toString();
        return spanMillis > 3L * 86_400_000 ? iso.substring(0, 10) : iso.substring(0, 16).replace('T', ' ');
    }

    /** About {@code n} round tick values covering [lo, hi]. */
    static double[] ticks(double lo, double hi, int n) {
        if (hi == lo) {
            return new double[] {lo};
        }
        double raw = (hi - lo) / n;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = mag * (raw / mag < 1.5 ? 1 : raw / mag < 3 ? 2 : raw / mag < 7 ? 5 : 10);
        double start = Math.floor(lo / step) * step;
        double end = Math.ceil(hi / step) * step;
        int count = (int) Math.round((end - start) / step) + 1;
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = start + i * step;
        }
        return out;
    }

    private static Color parse(String colour) {
        try {
            return Color.decode(colour.trim().toLowerCase(Locale.ROOT));
        } catch (NumberFormatException e) {
            return new Color(0x4c, 0x78, 0xa8);
        }
    }

    /** Plotly label text back to plain text (the figure escapes &, < and >). */
    private static String plain(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").replace("<br>", " ");
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
