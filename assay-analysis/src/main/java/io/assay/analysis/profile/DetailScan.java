package io.assay.analysis.profile;

import io.assay.analysis.model.ColumnProfile.Monotonicity;
import io.assay.analysis.model.MissingPattern;
import io.assay.engine.Dialect;
import io.assay.engine.QueryOptions;
import io.assay.engine.RowStream;
import io.assay.engine.Session;
import io.assay.engine.SqlStatement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static io.assay.analysis.profile.AggregateQuery.asLong;

/**
 * The third scan, for what the first two revealed: exact distinct counts of would-be keys (and of
 * every column of a table small enough), exact counts of the values the sample saw recur in varied
 * text columns (their top values),
 * outliers beyond the quartile fences, which columns go missing together, and (separately) duplicate
 * rows and whether values rise or fall with the storage order.
 */
final class DetailScan {

    /** Tukey's far-out fences: Q1 − 3·IQR and Q3 + 3·IQR. */
    static final double FENCE = 3.0;
    static final int MAX_MISSING_COLUMNS = 16;
    /** Up to this many rows every distinct count is made exact: it costs little there. */
    static final long EXACT_DISTINCT_UP_TO = 1_000_000;
    static final int MAX_MONOTONIC_COLUMNS = 6;

    private final Dialect dialect;

    DetailScan(Dialect dialect) {
        this.dialect = dialect;
    }

    void run(Session session, String relation, long rows, List<ColumnStats> stats, List<MissingPattern> missing,
             QueryOptions options) {
        AggregateQuery q = new AggregateQuery();
        for (ColumnStats c : stats) {
            String col = c.expr(dialect);
            boolean wouldBeKey = c.count == rows && c.distinct >= 0.9 * rows;
            if (!c.distinctExact && rows > 0 && (wouldBeKey || rows <= EXACT_DISTINCT_UP_TO)) {
                q.add("count(DISTINCT " + (c.isScalar() ? col : dialect.castToText(col)) + ")", v -> {
                    c.distinct = asLong(v);
                    c.distinctExact = true;
                });
            }
            // Exact counts where the sample saw any: a share under 1 in 20,000 goes unreported.
            if (c.isText() && !c.valuesCounted && c.count > 0 && (c.specialInSample > 0 || c.sampled == 0)) {
                q.add(dialect.countIf(col + " = ''"), v -> c.empty = asLong(v));
                q.add(dialect.countIf(col + " <> '' AND trim(" + col + ") = ''"), v -> c.blank = asLong(v));
                // Placeholders are short: the length test spares lower() and trim() on every long value. Only words
                // that mean nothing else count here, written as placeholders are (n/a, N/A, Missing, not xXx); in a
                // column this varied an ambiguous word ("None", "Unknown") is a placeholder only when it recurs (below).
                String t = "trim(" + col + ")";
                q.add(dialect.countIf(dialect.length(col) + " <= " + Placeholders.MAX_LENGTH + " AND lower(" + t + ") IN ("
                        + Placeholders.questionMarks(Placeholders.UNAMBIGUOUS.size()) + ") AND (" + t + " = lower(" + t + ") OR "
                        + t + " = upper(" + t + ") OR substr(" + t + ", 2) = lower(substr(" + t + ", 2)))"),
                        Placeholders.UNAMBIGUOUS, v -> c.placeholders = asLong(v));
            }
            if (c.isText() && !c.valuesCounted && !c.topCandidates.isEmpty()) {
                long[] exact = new long[c.topCandidates.size()];
                for (int k = 0; k < exact.length; k++) {
                    int at = k;
                    q.add(dialect.countIf(col + " = ?"), List.of(c.topCandidates.get(k)), v -> {
                        exact[at] = asLong(v);
                        if (at == exact.length - 1) {
                            c.topValues = topValues(c.topCandidates, exact);
                        }
                    });
                }
            }
            if (c.isNumeric() && Double.isFinite(c.q1) && Double.isFinite(c.q3) && c.q3 > c.q1) {
                double iqr = c.q3 - c.q1;
                q.add(dialect.countIf(dialect.castToDouble(col) + " < ? OR " + dialect.castToDouble(col) + " > ?"),
                        List.of(c.q1 - FENCE * iqr, c.q3 + FENCE * iqr), v -> c.outliers = OptionalLong.of(asLong(v)));
            } else if (c.isNumeric()) {
                c.outliers = OptionalLong.of(0);
            }
        }
        List<ColumnStats> withMissing = stats.stream().filter(c -> c.count < rows).limit(MAX_MISSING_COLUMNS).toList();
        for (int i = 0; i < withMissing.size(); i++) {
            for (int j = i + 1; j < withMissing.size(); j++) {
                ColumnStats a = withMissing.get(i);
                ColumnStats b = withMissing.get(j);
                q.add(dialect.countIf(dialect.quoteIdentifier(a.name()) + " IS NULL AND "
                        + dialect.quoteIdentifier(b.name()) + " IS NULL"), v -> {
                    long both = asLong(v);
                    long union = (rows - a.count) + (rows - b.count) - both;
                    if (both > 0 && union > 0) {
                        missing.add(new MissingPattern(a.name(), b.name(), both, (double) both / union));
                    }
                });
            }
        }
        q.run(session, relation, options);
        for (ColumnStats c : stats) {
            if (c.isText() && !c.valuesCounted) {
                // An ambiguous placeholder word among the values that recur, in the usual case and unlike the others.
                Map<Object, Long> top = new java.util.LinkedHashMap<>();
                c.topValues.forEach(v -> top.put(v.value(), v.count()));
                c.topValues.stream().filter(v -> Placeholders.AMBIGUOUS.contains(v.value().trim().toLowerCase(java.util.Locale.ROOT))
                                && Placeholders.conventionalCase(v.value().trim()) && Placeholders.contrasts(v.value(), top))
                        .forEach(v -> c.placeholders += v.count());
            }
        }
        missing.sort((x, y) -> Double.compare(y.jaccard(), x.jaccard()));
    }

