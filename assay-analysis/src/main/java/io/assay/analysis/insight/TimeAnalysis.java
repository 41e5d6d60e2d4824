package io.assay.analysis.insight;

import io.assay.analysis.model.AnomalyInsight;
import io.assay.analysis.model.ColumnKind;
import io.assay.analysis.model.ColumnProfile;
import io.assay.analysis.model.SeasonalityInsight;
import io.assay.analysis.model.SemanticType;
import io.assay.analysis.model.SeriesInsight;
import io.assay.analysis.model.TimeInsights;
import io.assay.analysis.model.TrendInsight;
import io.assay.analysis.timeseries.Anomaly;
import io.assay.analysis.timeseries.AnomalyDetector;
import io.assay.analysis.timeseries.SeasonalPeriod;
import io.assay.analysis.timeseries.Series;
import io.assay.analysis.timeseries.TimeSeriesInsights;
import io.assay.analysis.timeseries.Trend;
import io.assay.engine.Dialect;
import io.assay.engine.QueryOptions;
import io.assay.engine.RowStream;
import io.assay.engine.Session;
import io.assay.engine.SqlStatement;
import io.assay.engine.TimeGrain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;

/**
 * Insights over time: picks the time column and a grain for its span, has the engine aggregate
 * the row count and the main measures per bucket (one grouped query), finds trend, seasonality and
 * anomalies in those short series, and asks the engine which category values drove each anomaly.
 */
public final class TimeAnalysis {

    /** Most buckets a series may have; the grain is the finest that stays under it. */
    static final int MAX_BUCKETS = 1_500;
    /** Fewest buckets worth analysing. */
    static final int MIN_BUCKETS = 8;
    static final int MAX_MEASURES = 2;
    static final long EXACT_SPAN_UP_TO = 1_000_000;
    static final int MAX_ANOMALIES = 10;
    static final int EXPLAINED_ANOMALIES = 5;
    /**
     * The detector's significance test with its defaults, keeping up to {@link #MAX_ANOMALIES} events a
     * series instead of the benchmark's three: a report lists every significant event, strongest first.
     */
    private static final AnomalyDetector DETECTOR = new AnomalyDetector(new AnomalyDetector.Settings(
            AnomalyDetector.Settings.defaults().alpha(), AnomalyDetector.Settings.defaults().maxAnomalyFraction(),
            AnomalyDetector.Settings.defaults().windowSeconds(), AnomalyDetector.Settings.defaults().eventGapSeconds(),
            MAX_ANOMALIES));

    private final Session session;
    private final Dialect dialect;
    private final QueryOptions options;

    public TimeAnalysis(Session session, QueryOptions options) {
        this.session = session;
        this.dialect = session.engine().dialect();
        this.options = options;
    }

    /** Insights for {@code relation}, or empty when it has no usable time column. */
    public Optional<TimeInsights> analyze(String relation, List<ColumnProfile> columns, Optional<String> timeColumn,
                                          List<String> notes) {
        return analyze(relation, columns, timeColumn, notes, Map.of());
    }

    /**
     * A time column's span in epoch seconds as a scan already measured it over the same relation (the profile's first
     * scan): its first and last times and its 1st and 99th percentiles, exact or from the engine's sketch.
     */
    public record Bounds(double min, double max, double p01, double p99, boolean exact) {
    }

