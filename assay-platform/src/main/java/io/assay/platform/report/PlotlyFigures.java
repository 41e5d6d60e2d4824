package io.assay.platform.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.assay.analysis.model.AnomalyInsight;
import io.assay.analysis.model.ColumnKind;
import io.assay.analysis.model.ColumnProfile;
import io.assay.analysis.model.Correlation;
import io.assay.analysis.model.Histogram;
import io.assay.analysis.model.SeriesInsight;
import io.assay.analysis.model.SeriesInsight.TimePoint;
import io.assay.analysis.model.TrendInsight;
import io.assay.analysis.model.ValueCount;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Plotly figures for an analysis: each an object with {@code data} (the traces) and {@code layout}, exactly as
 * Plotly takes them in JavaScript ({@code Plotly.newPlot(el, fig.data, fig.layout)}) and Python
 * ({@code plotly.io.from_json}). Used by the HTML report, and meant for the web UI and MCP as well.
 *
 * <p>Plotly reads a small subset of HTML in every label, title and hover text, so all text that comes from the
 * data is entity-escaped ({@link #label(String)}) and shows literally. Times are written in UTC as
 * {@code yyyy-MM-dd HH:mm:ss}, which Plotly's date axes read without shifting them to the viewer's zone.
 */
public final class PlotlyFigures {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final DateTimeFormatter PLOTLY_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private static final String BLUE = "#4c78a8";
    private static final String LIGHT_BLUE = "#9ecae9";
    private static final String ORANGE = "#f58518";
    private static final String RED = "#e45756";
    private static final String GREY = "#8c8c8c";

    private PlotlyFigures() {
    }

    /** The distribution of a numeric or temporal column, as bars over its precomputed bins; empty without bins. */
    public static Optional<ObjectNode> histogram(ColumnProfile column) {
        return column.histogram().map(h -> histogram(column.name(), column.kind() == ColumnKind.TEMPORAL, h));
    }

    private static ObjectNode histogram(String name, boolean temporal, Histogram histogram) {
        ArrayNode x = JSON.arrayNode();
        ArrayNode width = JSON.arrayNode();
        ArrayNode hover = JSON.arrayNode();
        List<Double> edges = histogram.edges();
        for (int i = 0; i < histogram.counts().size(); i++) {
            double from = edges.get(i);
            double to = edges.get(i + 1);
            long rows = histogram.counts().get(i);
            if (temporal) {
                x.add(time(epochSecondsToInstant((from + to) / 2)));
                width.add((to - from) * 1000);
                hover.add(time(epochSecondsToInstant(from)) + " – " + time(epochSecondsToInstant(to))
                        + "<br>" + HumanText.count(rows) + " rows");
            } else {
                x.add(tidy((from + to) / 2));
                width.add(tidy(to - from));
                hover.add(HumanText.number(from) + " – " + HumanText.number(to) + "<br>" + HumanText.count(rows) + " rows");
            }
        }
        ObjectNode bars = trace("bar").put("name", label(name));
        bars.set("x", x);
        bars.set("y", longs(histogram.counts()));
        bars.set("width", width);
        bars.set("hovertext", hover);
        bars.put("hoverinfo", "text");
        bars.set("marker", color(BLUE));
        ObjectNode layout = layout("Distribution of " + label(name), 260);
        ObjectNode xaxis = axis(label(name));
        if (temporal) {
            xaxis.put("type", "date");
        }
        layout.set("xaxis", xaxis);
        layout.set("yaxis", axis("rows"));
        layout.put("bargap", 0.02);
        return figure(layout, bars);
    }

    /** A column's commonest values as horizontal bars, the commonest on top; empty without top values. */
    public static Optional<ObjectNode> topValues(ColumnProfile column) {
        if (column.topValues().isEmpty()) {
            return Optional.empty();
        }
        ArrayNode x = JSON.arrayNode();
        ArrayNode y = JSON.arrayNode();
        ArrayNode hover = JSON.arrayNode();
        long rows = column.rows();
        for (ValueCount v : column.topValues()) {
            x.add(v.count());
            y.add(label(v.value()));
            hover.add(label(v.value()) + "<br>" + HumanText.count(v.count()) + " rows"
                    + (rows == 0 ? "" : " (" + HumanText.percent((double) v.count() / rows) + ")"));
        }
        ObjectNode bars = trace("bar").put("orientation", "h").put("name", label(column.name()));
        bars.set("x", x);
        bars.set("y", y);
        bars.set("hovertext", hover);
        bars.put("hoverinfo", "text");
        bars.set("marker", color(BLUE));
        ObjectNode layout = layout("Top values of " + label(column.name()), 80 + 24 * column.topValues().size());
        layout.set("xaxis", axis("rows"));
        layout.set("yaxis", axis("").put("type", "category").put("autorange", "reversed").put("automargin", true));
        return Optional.of(figure(layout, bars));
    }

    /** Missing values per column, NULLs and placeholders stacked; empty when no column misses any. */
    public static Optional<ObjectNode> missingValues(List<ColumnProfile> columns) {
        if (columns.stream().allMatch(c -> c.missing() + c.placeholders() == 0)) {
            return Optional.empty();
        }
        ArrayNode names = JSON.arrayNode();
        ArrayNode nulls = JSON.arrayNode();
        ArrayNode placeholders = JSON.arrayNode();
        ArrayNode hover = JSON.arrayNode();
        for (ColumnProfile c : columns) {
            names.add(label(c.name()));
            nulls.add(c.missing());
            placeholders.add(c.placeholders());
            hover.add(label(c.name()) + "<br>" + InsightText.missing(c));
        }
        ObjectNode nullBars = trace("bar").put("name", "NULL");
        nullBars.set("x", names);
        nullBars.set("y", nulls);
        nullBars.set("hovertext", hover);
        nullBars.put("hoverinfo", "text");
        nullBars.set("marker", color(BLUE));
        ObjectNode placeholderBars = trace("bar").put("name", "placeholders");
        placeholderBars.set("x", names.deepCopy());
        placeholderBars.set("y", placeholders);
        placeholderBars.set("hovertext", hover.deepCopy());
        placeholderBars.put("hoverinfo", "text");
        placeholderBars.set("marker", color(LIGHT_BLUE));
        ObjectNode layout = layout("Missing values per column", 300);
        layout.put("barmode", "stack").put("showlegend", true);
        layout.set("xaxis", axis("").put("type", "category").put("automargin", true));
        layout.set("yaxis", axis("rows"));
        return Optional.of(figure(layout, nullBars, placeholderBars));
    }

    /**
     * The correlations as a symmetric heatmap over the columns they name, -1 (red) to +1 (blue); pairs not
     * measured are gaps. Empty without correlations.
     */
    public static Optional<ObjectNode> correlations(List<Correlation> correlations) {
        if (correlations.isEmpty()) {
            return Optional.empty();
        }
        LinkedHashSet<String> names = new LinkedHashSet<>();
        correlations.forEach(c -> {
            names.add(c.left());
            names.add(c.right());
        });
        List<String> order = new ArrayList<>(names);
        int n = order.size();
        Double[][] z = new Double[n][n];
        String[][] hover = new String[n][n];
        for (int i = 0; i < n; i++) {
            z[i][i] = 1.0;
            hover[i][i] = label(order.get(i));
        }
        for (Correlation c : correlations) {
            int i = order.indexOf(c.left());
            int j = order.indexOf(c.right());
            String text = label(c.left()) + " × " + label(c.right()) + "<br>" + c.method() + " "
                    + HumanText.number(c.value());
            z[i][j] = c.value();
            z[j][i] = c.value();
            hover[i][j] = text;
            hover[j][i] = text;
        }
        ArrayNode labels = JSON.arrayNode();
        order.forEach(name -> labels.add(label(name)));
        ArrayNode zRows = JSON.arrayNode();
        ArrayNode hoverRows = JSON.arrayNode();
        for (int i = 0; i < n; i++) {
            ArrayNode zRow = zRows.addArray();
            ArrayNode hoverRow = hoverRows.addArray();
            for (int j = 0; j < n; j++) {
                if (z[i][j] == null || !Double.isFinite(z[i][j])) {
                    zRow.addNull();
                    hoverRow.add("");
                } else {
                    zRow.add(z[i][j]);
                    hoverRow.add(hover[i][j]);
                }
            }
        }
        ObjectNode heatmap = trace("heatmap");
        heatmap.set("x", labels);
        heatmap.set("y", labels.deepCopy());
        heatmap.set("z", zRows);
        heatmap.put("zmin", -1).put("zmax", 1).put("colorscale", "RdBu");
        heatmap.put("texttemplate", "%{z:.2f}");
        heatmap.set("hovertext", hoverRows);
        heatmap.put("hoverinfo", "text");
        ObjectNode layout = layout("Correlations", 120 + 40 * n);
        layout.set("xaxis", axis("").put("type", "category").put("automargin", true));
        layout.set("yaxis", axis("").put("type", "category").put("automargin", true).put("autorange", "reversed"));
        return Optional.of(figure(layout, heatmap));
    }

    /**
     * A measure over time: the series as a line, its Theil–Sen trend as a dashed line (through the median
     * intercept), and its anomalies as red markers whose hover text gives the value, the expected value and
     * the top contributors; a short grey tick marks each anomaly's expected value.
     */
    public static ObjectNode series(SeriesInsight series) {
        ArrayNode x = JSON.arrayNode();
        ArrayNode y = JSON.arrayNode();
        for (TimePoint p : series.points()) {
            x.add(time(p.at()));
            y.add(finite(p.value()));
        }
        List<ObjectNode> traces = new ArrayList<>();
        ObjectNode line = trace("scatter").put("mode", "lines").put("name", label(series.measure()));
        line.set("x", x);
        line.set("y", y);
        line.set("line", color(BLUE));
        traces.add(line);
        series.trend().flatMap(trend -> trendLine(series.points(), trend)).ifPresent(traces::add);
        if (!series.anomalies().isEmpty()) {
            traces.add(anomalyMarkers(series.anomalies()));
            traces.add(expectedMarkers(series.anomalies()));
        }
        ObjectNode layout = layout(label(series.measure()) + " over time", 320);
        layout.set("xaxis", axis("").put("type", "date"));
        layout.set("yaxis", axis(label(series.measure())));
        layout.put("showlegend", true);
        layout.set("legend", JSON.objectNode().put("orientation", "h").put("y", -0.2));
        return figure(layout, traces.toArray(ObjectNode[]::new));
    }

    private static Optional<ObjectNode> trendLine(List<TimePoint> points, TrendInsight trend) {
        if (points.size() < 2 || !Double.isFinite(trend.slopePerDay())) {
            return Optional.empty();
        }
        Instant first = points.get(0).at();
        Instant last = points.get(points.size() - 1).at();
        double intercept = median(points.stream()
                .mapToDouble(p -> p.value() - trend.slopePerDay() * days(first, p.at())).sorted().toArray());
        ObjectNode line = trace("scatter").put("mode", "lines").put("name", "trend (Theil–Sen)");
        line.set("x", JSON.arrayNode().add(time(first)).add(time(last)));
        line.set("y", JSON.arrayNode().add(intercept).add(intercept + trend.slopePerDay() * days(first, last)));
        line.set("line", color(ORANGE).put("dash", "dash"));
        line.put("hoverinfo", "skip");
        return Optional.of(line);
    }

    private static ObjectNode anomalyMarkers(List<AnomalyInsight> anomalies) {
        ArrayNode x = JSON.arrayNode();
        ArrayNode y = JSON.arrayNode();
        ArrayNode hover = JSON.arrayNode();
        for (AnomalyInsight a : anomalies) {
            x.add(time(a.at()));
            y.add(finite(a.value()));
            String contributors = InsightText.contributors(a, 3);
            hover.add(time(a.at()) + "<br>" + HumanText.number(a.value()) + " (expected "
                    + HumanText.number(a.expected()) + "; " + InsightText.deviation(a) + ")"
                    + (contributors.isEmpty() ? "" : "<br>top contributors: " + label(contributors)));
        }
        ObjectNode markers = trace("scatter").put("mode", "markers").put("name", "anomaly");
        markers.set("x", x);
        markers.set("y", y);
        markers.set("hovertext", hover);
        markers.put("hoverinfo", "text");
        markers.set("marker", color(RED).put("size", 11).put("symbol", "circle-open")
                .set("line", JSON.objectNode().put("width", 2)));
        return markers;
    }

    private static ObjectNode expectedMarkers(List<AnomalyInsight> anomalies) {
        ArrayNode x = JSON.arrayNode();
        ArrayNode y = JSON.arrayNode();
        for (AnomalyInsight a : anomalies) {
            x.add(time(a.at()));
            y.add(finite(a.expected()));
        }
        ObjectNode markers = trace("scatter").put("mode", "markers").put("name", "expected");
        markers.set("x", x);
        markers.set("y", y);
        markers.set("marker", color(GREY).put("size", 14).put("symbol", "line-ew")
                .set("line", JSON.objectNode().put("width", 2).put("color", GREY)));
        return markers;
    }

    /** How {@link #chart} draws its traces. */
    public enum ChartKind { LINE, BAR, SCATTER }

    /**
     * A chart of rows (a query's result): {@code x} along the horizontal axis (numbers, times as ISO text, or
     * categories) and one trace per {@code y} series, drawn as lines, bars or markers. A null value is a gap.
     *
     * @param timeAxis true when the x values are dates or times (ISO text)
     */
    public static ObjectNode chart(String title, ChartKind kind, String xName, List<Object> x, List<String> yNames,
                                   List<List<Double>> y, boolean timeAxis) {
        String[] colors = {BLUE, ORANGE, RED, "#72b7b2", "#54a24b", "#eeca3b", "#b279a2", GREY};
        List<ObjectNode> traces = new ArrayList<>();
        for (int i = 0; i < yNames.size(); i++) {
            ObjectNode t = trace(kind == ChartKind.BAR ? "bar" : "scatter").put("name", label(yNames.get(i)));
            if (kind != ChartKind.BAR) {
                t.put("mode", kind == ChartKind.LINE ? "lines" : "markers");
            }
            ArrayNode xs = JSON.arrayNode();
            for (Object v : x) {
                if (v == null) {
                    xs.addNull();
                } else if (v instanceof Number n && !timeAxis) {
                    xs.add(JSON.numberNode(n.doubleValue()));
                } else {
                    xs.add(label(v.toString()));
                }
            }
            ArrayNode ys = JSON.arrayNode();
            for (Double v : y.get(i)) {
                ys.add(v == null ? JSON.nullNode() : finite(v));
            }
            t.set("x", xs);
            t.set("y", ys);
            t.set(kind == ChartKind.LINE ? "line" : "marker", color(colors[i % colors.length]));
            traces.add(t);
        }
        ObjectNode layout = layout(label(title), 360);
        ObjectNode xaxis = axis(label(xName));
        if (timeAxis) {
            xaxis.put("type", "date");
        } else if (!x.isEmpty() && x.stream().noneMatch(v -> v instanceof Number)) {
            xaxis.put("type", "category");
        }
        layout.set("xaxis", xaxis);
        layout.set("yaxis", axis(yNames.size() == 1 ? label(yNames.get(0)) : ""));
        layout.put("showlegend", yNames.size() > 1);
        if (kind == ChartKind.BAR && yNames.size() > 1) {
            layout.put("barmode", "group");
        }
        return figure(layout, traces.toArray(ObjectNode[]::new));
    }

    /**
     * Text from the data made safe for Plotly's labels: {@code &}, {@code <} and {@code >} become the entities
     * Plotly decodes, so the text shows as written and never as markup.
     */
    public static String label(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static ObjectNode figure(ObjectNode layout, ObjectNode... traces) {
        ObjectNode figure = JSON.objectNode();
        ArrayNode data = figure.putArray("data");
        for (ObjectNode trace : traces) {
            data.add(trace);
        }
        figure.set("layout", layout);
        return figure;
    }

    private static ObjectNode trace(String type) {
        return JSON.objectNode().put("type", type);
    }

    private static ObjectNode layout(String title, int height) {
        ObjectNode layout = JSON.objectNode();
        layout.set("title", JSON.objectNode().put("text", title).put("x", 0).put("xanchor", "left"));
        layout.put("height", height);
        layout.set("margin", JSON.objectNode().put("l", 50).put("r", 20).put("t", 40).put("b", 40));
        layout.put("showlegend", false);
        return layout;
    }

    private static ObjectNode axis(String title) {
        ObjectNode axis = JSON.objectNode();
        if (!title.isEmpty()) {
            axis.set("title", JSON.objectNode().put("text", title));
        }
        return axis;
    }

    private static ObjectNode color(String color) {
        return JSON.objectNode().put("color", color);
    }

    private static ArrayNode longs(List<Long> values) {
        ArrayNode array = JSON.arrayNode();
        values.forEach(array::add);
        return array;
    }

    private static JsonNode finite(double value) {
        return Double.isFinite(value) ? JSON.numberNode(value) : JSON.nullNode();
    }

    /** Leaves out the floating-point noise of bin arithmetic: 3744.7000000000003 becomes 3744.7. */
    private static double tidy(double value) {
        return Double.isFinite(value)
                ? new BigDecimal(value).round(new MathContext(12, RoundingMode.HALF_EVEN)).doubleValue()
                : value;
    }

    private static String time(Instant at) {
        return PLOTLY_TIME.format(at);
    }

    private static Instant epochSecondsToInstant(double seconds) {
        return Instant.ofEpochMilli(Math.round(seconds * 1000));
    }

    private static double days(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 86_400_000.0;
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
