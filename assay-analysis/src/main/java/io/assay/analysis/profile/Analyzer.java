package io.assay.analysis.profile;

import io.assay.analysis.model.AnalysisMode;
import io.assay.analysis.model.AnalysisResult;
import io.assay.analysis.model.ColumnProfile;
import io.assay.analysis.model.Correlation;
import io.assay.analysis.model.Finding;
import io.assay.analysis.model.MissingPattern;
import io.assay.analysis.model.NumericStats;
import io.assay.analysis.model.QualityScore;
import io.assay.analysis.model.Section;
import io.assay.analysis.model.SemanticType;
import io.assay.analysis.model.TableProfile;
import io.assay.analysis.model.TextStats;
import io.assay.analysis.model.TimeInsights;
import io.assay.analysis.insight.TimeAnalysis;
import io.assay.analysis.step.AnalysisStep;
import io.assay.analysis.step.AnalysisSteps;
import io.assay.analysis.step.StepContext;
import io.assay.engine.AssayException;
import io.assay.engine.Capability;
import io.assay.engine.Column;
import io.assay.engine.Dialect;
import io.assay.engine.ErrorCode;
import io.assay.engine.QueryOptions;
import io.assay.engine.RelationInfo;
import io.assay.engine.RelationRef;
import io.assay.engine.Session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Analyses one relation on its engine: a plan of a few wide SQL scans chosen by the mode, then
 * semantic types, findings, quality scores and, where there is a time column, insights over time.
 * Java sees only aggregates, samples and short series. A stage that fails is noted in the result
 * and the others go on; cancellation and timeouts stop the whole analysis.
 */
public final class Analyzer {

    /** Rows schema mode looks at. */
    static final long SCHEMA_SAMPLE = 1_000;

    private final Session session;
    private final Dialect dialect;
    private final QueryOptions queryOptions;

    public Analyzer(Session session, QueryOptions queryOptions) {
        this.session = session;
        this.dialect = session.engine().dialect();
        this.queryOptions = queryOptions;
    }