    /**
     * Insights for {@code relation}, or empty when it has no usable time column; {@code known} holds the spans of time
     * columns measured already, by column name, used where they were measured the way this analysis would (exact or not).
     */
    public Optional<TimeInsights> analyze(String relation, List<ColumnProfile> columns, Optional<String> timeColumn,
                                          List<String> notes, Map<String, Bounds> known) {
        Optional<ColumnProfile> time = timeColumn.flatMap(t -> columns.stream().filter(c -> c.name().equals(t)).findFirst())
                .or(() -> detectTimeColumn(columns));
        if (time.isEmpty()) {
            return Optional.empty();
        }
        String t = dialect.quoteIdentifier(time.get().name());
        String name = time.get().name();
        // Exact where it is cheap (as the profile's quantiles), so that every engine cuts the same span.
        boolean exact = time.get().count() <= EXACT_SPAN_UP_TO || !session.engine().can(io.assay.engine.Capability.APPROX_QUANTILES);
        Bounds measured = known.get(name);
        Span span = span(relation, t, exact, measured != null && measured.exact() == exact ? measured : null);
        if (span == null || !(span.hi() > span.lo())) {
            notes.add("No insights over time: " + name + " has too few distinct times.");
            return Optional.empty();
        }
        double spacing = spacing(relation, t, span);
        Grain grain = Grain.forData(span.hi() - span.lo(), spacing, time.get().type());
        List<ColumnProfile> measures = measures(columns, time.get());
        Buckets buckets = buckets(relation, t, grain, span, measures);
        // Every row is in a bucket, or the report says why not.
        long missing = time.get().missing();
        if (missing > 0) {
            notes.add("Insights over time: " + count(missing) + " rows have no " + name + " and are in no series.");
        }
        if (span.leftOut() > 0) {
            notes.add("Insights over time leave out " + count(span.leftOut()) + " rows whose " + name
                    + " lies far outside the span of the others (before " + Grain.dateTime((long) Math.floor(span.lo()))
                    + " or after " + Grain.dateTime((long) Math.ceil(span.hi())) + "): placeholder or mistyped times, by the look of them.");
        }
        // An edge bucket the data covers only in part (a first day that starts at 01:00) is no anomaly: it is left out
        // of trend, seasonality and anomalies, and said so.
        int first = Edges.partialStart(buckets, span.lo(), spacing) ? 1 : 0;
        int last = buckets.size() - (Edges.partialEnd(buckets, span.hi(), spacing) ? 1 : 0);
        if (first == 1) {
            notes.add("Insights over time: the first " + grain.label() + " (" + Grain.dateTime(buckets.starts()[0])
                    + ") holds data only from " + Grain.dateTime((long) Math.floor(span.lo()))
                    + ": it is partial, shown but left out of trend, seasonality and anomalies.");
        }
        if (last < buckets.size()) {
            notes.add("Insights over time: the last " + grain.label() + " (" + Grain.dateTime(buckets.starts()[buckets.size() - 1])
                    + ") holds data only until " + Grain.dateTime((long) Math.ceil(span.hi()))
                    + ": it is partial, shown but left out of trend, seasonality and anomalies.");
        }
        if (last - first < MIN_BUCKETS) {
            notes.add("No insights over time: only " + (last - first) + " whole " + grain.label() + "s of data.");
            return Optional.empty();
        }
        Contributors contributors = new Contributors(session, options, relation, t, grain, categories(columns, time.get()));
        List<SeriesInsight> series = new ArrayList<>();
        for (int m = 0; m <= measures.size(); m++) {
            String measure = m == 0 ? "rows" : "sum(" + measures.get(m - 1).name() + ")";
            Optional<String> measureExpr = m == 0 ? Optional.empty()
                    : Optional.of(dialect.castToDouble(dialect.quoteIdentifier(measures.get(m - 1).name())));
            series.add(insight(measure, buckets, buckets.values(m), first, last, contributors, measureExpr));
        }
        return Optional.of(new TimeInsights(time.get().name(), grain.grain(), series));
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** The series of all buckets, analysed over the whole ones {@code [first, last)}. */
    private SeriesInsight insight(String measure, Buckets buckets, double[] values, int first, int last, Contributors contributors,
                                  Optional<String> measureExpr) {
        Series series = Series.regular(buckets.starts()[first], buckets.grain().seconds(), java.util.Arrays.copyOfRange(values, first, last));
        TimeSeriesInsights found = TimeSeriesInsights.of(series, DETECTOR);
        Optional<TrendInsight> trend = found.trend().map(TimeAnalysis::trend);
        List<SeasonalityInsight> seasonality = found.seasonality().periods().stream()
                .sorted(Comparator.comparingDouble(SeasonalPeriod::strength).reversed())
                .map(p -> new SeasonalityInsight(p.period(), periodLabel(p.periodSeconds(), p.period(), buckets.grain()), p.strength()))
                .toList();
        List<Anomaly> strongest = found.anomalies().stream()
                .sorted(Comparator.comparingDouble((Anomaly a) -> Math.abs(a.score())).reversed())
                .limit(MAX_ANOMALIES)
                .toList();
        List<AnomalyInsight> anomalies = new ArrayList<>();
        for (int i = 0; i < strongest.size(); i++) {
            Anomaly a = strongest.get(i);
            List<AnomalyInsight.Contributor> drivers = i < EXPLAINED_ANOMALIES
                    ? contributors.explain(buckets, first + a.index(), a.value() - a.expected(), measureExpr)
                    : List.of();
            anomalies.add(new AnomalyInsight(Instant.ofEpochSecond(buckets.starts()[first + a.index()]), a.value(), a.expected(),
                    a.score(), a.pValue(), drivers));
        }
        List<SeriesInsight.TimePoint> points = new ArrayList<>(values.length);
        for (int i = 0; i < values.length; i++) {
            points.add(new SeriesInsight.TimePoint(Instant.ofEpochSecond(buckets.starts()[i]), values[i]));
        }
        return new SeriesInsight(measure, points, trend, seasonality, anomalies);
    }

    private static TrendInsight trend(Trend t) {
        TrendInsight.Direction d = switch (t.direction()) {
            case UP -> TrendInsight.Direction.UP;
            case DOWN -> TrendInsight.Direction.DOWN;
            default -> TrendInsight.Direction.FLAT;
        };
        return new TrendInsight(d, t.slopePerDay(), t.relativeChangePercent().orElse(Double.NaN) / 100.0, t.test().pValue(),
                t.strength());
    }

    static String periodLabel(long periodSeconds, int period, Grain grain) {
        long day = 86_400;
        if (periodSeconds == day) {
            return "daily";
        }
        if (periodSeconds == 7 * day) {
            return "weekly";
        }
        if (periodSeconds >= 360 * day && periodSeconds <= 370 * day) {
            return "yearly";
        }
        return "every " + period + " " + grain.label() + "s";
    }

    /** The temporal column most likely to be "when it happened": by name, then by how many distinct times it has. */
    static Optional<ColumnProfile> detectTimeColumn(List<ColumnProfile> columns) {
        return columns.stream()
                .filter(c -> c.kind() == ColumnKind.TEMPORAL && c.count() > 0 && c.distinct() > 1)
                .max(Comparator.comparingInt((ColumnProfile c) -> timeNameScore(c.name())).thenComparingLong(ColumnProfile::distinct));
    }

    /** How much a column's name says "when it happened": 3 for order or event times, 0 for birthdays and updates. */
    static int timeNameScore(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.matches(".*(ordered|created|occurred|event|transaction|order|sale|purchase)_?(at|time|date|ts)?$")) {
            return 3;
        }
        if (n.matches("(date|time|timestamp|ts|datetime|day|when)") || n.endsWith("_at") || n.endsWith("_time")) {
            return 2;
        }
        if (n.matches(".*(birth|signup|launch|updated|modified|deleted|expir).*")) {
            return 0;
        }
        return 1;
    }

