package io.assay.platform.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.assay.engine.AssayException;
import io.assay.engine.Column;
import io.assay.engine.ErrorCode;
import io.assay.platform.audit.AuditService;
import io.assay.platform.auth.Principal;
import io.assay.platform.report.ChartImage;
import io.assay.platform.report.HumanText;
import io.assay.platform.report.Pdf;
import io.assay.platform.saved.Dashboard;
import io.assay.platform.saved.DashboardService;
import io.assay.platform.saved.SavedChartService;

import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A dashboard as a PDF (A4 landscape pages) or one PNG image: its title, description and the filter values it ran with,
 * then its cards laid out by the grid (a chart as an image drawn by {@link ChartImage}, a table's rows, a KPI's value and
 * change, a text card's Markdown, a card's error in its place), in the DejaVu Sans font shipped in the jar. Cards that
 * overlap in rows keep together on one page. The dashboard is run first, as the caller, through the same service as a
 * run (so the rows are what the caller may read), and the export is audited.
 */
public final class DashboardExporter {

    /** What a dashboard is exported as. */
    public enum Format {
        PDF("pdf", "application/pdf"), PNG("png", "image/png");

        private final String extension;
        private final String mediaType;

        Format(String extension, String mediaType) {
            this.extension = extension;
            this.mediaType = mediaType;
        }

        public String extension() {
            return extension;
        }

        public String mediaType() {
            return mediaType;
        }

        /**
         * @throws AssayException INVALID_INPUT naming {@code format} when it is neither pdf nor png
         */
        public static Format parse(String s) {
            String v = s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
            for (Format f : values()) {
                if (f.extension.equals(v)) {
                    return f;
                }
            }
            throw AssayException.of(ErrorCode.INVALID_INPUT, "'" + s + "' is not an export format of a dashboard.")
                    .hint("Give pdf or png.").detail("parameter", "format").build();
        }
    }

    /** CSS pixels (1/96 inch) of one grid row, and of the gap between cards. */
    static final int ROW = 62;
    static final int GAP = 8;
    /** The page: A4 landscape with 10 mm margins, so 277 mm (1047 CSS px) of width for the 12 columns. */
    static final int CONTENT_WIDTH = 1047;
    /** The PNG's resolution: 1.5 pixels per CSS pixel. */
    static final float PNG_DPI = 144f;

    private final DashboardService dashboards;
    private final AuditService audit;
    private final Clock clock;

