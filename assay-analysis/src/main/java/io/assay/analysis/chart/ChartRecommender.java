package io.assay.analysis.chart;

import io.assay.analysis.model.ColumnKind;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Chooses a chart for a query result from its columns' types alone: a line over time, bars by category, a
 * histogram, a scatter, a heatmap or a box plot, with the encodings (x, y, colour, aggregation) to draw it.
 * Pure logic: it never sees the rows, only each column's name, kind and (when the caller knows it) how many
 * distinct values it has.
 */
public final class ChartRecommender {

    /** A category with more distinct values than this is not drawn as bars or colours. */
    public static final long MAX_CATEGORIES = 50;
    /** A colour encoding with more distinct values than this would be unreadable. */
    public static final long MAX_COLORS = 12;

    /** The chart types, as Plotly draws them. */
    public enum Type {
        LINE, BAR, HISTOGRAM, SCATTER, HEATMAP, BOX, TABLE;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How the y values of rows that share an x (and colour) are combined. */
    public enum Aggregation {
        NONE, COUNT, SUM, AVG, MIN, MAX;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A result column: name, kind, and distinct non-null values when known. */
    public record Field(String name, ColumnKind kind, OptionalLong distinct) {
        public Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(distinct, "distinct");
        }

        public static Field of(String name, String engineType, OptionalLong distinct) {
            return new Field(name, kindOf(engineType), distinct);
        }

        boolean fewValues(long max) {
            return distinct.isEmpty() || distinct.getAsLong() <= max;
        }
    }

    /** What to draw: the type, its encodings (empty when unused), why, and the other types that fit. */
    public record Recommendation(Type type, Optional<String> x, Optional<String> y, Optional<String> color,
                                 Aggregation aggregation, String reason, List<Type> alternatives) {
    }

    private ChartRecommender() {
    }

    /** The chart for columns of these kinds; TABLE when nothing can be drawn (no columns, or only other kinds). */
    public static Recommendation recommend(List<Field> fields) {
        List<Field> temporal = of(fields, ColumnKind.TEMPORAL);
        List<Field> numeric = of(fields, ColumnKind.NUMERIC);
        List<Field> categories = new ArrayList<>();
        for (Field f : fields) {
            if ((f.kind() == ColumnKind.TEXT || f.kind() == ColumnKind.BOOLEAN) && f.fewValues(MAX_CATEGORIES)) {
                categories.add(f);
            }
        }
        Optional<String> color = categories.stream().filter(f -> f.fewValues(MAX_COLORS)).map(Field::name).findFirst();

        if (!temporal.isEmpty() && !numeric.isEmpty()) {
            return new Recommendation(Type.LINE, name(temporal.get(0)), name(numeric.get(0)), color,
                    color.isPresent() ? Aggregation.SUM : Aggregation.NONE,
                    "A time column and a measure: the measure over time" + (color.isPresent() ? ", one line per " + color.get() : "") + ".",
                    alternatives(Type.LINE, Type.BAR, Type.SCATTER));
        }
        if (!temporal.isEmpty()) {
            return new Recommendation(Type.HISTOGRAM, name(temporal.get(0)), Optional.empty(), color, Aggregation.COUNT,
                    "A time column without a measure: how many rows fall in each period.", alternatives(Type.HISTOGRAM, Type.LINE));
        }
        if (!categories.isEmpty() && !numeric.isEmpty()) {
            Field category = categories.get(0);
            if (categories.size() > 1 && categories.get(1).fewValues(MAX_COLORS)) {
                return new Recommendation(Type.BAR, name(category), name(numeric.get(0)), Optional.of(categories.get(1).name()), Aggregation.SUM,
                        "A measure by two categories: stacked bars of " + numeric.get(0).name() + " by " + category.name()
                                + " and " + categories.get(1).name() + ".", alternatives(Type.BAR, Type.HEATMAP, Type.BOX));
            }
            if (categories.size() > 1) {
                return new Recommendation(Type.HEATMAP, name(category), Optional.of(categories.get(1).name()), Optional.empty(), Aggregation.AVG,
                        "A measure by two categories: a grid of its average.", alternatives(Type.HEATMAP, Type.BAR, Type.BOX));
            }
            return new Recommendation(Type.BAR, name(category), name(numeric.get(0)), Optional.empty(), Aggregation.SUM,
                    "A category and a measure: " + numeric.get(0).name() + " by " + category.name() + ".",
                    alternatives(Type.BAR, Type.BOX, Type.SCATTER));
        }
        if (numeric.size() >= 2) {
            return new Recommendation(Type.SCATTER, name(numeric.get(0)), name(numeric.get(1)), color, Aggregation.NONE,
                    "Two measures: how " + numeric.get(1).name() + " goes with " + numeric.get(0).name() + ".",
                    alternatives(Type.SCATTER, Type.LINE, Type.HEATMAP, Type.HISTOGRAM));
        }
        if (numeric.size() == 1) {
            return new Recommendation(Type.HISTOGRAM, name(numeric.get(0)), Optional.empty(), color, Aggregation.COUNT,
                    "One measure: its distribution.", alternatives(Type.HISTOGRAM, Type.BOX));
        }
        if (categories.size() >= 2) {
            return new Recommendation(Type.HEATMAP, name(categories.get(0)), name(categories.get(1)), Optional.empty(), Aggregation.COUNT,
                    "Two categories: how many rows have each pair.", alternatives(Type.HEATMAP, Type.BAR));
        }
        if (categories.size() == 1) {
            return new Recommendation(Type.BAR, name(categories.get(0)), Optional.empty(), Optional.empty(), Aggregation.COUNT,
                    "One category: how many rows have each value.", alternatives(Type.BAR));
        }
        return new Recommendation(Type.TABLE, Optional.empty(), Optional.empty(), Optional.empty(), Aggregation.NONE,
                "No column to chart: only text with many distinct values, or no columns.", List.of(Type.TABLE));
    }