    public AnalysisResult analyze(String dataset, RelationRef ref, AnalysisOptions options, AnalysisListener listener) {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        RelationInfo info = session.describe(ref).orElseThrow(() -> AssayException.of(ErrorCode.NOT_FOUND,
                "There is no table " + ref + " on " + session.engine().name() + ".").detail("parameter", "target").build());
        List<ColumnStats> stats = new ArrayList<>();
        for (int i = 0; i < info.columns().size(); i++) {
            stats.add(new ColumnStats(info.columns().get(i), i));
        }
        options.timeColumn().ifPresent(t -> requireColumn(info, t));
        String table = dialect.qualify(ref);
        String relation = relation(table, info, options);
        List<String> notes = new ArrayList<>();
        List<Correlation> correlations = new ArrayList<>();
        List<MissingPattern> missingTogether = new ArrayList<>();
        OptionalLong duplicates = OptionalLong.empty();
        Optional<DetailScan.Duplicates> duplicateDetail = Optional.empty();
        AnalysisMode mode = options.mode();
        List<AnalysisStep> steps = AnalysisSteps.forMode(mode);
        Stages stages = new Stages(listener, mode, steps.size());
        long rows;
        // The rows the column counts were made on: the table's, or in schema mode the sample's.
        long counted;

        if (mode == AnalysisMode.SCHEMA) {
            stages.next("reading a sample");
            String prefix = "(SELECT * FROM " + table + " " + dialect.limitClause(SCHEMA_SAMPLE) + ") AS s";
            long sampled = new WideScan(session.engine(), OptionalLong.of(SCHEMA_SAMPLE)).run(session, prefix, stats, AnalysisMode.QUICK, correlations, queryOptions);
            rows = info.rowEstimate().orElse(sampled);
            counted = sampled;
            notes.add("Schema mode: counts, distinct values and ranges come from the first " + sampled + " rows only; "
                    + "the row count is the engine's estimate.");
            attempt(notes, "semantic sampling", () -> new SampleScan(dialect).run(session, prefix, sampled, stats, queryOptions));
        } else {
            stages.next("scanning all columns");
            OptionalLong estimate = options.sampleRows().isPresent() ? options.sampleRows() : info.rowEstimate();
            rows = new WideScan(session.engine(), estimate).run(session, relation, stats, mode, correlations, queryOptions);
            counted = rows;
            if (session.engine().can(Capability.APPROX_QUANTILES)
                    && (estimate.isEmpty() || estimate.getAsLong() > WideScan.EXACT_QUANTILES_UP_TO)) {
                notes.add("Quartiles are approximate (the engine's approximate quantiles) on tables over "
                        + String.format(java.util.Locale.ROOT, "%,d", WideScan.EXACT_QUANTILES_UP_TO) + " rows.");
            }
            options.sampleRows().ifPresent(n -> notes.add("Analysed a sample of about " + n + " rows, not the whole table."));
            if (mode == AnalysisMode.FULL) {
                stages.next("counting values");
                attempt(notes, "value counts and histograms", () -> new GroupedScan(dialect).run(session, relation, stats, correlations, queryOptions));
                stages.next("sampling text");
                attempt(notes, "text patterns", () -> new SampleScan(dialect).run(session, table, rows, stats, queryOptions));
                stages.next("keys, outliers and missing values");
                DetailScan detail = new DetailScan(dialect);
                attempt(notes, "keys and outliers", () -> detail.run(session, relation, rows, stats, missingTogether, queryOptions));
                attempt(notes, "order of values", () -> detail.monotonicity(session, table, stats, queryOptions));
                stages.next("duplicate rows");
                DetailScan.Duplicates[] dup = {null};
                attempt(notes, "duplicate rows", () -> dup[0] = detail.duplicates(session, relation, rows, stats, queryOptions));
                if (dup[0] != null) {
                    duplicates = OptionalLong.of(dup[0].rows());
                    duplicateDetail = Optional.of(dup[0]);
                }
            }
        }
        if (!session.engine().can(Capability.APPROX_QUANTILES)) {
            notes.add("Quartiles are exact: " + session.engine().name() + " has no approximate quantiles.");
        }
        if (!session.engine().can(Capability.APPROX_DISTINCT)) {
            notes.add("Distinct counts are exact: " + session.engine().name() + " has no approximate distinct count.");
        }

        List<ColumnProfile> profiles = new ArrayList<>();
        for (ColumnStats c : stats) {
            profiles.add(profile(c, counted, mode));
        }
        List<List<String>> keys = candidateKeys(profiles, info, rows);
        correlations.sort((a, b) -> Double.compare(Math.abs(b.value()), Math.abs(a.value())));
        TableProfile tableProfile = new TableProfile(rows, stats.size(), duplicates, keys, correlations, missingTogether);

        List<Finding> findings = new ArrayList<>();
        if (mode != AnalysisMode.SCHEMA) {
            java.util.Set<String> trailing = emptyTrailingColumns(profiles, rows);
            for (ColumnProfile p : profiles) {
                findings.addAll(trailing.contains(p.name()) ? List.of(FindingRules.emptyTrailingColumn(p, rows))
                        : FindingRules.forColumn(p, rows));
            }
            findings.addAll(FindingRules.forTable(tableProfile));
            if (duplicateDetail.isPresent()) {
                DetailScan.Duplicates d = duplicateDetail.get();
                findings.addAll(FindingRules.forDuplicates(d.ignored(), d.rows(), d.identity(), d.sameIdentity(), rows));
            }
        }
        List<Section> sections = new ArrayList<>();
        List<Finding> stepFindings = new ArrayList<>();
        StepContext context = new StepContext(session, dialect, queryOptions, mode, table, relation, counted, profiles, tableProfile);
        for (AnalysisStep step : steps) {
            stages.next(step.stage());
            attempt(notes, step.stage().replaceFirst("^finding ", ""), () -> {
                AnalysisStep.Outcome outcome = step.run(context);
                sections.addAll(outcome.sections());
                stepFindings.addAll(outcome.findings());
                notes.addAll(outcome.notes());
            });
        }
        findings.addAll(stepFindings);
        findings = FindingRules.ordered(findings);
        QualityScore quality = FindingRules.score(profiles, findings);
        List<ColumnProfile> scored = profiles.stream().map(p -> p.withQuality(quality.byColumn().get(p.name()))).toList();

        Optional<TimeInsights> insights = Optional.empty();
        if (mode == AnalysisMode.FULL) {
            stages.next("insights over time");
            Optional<TimeInsights>[] found = new Optional[] {Optional.empty()};
            Map<String, TimeAnalysis.Bounds> bounds = new java.util.HashMap<>();
            for (ColumnStats c : stats) {
                if (!Double.isNaN(c.epochMin) && !Double.isNaN(c.epochMax) && !Double.isNaN(c.epochP01) && !Double.isNaN(c.epochP99)) {
                    bounds.put(c.name(), new TimeAnalysis.Bounds(c.epochMin, c.epochMax, c.epochP01, c.epochP99, c.epochExact));
                }
            }
            attempt(notes, "insights over time", () -> found[0] = new TimeAnalysis(session, queryOptions)
                    .analyze(relation, scored, options.timeColumn(), notes, bounds));
            insights = found[0];
        }
        return new AnalysisResult(AnalysisResult.SCHEMA_VERSION, dataset, session.engine().name(), mode, started,
                Duration.ofNanos(System.nanoTime() - t0), tableProfile, scored, findings, quality, insights, sections, notes);
    }