    public DashboardExporter(DashboardService dashboards, AuditService audit, Clock clock) {
        this.dashboards = Objects.requireNonNull(dashboards, "dashboards");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Runs the dashboard as the caller with these filter values (as {@link DashboardService#run} takes them) and renders it.
     * Audited as {@code dashboard.export}; each chart's run is audited as the caller's as in any run.
     */
    public byte[] export(Principal caller, String id, Map<String, ?> filters, Format format, AuditService.Origin origin) {
        AuditService.Event event = AuditService.event(caller, "dashboard.export").origin(origin).target(id).detail(format.extension());
        try {
            DashboardService.Run run = dashboards.run(caller, id, filters, false, origin);
            byte[] out = render(run, format, clock.instant(), caller.name());
            audit.record(event.about("dashboard '" + run.dashboard().name() + "'"));
            return out;
        } catch (AssayException e) {
            audit.record(event.failed(e));
            throw e;
        }
    }

    /**
     * {@link #export} into a file, written whole or not at all.
     *
     * @return the absolute path written
     * @throws AssayException INVALID_INPUT naming {@code out} when the file cannot be written
     */
    public java.nio.file.Path exportTo(Principal caller, String id, Map<String, ?> filters, Format format, java.nio.file.Path file,
                                       AuditService.Origin origin) {
        byte[] bytes = export(caller, id, filters, format, origin);
        try {
            return io.assay.platform.report.AtomicFiles.write(file, out -> out.write(bytes));
        } catch (java.io.IOException e) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "Could not write the export to " + file + ": " + e.getMessage())
                    .hint("Check that the folder is writable and has space.").detail("parameter", "out").cause(e).build();
        }
    }

    /** Opens a public link (checked and audited as {@link DashboardService#openPublic} does) and renders its dashboard. */
    public byte[] exportPublic(String token, Format format, AuditService.Origin origin) {
        DashboardService.Run run = dashboards.openPublic(token, origin);
        return render(run, format, clock.instant(), "a public link");
    }

    /** Renders a dashboard's run: a PDF, or a PNG of the whole dashboard on one image. */
    public static byte[] render(DashboardService.Run run, Format format, Instant at, String by) {
        if (format == Format.PDF) {
            return Pdf.render(xhtml(run, at, by, false));
        }
        byte[] pdf = Pdf.render(xhtml(run, at, by, true));
        BufferedImage page = Pdf.pages(pdf, PNG_DPI).get(0);
        return Pdf.png(Pdf.trimBottom(page, (int) (PNG_DPI / 96 * 24)));
    }

    /** The dashboard as an XHTML document for the PDF renderer: paged A4 landscape, or one page tall enough for all of it. */
    static String xhtml(DashboardService.Run run, Instant at, String by, boolean onePage) {
        Dashboard d = run.dashboard();
        List<List<DashboardService.CardResult>> bands = bands(run.cards());
        int gridHeight = 0;
        for (List<DashboardService.CardResult> band : bands) {
            gridHeight += bandRows(band) * ROW + GAP;
        }
        // One page for the PNG: the grid's height and ample room for the header (a long description), trimmed afterwards to what was drawn.
        String pageSize = onePage ? "297mm " + (int) Math.ceil((gridHeight + 1200) * 25.4 / 96) + "mm" : "A4 landscape";
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><title>").append(esc(d.name())).append("</title>")
                .append("<style>\n@page { size: ").append(pageSize).append("; margin: 10mm;");
        if (!onePage) {
            h.append(" @bottom-left { content: \"").append(css(d.name() + " · exported " + HumanText.dateTime(at) + " by " + by))
                    .append("\"; font-family: 'DejaVu Sans'; font-size: 7pt; color: #777; }")
                    .append(" @bottom-right { content: \"Page \" counter(page) \" of \" counter(pages); font-family: 'DejaVu Sans'; ")
                    .append("font-size: 7pt; color: #777; }");
        }
        h.append(" }\n").append(CSS).append("</style></head><body>\n");
        h.append("<h1>").append(esc(d.name())).append("</h1>\n");
        d.description().ifPresent(text -> h.append("<p class=\"muted\">").append(esc(text)).append("</p>\n"));
        if (!run.filters().isEmpty()) {
            h.append("<p class=\"filters\">");
            boolean first = true;
            for (Map.Entry<String, List<Object>> f : run.filters().entrySet()) {
                h.append(first ? "" : " &#160; ").append("<span class=\"filter\"><b>").append(esc(f.getKey())).append("</b>: ")
                        .append(esc(filterText(f.getValue()))).append("</span>");
                first = false;
            }
            h.append("</p>\n");
        }
        if (onePage) {
            h.append("<p class=\"muted small\">Exported ").append(esc(HumanText.dateTime(at))).append(" by ").append(esc(by)).append("</p>\n");
        }
        if (bands.isEmpty()) {
            h.append("<p class=\"muted\">This dashboard has no cards.</p>\n");
        }
        double colWidth = CONTENT_WIDTH / (double) Dashboard.GRID_COLUMNS;
        for (List<DashboardService.CardResult> band : bands) {
            int top = band.stream().mapToInt(c -> c.card().y()).min().orElse(0);
            int rows = bandRows(band);
            h.append("<div class=\"band\" style=\"height: ").append(rows * ROW).append("px\">\n");
            for (DashboardService.CardResult c : band) {
                Dashboard.Card card = c.card();
                int x = Math.max(0, Math.min(Dashboard.GRID_COLUMNS - 1, card.x()));
                int w = Math.max(1, Math.min(Dashboard.GRID_COLUMNS - x, card.w()));
                int left = (int) Math.round(x * colWidth);
                int width = (int) Math.round(w * colWidth) - GAP;
                int height = Math.max(1, card.h()) * ROW - GAP;
                h.append("<div class=\"card\" style=\"left: ").append(left).append("px; top: ").append((card.y() - top) * ROW)
                        .append("px; width: ").append(width).append("px; height: ").append(height).append("px\">");
                card(h, c, width - 2 * PAD, height - 2 * PAD);
                h.append("</div>\n");
            }
            h.append("</div>\n");
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    /** The padding inside a card's border, CSS px. */
    private static final int PAD = 8;
    private static final int TITLE = 20;
    private static final int TABLE_ROW = 18;

    private static void card(StringBuilder h, DashboardService.CardResult c, int width, int height) {
        Dashboard.Card card = c.card();
        String title = card.title().orElse("");
        int inner = height;
        if (!title.isEmpty()) {
            h.append("<div class=\"title\">").append(esc(title)).append("</div>");
            inner -= TITLE;
        }
        if (c.error().isPresent()) {
            h.append("<p class=\"error\">").append(esc(c.error().get().getMessage())).append("</p>");
            return;
        }
        switch (card.kind()) {
            case TEXT -> h.append("<div class=\"text\">").append(MarkdownLite.xhtml(card.markdown().orElse(""))).append("</div>");
            case KPI -> kpi(h, c.kpi().orElseThrow());
            case CHART -> {
                SavedChartService.ChartResult r = c.result().orElseThrow();
                if (r.figure().isPresent()) {
                    ObjectNode figure = r.figure().get().deepCopy();
                    if (!title.isEmpty() && figure.path("layout").isObject()) {
                        ((ObjectNode) figure.get("layout")).remove("title"); // the card's title stands above it
                    }
                    int w = Math.max(40, width);
                    int ht = Math.max(40, inner);
                    h.append("<img alt=\"").append(esc(title.isEmpty() ? "chart" : title)).append("\" style=\"width: ").append(w)
                            .append("px; height: ").append(ht).append("px\" src=\"").append(Pdf.dataUri(ChartImage.png(figure, w, ht, 2)))
                            .append("\"/>");
                } else {
                    table(h, r, inner);
                }
            }
        }
    }

    private static void kpi(StringBuilder h, DashboardService.Kpi k) {
        h.append("<div class=\"kpi\">").append(esc(k.value().map(HumanText::number).orElse("–"))).append("</div>");
        if (k.change().isEmpty()) {
            h.append("<div class=\"kpi-line muted\">").append(esc(k.column())).append("</div>");
        } else {
            double change = k.change().get();
            String arrow = change > 0 ? "▲" : change < 0 ? "▼" : "■";
            String css = change > 0 ? "up" : change < 0 ? "down" : "muted";
            h.append("<div class=\"kpi-line ").append(css).append("\">").append(arrow).append(' ')
                    .append(esc((change > 0 ? "+" : "") + HumanText.number(change)));
            k.changeRatio().ifPresent(r -> h.append(esc(" (" + (r > 0 ? "+" : "") + HumanText.number(100 * r) + "%)")));
            h.append("</div><div class=\"kpi-line muted\">").append(esc(k.column() + " · previous " + k.previous().map(HumanText::number).orElse("–")))
                    .append("</div>");
        }
    }

    /** A table card: as many rows as fit its height, then how many more there were. */
    private static void table(StringBuilder h, SavedChartService.ChartResult r, int height) {
        int fit = Math.max(1, (height - TABLE_ROW - 4) / TABLE_ROW);
        int shown = Math.min(r.rows().size(), r.rows().size() > fit ? fit - 1 : fit);
        h.append("<table><thead><tr>");
        for (Column col : r.columns()) {
            h.append("<th class=\"").append(col.type().isNumeric() ? "num" : "").append("\">").append(esc(col.name())).append("</th>");
        }
        h.append("</tr></thead><tbody>");
        for (List<Object> row : r.rows().subList(0, Math.max(0, shown))) {
            h.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                Object v = row.get(i);
                h.append("<td class=\"").append(v instanceof Number ? "num" : "").append("\">").append(esc(cell(v))).append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</tbody></table>");
        if (shown < r.rows().size() || r.truncated()) {
            h.append("<p class=\"muted small\">").append(esc((r.rows().size() - shown) + (r.truncated() ? " or more" : "") + " more rows"))
                    .append("</p>");
        }
        if (r.rows().isEmpty()) {
            h.append("<p class=\"muted\">No rows.</p>");
        }
    }

    /** Cards grouped into bands of rows: a band holds the cards whose rows overlap, so it is kept on one page. */
    static List<List<DashboardService.CardResult>> bands(List<DashboardService.CardResult> cards) {
        List<DashboardService.CardResult> sorted = new ArrayList<>(cards);
        sorted.sort(Comparator.comparingInt((DashboardService.CardResult c) -> c.card().y()).thenComparingInt(c -> c.card().x()));
        List<List<DashboardService.CardResult>> bands = new ArrayList<>();
        int bottom = Integer.MIN_VALUE;
        for (DashboardService.CardResult c : sorted) {
            if (bands.isEmpty() || c.card().y() >= bottom) {
                bands.add(new ArrayList<>());
            }
            bands.get(bands.size() - 1).add(c);
            bottom = Math.max(bottom, c.card().y() + Math.max(1, c.card().h()));
        }
        return bands;
    }

    private static int bandRows(List<DashboardService.CardResult> band) {
        int top = band.stream().mapToInt(c -> c.card().y()).min().orElse(0);
        return band.stream().mapToInt(c -> c.card().y() + Math.max(1, c.card().h())).max().orElse(top + 1) - top;
    }

    private static String filterText(List<Object> values) {
        List<String> parts = values.stream().map(v -> v == null ? "any" : cell(v)).toList();
        return String.join(" to ", parts);
    }

    private static String cell(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof BigDecimal b) {
            return HumanText.number(b.doubleValue());
        }
        if (v instanceof Double || v instanceof Float) {
            return HumanText.number(((Number) v).doubleValue());
        }
        if (v instanceof Number n) {
            return HumanText.count(n.longValue());
        }
        return v.toString();
    }

    /** Text escaped for XHTML content and attributes (what XML cannot hold at all, {@link Pdf#render} replaces). */
    static String esc(String s) {
        return Pdf.escape(s);
    }

    /** Text inside a CSS string. */
    private static String css(String s) {
        StringBuilder e = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                e.append('\\').append(c);
            } else if (c >= 0x20) {
                e.append(c);
            }
        }
        return esc(e.toString());
    }

    private static final String CSS = """
            body { font-family: 'DejaVu Sans'; font-size: 9pt; color: #222; margin: 0; }
            h1 { font-size: 17pt; margin: 0 0 4px 0; }
            p { margin: 2px 0 6px 0; }
            .muted { color: #666; }
            .small { font-size: 7.5pt; }
            .filters { margin-bottom: 10px; }
            .filter { background: #eef2f7; padding: 1px 6px; }
            .band { position: relative; width: 100%; margin-bottom: 8px; page-break-inside: avoid; }
            .card { position: absolute; box-sizing: border-box; border: 1px solid #d5d9e0; padding: 7px; overflow: hidden; }
            .title { font-weight: bold; font-size: 10pt; height: 20px; overflow: hidden; }
            .kpi { font-size: 21pt; font-weight: bold; line-height: 34px; }
            .kpi-line { line-height: 15px; }
            .up { color: #1a7f37; }
            .down { color: #c62828; }
            .error { color: #c62828; }
            .text p { margin: 0 0 4px 0; }
            table { border-collapse: collapse; width: 100%; font-size: 8pt; }
            th { text-align: left; border-bottom: 1px solid #999; padding: 2px 4px; line-height: 13px; }
            td { border-bottom: 1px solid #eee; padding: 2px 4px; line-height: 13px; }
            .num { text-align: right; }
            img { display: block; }
            code { font-family: 'DejaVu Sans'; background: #f1f1f1; }
            """;
}