    /** Numeric measures worth a series: amounts first, then counts, then other measures; never identifiers or flags. */
    static List<ColumnProfile> measures(List<ColumnProfile> columns, ColumnProfile time) {
        List<ColumnProfile> out = new ArrayList<>();
        for (SemanticType type : List.of(SemanticType.CURRENCY_AMOUNT, SemanticType.COUNT, SemanticType.MEASURE)) {
            columns.stream().filter(c -> c.semanticType() == type && c.kind() == ColumnKind.NUMERIC).forEach(out::add);
        }
        return out.stream().filter(c -> !c.name().equals(time.name()) && c.count() > 0 && !calendarPart(c))
                .limit(MAX_MEASURES).toList();
    }

    private static final java.util.regex.Pattern CALENDAR_PART = java.util.regex.Pattern.compile(
            "(^|_)(year|yr|fiscal_?year|quarter|qtr|month|mon|week|wk|weekday|dow|day|doy|hour|hr|minute|min|second|sec)s?($|_)");

    /**
     * A whole-number column that names a part of the calendar (year, month, week, day, hour): a label of
     * when, which summed per bucket means nothing.
     */
    static boolean calendarPart(ColumnProfile c) {
        String n = c.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        boolean whole = c.numeric().map(s -> s.min() == Math.rint(s.min()) && s.max() == Math.rint(s.max())).orElse(false);
        return whole && CALENDAR_PART.matcher(n).find();
    }

    /** Low-cardinality categories that can explain a change. */
    static List<String> categories(List<ColumnProfile> columns, ColumnProfile time) {
        return columns.stream()
                .filter(c -> !c.name().equals(time.name()) && c.distinctExact() && c.distinct() >= 2 && c.distinct() <= Contributors.MAX_VALUES
                        && (c.semanticType() == SemanticType.CATEGORY || c.semanticType() == SemanticType.FLAG
                        || c.semanticType() == SemanticType.COUNTRY))
                .map(ColumnProfile::name)
                .limit(Contributors.MAX_COLUMNS)
                .toList();
    }

    /**
     * The times the series cover, in epoch seconds: from the first to the last, except times so far out that they
     * would stretch the series over empty years (a 1900-01-01 among this decade's orders): those more than the whole
     * span of the middle 98% away from it. Those rows are counted and left out.
     *
     * @param leftOut rows with a time outside {@code [lo, hi]}
     */
    record Span(double lo, double hi, long leftOut) {
    }

