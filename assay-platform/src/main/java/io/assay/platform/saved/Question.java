package io.assay.platform.saved;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A question built without SQL: a dataset, measures (an aggregate of a column), dimensions (a column, dates truncated to a
 * grain), filters, sort and limit. {@link QuestionCompiler} turns it into SQL of the engine's dialect, its values as bind
 * parameters. Parsed from the JSON the doors take, each wrong field named ({@code measures[1].fn}, say).
 */
public record Question(String dataset, List<Measure> measures, List<Dimension> dimensions, List<Filter> filters, List<Sort> sort,
                       OptionalLong limit) {

    /** The most rows a question may ask for. */
    public static final long MAX_LIMIT = 1_000_000;
    static final int MAX_ITEMS = 50;

    public Question {
        Objects.requireNonNull(dataset, "dataset");
        measures = List.copyOf(measures);
        dimensions = List.copyOf(dimensions);
        filters = List.copyOf(filters);
        sort = List.copyOf(sort);
    }

    /** The aggregate functions of a measure. */
    public enum Fn {
        COUNT, SUM, AVG, MIN, MAX, DISTINCT, P25, P50, P75, P90, P95, P99;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The quantile of a percentile function (0.25 for p25); NaN for the others. */
        public double quantile() {
            return name().startsWith("P") ? Integer.parseInt(name().substring(1)) / 100.0 : Double.NaN;
        }

        static Fn parse(String s, String field) {
            for (Fn f : values()) {
                if (f.id().equalsIgnoreCase(s == null ? "" : s.strip())) {
                    return f;
                }
            }
            throw invalid(field, "'" + s + "' is not a measure; give count, sum, avg, min, max, distinct, p25, p50, p75, p90, p95 or p99.");
        }
    }

    /** The time grains a date or time dimension is truncated to; {@code none} keeps its values. */
    public enum Grain {
        NONE, MINUTE, HOUR, DAY, WEEK, MONTH, QUARTER, YEAR;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Grain parse(String s, String field) {
            for (Grain g : values()) {
                if (g.id().equalsIgnoreCase(s == null ? "" : s.strip())) {
                    return g;
                }
            }
            throw invalid(field, "'" + s + "' is not a time grain; give none, minute, hour, day, week, month, quarter or year.");
        }
    }

    /** The comparisons of a filter, by the symbol or word the doors use. */
    public enum Op {
        EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="), IN("in"), BETWEEN("between"), CONTAINS("contains"),
        IS_NULL("is_null"), NOT_NULL("not_null");

        public final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        /** How many values the op takes: exactly this many, or at least one for {@code in} (-1). */
        int arity() {
            return switch (this) {
                case IS_NULL, NOT_NULL -> 0;
                case BETWEEN -> 2;
                case IN -> -1;
                default -> 1;
            };
        }

        static Op parse(String s, String field) {
            for (Op o : values()) {
                if (o.symbol.equalsIgnoreCase(s == null ? "" : s.strip())) {
                    return o;
                }
            }
            throw invalid(field, "'" + s + "' is not a filter; give =, !=, <, <=, >, >=, in, between, contains, is_null or not_null.");
        }
    }

    /** An aggregate; {@code count} may leave the column out (it counts rows). */
    public record Measure(Fn fn, Optional<String> column) {
        /** The name of its column in the result: {@code count}, {@code sum_amount}, {@code p90_amount}. */
        public String alias() {
            return column.map(c -> fn.id() + "_" + c).orElse(fn.id());
        }
    }

    /** A column to group by, dates truncated to {@code grain}. */
    public record Dimension(String column, Grain grain) {
        public String alias() {
            return grain == Grain.NONE ? column : column + "_" + grain.id();
        }
    }

    /** A condition on a column; values are JSON scalars, converted to the column's type and bound, never pasted. */
    public record Filter(String column, Op op, List<Object> values) {
        public Filter {
            values = java.util.Collections.unmodifiableList(new ArrayList<>(values));
        }
    }

    /** An order by a result column (a dimension's or measure's name). */
    public record Sort(String column, boolean descending) {
    }

    /** The question of a JSON object: {dataset, measures, dimensions, filters, sort, limit}; {@code prefix} names its fields. */
    public static Question parse(JsonNode q, String prefix) {
        if (q == null || !q.isObject()) {
            throw invalid(prefix.isEmpty() ? "question" : prefix, "A question is an object: {\"dataset\": \"sales\", \"measures\": "
                    + "[{\"fn\": \"sum\", \"column\": \"amount\"}], \"dimensions\": [{\"column\": \"day\", \"grain\": \"month\"}]}.");
        }
        String p = prefix.isEmpty() ? "" : prefix + ".";
        JsonNode d = q.get("dataset");
        if (d == null || !d.isTextual() || d.asText().isBlank()) {
            throw invalid(p + "dataset", "Name the dataset the question asks about.");
        }
        List<Measure> measures = new ArrayList<>();
        int i = 0;
        for (JsonNode m : array(q, p + "measures")) {
            String f = p + "measures[" + i++ + "]";
            Fn fn = Fn.parse(text(m, "fn", f + ".fn"), f + ".fn");
            Optional<String> column = optionalText(m, "column", f + ".column");
            if (column.isEmpty() && fn != Fn.COUNT) {
                throw invalid(f + ".column", "A " + fn.id() + " measure needs the column it aggregates.");
            }
            measures.add(new Measure(fn, column));
        }
        List<Dimension> dimensions = new ArrayList<>();
        i = 0;
        for (JsonNode m : array(q, p + "dimensions")) {
            String f = p + "dimensions[" + i++ + "]";
            String column = m.isTextual() ? m.asText() : text(m, "column", f + ".column");
            Grain grain = m.isObject() && m.hasNonNull("grain") ? Grain.parse(m.get("grain").asText(), f + ".grain") : Grain.NONE;
            dimensions.add(new Dimension(column, grain));
        }
        if (measures.isEmpty() && dimensions.isEmpty()) {
            throw invalid(p + "measures", "Ask for at least one measure or dimension, such as {\"fn\": \"count\"}.");
        }
        List<Filter> filters = new ArrayList<>();
        i = 0;
        for (JsonNode m : array(q, p + "filters")) {
            String f = p + "filters[" + i++ + "]";
            String column = text(m, "column", f + ".column");
            Op op = Op.parse(text(m, "op", f + ".op"), f + ".op");
            List<Object> values = new ArrayList<>();
            JsonNode v = m.get("values");
            if (v == null || v.isNull()) {
                v = m.get("value");
            }
            if (v != null && !v.isNull()) {
                if (v.isArray()) {
                    int j = 0;
                    for (JsonNode x : v) {
                        values.add(scalar(x, f + ".values[" + j++ + "]"));
                    }
                } else {
                    values.add(scalar(v, f + ".values"));
                }
            }
            int arity = op.arity();
            if (arity >= 0 && values.size() != arity || arity < 0 && values.isEmpty()) {
                throw invalid(f + ".values", "The filter " + op.symbol + " takes " + (arity == 0 ? "no values"
                        : arity < 0 ? "one value or more" : arity == 1 ? "one value" : "two values: from and to") + "; it was given "
                        + values.size() + ".");
            }
            if (values.size() > 1000) {
                throw invalid(f + ".values", "A filter takes at most 1000 values.");
            }
            filters.add(new Filter(column, op, values));
        }
        List<Sort> sort = new ArrayList<>();
        i = 0;
        for (JsonNode m : array(q, p + "sort")) {
            String f = p + "sort[" + i++ + "]";
            String column = m.isTextual() ? m.asText() : text(m, "column", f + ".column");
            String dir = m.isObject() && m.hasNonNull("direction") ? m.get("direction").asText().strip().toLowerCase(Locale.ROOT) : "asc";
            if (!dir.equals("asc") && !dir.equals("desc")) {
                throw invalid(f + ".direction", "'" + dir + "' is not a direction; give asc or desc.");
            }
            sort.add(new Sort(column, dir.equals("desc")));
        }
        OptionalLong limit = OptionalLong.empty();
        JsonNode l = q.get("limit");
        if (l != null && !l.isNull()) {
            if (!l.canConvertToLong() || !l.isIntegralNumber() || l.asLong() < 1 || l.asLong() > MAX_LIMIT) {
                throw invalid(p + "limit", "limit is a whole number from 1 to " + MAX_LIMIT + ".");
            }
            limit = OptionalLong.of(l.asLong());
        }
        return new Question(d.asText().strip(), measures, dimensions, filters, sort, limit);
    }

    private static List<JsonNode> array(JsonNode q, String field) {
        JsonNode a = q.get(field.substring(field.lastIndexOf('.') + 1));
        if (a == null || a.isNull()) {
            return List.of();
        }
        if (!a.isArray()) {
            throw invalid(field, field + " must be an array.");
        }
        if (a.size() > MAX_ITEMS) {
            throw invalid(field, "A question takes at most " + MAX_ITEMS + " " + field.substring(field.lastIndexOf('.') + 1) + ".");
        }
        List<JsonNode> out = new ArrayList<>();
        a.forEach(out::add);
        return out;
    }

    private static String text(JsonNode o, String name, String field) {
        JsonNode v = o == null || !o.isObject() ? null : o.get(name);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw invalid(field, field + " is required: " + (name.equals("column") ? "a column of the dataset." : "see the API documentation."));
        }
        return v.asText().strip();
    }

    private static Optional<String> optionalText(JsonNode o, String name, String field) {
        JsonNode v = o == null || !o.isObject() ? null : o.get(name);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw invalid(field, field + " must be text: a column of the dataset.");
        }
        return Optional.of(v.asText().strip()).filter(s -> !s.isEmpty());
    }

    private static Object scalar(JsonNode v, String field) {
        if (v.isNull()) {
            throw invalid(field, "A filter's value cannot be null: use is_null or not_null.");
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isNumber()) {
            return v.decimalValue();
        }
        if (v.isTextual()) {
            return v.asText();
        }
        throw invalid(field, field + " must be a string, number or boolean.");
    }

    static AssayException invalid(String field, String message) {
        return AssayException.of(ErrorCode.INVALID_INPUT, message).detail("parameter", field).build();
    }
}