    /** The candidates with their exact counts, commonest first. */
    private static List<io.assay.analysis.model.ValueCount> topValues(List<String> candidates, long[] counts) {
        List<io.assay.analysis.model.ValueCount> out = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            out.add(new io.assay.analysis.model.ValueCount(candidates.get(i), counts[i]));
        }
        out.sort(java.util.Comparator.comparingLong(io.assay.analysis.model.ValueCount::count).reversed()
                .thenComparing(io.assay.analysis.model.ValueCount::value));
        return out;
    }

    /**
     * Duplicate rows, in one query: rows equal to an earlier row in every column but the unique keys
     * (with a unique key no two rows are ever fully equal, so the key is left out); and rows that
     * repeat the same person (name, e-mail, phone columns) with different other values.
     *
     * @param ignored      the unique columns left out of the comparison
     * @param identity     the columns that identify a person, empty when the table has none
     * @param sameIdentity rows whose identity columns (all non-null) equal an earlier row's
     */
    record Duplicates(long rows, List<String> ignored, List<String> identity, long sameIdentity) {
    }

    Duplicates duplicates(Session session, String relation, long rows, List<ColumnStats> stats, QueryOptions options) {
        // Only surrogate keys are left out: a unique column with a meaning of its own (a postal code, a time) is an
        // attribute, and rows that differ in it are not duplicates.
        List<String> ignored = stats.stream().filter(c -> c.distinctExact && c.distinct == rows && c.count == rows && rows > 1
                        && surrogateKey(c, rows))
                .map(ColumnStats::name).toList();
        List<String> compared = stats.stream().filter(c -> !ignored.contains(c.name())).map(c -> dialect.quoteIdentifier(c.name())).toList();
        // Duplicated people matter where the table holds each person once: its identity columns nearly unique.
        // (In a table of orders, a repeated e-mail is a returning customer.)
        List<ColumnStats> identityStats = stats.stream().filter(c -> c.isText() && identityColumn(c)).toList();
        boolean onePerPerson = identityStats.stream().anyMatch(c -> c.count > 0 && c.distinct >= 0.9 * c.count);
        List<String> identity = onePerPerson ? identityStats.stream().map(ColumnStats::name).toList() : List.of();
        if (compared.isEmpty()) {
            return new Duplicates(0, ignored, identity, 0);
        }
        StringBuilder sql = new StringBuilder("SELECT (" + distinctRows(compared, relation, "") + ")");
        if (identity.size() >= 2) {
            String allPresent = identity.stream().map(n -> dialect.quoteIdentifier(n) + " IS NOT NULL")
                    .collect(java.util.stream.Collectors.joining(" AND "));
            sql.append(", (SELECT count(*) FROM ").append(relation).append(" WHERE ").append(allPresent).append(")")
                    .append(", (").append(distinctRows(identity.stream().map(dialect::quoteIdentifier).toList(), relation,
                            " WHERE " + allPresent)).append(")");
        }
        try (RowStream r = session.query(SqlStatement.of(sql.toString()), options)) {
            r.next();
            long distinct = ((Number) r.get(0)).longValue();
            long sameIdentity = identity.size() >= 2 ? ((Number) r.get(1)).longValue() - ((Number) r.get(2)).longValue() : 0;
            return new Duplicates(rows - distinct, ignored, identity.size() >= 2 ? identity : List.of(), sameIdentity);
        }
    }

    /**
     * A query counting the distinct rows of {@code columns}: distinct row hashes where the engine has them (one narrow
     * aggregate), else a DISTINCT over the columns in a derived table (which compares NULLs as equal on every engine).
     */
    private String distinctRows(List<String> columns, String relation, String where) {
        return dialect.rowHash(columns)
                .map(h -> "SELECT count(DISTINCT " + h + ") FROM " + relation + where)
                .orElseGet(() -> "SELECT count(*) FROM (SELECT DISTINCT " + String.join(", ", columns) + " FROM " + relation + where + ") AS d");
    }

    /** A unique column that only identifies its row: an id or UUID by name, shape or an ever-rising integer. */
    private static boolean surrogateKey(ColumnStats c, long rows) {
        io.assay.analysis.model.SemanticType t = SemanticTypes.infer(c, rows);
        return t == io.assay.analysis.model.SemanticType.ID || t == io.assay.analysis.model.SemanticType.UUID;
    }

    /** Text columns that name or reach a person. */
    private static boolean identityColumn(ColumnStats c) {
        String n = c.name().toLowerCase(java.util.Locale.ROOT);
        return n.matches(".*(name|email|e_mail|phone|mobile).*") && !n.matches(".*(product|company|category|file|host|city|country).*");
    }

    /**
     * Whether temporal columns and id-like integers only rise (or only fall) in
     * storage order; left UNKNOWN where the engine has no storage order.
     */
    void monotonicity(Session session, String relation, List<ColumnStats> stats, QueryOptions options) {
        Optional<String> order = dialect.storageOrder();
        // Order matters for clocks and counters: temporal columns, and integers nearly unique (ids).
        List<ColumnStats> candidates = stats.stream()
                .filter(c -> c.count > 1 && c.distinct > 1 && (c.isTemporal()
                        || c.column.type().kind() == io.assay.engine.ColumnType.Kind.INTEGER && c.distinct >= 0.5 * c.count))
                .limit(MAX_MONOTONIC_COLUMNS)
                .toList();
        if (order.isEmpty() || candidates.isEmpty()) {
            return;
        }
        StringBuilder inner = new StringBuilder("SELECT ");
        AggregateQuery q = new AggregateQuery();
        for (int i = 0; i < candidates.size(); i++) {
            ColumnStats c = candidates.get(i);
            String col = c.expr(dialect);
            inner.append(i == 0 ? "" : ", ").append(col).append(" AS v").append(i)
                    .append(", lag(").append(col).append(") OVER (ORDER BY ").append(order.get()).append(") AS p").append(i);
            long[] downs = new long[1];
            q.add(dialect.countIf("v" + i + " < p" + i), v -> downs[0] = asLong(v));
            q.add(dialect.countIf("v" + i + " > p" + i), v -> {
                long ups = asLong(v);
                c.monotonic = downs[0] == 0 && ups > 0 ? Monotonicity.INCREASING
                        : ups == 0 && downs[0] > 0 ? Monotonicity.DECREASING : Monotonicity.NONE;
            });
        }
        q.run(session, "(" + inner + " FROM " + relation + ") AS m", options);
    }
}
