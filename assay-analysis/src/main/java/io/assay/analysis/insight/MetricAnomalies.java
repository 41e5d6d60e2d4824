package io.assay.analysis.insight;

import io.assay.analysis.model.AnomalyInsight;
import io.assay.analysis.model.SeriesInsight;
import io.assay.analysis.timeseries.Anomaly;
import io.assay.analysis.timeseries.AnomalyDetector;
import io.assay.analysis.timeseries.Series;
import io.assay.analysis.timeseries.TimeSeriesInsights;
import io.assay.engine.AssayException;
import io.assay.engine.Column;
import io.assay.engine.ColumnType;
import io.assay.engine.Dialect;
import io.assay.engine.ErrorCode;
import io.assay.engine.QueryOptions;
import io.assay.engine.RowStream;
import io.assay.engine.Session;
import io.assay.engine.SqlStatement;
import io.assay.engine.TimeGrain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Anomalies in one metric a caller names: a measure (rows, or the sum or mean of a numeric column) over a
 * time column, at a grain (or the finest one the span allows), of the rows a filter keeps. The engine
 * aggregates the buckets in one grouped query; the series goes through the same detector as the full
 * analysis; the strongest anomalies are explained by the category values that moved most with them.
 * Every column is checked against the relation's columns and quoted by the dialect; every filter value is
 * a bind parameter.
 */
public final class MetricAnomalies {

    /** How a measure is aggregated per bucket. */
    public enum Aggregate { COUNT, SUM, AVG }

    /** A filter condition's comparison. */
    public enum Op {
        EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">="), IN("IN"), IS_NULL("IS NULL"), NOT_NULL("IS NOT NULL");

        final String sql;

        Op(String sql) {
            this.sql = sql;
        }

