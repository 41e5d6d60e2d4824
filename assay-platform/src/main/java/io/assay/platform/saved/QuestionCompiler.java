package io.assay.platform.saved;

import io.assay.engine.AssayException;
import io.assay.engine.ColumnType;
import io.assay.engine.Dialect;
import io.assay.engine.TimeGrain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link Question} as SQL of an engine's {@link Dialect}: identifiers quoted by the dialect, dates truncated and percentiles
 * taken the dialect's way, every filter value a bind parameter (converted to its column's type first), never pasted into the
 * text. Each field is checked against the dataset's columns, and a wrong one is named ({@code measures[1].column}).
 */
public final class QuestionCompiler {

    /** The SQL and the values of its {@code ?} in order. */
    public record Compiled(String sql, List<Object> params) {
        public Compiled {
            params = java.util.Collections.unmodifiableList(new ArrayList<>(params));
        }
    }

    private QuestionCompiler() {
    }

    /**
     * @param relation the dataset's relation as SQL may name it (quoted)
     * @param columns  the dataset's columns by name, in order
     */
    public static Compiled compile(Question q, String relation, Map<String, ColumnType> columns, Dialect dialect) {
        List<String> select = new ArrayList<>();
        List<String> group = new ArrayList<>();
        Set<String> aliases = new LinkedHashSet<>();
        int i = 0;
        for (Question.Dimension d : q.dimensions()) {
            String field = "dimensions[" + i++ + "]";
            ColumnType type = column(columns, d.column(), field + ".column");
            String expr = dialect.quoteIdentifier(d.column());
            if (d.grain() != Question.Grain.NONE) {
                if (!type.isTemporal()) {
                    throw Question.invalid(field + ".grain", "Column '" + d.column() + "' is " + type.nativeName()
                            + ", not a date or time: only dates and times have a grain (give none).");
                }
                expr = dialect.dateTrunc(TimeGrain.valueOf(d.grain().name()), expr);
            }
            alias(aliases, d.alias(), field);
            select.add(expr + " AS " + dialect.quoteIdentifier(d.alias()));
            group.add(expr);
        }
        i = 0;
        for (Question.Measure m : q.measures()) {
            String field = "measures[" + i++ + "]";
            String expr;
            if (m.column().isEmpty()) {
                expr = "count(*)";
            } else {
                ColumnType type = column(columns, m.column().get(), field + ".column");
                String c = dialect.quoteIdentifier(m.column().get());
                boolean numeric = type.isNumeric();
                switch (m.fn()) {
                    case COUNT -> expr = "count(" + c + ")";
                    case DISTINCT -> expr = "count(DISTINCT " + c + ")";
                    case MIN -> expr = "min(" + c + ")";
                    case MAX -> expr = "max(" + c + ")";
                    case SUM, AVG -> {
                        requireNumeric(numeric, m, type, field);
                        expr = m.fn().id() + "(" + c + ")";
                    }
                    default -> {
                        requireNumeric(numeric, m, type, field);
                        expr = dialect.quantile(c, m.fn().quantile());
                    }
                }
            }
            alias(aliases, m.alias(), field);
            select.add(expr + " AS " + dialect.quoteIdentifier(m.alias()));
        }
        List<Object> params = new ArrayList<>();
        List<String> where = new ArrayList<>();
        i = 0;
        for (Question.Filter f : q.filters()) {
            String field = "filters[" + i++ + "]";
            ColumnType type = column(columns, f.column(), field + ".column");
            String c = dialect.quoteIdentifier(f.column());
            switch (f.op()) {
                case IS_NULL -> where.add(c + " IS NULL");
                case NOT_NULL -> where.add(c + " IS NOT NULL");
                case CONTAINS -> {
                    String text = String.valueOf(f.values().get(0) instanceof BigDecimal b ? b.toPlainString() : f.values().get(0));
                    params.add("%" + text.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
                    where.add(dialect.castToText(c) + " LIKE " + dialect.castToText("?") + " ESCAPE '!'");
                }
                case IN -> {
                    List<String> marks = new ArrayList<>();
                    for (int j = 0; j < f.values().size(); j++) {
                        params.add(value(type, f.values().get(j), field + ".values[" + j + "]"));
                        marks.add(placeholder(type, dialect));
                    }
                    where.add(c + " IN (" + String.join(", ", marks) + ")");
                }
                case BETWEEN -> {
                    params.add(value(type, f.values().get(0), field + ".values[0]"));
                    params.add(value(type, f.values().get(1), field + ".values[1]"));
                    where.add(c + " BETWEEN " + placeholder(type, dialect) + " AND " + placeholder(type, dialect));
                }
                default -> {
                    params.add(value(type, f.values().get(0), field + ".values[0]"));
                    where.add(c + " " + (f.op() == Question.Op.NE ? "<>" : f.op().symbol) + " " + placeholder(type, dialect));
                }
            }
        }
        List<String> order = new ArrayList<>();
        i = 0;
        for (Question.Sort s : q.sort()) {
            String field = "sort[" + i++ + "]";
            if (!aliases.contains(s.column())) {
                throw AssayException.of(io.assay.engine.ErrorCode.INVALID_INPUT, "sort names '" + s.column() + "', which is not a column of "
                        + "the question's result.").hint("Sort by one of: " + String.join(", ", aliases) + ".")
                        .detail("parameter", field + ".column").build();
            }
            order.add(dialect.quoteIdentifier(s.column()) + (s.descending() ? " DESC" : " ASC"));
        }
        StringBuilder sql = new StringBuilder(q.measures().isEmpty() ? "SELECT DISTINCT " : "SELECT ").append(String.join(", ", select)).append("\nFROM ").append(relation);
        if (!where.isEmpty()) {
            sql.append("\nWHERE ").append(String.join("\n  AND ", where));
        }
        if (!group.isEmpty() && !q.measures().isEmpty()) {
            sql.append("\nGROUP BY ").append(String.join(", ", group));
        }
        if (order.isEmpty() && !group.isEmpty()) {
            // A stable answer: by the dimensions, in order.
            for (Question.Dimension d : q.dimensions()) {
                order.add(dialect.quoteIdentifier(d.alias()));
            }
        }
        if (!order.isEmpty()) {
            sql.append("\nORDER BY ").append(String.join(", ", order));
        }
        if (q.limit().isPresent()) {
            sql.append("\n").append(dialect.limitClause(q.limit().getAsLong()));
        }
        return new Compiled(sql.toString(), params);
    }

    private static void requireNumeric(boolean numeric, Question.Measure m, ColumnType type, String field) {
        if (!numeric) {
            throw Question.invalid(field + ".column", "A " + m.fn().id() + " measure takes a number column; '" + m.column().get() + "' is "
                    + type.nativeName() + ". Count it, or count its distinct values, instead.");
        }
    }

    private static void alias(Set<String> aliases, String alias, String field) {
        if (!aliases.add(alias)) {
            throw Question.invalid(field, "The question asks for '" + alias + "' twice.");
        }
    }

    private static ColumnType column(Map<String, ColumnType> columns, String name, String field) {
        ColumnType type = columns.get(name);
        if (type == null) {
            List<String> names = new ArrayList<>(columns.keySet());
            throw AssayException.of(io.assay.engine.ErrorCode.INVALID_INPUT, field + ": unknown column '" + name + "'.")
                    .hint("The dataset's columns: " + String.join(", ", names.subList(0, Math.min(40, names.size())))
                            + (names.size() > 40 ? ", …" : "") + ".")
                    .detail("parameter", field).build();
        }
        return type;
    }

    /** A filter's value as its column's type: numbers, dates (year-month-day), booleans, else text. */
    private static Object value(ColumnType type, Object v, String field) {
        QueryParameter.Type t = typeOf(type);
        try {
            return QueryParameter.optional("value", t).convert(v);
        } catch (AssayException e) {
            throw Question.invalid(field, field + ": " + e.getMessage().replace("Parameter 'value' is", "the column is"));
        }
    }

    private static String placeholder(ColumnType type, Dialect dialect) {
        return typeOf(type).cast(dialect);
    }

    private static QueryParameter.Type typeOf(ColumnType type) {
        if (type.isNumeric()) {
            return QueryParameter.Type.NUMBER;
        }
        if (type.isTemporal()) {
            return QueryParameter.Type.DATE;
        }
        if (type.kind() == ColumnType.Kind.BOOLEAN) {
            return QueryParameter.Type.BOOLEAN;
        }
        return QueryParameter.Type.TEXT;
    }

    /** The columns of a dataset description by name. */
    public static Map<String, ColumnType> columns(List<io.assay.platform.catalog.DatasetDescription.ColumnInfo> infos) {
        Map<String, ColumnType> out = new LinkedHashMap<>();
        infos.forEach(c -> out.put(c.name(), c.type()));
        return out;
    }
}
