package io.assay.platform.saved;

import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a saved chart draws its query's result: the chart type, the encodings (the column along x, the columns plotted on y,
 * and a column whose values split the data into series), the aggregation applied to y per x (and series) in the engine,
 * the colours of the traces and a title. Checked when made: a field that is wrong is named ({@code spec.x}, say).
 */
public record ChartSpec(Type type, Optional<String> x, List<String> y, Optional<String> series, Aggregation aggregation,
                        List<String> colors, Optional<String> title) {

    private static final Pattern COLOR = Pattern.compile("#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})");
    private static final int MAX_Y = 20;
    private static final int MAX_COLORS = 20;
    private static final int MAX_NAME = 128;
    private static final int MAX_TITLE = 200;

    /** The chart types. */
    public enum Type {
        BAR, LINE, AREA, SCATTER, PIE, TABLE;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Type parse(String s) {
            for (Type t : values()) {
                if (t.id().equalsIgnoreCase(s == null ? "" : s.strip())) {
                    return t;
                }
            }
            throw invalid("spec.type", "'" + s + "' is not a chart type; the types are bar, line, area, scatter, pie and table.");
        }
    }

    /** How y is aggregated per x (and series): {@code none} plots the rows as they are. */
    public enum Aggregation {
        NONE, SUM, AVG, COUNT, MIN, MAX;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Aggregation parse(String s) {
            for (Aggregation a : values()) {
                if (a.id().equalsIgnoreCase(s == null ? "" : s.strip())) {
                    return a;
                }
            }
            throw invalid("spec.aggregation", "'" + s + "' is not an aggregation; give none, sum, avg, count, min or max.");
        }
    }

    public ChartSpec {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(aggregation, "aggregation");
        x = x.map(String::strip).filter(s -> !s.isEmpty());
        series = series.map(String::strip).filter(s -> !s.isEmpty());
        title = title.map(String::strip).filter(s -> !s.isEmpty());
        y = List.copyOf(y);
        colors = List.copyOf(colors);
        if (type != Type.TABLE && x.isEmpty()) {
            throw invalid("spec.x", "A " + type.id() + " chart needs x: the column along its horizontal axis (or its labels, for a pie).");
        }
        if (type != Type.TABLE && y.isEmpty()) {
            throw invalid("spec.y", "A " + type.id() + " chart needs y: at least one numeric column to plot.");
        }
        if (y.size() > MAX_Y) {
            throw invalid("spec.y", "A chart plots at most " + MAX_Y + " columns on y.");
        }
        if (type == Type.PIE && (y.size() != 1 || series.isPresent())) {
            throw invalid("spec.y", "A pie chart takes exactly one y column and no series.");
        }
        if (series.isPresent() && y.size() != 1) {
            throw invalid("spec.series", "A chart split into series plots exactly one y column.");
        }
        if (aggregation != Aggregation.NONE && (type == Type.TABLE && x.isEmpty())) {
            throw invalid("spec.x", "An aggregation groups by x: give x.");
        }
        for (String name : x.map(List::of).orElse(List.of())) {
            checkName("spec.x", name);
        }
        for (String name : y) {
            checkName("spec.y", name);
        }
        series.ifPresent(s -> checkName("spec.series", s));
        if (colors.size() > MAX_COLORS) {
            throw invalid("spec.colors", "A chart takes at most " + MAX_COLORS + " colours.");
        }
        for (String c : colors) {
            if (c == null || !COLOR.matcher(c).matches()) {
                throw invalid("spec.colors", "'" + c + "' is not a colour: give #rgb or #rrggbb, such as #1f77b4.");
            }
        }
        if (title.filter(t -> t.length() > MAX_TITLE).isPresent()) {
            throw invalid("spec.title", "A chart's title is at most " + MAX_TITLE + " characters.");
        }
    }

    /** The columns the spec names (x, y, then series), for checking against a result. */
    public List<String> columns() {
        List<String> all = new java.util.ArrayList<>();
        x.ifPresent(all::add);
        all.addAll(y);
        series.ifPresent(all::add);
        return all;
    }

    private static void checkName(String field, String name) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME) {
            throw invalid(field, "Name a column of the result (1 to " + MAX_NAME + " characters).");
        }
    }

    static AssayException invalid(String field, String message) {
        return AssayException.of(ErrorCode.INVALID_INPUT, message).detail("parameter", field).build();
    }
}