    /** The table, or the sample of it the user asked for (drawn in one parallel pass where the engine knows its size). */
    private String relation(String table, RelationInfo info, AnalysisOptions options) {
        if (options.sampleRows().isEmpty()) {
            return table;
        }
        long n = options.sampleRows().getAsLong();
        return (info.rowEstimate().orElse(0) > 0 ? dialect.sample(table, n, info.rowEstimate().getAsLong()) : dialect.sample(table, n)) + " AS src";
    }

    private static void requireColumn(RelationInfo info, String name) {
        if (info.columns().stream().noneMatch(c -> c.name().equals(name))) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "There is no column '" + name + "' in " + info.ref() + ".")
                    .hint("Its columns are: " + String.join(", ", info.columns().stream().map(Column::name).toList()) + ".")
                    .detail("parameter", "time-column")
                    .build();
        }
    }

    /** Runs one stage; a failure other than cancel or timeout becomes a note instead of failing the analysis. */
    private static void attempt(List<String> notes, String what, Runnable stage) {
        try {
            stage.run();
        } catch (AssayException e) {
            if (e.code() == ErrorCode.CANCELLED || e.code() == ErrorCode.TIMEOUT) {
                throw e;
            }
            notes.add("Could not compute " + what + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static ColumnProfile profile(ColumnStats c, long rows, AnalysisMode mode) {
        Optional<NumericStats> numeric = Optional.empty();
        if (c.isNumeric() && c.count > 0 && c.min instanceof Number lo && c.max instanceof Number hi) {
            numeric = Optional.of(new NumericStats(lo.doubleValue(), hi.doubleValue(), c.mean, c.stddev, c.sum, c.p05, c.q1,
                    c.median, c.q3, c.p95, counted(c.zeros, mode), counted(c.negatives, mode), counted(c.infinities, mode),
                    c.skewness, c.outliers));
        }
        Optional<TextStats> text = Optional.empty();
        if (c.isText() && c.count > 0 && mode != AnalysisMode.QUICK) {
            text = Optional.of(new TextStats(c.minLength, c.maxLength, c.meanLength, c.empty, c.blank, c.patterns,
                    c.numericShare, c.dateShare, c.patternShares));
        }
        SemanticType semantic = SemanticTypes.infer(c, rows);
        long placeholders = c.isNumeric() && !sentinelsStandOut(c) || semantic == SemanticType.ID ? 0 : c.placeholders;
        boolean unique = c.count > 0 && c.distinctExact && c.distinct == c.count;
        return new ColumnProfile(c.name(), c.column.type().nativeName(), c.kind, c.count, Math.max(0, rows - c.count),
                placeholders, c.distinct, c.distinctExact, Optional.ofNullable(c.min).map(Profiles::text),
                Optional.ofNullable(c.max).map(Profiles::text), numeric, text, c.topValues, Optional.ofNullable(c.histogram),
                semantic, SemanticTypes.personal(semantic, c.name()), c.monotonic, unique, 100);
    }

    /** A count the full scan makes; absent (not 0) in the modes that do not compute it. */
    private static OptionalLong counted(long n, AnalysisMode mode) {
        return mode == AnalysisMode.FULL ? OptionalLong.of(n) : OptionalLong.empty();
    }

    /**
     * Whether sentinel numbers (9999, -999, ...) would stand out from the column's usual range, so that
     * finding them means "unknown" rather than an ordinary value such as order number 9999.
     */
    private static boolean sentinelsStandOut(ColumnStats c) {
        if (!(c.max instanceof Number hi) || !(c.min instanceof Number lo) || Double.isNaN(c.p95) || Double.isNaN(c.p05)) {
            return false;
        }
        double iqr = Math.max(c.q3 - c.q1, 0);
        return hi.doubleValue() >= 9_999 && 9_999 > c.p95 + 10 * iqr || lo.doubleValue() <= -999 && -999 < c.p05 - 10 * iqr;
    }

    private static final java.util.regex.Pattern GENERATED_NAME = java.util.regex.Pattern.compile(
            "(?i)\\s*|column_?\\d+|unnamed[:_ ]?\\d*|_?\\d+");

    /**
     * The last columns, every value missing, with a name the reader made up (no header there): what a delimiter at the
     * end of every line leaves. They are one fact about the file, not a column gone missing.
     */
    static java.util.Set<String> emptyTrailingColumns(List<ColumnProfile> profiles, long rows) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        for (int i = profiles.size() - 1; i > 0 && rows > 0; i--) {
            ColumnProfile p = profiles.get(i);
            if (p.count() != 0 || !GENERATED_NAME.matcher(p.name()).matches()) {
                break;
            }
            out.add(p.name());
        }
        return out;
    }

    /** Declared primary keys, then every column that is unique and never missing. */
    private static List<List<String>> candidateKeys(List<ColumnProfile> profiles, RelationInfo info, long rows) {
        List<List<String>> keys = new ArrayList<>();
        if (!info.primaryKey().isEmpty()) {
            keys.add(info.primaryKey());
        }
        for (ColumnProfile p : profiles) {
            boolean keyLike = p.kind() != io.assay.analysis.model.ColumnKind.TEMPORAL && p.kind() != io.assay.analysis.model.ColumnKind.OTHER;
            if (rows > 0 && keyLike && p.unique() && p.missing() == 0 && p.count() == rows && !keys.contains(List.of(p.name()))) {
                keys.add(List.of(p.name()));
            }
        }
        return keys;
    }

    /** Numbers the stages for the listener. */
    private static final class Stages {
        private final AnalysisListener listener;
        private final int total;
        private int step;

        Stages(AnalysisListener listener, AnalysisMode mode, int steps) {
            this.listener = listener;
            this.total = steps + switch (mode) {
                case SCHEMA -> 1;
                case QUICK -> 1;
                case FULL -> 6;
            };
        }

        void next(String stage) {
            listener.onStage(stage, step++, total);
        }
    }
}
