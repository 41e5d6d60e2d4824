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
 * time column, of the rows a filter keeps, at a grain the caller names or else at the data's own step.
 * The engine aggregates the buckets in one grouped query; the series goes through the same detector as the
 * full analysis; the strongest anomalies are explained by the category values that moved most with them.
 * Every column is checked against the relation's columns and quoted by the dialect; every filter value is
 * a bind parameter.
 *
 * <p>The step, when no grain is named: if the distinct times are regular (at least half of the spacings between
 * consecutive times equal their median, as for a metric sampled every 5 minutes or every day), the median spacing,
 * coarsened by a whole factor only where the series would exceed {@value #MAX_POINTS} points; otherwise (times of
 * events, such as orders) the finest calendar grain that keeps the series under {@value TimeAnalysis#MAX_BUCKETS}
 * buckets. A named grain is refused only beyond {@value #MAX_POINTS} points.
 *
 * <p>The aggregate, when the caller names none: a measurement (a gauge such as CPU, temperature, price or latency)
 * is averaged per bucket and a bucket without rows is missing; counts and amounts are summed and a bucket without
 * rows is 0 (see {@link #defaultAggregate}). The result says which was chosen.
 */
public final class MetricAnomalies {

    /** The most points a series may have; a regular series beyond it is detected at a whole multiple of its step. */
    public static final int MAX_POINTS = 50_000;

    /** The most anomalies reported when the caller does not say: the detector's default. */
    public static final int DEFAULT_MAX_ANOMALIES = AnomalyDetector.DEFAULT_MAX_EVENTS;

    private static final java.util.regex.Pattern GAUGE = java.util.regex.Pattern.compile(
            "(price|rate|ratio|pct|percent|share|temp|cpu|util|load|latency|duration|delay|time|level|speed|score|avg|mean"
            + "|median|humidity|pressure|balance|age|weight|height|size|depth|memory|mem|usage|signal|voltage|current|value|reading)");
    private static final java.util.regex.Pattern ADDITIVE = java.util.regex.Pattern.compile(
            "(^|_)(count|counts|qty|quantity|items?|num|n|units|visits|clicks|orders|requests|hits|events|bytes|packets|calls"
            + "|sessions|users|views|errors|passengers|trips|rides|sold)($|_)|_count$|^n_|amount|revenue|sales|total|cost|fee"
            + "|spend|payment|income|discount|tax|profit");

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
     * @param aggregate  how the measure is aggregated (COUNT when the measure is empty; chosen by {@link #defaultAggregate} when empty)
     * @param grain      the bucket size; the data's own step when empty (see the class comment)
     * @param filter     conditions the rows must all meet
     * @param breakdown  category columns that may explain an anomaly; low-cardinality text columns when empty
     * @param maxAnomalies the most anomalies reported, of those the detector's significance test finds, strongest first;
     *     {@link #DEFAULT_MAX_ANOMALIES} when 0
     */
    public record Spec(Optional<String> timeColumn, Optional<String> measure, Optional<Aggregate> aggregate, Optional<TimeGrain> grain,
                       List<Condition> filter, List<String> breakdown, int maxAnomalies) {
        public Spec {
            filter = List.copyOf(filter);
            breakdown = List.copyOf(breakdown);
            if (measure.isEmpty()) {
                aggregate = Optional.of(Aggregate.COUNT);
            }
        }

        /** With the aggregate named. */
        public Spec(Optional<String> timeColumn, Optional<String> measure, Aggregate aggregate, Optional<TimeGrain> grain,
                    List<Condition> filter, List<String> breakdown, int maxAnomalies) {
            this(timeColumn, measure, Optional.of(aggregate), grain, filter, breakdown, maxAnomalies);
        }
    }

    /**
     * How a measure is aggregated when the caller does not say: SUM for what adds up over time (counts, amounts:
     * the name says so, such as {@code orders}, {@code bytes}, {@code revenue}), AVG for measurements (gauges: a
     * name such as {@code cpu}, {@code temperature}, {@code price}, {@code latency}, {@code value}); otherwise SUM
     * for a whole-number column and AVG for a fractional one.
     */
    public static Aggregate defaultAggregate(Column measure) {
        String name = measure.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        if (GAUGE.matcher(name).find() && !name.matches(".*(^|_)(count|total|num|n)($|_).*")) {
            return Aggregate.AVG;
        }
        if (ADDITIVE.matcher(name).find()) {
            return Aggregate.SUM;
        }
        return measure.type().kind() == ColumnType.Kind.INTEGER ? Aggregate.SUM : Aggregate.AVG;
    }

    /** What was found: the series, its anomalies with expected values and contributors, and notes on what could not be done. */
    public record Result(String timeColumn, TimeGrain grain, long stepSeconds, Aggregate aggregate, String measure,
                         SeriesInsight series, List<String> breakdown, List<String> notes) {
        public Result {
            breakdown = List.copyOf(breakdown);
            notes = List.copyOf(notes);
        }

        /** The bucket in words: {@code day}, {@code month}, or a step such as {@code 5 min}. */
        public String every() {
            return Grain.ALL.stream().filter(g -> g.grain() == grain && g.seconds() == stepSeconds).findFirst()
                    .orElse(Grain.step(stepSeconds)).describe();
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
        Aggregate aggregate = spec.aggregate().orElseGet(() -> defaultAggregate(measure.orElseThrow()));
        if (spec.aggregate().isEmpty()) {
            notes.add((aggregate == Aggregate.AVG ? "Averaged '" + measure.get().name() + "' per bucket: it reads as a measurement "
                    + "(a gauge), so a bucket without rows is missing, not 0. Ask for the sum to add it up instead."
                    : "Summed '" + measure.get().name() + "' per bucket: it reads as a count or an amount. Ask for the mean to "
                    + "average it instead."));
        }
        String measureLabel = measure.map(m -> aggregate.name().toLowerCase(Locale.ROOT) + "(" + m.name() + ")").orElse("rows");

        double[] span = span(relation, t, filter);
        if (span == null || !(span[1] > span[0])) {
            throw invalid("The rows have too few distinct times in '" + time.name() + "' for a series.", "time_column",
                    "Widen the filter, or pick another time column.");
        }
        Grain grain = spec.grain().map(g -> grainOf(g, span)).orElseGet(() -> nativeStep(relation, t, filter, span, notes));

        String value = measure.map(m -> switch (aggregate) {
            case SUM -> "sum(" + dialect.castToDouble(dialect.quoteIdentifier(m.name())) + ")";
            case AVG -> "avg(" + dialect.castToDouble(dialect.quoteIdentifier(m.name())) + ")";
            case COUNT -> "count(" + dialect.quoteIdentifier(m.name()) + ")";
        }).orElse("count(*)");
        Buckets buckets = buckets(relation, t, grain, value, filter, aggregate == Aggregate.AVG ? Double.NaN : 0);
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
        boolean explainable = aggregate != Aggregate.AVG;
        if (!explainable && !breakdown.isEmpty()) {
            notes.add("Contributors are not computed for a mean: its parts do not add up to it.");
        }
        Optional<String> measureExpr = measure.filter(m -> aggregate == Aggregate.SUM)
                .map(m -> dialect.castToDouble(dialect.quoteIdentifier(m.name())));
        if (aggregate == Aggregate.COUNT && measure.isPresent()) {
            measureExpr = Optional.of("CASE WHEN " + dialect.quoteIdentifier(measure.get().name()) + " IS NULL THEN 0 ELSE 1 END");
        }
        Contributors contributors = new Contributors(session, options, relation, t, grain, explainable ? breakdown : List.of(),
                filter.sql, filter.params);

        double[] values = buckets.values(0);
        Series series = Series.regular(buckets.starts()[0], grain.seconds(), values);
        AnomalyDetector.Settings d = AnomalyDetector.Settings.defaults();
        AnomalyDetector detector = new AnomalyDetector(new AnomalyDetector.Settings(d.alpha(), d.maxAnomalyFraction(),
                d.windowSeconds(), d.eventGapSeconds(), spec.maxAnomalies() > 0 ? spec.maxAnomalies() : d.maxEvents()));
        TimeSeriesInsights found = TimeSeriesInsights.of(series, detector);
        List<Anomaly> strongest = found.anomalies().stream()
                .sorted(Comparator.comparingDouble((Anomaly a) -> Math.abs(a.score())).reversed())
                .limit(detector.settings().maxEvents())
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
        return new Result(time.name(), grain.grain(), grain.seconds(), aggregate, measureLabel, insight,
                explainable ? breakdown : List.of(), notes);
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
        if ((span[1] - span[0]) / grain.seconds() + 1 > MAX_POINTS) {
            throw AssayException.of(ErrorCode.LIMIT_EXCEEDED, "By " + grain.label() + " the series would have "
                            + (long) ((span[1] - span[0]) / grain.seconds() + 1) + " points, more than " + MAX_POINTS + ".")
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

    /**
     * The series' own step: the median spacing of its distinct times when at least half the spacings equal it
     * (coarsened by a whole factor beyond {@link #MAX_POINTS}); a calendar grain by the span for irregular times.
     */
    private Grain nativeStep(String relation, String t, Filter filter, double[] span, List<String> notes) {
        String e = dialect.epochSeconds(t);
        String sql = "WITH e AS (SELECT DISTINCT " + e + " AS e FROM " + relation + " WHERE " + t + " IS NOT NULL" + filter.and() + "), "
                + "d AS (SELECT e - lag(e) OVER (ORDER BY e) AS d FROM e), "
                + "m AS (SELECT " + dialect.quantile("d", 0.5) + " AS m FROM d WHERE d IS NOT NULL) "
                + "SELECT m.m, count(*), " + dialect.countIf("d.d = m.m") + " FROM d, m WHERE d.d IS NOT NULL GROUP BY m.m";
        double median = Double.NaN;
        long spacings = 0;
        long atMedian = 0;
        try (RowStream rows = session.query(new SqlStatement(sql, filter.params), options)) {
            if (rows.next() && rows.get(0) != null) {
                median = ((Number) rows.get(0)).doubleValue();
                spacings = ((Number) rows.get(1)).longValue();
                atMedian = ((Number) rows.get(2)).longValue();
            }
        }
        long step = Math.round(median);
        if (!(median >= 1) || step != median || 2 * atMedian < spacings) {
            return Grain.forSpan(span[1] - span[0]);
        }
        double points = (span[1] - span[0]) / step + 1;
        if (points > MAX_POINTS) {
            long factor = (long) Math.ceil(points / MAX_POINTS);
            Grain coarse = Grain.step(step * factor);
            notes.add("The data are recorded every " + Grain.step(step).describe() + "; at that step the series would have "
                    + (long) points + " points, more than " + MAX_POINTS + ", so it is measured every " + coarse.describe() + ".");
            return coarse;
        }
        return Grain.step(step);
    }

    private Buckets buckets(String relation, String t, Grain grain, String value, Filter filter, double fill) {
        String bucket = grain.bucketSql(dialect, t);
        String sql = "SELECT " + bucket + " AS b, " + value + " FROM " + relation + " WHERE " + t + " IS NOT NULL" + filter.and()
                + " GROUP BY " + bucket + " ORDER BY 1";
        Buckets.Builder b = new Buckets.Builder(grain, 1, fill);
        try (RowStream rows = session.query(new SqlStatement(sql, filter.params), options)) {
            while (rows.next()) {
                Object x = rows.get(1);
                b.add(Grain.epochSecond(rows.get(0)), new double[] {x == null ? fill : ((Number) x).doubleValue()});
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
