package io.assay.analysis.profile;

import io.assay.analysis.model.ValueCount;
import io.assay.analysis.sql.GroupingSets;
import io.assay.engine.Dialect;
import io.assay.engine.QueryOptions;
import io.assay.engine.Session;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.assay.analysis.profile.AggregateQuery.asLong;

/**
 * Looks closely at text values on a fixed sample of rows: their shapes ({@code Aaaa 99}), how many
 * look like e-mail addresses, URLs, phone numbers, numbers or dates, and, for columns too varied to
 * count every value, which values recur (the candidates for their top values). Shares, not counts, are
 * what semantic typing needs, and a sample of {@value #SAMPLE_ROWS} rows gives them to within a
 * percent or so whatever the table's size.
 */
final class SampleScan {

    static final long SAMPLE_ROWS = 20_000;
    static final int TOP_PATTERNS = 5;
    private static final int PATTERN_LENGTH = 40;

    /** Regular expressions (RE2 and POSIX compatible) for the shapes semantic typing looks for, by name. */
    static final Map<String, String> SHAPES = new LinkedHashMap<>();

    static {
        SHAPES.put("email", "[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");
        SHAPES.put("url", "(https?|ftp)://[^ ]+");
        SHAPES.put("uuid", "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
        SHAPES.put("ip", "((25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])");
        SHAPES.put("phone", "\\+?[0-9(][0-9 ().-]{5,18}[0-9]");
        SHAPES.put("postal", "[0-9]{5}(-[0-9]{4})?|[A-Z][0-9][A-Z] ?[0-9][A-Z][0-9]|[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}");
        SHAPES.put("currency", "[$€£¥] ?-?[0-9][0-9,]*(\\.[0-9]+)?|-?[0-9][0-9,]*(\\.[0-9]+)? ?(USD|EUR|GBP|[$€£])");
    }

    private final Dialect dialect;

    SampleScan(Dialect dialect) {
        this.dialect = dialect;
    }

    void run(Session session, String table, long tableRows, List<ColumnStats> stats, QueryOptions options) {
        List<ColumnStats> text = stats.stream().filter(c -> c.isText() && c.count > 0).toList();
        if (text.isEmpty()) {
            return;
        }
        String drawn = dialect.sample(table, SAMPLE_ROWS, tableRows);
        // Where the engine can keep the sample, it is drawn once (on one thread, as a seeded sample must be) and the two
        // queries below, a regular expression per shape and column, read it in parallel.
        String kept = "assay_sample_" + java.util.UUID.randomUUID().toString().replace("-", "");
        java.util.Optional<String> keep = tableRows > SAMPLE_ROWS ? dialect.createTemporaryTable(kept, "SELECT * FROM " + drawn + " AS d")
                : java.util.Optional.empty();
        if (keep.isPresent()) {
            session.execute(io.assay.engine.SqlStatement.of(keep.get()), options);
            try {
                scan(session, dialect.quoteIdentifier(kept) + " AS s", text, options);
            } finally {
                session.execute(io.assay.engine.SqlStatement.of("DROP TABLE IF EXISTS " + dialect.quoteIdentifier(kept)), options);
            }
        } else {
            scan(session, drawn + " AS s", text, options);
        }
    }

    private void scan(Session session, String sample, List<ColumnStats> text, QueryOptions options) {
        AggregateQuery q = new AggregateQuery();
        String placeholderWords = Placeholders.TEXT.stream().map(w -> dialect.stringLiteral(w.toString()))
                .collect(java.util.stream.Collectors.joining(", "));
        for (ColumnStats c : text) {
            String col = "trim(" + c.expr(dialect) + ")";
            long[] n = new long[1];
            q.add("count(" + col + ")", v -> {
                n[0] = asLong(v);
                c.sampled = n[0];
            });
            q.add("count(" + dialect.tryCastDouble(col) + ")", v -> c.numericShare = share(v, n[0]));
            // The words and patterns are the program's own constants, written into the SQL so that the engine prepares
            // them once (a regular expression given as a parameter is compiled again for every row).
            q.add(dialect.countIf(col + " = '' OR lower(" + col + ") IN (" + placeholderWords + ")"), v -> c.specialInSample = asLong(v));
            q.add("count(" + dialect.tryCastDate(col) + ")", v -> c.dateShare = share(v, n[0]));
            for (Map.Entry<String, String> shape : SHAPES.entrySet()) {
                q.add(dialect.countIf(dialect.regexFullMatch(col, dialect.stringLiteral(shape.getValue()))),
                        v -> c.patternShares.put(shape.getKey(), share(v, n[0])));
            }
            if (SemanticTypes.bareName(c.name())) {
                q.add(dialect.countIf(dialect.regexFullMatch("lower(" + col + ")", dialect.stringLiteral(GivenNames.PATTERN))),
                        v -> c.givenNameShare = share(v, n[0]));
            }
        }
        q.run(session, sample, options);
        patterns(session, sample, text, options);
    }

    private void patterns(Session session, String sample, List<ColumnStats> text, QueryOptions options) {
        // Set i: the shapes of column i. Then, for columns too varied to count every value, their values
        // in the sample: the candidates for their top values.
        GroupingSets sets = new GroupingSets();
        for (ColumnStats c : text) {
            sets.set(sets.key(dialect.shapePattern("substr(" + c.expr(dialect) + ", 1, " + PATTERN_LENGTH + ")")));
        }
        List<ColumnStats> varied = text.stream().filter(c -> c.distinct > GroupedScan.LOW_CARDINALITY).toList();
        for (ColumnStats c : varied) {
            sets.set(sets.key(c.expr(dialect)));
        }
        List<Map<String, Long>> counts = new ArrayList<>();
        text.forEach(c -> counts.add(new HashMap<>()));
        varied.forEach(c -> counts.add(new HashMap<>()));
        sets.run(session, options, sample, "1", "count(*)", null, List.of(), (set, values, n) -> {
            if (values[set] != null) {
                counts.get(set).merge((String) values[set], ((Number) n).longValue(), Long::sum);
            }
        });
        for (int v = 0; v < varied.size(); v++) {
            // Values seen more than once in the sample; a value seen once is no "top" value.
            varied.get(v).topCandidates = counts.get(text.size() + v).entrySet().stream()
                    .filter(e -> e.getValue() > 1)
                    .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry::getKey))
                    .limit(GroupedScan.TOP_VALUES)
                    .map(Map.Entry::getKey)
                    .toList();
        }
        for (int i = 0; i < text.size(); i++) {
            text.get(i).patterns = counts.get(i).entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry::getKey))
                    .limit(TOP_PATTERNS)
                    .map(e -> new ValueCount(e.getKey(), e.getValue()))
                    .toList();
        }
    }

    private static double share(Object count, long of) {
        return of == 0 ? 0 : (double) asLong(count) / of;
    }
}