    private Span span(String relation, String t, boolean exact, Bounds measured) {
        double min;
        double max;
        double q01;
        double q99;
        if (measured != null) {
            min = measured.min();
            max = measured.max();
            q01 = measured.p01();
            q99 = measured.p99();
        } else {
            String e = dialect.epochSeconds(t);
            String lo = exact ? dialect.quantile(e, 0.01) : dialect.approxQuantile(e, 0.01);
            String hi = exact ? dialect.quantile(e, 0.99) : dialect.approxQuantile(e, 0.99);
            String sql = "SELECT min(" + e + "), max(" + e + "), " + lo + ", " + hi + " FROM " + relation + " WHERE " + t + " IS NOT NULL";
            try (RowStream rows = session.query(SqlStatement.of(sql), options)) {
                if (!rows.next() || rows.get(0) == null || rows.get(1) == null) {
                    return null;
                }
                min = ((Number) rows.get(0)).doubleValue();
                max = ((Number) rows.get(1)).doubleValue();
                q01 = ((Number) rows.get(2)).doubleValue();
                q99 = ((Number) rows.get(3)).doubleValue();
            }
        }
        double body = q99 - q01;
        double from = body > 0 ? Math.max(min, q01 - body) : min;
        double to = body > 0 ? Math.min(max, q99 + body) : max;
        long leftOut = 0;
        if (from > min || to < max) {
            // The rows kept are those the bucket query reads: BETWEEN the same whole seconds.
            from = Math.floor(from);
            to = Math.ceil(to);
            String count = "SELECT " + dialect.countIf(t + " < ? OR " + t + " > ?") + " FROM " + relation;
            try (RowStream rows = session.query(SqlStatement.of(count, Grain.dateTime((long) from), Grain.dateTime((long) to)), options)) {
                rows.next();
                leftOut = ((Number) rows.get(0)).longValue();
            }
        }
        return new Span(from, to, leftOut);
    }

    /**
     * The data's own spacing in seconds: the median gap between consecutive distinct times (a day for daily data, about
     * 30 days for monthly data), so that the series is never cut finer than the data is recorded.
     */
    private double spacing(String relation, String t, Span span) {
        String e = dialect.epochSeconds(t);
        String sql = "SELECT " + dialect.quantile("g", 0.5) + " FROM (SELECT e - lag(e) OVER (ORDER BY e) AS g FROM (SELECT DISTINCT "
                + e + " AS e FROM " + relation + " WHERE " + t + " BETWEEN ? AND ?) AS d) AS gaps WHERE g > 0";
        try (RowStream rows = session.query(SqlStatement.of(sql, Grain.dateTime((long) Math.floor(span.lo())),
                Grain.dateTime((long) Math.ceil(span.hi()))), options)) {
            return rows.next() && rows.get(0) != null ? ((Number) rows.get(0)).doubleValue() : 0;
        }
    }

    private Buckets buckets(String relation, String t, Grain grain, Span span, List<ColumnProfile> measures) {
        String bucket = dialect.dateTrunc(grain.grain(), t);
        StringBuilder sql = new StringBuilder("SELECT " + bucket + " AS b, count(*)");
        for (ColumnProfile m : measures) {
            sql.append(", sum(").append(dialect.castToDouble(dialect.quoteIdentifier(m.name()))).append(")");
        }
        sql.append(" FROM ").append(relation).append(" WHERE ").append(t).append(" BETWEEN ? AND ?")
                .append(" GROUP BY ").append(bucket).append(" ORDER BY 1");
        Buckets.Builder b = new Buckets.Builder(grain, 1 + measures.size());
        try (RowStream rows = session.query(SqlStatement.of(sql.toString(), Grain.dateTime((long) Math.floor(span.lo())),
                Grain.dateTime((long) Math.ceil(span.hi()))), options)) {
            while (rows.next()) {
                double[] v = new double[1 + measures.size()];
                for (int i = 0; i < v.length; i++) {
                    Object x = rows.get(i + 1);
                    v[i] = x == null ? 0 : ((Number) x).doubleValue();
                }
                b.add(Grain.epochSecond(rows.get(0)), v);
            }
        }
        return b.build();
    }

    /** Whether the first or last bucket is only partly covered by the data. */
    static final class Edges {
        private Edges() {
        }

        /** The data begins at least one of its own steps after the first bucket begins. */
        static boolean partialStart(Buckets buckets, double firstTime, double spacing) {
            return buckets.size() > 0 && spacing > 0 && firstTime - buckets.starts()[0] >= spacing;
        }

        /** The data ends more than one of its own steps before the last bucket ends. */
        static boolean partialEnd(Buckets buckets, double lastTime, double spacing) {
            if (buckets.size() == 0 || spacing <= 0) {
                return false;
            }
            long start = buckets.starts()[buckets.size() - 1];
            return buckets.grain().next(start) - lastTime > spacing;
        }
    }
}