    /**
     * The kind of an engine type name as results show it (BIGINT, DECIMAL(18,3), TIMESTAMP WITH TIME ZONE,
     * VARCHAR, BOOLEAN...); OTHER for lists, structs, blobs and types it does not know.
     */
    public static ColumnKind kindOf(String engineType) {
        String t = engineType == null ? "" : engineType.trim().toUpperCase(Locale.ROOT);
        if (t.endsWith("[]") || t.startsWith("STRUCT") || t.startsWith("MAP") || t.startsWith("LIST") || t.startsWith("UNION")) {
            return ColumnKind.OTHER;
        }
        String base = t.replaceAll("\\(.*", "").trim();
        if (base.startsWith("TIMESTAMP") || base.equals("DATE") || base.equals("DATETIME") || base.startsWith("TIME")) {
            return ColumnKind.TEMPORAL;
        }
        if (base.startsWith("BOOL") || base.equals("BIT")) {
            return ColumnKind.BOOLEAN;
        }
        if (base.matches("(U?(TINY|SMALL|MEDIUM|BIG|HUGE)?INT(EGER)?\\d*( UNSIGNED)?|UHUGEINT|DECIMAL|NUMERIC|DOUBLE( PRECISION)?|FLOAT\\d*|REAL|SERIAL|BIGSERIAL)")) {
            return ColumnKind.NUMERIC;
        }
        if (base.contains("CHAR") || base.contains("TEXT") || base.equals("STRING") || base.equals("UUID") || base.equals("JSON")
                || base.equals("ENUM") || base.equals("NAME")) {
            return ColumnKind.TEXT;
        }
        return ColumnKind.OTHER;
    }

    private static List<Field> of(List<Field> fields, ColumnKind kind) {
        return fields.stream().filter(f -> f.kind() == kind).toList();
    }

    private static Optional<String> name(Field f) {
        return Optional.of(f.name());
    }

    private static List<Type> alternatives(Type... types) {
        return List.copyOf(new LinkedHashSet<>(List.of(types)));
    }
}