        /** Parses {@code =, !=, <>, <, <=, >, >=, in, is_null, not_null}. */
        public static Op parse(String text) {
            String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
            return switch (t) {
                case "=", "==", "eq" -> EQ;
                case "!=", "<>", "ne" -> NE;
                case "<", "lt" -> LT;
                case "<=", "le" -> LE;
                case ">", "gt" -> GT;
                case ">=", "ge" -> GE;
                case "in" -> IN;
                case "is_null", "is null" -> IS_NULL;
                case "not_null", "is not null", "is_not_null" -> NOT_NULL;
                default -> throw AssayException.of(ErrorCode.INVALID_INPUT, "'" + text + "' is not a filter operator.")
                        .hint("Use one of =, !=, <, <=, >, >=, in, is_null, not_null.").detail("parameter", "filter.op").build();
            };
        }
    }

    /** One condition on a column: {@code column op value}; {@code values} holds one value, several for IN, none for the null tests. */
    public record Condition(String column, Op op, List<Object> values) {
        public Condition {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(op, "op");
            values = java.util.Collections.unmodifiableList(new ArrayList<>(values));
        }
    }

    /**
     * What to look at.
     *
     * @param timeColumn the time column; the likeliest one ("ordered_at", "created_at", ...) when empty
     * @param measure    the numeric column measured; rows when empty
     * @param aggregate  how the measure is aggregated (COUNT when the measure is empty)
     * @param grain      the bucket size; the finest that keeps the series under {@value TimeAnalysis#MAX_BUCKETS} buckets when empty
     * @param filter     conditions the rows must all meet
     * @param breakdown  category columns that may explain an anomaly; low-cardinality text columns when empty
     * @param maxAnomalies the most anomalies reported, strongest first
     */
    public record Spec(Optional<String> timeColumn, Optional<String> measure, Aggregate aggregate, Optional<TimeGrain> grain,
                       List<Condition> filter, List<String> breakdown, int maxAnomalies) {
        public Spec {
            filter = List.copyOf(filter);
            breakdown = List.copyOf(breakdown);
            if (measure.isEmpty()) {
                aggregate = Aggregate.COUNT;
            }
        }
    }

    /** What was found: the series, its anomalies with expected values and contributors, and notes on what could not be done. */
    public record Result(String timeColumn, TimeGrain grain, String measure, SeriesInsight series, List<String> breakdown,
                         List<String> notes) {
        public Result {
            breakdown = List.copyOf(breakdown);
            notes = List.copyOf(notes);
        }
    }

    private final Session session;
    private final Dialect dialect;
    private final QueryOptions options;

    public MetricAnomalies(Session session, QueryOptions options) {
        this.session = session;
        this.dialect = session.engine().dialect();
        this.options = options;
    }

    /**
     * The anomalies of the metric over {@code relation} (SQL text of a qualified table), whose columns are {@code columns}.
     *
     * @throws AssayException INVALID_INPUT for an unknown or unsuitable column, a grain too fine for the span, or too little data
     */
    public Result detect(String relation, List<Column> columns, Spec spec) {
        List<String> notes = new ArrayList<>();
        Column time = spec.timeColumn().map(t -> column(columns, t, "time_column"))
                .orElseGet(() -> guessTime(columns));
        if (!time.type().isTemporal()) {
            throw invalid("The column '" + time.name() + "' is " + time.type().nativeName() + ", not a date or time.", "time_column",
                    "Give a DATE or TIMESTAMP column.");
        }
        Optional<Column> measure = spec.measure().map(m -> column(columns, m, "measure"));
        if (measure.isPresent() && !measure.get().type().isNumeric()) {
            throw invalid("The column '" + measure.get().name() + "' is " + measure.get().type().nativeName() + ", not a number.",
                    "measure", "Measure a numeric column, or leave the measure out to count rows.");
        }
        Filter filter = filter(columns, spec.filter());
        String t = dialect.quoteIdentifier(time.name());
        String measureLabel = measure.map(m -> spec.aggregate().name().toLowerCase(Locale.ROOT) + "(" + m.name() + ")").orElse("rows");

        double[] span = span(relation, t, filter);
        if (span == null || !(span[1] > span[0])) {
            throw invalid("The rows have too few distinct times in '" + time.name() + "' for a series.", "time_column",
                    "Widen the filter, or pick another time column.");
        }
        Grain grain = spec.grain().map(g -> grainOf(g, span)).orElseGet(() -> Grain.forSpan(span[1] - span[0]));

        String value = measure.map(m -> switch (spec.aggregate()) {
            case SUM -> "sum(" + dialect.castToDouble(dialect.quoteIdentifier(m.name())) + ")";
            case AVG -> "avg(" + dialect.castToDouble(dialect.quoteIdentifier(m.name())) + ")";
            case COUNT -> "count(" + dialect.quoteIdentifier(m.name()) + ")";
        }).orElse("count(*)");
        Buckets buckets = buckets(relation, t, grain, value, filter);
        if (buckets.size() < TimeAnalysis.MIN_BUCKETS) {
            throw invalid("Only " + buckets.size() + " " + grain.label() + "s have data: too few for anomalies (at least "
                    + TimeAnalysis.MIN_BUCKETS + ").", "grain", "Use a finer grain or a wider filter.");
        }
        if (buckets.size() < AnomalyDetector.MIN_POINTS) {
            notes.add("Only " + buckets.size() + " " + grain.label() + "s: the detector needs " + AnomalyDetector.MIN_POINTS
                    + " to call anything anomalous.");
        }

        List<String> breakdown = spec.breakdown().isEmpty() ? categories(relation, columns, time, measure, filter)
                : spec.breakdown().stream().map(b -> column(columns, b, "breakdown").name()).toList();
        // A mean does not split into parts that add up, so its anomalies have no contributors.
        boolean explainable = spec.aggregate() != Aggregate.AVG;
        if (!explainable) {
            notes.add("Contributors are not computed for a mean: its parts do not add up to it.");
        }
        Optional<String> measureExpr = measure.filter(m -> spec.aggregate() == Aggregate.SUM)
                .map(m -> dialect.castToDouble(dialect.quoteIdentifier(m.name())));
        if (spec.aggregate() == Aggregate.COUNT && measure.isPresent()) {
            measureExpr = Optional.of("CASE WHEN " + dialect.quoteIdentifier(measure.get().name()) + " IS NULL THEN 0 ELSE 1 END");
        }
        Contributors contributors = new Contributors(session, options, relation, t, grain, explainable ? breakdown : List.of(),
                filter.sql, filter.params);

        double[] values = buckets.values(0);
        Series series = Series.regular(buckets.starts()[0], grain.seconds(), values);
        AnomalyDetector detector = new AnomalyDetector(new AnomalyDetector.Settings(AnomalyDetector.Settings.defaults().alpha(),
                AnomalyDetector.Settings.defaults().maxAnomalyFraction(), AnomalyDetector.Settings.defaults().windowSeconds(),
                AnomalyDetector.Settings.defaults().eventGapSeconds(), Math.max(1, spec.maxAnomalies())));
        TimeSeriesInsights found = TimeSeriesInsights.of(series, detector);
        List<Anomaly> strongest = found.anomalies().stream()
                .sorted(Comparator.comparingDouble((Anomaly a) -> Math.abs(a.score())).reversed())
                .limit(Math.max(1, spec.maxAnomalies()))
                .toList();
        List<AnomalyInsight> anomalies = new ArrayList<>();
        for (int i = 0; i < strongest.size(); i++) {
            Anomaly a = strongest.get(i);
            List<AnomalyInsight.Contributor> drivers = i < TimeAnalysis.EXPLAINED_ANOMALIES
                    ? contributors.explain(buckets, a.index(), a.value() - a.expected(), measureExpr)
                    : List.of();
            anomalies.add(new AnomalyInsight(Instant.ofEpochSecond(buckets.starts()[a.index()]), a.value(), a.expected(),
                    a.score(), a.pValue(), drivers));
        }
        List<SeriesInsight.TimePoint> points = new ArrayList<>(values.length);
        for (int i = 0; i < values.length; i++) {
            points.add(new SeriesInsight.TimePoint(Instant.ofEpochSecond(buckets.starts()[i]), values[i]));
        }
        SeriesInsight insight = new SeriesInsight(measureLabel, points, Optional.empty(), List.of(), anomalies);
        return new Result(time.name(), grain.grain(), measureLabel, insight, explainable ? breakdown : List.of(), notes);
    }

    /** A condition in SQL with its bind parameters; empty SQL when there is no filter. */
    private record Filter(String sql, List<Object> params) {
        String and() {
            return sql.isEmpty() ? "" : " AND " + sql;
        }
    }

    private Filter filter(List<Column> columns, List<Condition> conditions) {
        List<String> parts = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        for (Condition c : conditions) {
            String col = dialect.quoteIdentifier(column(columns, c.column(), "filter.column").name());
            switch (c.op()) {
                case IS_NULL, NOT_NULL -> parts.add(col + " " + c.op().sql);
                case IN -> {
                    if (c.values().isEmpty()) {
                        throw invalid("The filter on '" + c.column() + "' with 'in' has no values.", "filter.value",
                                "Give a list of values.");
                    }
                    parts.add(col + " IN (" + String.join(", ", java.util.Collections.nCopies(c.values().size(), "?")) + ")");
                    params.addAll(c.values());
                }
                default -> {
                    if (c.values().size() != 1 || c.values().get(0) == null) {
                        throw invalid("The filter on '" + c.column() + "' with '" + c.op().sql + "' needs exactly one value.",
                                "filter.value", "Give one value, or use is_null / not_null.");
                    }
                    parts.add(col + " " + c.op().sql + " ?");
                    params.add(c.values().get(0));
                }
            }
        }
        return new Filter(String.join(" AND ", parts), params);
    }

    private static Column column(List<Column> columns, String name, String parameter) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst()
                .or(() -> columns.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst())
                .orElseThrow(() -> invalid("There is no column '" + name + "'.", parameter, "Columns: "
                        + String.join(", ", columns.stream().map(Column::name).toList()) + "."));
    }

    private static Column guessTime(List<Column> columns) {
        return columns.stream().filter(c -> c.type().isTemporal())
                .max(Comparator.comparingInt((Column c) -> TimeAnalysis.timeNameScore(c.name())))
                .orElseThrow(() -> invalid("The dataset has no date or time column.", "time_column",
                        "Anomalies over time need a DATE or TIMESTAMP column."));
    }

    private static Grain grainOf(TimeGrain g, double[] span) {
        Grain grain = Grain.ALL.stream().filter(x -> x.grain() == g).findFirst()
                .orElseThrow(() -> invalid("'" + g.name().toLowerCase(Locale.ROOT) + "' is not a grain for series.", "grain",
                        "Use minute, hour, day, week, month, quarter or year."));
        if ((span[1] - span[0]) / grain.seconds() > TimeAnalysis.MAX_BUCKETS) {
            throw AssayException.of(ErrorCode.LIMIT_EXCEEDED, "By " + grain.label() + " the series would have "
                            + (long) ((span[1] - span[0]) / grain.seconds()) + " buckets, more than " + TimeAnalysis.MAX_BUCKETS + ".")
                    .hint("Use a coarser grain, or filter to a shorter span.").detail("parameter", "grain").build();
        }
        return grain;
    }

    private double[] span(String relation, String t, Filter filter) {
        String e = dialect.epochSeconds(t);
        String sql = "SELECT min(" + e + "), max(" + e + ") FROM " + relation + " WHERE " + t + " IS NOT NULL" + filter.and();
        try (RowStream rows = session.query(new SqlStatement(sql, filter.params), options)) {
            if (!rows.next() || rows.get(0) == null || rows.get(1) == null) {
                return null;
            }
            return new double[] {((Number) rows.get(0)).doubleValue(), ((Number) rows.get(1)).doubleValue()};
        }
    }

    private Buckets buckets(String relation, String t, Grain grain, String value, Filter filter) {
        String bucket = dialect.dateTrunc(grain.grain(), t);
        String sql = "SELECT " + bucket + " AS b, " + value + " FROM " + relation + " WHERE " + t + " IS NOT NULL" + filter.and()
                + " GROUP BY " + bucket + " ORDER BY 1";
        Buckets.Builder b = new Buckets.Builder(grain, 1);
        try (RowStream rows = session.query(new SqlStatement(sql, filter.params), options)) {
            while (rows.next()) {
                Object x = rows.get(1);
                b.add(Grain.epochSecond(rows.get(0)), new double[] {x == null ? 0 : ((Number) x).doubleValue()});
            }
        }
        return b.build();
    }

    /** Text and boolean columns with 2 to {@link Contributors#MAX_VALUES} distinct values (one scan), at most {@link Contributors#MAX_COLUMNS}. */
    private List<String> categories(String relation, List<Column> columns, Column time, Optional<Column> measure, Filter filter) {
        List<Column> candidates = columns.stream()
                .filter(c -> !c.name().equals(time.name()) && measure.map(m -> !m.name().equals(c.name())).orElse(true))
                .filter(c -> c.type().kind() == ColumnType.Kind.TEXT || c.type().kind() == ColumnType.Kind.BOOLEAN)
                .limit(40)
                .toList();
        if (candidates.isEmpty()) {
            return List.of();
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < candidates.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("count(DISTINCT ").append(dialect.quoteIdentifier(candidates.get(i).name())).append(")");
        }
        sql.append(" FROM ").append(relation).append(filter.sql.isEmpty() ? "" : " WHERE " + filter.sql);
        List<String> out = new ArrayList<>();
        try (RowStream rows = session.query(new SqlStatement(sql.toString(), filter.params), options)) {
            if (rows.next()) {
                for (int i = 0; i < candidates.size() && out.size() < Contributors.MAX_COLUMNS; i++) {
                    long n = ((Number) rows.get(i)).longValue();
                    if (n >= 2 && n <= Contributors.MAX_VALUES) {
                        out.add(candidates.get(i).name());
                    }
                }
            }
        }
        return out;
    }

    private static AssayException invalid(String message, String parameter, String hint) {
        return AssayException.of(ErrorCode.INVALID_INPUT, message).hint(hint).detail("parameter", parameter).build();
    }
}
