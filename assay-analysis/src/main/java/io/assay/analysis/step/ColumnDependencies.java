package io.assay.analysis.step;

import io.assay.analysis.model.AnalysisMode;
import io.assay.analysis.model.ColumnKind;
import io.assay.analysis.model.ColumnProfile;
import io.assay.analysis.model.Finding;
import io.assay.analysis.model.FindingKind;
import io.assay.analysis.model.Section;
import io.assay.analysis.model.Severity;
import io.assay.analysis.model.ValueCount;
import io.assay.engine.RowStream;
import io.assay.engine.SqlStatement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Columns whose value decides another's: every {@code zip_code} goes with one {@code city}, every {@code product_id}
 * with one {@code category}. Such a pair is a lookup table folded into this one; a pair that holds except for a few
 * values usually shows a typo or a stale entry ("02139" is "Cambridge" 120 times and "Cambrdige" twice), which
 * becomes a finding with those values as examples.
 *
 * <p>For each candidate column A, one query groups the rows by A and counts the distinct values of every candidate
 * B in each group: A determines B when no group holds two. How much that proves depends on the data. Were A and B
 * unrelated, a group holding {@code c} values of B would show a single one with probability at most
 * {@code t^(c−1)}, where {@code t} is the share of B's commonest value. So a pair that always holds is listed only
 * when chance would have kept it with probability under one in a million ({@code Σ (c−1) · ln(1/t) ≥ ln 10⁶}), and a
 * pair that holds "nearly" only when the values that break it are at most 5% of those checked and a tenth of the
 * {@code Σ (1 − t^(c−1))} that unrelated columns would have broken.
 *
 * <p>Tables over {@value #SAMPLE_ABOVE} rows are searched on a sample; what holds there is counted again on the
 * whole table before it is reported.
 */
final class ColumnDependencies implements AnalysisStep {

    static final String ID = "column-dependencies";
    /** How unlikely a dependency must be by chance to be listed: {@code ln(10⁶)}. */
    static final double SIGNIFICANCE = Math.log(1e6);
    /** Values breaking a near dependency: at most this share of the values checked. */
    static final double NEAR_SHARE = 0.05;
    /** Values breaking a near dependency: at most this share of what unrelated columns would have broken. */
    static final double NEAR_OF_CHANCE = 0.1;
    static final int MAX_DETERMINANTS = 8;
    static final int MAX_DEPENDENTS = 12;
    static final long SAMPLE_ABOVE = 2_000_000;
    static final long SAMPLE_ROWS = 1_000_000;
    /** Above this many rows, where samples are cheap, pairs are first screened on a sample of {@value #SCREEN_ROWS} rows. */
    static final long SCREEN_ABOVE = 400_000;
    static final long SCREEN_ROWS = 100_000;
    static final int MAX_EXAMPLES = 3;
    static final int MAX_ROWS = 50;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String stage() {
        return "finding columns that determine others";
    }

    @Override
    public Set<AnalysisMode> modes() {
        return Set.of(AnalysisMode.FULL);
    }

    @Override
    public Outcome run(StepContext ctx) {
        List<ColumnProfile> candidates = ctx.columns().stream().filter(ColumnDependencies::candidate).toList();
        List<ColumnProfile> determinants = candidates.stream()
                .filter(c -> c.distinct() * 2 <= ctx.rows())
                .sorted(Comparator.comparingLong(ColumnProfile::distinct).reversed())
                .limit(MAX_DETERMINANTS).toList();
        boolean sampled = ctx.rows() > SAMPLE_ABOVE;
        List<String> kept = new ArrayList<>();
        List<Pair> found = new ArrayList<>();
        try {
            // What is searched: the table, or a sample of it kept once (where the engine can keep one) so that every
            // determinant's query reads it in parallel instead of drawing it again on one thread.
            String source = sampled ? keep(ctx, ctx.dialect().sample(ctx.table(), SAMPLE_ROWS, ctx.rows()), kept) : ctx.relation();
            long searchedRows = sampled ? SAMPLE_ROWS : ctx.rows();
            String searched = sampled ? source + " AS src" : source;
            // The screen: a sample of what is searched (never when the user asked for a sample: its rows must be rows of
            // what is searched, and the user's sample is drawn elsewhere).
            String screen = searchedRows > SCREEN_ABOVE && ctx.relation().equals(ctx.table())
                    && ctx.session().engine().can(io.assay.engine.Capability.CHEAP_SAMPLES)
                    ? keep(ctx, ctx.dialect().sample(source, SCREEN_ROWS, searchedRows), kept) + " AS screen" : null;
            for (ColumnProfile a : determinants) {
                List<ColumnProfile> dependents = candidates.stream()
                        .filter(b -> b != a && b.distinct() <= 2 * a.distinct())
                        .limit(MAX_DEPENDENTS).toList();
                if (screen != null && !dependents.isEmpty()) {
                    dependents = screened(ctx, screen, a, dependents);
                }
                if (dependents.isEmpty()) {
                    continue;
                }
                List<Pair> pairs = count(ctx, searched, a, dependents).stream().filter(Pair::reportable).toList();
                if (sampled && !pairs.isEmpty()) {
                    pairs = count(ctx, ctx.relation(), a, pairs.stream().map(Pair::dependent).toList()).stream()
                            .filter(Pair::reportable).toList();
                }
                found.addAll(pairs);
            }
        } finally {
            for (String table : kept) {
                ctx.session().execute(SqlStatement.of("DROP TABLE IF EXISTS " + table), ctx.options());
            }
        }
        if (found.isEmpty()) {
            return Outcome.NOTHING;
        }
        List<Finding> findings = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        for (Pair p : found) {
            boolean oneToOne = p.holds() && found.stream().anyMatch(q -> q.holds()
                    && q.determinant() == p.dependent() && q.dependent() == p.determinant());
            if (oneToOne && ctx.columns().indexOf(p.dependent()) < ctx.columns().indexOf(p.determinant())) {
                continue;
            }
            String relation = p.holds() ? (oneToOne ? "one to one" : "many to one") : "nearly: " + p.violations() + (p.violations() == 1 ? " exception" : " exceptions");
            if (rows.size() < MAX_ROWS) {
                rows.add(List.of(p.determinant().name(), p.dependent().name(), relation, p.checked(), p.violations()));
            }
            if (!p.holds()) {
                findings.add(finding(ctx, p));
            }
        }
        String summary = "Where each value of the first column goes with a single value of the second. Checked on "
                + (sampled ? "a sample of about " + String.format(Locale.ROOT, "%,d", SAMPLE_ROWS) + " rows and counted again on all "
                + "rows" : "all rows") + "; a pair is listed only when unrelated columns would hardly have kept it (under one "
                + "chance in a million), and as nearly holding when at most 5% of the values break it.";
        Section section = new Section(ID, "Columns that determine others", summary, List.of(
                new Section.Column("Column", Section.Format.TEXT),
                new Section.Column("Determines", Section.Format.TEXT),
                new Section.Column("How", Section.Format.TEXT),
                new Section.Column("Values checked", Section.Format.COUNT),
                new Section.Column("Values with several", Section.Format.COUNT)), rows);
        return new Outcome(List.of(section), findings, List.of());
    }

    /** A low-cardinality column of plain values, with a known commonest value, that is not a key. */
    static boolean candidate(ColumnProfile c) {
        boolean plain = c.kind() == ColumnKind.TEXT || c.kind() == ColumnKind.BOOLEAN
                || c.kind() == ColumnKind.NUMERIC && c.numeric().map(n -> n.min() == Math.rint(n.min()) && n.max() == Math.rint(n.max())).orElse(false);
        return plain && !c.unique() && c.count() > 0 && c.distinct() >= 2 && !c.topValues().isEmpty()
                && !c.type().toUpperCase(Locale.ROOT).startsWith("JSON");
    }

    static double topShare(ColumnProfile c) {
        long top = c.topValues().stream().mapToLong(ValueCount::count).max().orElse(c.count());
        return c.count() == 0 ? 1 : Math.min(1, (double) top / c.count());
    }

    /**
     * The dependents that may still be reported after a look at a small sample, which can only rule pairs out, never in:
     * a value of {@code a} that shows two values of {@code b} in the sample shows them in the whole table, and a pair
     * is reported only with at most {@link #NEAR_SHARE} of {@code a}'s values breaking it. So a pair whose sample
     * already has more breaking values than that share of all of {@code a}'s distinct values (with a margin where that
     * count is an estimate) cannot be reported, and is not counted on the whole table. Unrelated columns, most pairs,
     * go here at a fraction of the cost.
     */
    private static List<ColumnProfile> screened(StepContext ctx, String sample, ColumnProfile a, List<ColumnProfile> dependents) {
        double most = NEAR_SHARE * a.distinct() * (a.distinctExact() ? 1 : 1.25);
        return count(ctx, sample, a, dependents).stream().filter(p -> p.violations() <= most).map(Pair::dependent).toList();
    }

    /**
     * The rows of {@code drawn} (a sample) kept in a temporary table where the engine can keep one, named in
     * {@code kept} to be dropped; else {@code drawn} itself, drawn again by every query that reads it.
     */
    private static String keep(StepContext ctx, String drawn, List<String> kept) {
        String name = "assay_sample_" + java.util.UUID.randomUUID().toString().replace("-", "");
        java.util.Optional<String> create = ctx.dialect().createTemporaryTable(name, "SELECT * FROM " + drawn + " AS d");
        if (create.isEmpty()) {
            return drawn;
        }
        ctx.session().execute(SqlStatement.of(create.get()), ctx.options());
        kept.add(ctx.dialect().quoteIdentifier(name));
        return ctx.dialect().quoteIdentifier(name);
    }

    /** One query: per group of {@code a}, how many values of each dependent it holds. */
    private static List<Pair> count(StepContext ctx, String relation, ColumnProfile a, List<ColumnProfile> dependents) {
        String col = ctx.quote(a.name());
        StringBuilder inner = new StringBuilder("SELECT count(*) AS n");
        StringBuilder outer = new StringBuilder("SELECT count(*) AS g");
        for (int k = 0; k < dependents.size(); k++) {
            String b = ctx.quote(dependents.get(k).name());
            String t = java.math.BigDecimal.valueOf(topShare(dependents.get(k))).toPlainString();
            inner.append(", count(").append(b).append(") AS c").append(k).append(", count(DISTINCT ").append(b).append(") AS d").append(k);
            outer.append(", sum(CASE WHEN c").append(k).append(" > 1 THEN 1 ELSE 0 END)")
                    .append(", sum(CASE WHEN d").append(k).append(" > 1 THEN 1 ELSE 0 END)")
                    .append(", sum(CASE WHEN c").append(k).append(" > 1 THEN c").append(k).append(" - 1 ELSE 0 END)")
                    .append(", sum(CASE WHEN c").append(k).append(" > 1 THEN 1 - power(").append(t).append(", c").append(k)
                    .append(" - 1) ELSE 0 END)");
        }
        inner.append(" FROM ").append(relation).append(" WHERE ").append(col).append(" IS NOT NULL GROUP BY ").append(col);
        outer.append(" FROM (").append(inner).append(") g");
        List<Pair> out = new ArrayList<>();
        try (RowStream rs = ctx.session().query(SqlStatement.of(outer.toString()), ctx.options())) {
            if (rs.next()) {
                for (int k = 0; k < dependents.size(); k++) {
                    ColumnProfile b = dependents.get(k);
                    int at = 1 + 4 * k;
                    double evidence = asDouble(rs.get(at + 2)) * Math.log(1 / topShare(b));
                    out.add(new Pair(a, b, asLong(rs.get(at)), asLong(rs.get(at + 1)), evidence, asDouble(rs.get(at + 3))));
                }
            }
        }
        return out;
    }

    /** The finding for a pair that nearly holds, with the values that break it. */
    private static Finding finding(StepContext ctx, Pair p) {
        List<String> examples = examples(ctx, p);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("determinedBy", p.determinant().name());
        evidence.put("valuesChecked", p.checked());
        evidence.put("valuesWithSeveral", p.violations());
        evidence.put("examples", examples);
        String title = p.dependent().name() + " is decided by " + p.determinant().name() + " except for "
                + p.violations() + (p.violations() == 1 ? " value" : " values");
        return new Finding(FindingKind.INCONSISTENT_MAPPING, Severity.WARNING, Optional.of(p.dependent().name()), title, evidence,
                "Check these values of " + p.dependent().name() + " for typos or stale entries; if each "
                        + p.determinant().name() + " should have one " + p.dependent().name() + ", keep it in a lookup table "
                        + "keyed by " + p.determinant().name() + ".", 2);
    }

    /** Up to {@value #MAX_EXAMPLES} values of the determinant that break the pair, each with its dependent values. */
    private static List<String> examples(StepContext ctx, Pair p) {
        String a = ctx.quote(p.determinant().name());
        String b = ctx.quote(p.dependent().name());
        String sql = "SELECT r.a, r.b, count(*) AS n FROM (SELECT " + a + " AS a, " + b + " AS b FROM " + ctx.table()
                + " WHERE " + a + " IS NOT NULL AND " + b + " IS NOT NULL) r JOIN (SELECT " + a + " AS a FROM " + ctx.table()
                + " WHERE " + a + " IS NOT NULL GROUP BY " + a + " HAVING count(DISTINCT " + b + ") > 1 ORDER BY " + a + " "
                + ctx.dialect().limitClause(MAX_EXAMPLES) + ") v ON r.a = v.a GROUP BY r.a, r.b ORDER BY r.a, n DESC, r.b";
        Map<String, List<String>> byValue = new LinkedHashMap<>();
        try (RowStream rs = ctx.session().query(SqlStatement.of(sql), ctx.options())) {
            while (rs.next()) {
                byValue.computeIfAbsent(String.valueOf(rs.get(0)), k -> new ArrayList<>())
                        .add(rs.get(1) + " (" + asLong(rs.get(2)) + ")");
            }
        }
        List<String> out = new ArrayList<>();
        byValue.forEach((value, values) -> out.add(value + " → " + String.join(", ", values)));
        return out;
    }

    private static long asLong(Object v) {
        return v == null ? 0 : ((Number) v).longValue();
    }

    private static double asDouble(Object v) {
        return v == null ? 0 : ((Number) v).doubleValue();
    }

    /**
     * What one pair showed.
     *
     * @param checked    values of the determinant with at least two values of the dependent
     * @param violations those among them with more than one distinct dependent value
     * @param evidence   {@code −ln} of the most that chance would keep the pair with no exception
     * @param expected   the fewest exceptions unrelated columns would have shown
     */
    record Pair(ColumnProfile determinant, ColumnProfile dependent, long checked, long violations, double evidence,
                double expected) {

        boolean holds() {
            return violations == 0;
        }

        boolean reportable() {
            return checked >= 2 && (holds() ? evidence >= SIGNIFICANCE
                    : violations <= NEAR_SHARE * checked && violations <= NEAR_OF_CHANCE * expected);
        }
    }
}
