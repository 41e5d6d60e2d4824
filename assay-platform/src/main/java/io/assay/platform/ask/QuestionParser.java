package io.assay.platform.ask;

import io.assay.engine.AssayException;
import io.assay.engine.Dialect;
import io.assay.engine.ErrorCode;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Turns a question in plain English into one SELECT over one dataset, offline: the question is split into words,
 * its words are matched against the dataset's synonyms, column names (spaces, underscores, units, camel case), the
 * values its text columns hold (looked up through {@link ValueLookup}), numbers, years, months and dates; then grammar
 * cues ("how many", "average", "per", "by", "for each", "which ... the most", "more than", "in 2015") choose the
 * aggregate, the grouping, the filters, the order and the limit. Pure: no engine, no I/O but the lookup given.
 * A question it cannot ground is declined with what it did and did not understand.
 */
public final class QuestionParser {

    private static final Set<String> DESC = Set.of("most", "highest", "largest", "biggest", "greatest", "top", "maximum", "max", "longest",
            "best", "heaviest", "oldest", "hottest", "warmest", "wettest", "busiest", "costliest", "richest", "fastest", "tallest", "strongest");
    private static final Set<String> ASC = Set.of("least", "lowest", "smallest", "fewest", "minimum", "min", "shortest", "worst",
            "lightest", "coldest", "coolest", "driest", "cheapest", "poorest", "slowest", "youngest", "newest");
    private static final Set<String> GRAINS = Set.of("year", "month", "day", "week", "quarter", "hour", "date");
    private static final Set<String> FROM_WORDS = Words.stems(Set.of("origin", "source", "from", "departure", "depart", "start", "sender", "home"));
    private static final Set<String> TO_WORDS = Words.stems(Set.of("destination", "dest", "to", "target", "arrival", "arrive", "end", "recipient", "away"));
    private static final Set<String> ROW_NOUNS = Words.stems(Set.of("row", "record", "entry", "item", "line", "observation", "case"));

    private final Dialect dialect;

    public QuestionParser(Dialect dialect) {
        this.dialect = dialect;
    }

    /** The SQL answering {@code question} over the best fitting of {@code tables}; declined (INVALID_INPUT) when nothing fits. */
    public AskPlan parse(String question, List<AskTable> tables, ValueLookup lookup) {
        return parse(question, tables, List.of(), lookup);
    }

    /**
     * The SQL answering {@code question} over the best fitting of {@code tables}, or of the tables joined by
     * {@code joins} (at most three, a child with its parents, the fewest that hold what the question names);
     * declined (INVALID_INPUT) when nothing fits.
     */
    public AskPlan parse(String question, List<AskTable> tables, List<AskJoin> joins, ValueLookup lookup) {
        if (question == null || question.isBlank()) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "The question is empty.").detail("parameter", "question").build();
        }
        if (tables.isEmpty()) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "There is no dataset to ask about.")
                    .remedy("import-first", "what", "datasets").detail("parameter", "dataset").build();
        }
        List<Scope> scopes = new ArrayList<>();
        tables.forEach(t -> scopes.add(Scope.of(t)));
        scopes.addAll(Scope.joined(tables, joins));
        // Cheap grounding (names) first; values are looked up in the scopes that fit best, at most three. A join is
        // taken only when it grounds more of the question than fewer tables do.
        Map<Scope, Integer> nameScore = new java.util.HashMap<>();
        scopes.forEach(sc -> nameScore.put(sc, new Analysis(question, sc, dialect).tagNames().score()));
        List<Scope> order = new ArrayList<>(scopes);
        order.sort(Comparator.comparingInt((Scope sc) -> -nameScore.get(sc)).thenComparingInt(sc -> sc.members.size()));
        // Each table's values are looked up once per set of phrases, however many scopes it is part of.
        Map<List<Object>, List<ValueLookup.Hit>> looked = new java.util.HashMap<>();
        ValueLookup once = (t, phrases) -> looked.computeIfAbsent(List.of(t.name(), List.copyOf(phrases)), k -> lookup.find(t, phrases));
        Analysis best = null;
        for (Scope sc : order.subList(0, Math.min(joins.isEmpty() ? 3 : 6, order.size()))) {
            Analysis a = new Analysis(question, sc, dialect);
            a.tagAll(once);
            // Of two scopes over the same rows (the same fact) grounding as much, the one whose dates are the events'
            // (the larger table's) is taken; else the one of fewer tables.
            boolean sameFact = best != null && a.scope.fact().name().equals(best.scope.fact().name());
            if (best == null || a.score() > best.score() || a.score() == best.score() && (sameFact && a.timeRows() > best.timeRows()
                    || (!sameFact || a.timeRows() == best.timeRows()) && a.scope.members.size() < best.scope.members.size())) {
                best = a;
            }
        }
        return best.plan();
    }

    /**
     * The tables a question is answered over: one table, or a child table (the fact, whose rows are counted and
     * summed) joined to its parents and their parents, at most three tables. Columns keep their names, but for those
     * two tables share, which are called {@code table.column}; a parent's key of the same name as the child's column
     * it is joined on is left out (the child's holds the same values).
     */
    static final class Scope {
        final AskTable view;
        final List<AskTable> members;
        final List<AskJoin> edges;
        /** view column &rarr; {member, column}; empty for one table. */
        final Map<String, String[]> origin = new LinkedHashMap<>();
        /** member + '\0' + column &rarr; view column. */
        final Map<String, String> viewName = new LinkedHashMap<>();
        final Map<String, String> alias = new LinkedHashMap<>();

        private Scope(AskTable view, List<AskTable> members, List<AskJoin> edges) {
            this.view = view;
            this.members = List.copyOf(members);
            this.edges = List.copyOf(edges);
        }

        static Scope of(AskTable t) {
            Scope s = new Scope(t, List.of(t), List.of());
            t.columns().forEach(c -> s.viewName.put(t.name() + '\0' + c.name(), c.name()));
            return s;
        }

        boolean joined() {
            return members.size() > 1;
        }

        AskTable fact() {
            return members.get(0);
        }

        /** Every child with one to two of its parents, or a parent and that parent's parent. */
        static List<Scope> joined(List<AskTable> tables, List<AskJoin> joins) {
            Map<String, AskTable> byName = new LinkedHashMap<>();
            tables.forEach(t -> byName.put(t.name(), t));
            List<AskJoin> usable = joins.stream().filter(j -> byName.containsKey(j.child()) && byName.containsKey(j.parent())
                    && !j.child().equals(j.parent())).toList();
            List<Scope> out = new ArrayList<>();
            for (AskJoin a : usable) {
                out.add(build(byName, List.of(a)));
                for (AskJoin b : usable) {
                    if (b == a) {
                        continue;
                    }
                    boolean sibling = b.child().equals(a.child()) && !b.parent().equals(a.parent()) && usable.indexOf(b) > usable.indexOf(a);
                    boolean chain = b.child().equals(a.parent()) && !b.parent().equals(a.child());
                    if (sibling || chain) {
                        out.add(build(byName, List.of(a, b)));
                    }
                }
            }
            return out;
        }

        private static Scope build(Map<String, AskTable> byName, List<AskJoin> edges) {
            List<AskTable> members = new ArrayList<>();
            members.add(byName.get(edges.get(0).child()));
            for (AskJoin e : edges) {
                AskTable p = byName.get(e.parent());
                if (!members.contains(p)) {
                    members.add(p);
                }
            }
            // Which column names more than one member holds (a parent key joined on a same-named column is left out).
            Map<String, Integer> seen = new java.util.HashMap<>();
            List<String[]> kept = new ArrayList<>();
            for (AskTable m : members) {
                for (AskTable.Column c : m.columns()) {
                    boolean joinKey = edges.stream().anyMatch(e -> e.parent().equals(m.name()) && e.parentColumn().equals(c.name())
                            && e.childColumn().equalsIgnoreCase(c.name()));
                    if (!joinKey) {
                        kept.add(new String[] {m.name(), c.name()});
                        seen.merge(c.name().toLowerCase(Locale.ROOT), 1, Integer::sum);
                    }
                }
            }
            List<AskTable.Column> columns = new ArrayList<>();
            Map<String, String> synonyms = new LinkedHashMap<>();
            Scope s = new Scope(null, members, edges);
            for (String[] k : kept) {
                AskTable m = byName.get(k[0]);
                AskTable.Column c = m.column(k[1]).orElseThrow();
                String name = seen.get(c.name().toLowerCase(Locale.ROOT)) > 1 ? m.name() + "." + c.name() : c.name();
                columns.add(new AskTable.Column(name, c.kind(), c.unique() && m == members.get(0), c.topValues()));
                s.origin.put(name, new String[] {m.name(), c.name()});
                s.viewName.put(m.name() + '\0' + c.name(), name);
            }
            for (AskJoin e : edges) {
                String v = s.viewName.get(e.child() + '\0' + e.childColumn());
                if (v != null) {
                    s.viewName.putIfAbsent(e.parent() + '\0' + e.parentColumn(), v);
                }
            }
            members.forEach(m -> m.synonyms().forEach(synonyms::putIfAbsent));
            Set<String> used = new java.util.HashSet<>();
            for (AskTable m : members) {
                StringBuilder a = new StringBuilder();
                Words.pieces(m.name()).forEach(p -> a.append(p.charAt(0)));
                String base = a.length() == 0 || !Character.isLetter(a.charAt(0)) ? "t" : a.toString();
                String al = base;
                for (int i = 2; !used.add(al); i++) {
                    al = base + i;
                }
                s.alias.put(m.name(), al);
            }
            return new Scope(new AskTable(members.get(0).name(), columns, synonyms), s);
        }

        private Scope(AskTable view, Scope from) {
            this(view, from.members, from.edges);
            origin.putAll(from.origin);
            viewName.putAll(from.viewName);
            alias.putAll(from.alias);
        }

        /** How SQL names a column of the view: quoted, and after its table's alias in a join. */
        String ref(Dialect d, String viewColumn) {
            String[] o = origin.get(viewColumn);
            return o == null ? d.quoteIdentifier(viewColumn) : alias.get(o[0]) + "." + d.quoteIdentifier(o[1]);
        }

        /** A member's own column, after its alias. */
        String ref(Dialect d, String member, String column) {
            return joined() ? alias.get(member) + "." + d.quoteIdentifier(column) : d.quoteIdentifier(column);
        }

        /** The FROM clause: the table, or the fact and each parent by an explicit JOIN ... ON on its key. */
        String from(Dialect d) {
            if (!joined()) {
                return d.quoteIdentifier(view.name());
            }
            StringBuilder sb = new StringBuilder(d.quoteIdentifier(fact().name())).append(' ').append(alias.get(fact().name()));
            for (AskJoin e : edges) {
                sb.append(" JOIN ").append(d.quoteIdentifier(e.parent())).append(' ').append(alias.get(e.parent())).append(" ON ")
                        .append(ref(d, e.parent(), e.parentColumn())).append(" = ").append(ref(d, e.child(), e.childColumn()));
            }
            return sb.toString();
        }

        /** The column a member is joined on as a parent (its key), if it is one here. */
        Optional<String> keyOf(String member) {
            return edges.stream().filter(e -> e.parent().equals(member)).map(AskJoin::parentColumn).findFirst();
        }

        AskTable member(String name) {
            return members.stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
        }

        /** The member a view column comes from. */
        String memberOf(String viewColumn) {
            String[] o = origin.get(viewColumn);
            return o == null ? view.name() : o[0];
        }

        String words() {
            return String.join(", ", members.stream().map(AskTable::name).toList());
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    private enum Type { WORD, NUM, COL, VAL, SYN, TABLE, MONTH, DATE }

    /** One piece of the question: a word, or words taken together as a column, a value, a synonym, a number, a date. */
    private static final class Item {
        Type type;
        final String raw;
        final String norm;
        final int word;
        int lastWord;
        List<AskTable.Column> columns = List.of();
        int columnTokens;
        boolean full;
        ValueLookup.Hit hit;
        String expression;
        String label;
        double number;
        int month;
        LocalDate date;
        boolean used;
        int group = -1;
        /** For a TABLE item: the member table it names. */
        String member;

        Item(Type type, String raw, String norm, int word) {
            this.type = type;
            this.raw = raw;
            this.norm = norm;
            this.word = word;
            this.lastWord = word;
        }

        AskTable.Column column() {
            return columns.get(0);
        }

        boolean is(String... words) {
            if (type != Type.WORD) {
                return false;
            }
            for (String w : words) {
                if (norm.equals(Words.stem(w))) {
                    return true;
                }
            }
            return false;
        }

        boolean numeric() {
            return type == Type.SYN ? true : type == Type.COL && column().kind() == AskTable.Kind.NUMBER;
        }
    }

    private record Filter(String sql, String words) {
    }

    private static final class Analysis {
        private final String question;
        private final Scope scope;
        private final AskTable table;
        private final Dialect dialect;
        private final List<String> words;
        private final List<Item> tokens = new ArrayList<>();
        private List<Item> items = new ArrayList<>();
        private final List<String> matched = new ArrayList<>();
        private int groups;

        Analysis(String question, Scope scope, Dialect dialect) {
            this.question = question;
            this.scope = scope;
            this.table = scope.view;
            this.dialect = dialect;
            this.words = Words.split(question);
            for (int w = 0; w < words.size(); w++) {
                String word = words.get(w);
                Matcher iso = Words.ISO_DATE.matcher(word);
                Double n = Words.number(word);
                int month = Words.month(word);
                if (iso.matches()) {
                    Item it = new Item(Type.DATE, word, word, w);
                    it.date = LocalDate.of(Integer.parseInt(iso.group(1)), Integer.parseInt(iso.group(2)),
                            iso.group(3) == null ? 1 : Integer.parseInt(iso.group(3)));
                    it.month = iso.group(3) == null ? -1 : 0;
                    tokens.add(it);
                } else if (n != null) {
                    Item it = new Item(Type.NUM, word, word, w);
                    it.number = n;
                    tokens.add(it);
                } else if (month > 0) {
                    Item it = new Item(Type.MONTH, word, word.toLowerCase(Locale.ROOT), w);
                    it.month = month;
                    tokens.add(it);
                } else {
                    for (String p : Words.pieces(word)) {
                        tokens.add(new Item(Type.WORD, word, p, w));
                    }
                }
            }
        }

        // ----- tagging -----------------------------------------------------------------------------------------------

        Analysis tagNames() {
            tagSynonyms();
            tagColumns(true);
            tagColumns(false);
            tagTable();
            return this;
        }

        void tagAll(ValueLookup lookup) {
            tagSynonyms();
            tagColumns(true);
            tagValues(lookup);
            tagColumns(false);
            tagTable();
            collapse();
        }

        int score() {
            int s = 0;
            for (Item t : tokens) {
                if (t.type == Type.COL || t.type == Type.VAL || t.type == Type.SYN) {
                    s += t.type == Type.COL && !t.full ? 1 : 2;
                } else if (t.type == Type.TABLE) {
                    s += 2;
                }
            }
            // A month or a date needs a date column: the scope that has one grounds more of the question.
            if (namesTime() && table.columns().stream().anyMatch(c -> c.kind() == AskTable.Kind.TIME)) {
                s += 1;
            }
            return s;
        }

        private void tagSynonyms() {
            for (Map.Entry<String, String> e : table.synonyms().entrySet()) {
                List<String> p = Words.pieces(e.getKey());
                if (p.isEmpty()) {
                    continue;
                }
                for (int i = 0; i + p.size() <= tokens.size(); i++) {
                    boolean ok = true;
                    for (int k = 0; k < p.size() && ok; k++) {
                        Item t = tokens.get(i + k);
                        ok = t.type == Type.WORD && t.norm.equals(p.get(k));
                    }
                    if (ok) {
                        int g = groups++;
                        int last = tokens.get(i + p.size() - 1).word;
                        for (int k = 0; k < p.size(); k++) {
                            Item t = tokens.get(i + k);
                            t.type = Type.SYN;
                            t.expression = e.getValue();
                            t.label = e.getKey();
                            t.lastWord = last;
                            t.group = g;
                        }
                        matched.add("\"" + e.getKey() + "\" → " + e.getValue() + " (synonym)");
                    }
                }
            }
        }

        /** A column's name as tokens, each marked optional when it is a connective or a unit in brackets. */
        private record NameToken(String norm, boolean optional) {
        }

        private static List<NameToken> nameTokens(String name) {
            List<NameToken> out = new ArrayList<>();
            String rest = name;
            StringBuilder units = new StringBuilder();
            Matcher m = java.util.regex.Pattern.compile("[(\\[]([^)\\]]*)[)\\]]").matcher(name);
            while (m.find()) {
                units.append(' ').append(m.group(1));
            }
            rest = name.replaceAll("[(\\[][^)\\]]*[)\\]]", " ");
            for (String w : rest.split("\\s+")) {
                for (String p : Words.pieces(w)) {
                    out.add(new NameToken(p, Words.CONNECTIVE.contains(p)));
                }
            }
            // "item_count", "page_num": the counter after a noun is optional, so that "5 items" names the column.
            List<Integer> content = new ArrayList<>();
            for (int i = 0; i < out.size(); i++) {
                if (!out.get(i).optional()) {
                    content.add(i);
                }
            }
            if (content.size() == 2 && Words.COUNTERS.contains(out.get(content.get(1)).norm())
                    && !Words.COUNTERS.contains(out.get(content.get(0)).norm()) && !Words.STOP_STEMS.contains(out.get(content.get(0)).norm())) {
                out.set(content.get(1), new NameToken(out.get(content.get(1)).norm(), true));
            }
            for (String w : units.toString().trim().split("\\s+")) {
                for (String p : Words.pieces(w)) {
                    out.add(new NameToken(p, true));
                }
            }
            return out;
        }

        /** Matches columns at each free position, longest first; {@code strong} takes only whole names of two words or more. */
        private void tagColumns(boolean strong) {
            record Match(int start, int end, int hits, int content, int exact, AskTable.Column column) {
            }
            List<Match> found = new ArrayList<>();
            for (AskTable.Column c : table.columns()) {
                List<NameToken> name = nameTokens(c.name());
                int content = (int) name.stream().filter(t -> !t.optional()).count();
                if (content == 0) {
                    content = name.size();
                    name = name.stream().map(t -> new NameToken(t.norm(), false)).toList();
                }
                for (int i = 0; i < tokens.size(); i++) {
                    if (tokens.get(i).type != Type.WORD) {
                        continue;
                    }
                    // Align the name with the question from token i: skip optional name tokens, stop at a mismatch.
                    for (int k0 = 0; k0 < name.size(); k0++) {
                        int j = i;
                        int k = k0;
                        int hits = 0;
                        int exact = 0;
                        int end = i;
                        while (j < tokens.size() && k < name.size() && tokens.get(j).type == Type.WORD) {
                            int sim = Words.similarity(tokens.get(j).norm, name.get(k).norm());
                            if (sim > 0 && !(name.get(k).optional() && hits == 0)) {
                                if (!name.get(k).optional()) {
                                    hits++;
                                }
                                exact += sim == 2 ? 1 : 0;
                                j++;
                                k++;
                                end = j;
                            } else if (name.get(k).optional()) {
                                k++;
                            } else {
                                break;
                            }
                        }
                        if (hits > 0) {
                            found.add(new Match(i, end, hits, content, exact, c));
                        }
                    }
                }
            }
            found.sort(Comparator.comparingInt((Match m) -> -(m.end() - m.start()))
                    .thenComparingInt(m -> m.hits() == m.content() ? 0 : 1)
                    .thenComparingInt(m -> -m.exact())
                    .thenComparingDouble(m -> -(double) m.hits() / m.content()));
            for (Match m : found) {
                boolean full = m.hits() == m.content();
                if (strong && !(full && m.content() >= 2)) {
                    continue;
                }
                if (!strong && !full && m.exact() == 0) {
                    continue; // a partial match must have at least one exact word
                }
                if (!full && m.end() - m.start() == 1 && tokens.get(m.start()).is("total", "sum", "average", "mean", "avg", "count",
                        "number", "maximum", "max", "minimum", "min", "median")) {
                    continue; // "total discount" asks for a sum of discount; the word alone names no column (total_amount)
                }
                if (m.end() - m.start() == 1 && (!full ? tableNoun(tokens.get(m.start()).norm)
                        : wholeTableName(tokens.get(m.start()).norm) && scope.members.stream().noneMatch(t -> m.column().name().equalsIgnoreCase(t.name())))) {
                    continue; // "orders" is the table of orders rather than a part of order_id
                }
                boolean free = true;
                for (int j = m.start(); j < m.end(); j++) {
                    free &= tokens.get(j).type == Type.WORD;
                }
                if (!free) {
                    // Another column tying with it over the same words: keep it as an alternative.
                    Item first = tokens.get(m.start());
                    if (first.type == Type.COL && first.lastWord == tokens.get(m.end() - 1).lastWord && first.columnTokens == m.end() - m.start()
                            && first.full == full && !first.columns.contains(m.column()) && !full) {
                        List<AskTable.Column> alt = new ArrayList<>(first.columns);
                        alt.add(m.column());
                        for (int j = m.start(); j < m.end(); j++) {
                            tokens.get(j).columns = alt;
                        }
                    }
                    continue;
                }
                int g = groups++;
                for (int j = m.start(); j < m.end(); j++) {
                    Item t = tokens.get(j);
                    t.type = Type.COL;
                    t.columns = List.of(m.column());
                    t.full = full;
                    t.columnTokens = m.end() - m.start();
                    t.lastWord = tokens.get(m.end() - 1).word;
                    t.group = g;
                }
            }
        }

        private void tagValues(ValueLookup lookup) {
            // Candidate phrases: runs of 1 to 4 words not taken yet, not grammar alone, not numbers.
            Map<String, int[]> spans = new LinkedHashMap<>();
            for (int a = 0; a < words.size(); a++) {
                for (int b = a; b < Math.min(words.size(), a + 4); b++) {
                    if (!wordsFree(a, b)) {
                        break;
                    }
                    boolean content = false;
                    for (int w = a; w <= b; w++) {
                        String x = words.get(w);
                        boolean stop = Words.STOP.contains(x.toLowerCase(Locale.ROOT)) && !(x.length() >= 2 && x.equals(x.toUpperCase(Locale.ROOT))
                                && !x.equals("I"));
                        content |= !stop && Words.number(x) == null;
                    }
                    if (!content || (a == b && Words.STOP.contains(words.get(a).toLowerCase(Locale.ROOT))
                            && !words.get(a).equals(words.get(a).toUpperCase(Locale.ROOT)))) {
                        continue;
                    }
                    String phrase = String.join(" ", words.subList(a, b + 1)).toLowerCase(Locale.ROOT);
                    spans.putIfAbsent(phrase, new int[] {a, b});
                    String last = words.get(b).toLowerCase(Locale.ROOT);
                    String single = Words.stem(last);
                    if (!single.equals(last) && last.endsWith("s")) {
                        String sing = String.join(" ", words.subList(a, b)).toLowerCase(Locale.ROOT);
                        spans.putIfAbsent((sing.isEmpty() ? "" : sing + " ") + single, new int[] {a, b});
                    }
                }
            }
            if (spans.isEmpty()) {
                return;
            }
            List<ValueLookup.Hit> hits = new ArrayList<>();
            for (AskTable m : scope.members) {
                for (ValueLookup.Hit h : lookup.find(m, spans.keySet())) {
                    String v = scope.viewName.get(m.name() + '\0' + h.column());
                    if (v != null && table.column(v).isPresent()) {
                        hits.add(new ValueLookup.Hit(h.phrase(), v, h.value(), h.rows()));
                    }
                }
            }
            hits.sort(Comparator.comparingInt((ValueLookup.Hit h) -> -(spans.get(h.phrase())[1] - spans.get(h.phrase())[0]))
                    .thenComparingLong(h -> -h.rows()));
            for (ValueLookup.Hit h : hits) {
                int[] s = spans.get(h.phrase());
                if (s == null || !wordsFree(s[0], s[1])) {
                    continue;
                }
                String raw = String.join(" ", words.subList(s[0], s[1] + 1));
                // One lower-case word that names a single row of a column (a title, a name) is more likely a common word.
                if (s[0] == s[1] && raw.equals(raw.toLowerCase(Locale.ROOT)) && h.rows() < 2) {
                    continue;
                }
                ValueLookup.Hit chosen = choose(h, hits, s);
                int g = groups++;
                for (Item t : tokens) {
                    if (t.word >= s[0] && t.word <= s[1]) {
                        t.type = Type.VAL;
                        t.hit = chosen;
                        t.lastWord = s[1];
                        t.group = g;
                    }
                }
            }
        }

        /** Of the columns holding the same phrase, the one the question points at: named in it, or after "from"/"to"; else the commonest. */
        private ValueLookup.Hit choose(ValueLookup.Hit h, List<ValueLookup.Hit> all, int[] span) {
            List<ValueLookup.Hit> same = all.stream().filter(x -> x.phrase().equals(h.phrase())).toList();
            if (same.size() < 2) {
                return h;
            }
            Set<String> mentioned = new LinkedHashSet<>();
            for (Item t : tokens) {
                if (t.type == Type.COL) {
                    t.columns.forEach(c -> mentioned.add(c.name()));
                }
            }
            for (ValueLookup.Hit x : same) {
                if (mentioned.contains(x.column())) {
                    return x;
                }
            }
            String before = span[0] > 0 ? words.get(span[0] - 1).toLowerCase(Locale.ROOT) : "";
            Set<String> lexicon = Set.of("from", "leaving", "left", "departing").contains(before) ? FROM_WORDS
                    : Set.of("to", "into", "arriving", "reaching").contains(before) ? TO_WORDS : Set.of();
            for (ValueLookup.Hit x : same) {
                for (String p : Words.pieces(x.column())) {
                    if (lexicon.contains(p)) {
                        return x;
                    }
                }
            }
            return same.stream().max(Comparator.comparingLong(ValueLookup.Hit::rows)).orElse(h);
        }

        private boolean wordsFree(int a, int b) {
            for (Item t : tokens) {
                if (t.word >= a && t.word <= b && t.type != Type.WORD && !(t.type == Type.COL && !t.full)) {
                    return false;
                }
            }
            return true;
        }

        /** A word that is the whole name of one of the tables ("orders"). */
        private boolean wholeTableName(String norm) {
            return scope.members.stream().anyMatch(t -> norm.equals(String.join("", Words.pieces(t.name()))));
        }

        private void tagTable() {
            // A table named in more than one word ("order items"): those words together.
            for (AskTable m : scope.members) {
                List<String> name = Words.pieces(m.name());
                if (name.size() < 2) {
                    continue;
                }
                for (int i = 0; i + name.size() <= tokens.size(); i++) {
                    boolean ok = true;
                    for (int k = 0; k < name.size() && ok; k++) {
                        Item t = tokens.get(i + k);
                        ok = (t.type == Type.WORD || t.type == Type.COL && !t.full) && t.norm.equals(name.get(k));
                    }
                    if (ok) {
                        int g = groups++;
                        for (int k = 0; k < name.size(); k++) {
                            Item t = tokens.get(i + k);
                            t.type = Type.TABLE;
                            t.member = m.name();
                            t.group = g;
                            t.lastWord = tokens.get(i + name.size() - 1).word;
                        }
                    }
                }
            }
            for (Item t : tokens) {
                if (t.type == Type.WORD && tableNoun(t.norm)) {
                    t.type = Type.TABLE;
                    t.member = nounMember(t.norm);
                }
            }
        }

        /** A word naming the table's rows: its name (or the last word of it), or a generic noun such as rows or records. */
        private boolean tableNoun(String norm) {
            return nounMember(norm) != null || ROW_NOUNS.contains(norm);
        }

        /** The member table a word names (its name, or the last word of it), the fact's first; null when none. */
        private String nounMember(String norm) {
            for (AskTable m : scope.members) {
                List<String> name = Words.pieces(m.name());
                if (!name.isEmpty() && (norm.equals(name.get(name.size() - 1)) || norm.equals(String.join("", name)))) {
                    return m.name();
                }
            }
            return null;
        }

        /** Joins the tokens of one column, value or synonym into one item. */
        private void collapse() {
            items = new ArrayList<>();
            for (int i = 0; i < tokens.size(); i++) {
                Item t = tokens.get(i);
                if (t.group >= 0 && !items.isEmpty() && items.get(items.size() - 1).group == t.group) {
                    continue;
                }
                items.add(t);
            }
            for (Item it : items) {
                if (it.type == Type.COL) {
                    matched.add("\"" + phrase(it) + "\" → column " + it.columns.stream().map(AskTable.Column::name).reduce((a, b) -> a + " or " + b).orElse(""));
                } else if (it.type == Type.VAL) {
                    matched.add("\"" + phrase(it) + "\" → " + it.hit.column() + " = '" + it.hit.value() + "'");
                }
            }
        }

        private String phrase(Item it) {
            return String.join(" ", words.subList(it.word, Math.max(it.word, it.lastWord) + 1));
        }

        // ----- interpretation ------------------------------------------------------------------------------------------

        private int find(int from, String... ws) {
            for (int i = Math.max(0, from); i < items.size(); i++) {
                if (items.get(i).is(ws)) {
                    return i;
                }
            }
            return -1;
        }

        private boolean has(String... ws) {
            return find(0, ws) >= 0;
        }

        private boolean seq(int i, String... ws) {
            for (int k = 0; k < ws.length; k++) {
                if (i + k >= items.size() || !items.get(i + k).is(ws[k])) {
                    return false;
                }
            }
            return true;
        }

        private Item at(int i) {
            return i >= 0 && i < items.size() ? items.get(i) : null;
        }

        AskPlan plan() {
            List<Filter> filters = new ArrayList<>();
            List<String> groupSql = new ArrayList<>();
            List<String> groupWords = new ArrayList<>();
            List<String> groupNames = new ArrayList<>();

            // Expressions over two columns: "home and away goals", "x plus y", "the difference between x and y".
            combineColumns();

            // Values: filters.
            for (Item it : items) {
                if (it.type == Type.VAL) {
                    it.used = true;
                    filters.add(new Filter(q(it.hit.column()) + " = " + literal(it.hit.value()), it.hit.value()));
                }
            }
            // Entity: "which X", "what X", "top N X".
            Item entity = null;
            long limit = -1;
            boolean topMode = false;
            for (int i = 0; i < items.size(); i++) {
                Item it = items.get(i);
                if (it.is("which", "what", "top") && (it.is("which", "top") || i == 0)) {
                    int j = i + 1;
                    if (at(j) != null && at(j).type == Type.NUM && at(j).number >= 1 && at(j).number == Math.floor(at(j).number)) {
                        limit = (long) at(j).number;
                        at(j).used = true;
                        j++;
                    }
                    while (at(j) != null && at(j).is("of", "the")) {
                        j++;
                    }
                    if (at(j) != null && at(j).type == Type.TABLE && at(j + 1) != null && at(j + 1).type == Type.COL && !at(j + 1).numeric()) {
                        j++; // "which customer segment": the table's noun before its column
                    }
                    Item e = at(j);
                    if (e != null && (e.type == Type.COL || e.type == Type.TABLE)) {
                        entity = e;
                        entity.used = true;
                        topMode = true;
                    } else if (e != null && e.type == Type.WORD && !Words.STOP_STEMS.contains(e.norm) && (it.is("which", "top"))) {
                        throw decline("'" + e.raw + "'", "Say which column it means");
                    }
                    break;
                }
            }
            // Superlatives: direction, and "the 3 largest" for a limit.
            int sup = -1;
            boolean desc = true;
            for (int i = 0; i < items.size(); i++) {
                Item it = items.get(i);
                if (it.type == Type.WORD && (DESC.contains(it.norm) || ASC.contains(it.norm)) && !(it.is("max", "min", "maximum", "minimum") && !topMode)) {
                    if (it.is("most", "least") && seq(i + 1, "common") || seq(i + 1, "frequent") || seq(i + 1, "popular")) {
                        // "the most common X": X is what is counted per.
                        if (at(i + 2) != null && at(i + 2).type == Type.COL) {
                            entity = at(i + 2);
                            entity.used = true;
                            topMode = true;
                        }
                    }
                    if (it.is("top") && entity != null && topMode && items.indexOf(entity) > i) {
                        sup = i;
                        desc = true;
                        break;
                    }
                    sup = i;
                    desc = DESC.contains(it.norm);
                    Item before = at(i - 1);
                    if (before != null && before.type == Type.NUM && !before.used) {
                        limit = (long) before.number;
                        before.used = true;
                    }
                    break;
                }
            }
            if (sup < 0 && entity != null && !items.get(0).is("top") && entity.type != Type.TABLE) {
                // "which X" without a superlative: "which origins had delays" lists X.
                topMode = false;
            }
            if (topMode && sup < 0 && items.get(0).is("top")) {
                sup = 0;
            }

            // Comparisons: "more than 60", "at least 3", "between 10 and 20".
            comparisons(filters);
            // "season 2022": a numeric column named right before a number is that column's value.
            for (int i = 0; i + 1 < items.size(); i++) {
                Item c = items.get(i);
                Item n = items.get(i + 1);
                if (c.type == Type.COL && !c.used && c.column().kind() == AskTable.Kind.NUMBER && n.type == Type.NUM && !n.used
                        && (i + 2 >= items.size() || items.get(i + 2).type != Type.COL)) {
                    n.used = true;
                    c.used = true;
                    filters.add(new Filter(q(c.column().name()) + " = " + number(n.number), c.column().name() + " " + number(n.number)));
                }
            }
            // Time: years, months, dates.
            times(filters);
            // "8 cylinders": a number right before a numeric column is that column's value.
            for (int i = 0; i + 1 < items.size(); i++) {
                Item n = items.get(i);
                Item c = items.get(i + 1);
                if (n.type == Type.NUM && !n.used && c.type == Type.COL && !c.used && c.column().kind() == AskTable.Kind.NUMBER) {
                    n.used = true;
                    c.used = true;
                    filters.add(new Filter(q(c.column().name()) + " = " + number(n.number), c.column().name() + " " + number(n.number)));
                }
            }

            // Grouping: "per X", "by X", "for each X", "of each X", "yearly".
            for (int i = 0; i < items.size(); i++) {
                Item it = items.get(i);
                boolean cue = it.is("per", "each", "every") || (it.is("by") && !topMode) || it.is("across");
                if (!cue) {
                    if (it.is("yearly", "annual", "annually", "monthly", "weekly", "daily", "quarterly")) {
                        grain(it.norm.startsWith("year") || it.norm.startsWith("annual") ? "year" : it.norm.startsWith("month") ? "month"
                                : it.norm.startsWith("week") ? "week" : it.norm.startsWith("quarter") ? "quarter" : "day", groupSql, groupWords, groupNames);
                    }
                    continue;
                }
                int j = i + 1;
                while (at(j) != null && (at(j).is("the", "each", "every", "of", "number", "a", "an", "different", "single"))) {
                    j++;
                }
                if (at(j) != null && at(j).type == Type.TABLE && at(j + 1) != null && at(j + 1).type == Type.COL) {
                    j++; // "per customer segment": the table's noun before its column
                }
                Item g = at(j);
                if (g == null) {
                    continue;
                }
                if (g.type == Type.COL && !g.used) {
                    g.used = true;
                    AskTable.Column c = pickFor(g, false);
                    if (c.kind() == AskTable.Kind.TIME && at(j + 1) != null && at(j + 1).type == Type.WORD && GRAINS.contains(at(j + 1).norm)) {
                        at(j + 1).used = true;
                        groupSql.add(grainSql(at(j + 1).norm, c));
                        groupWords.add(at(j + 1).norm + " of " + c.name());
                        groupNames.add(at(j + 1).norm);
                    } else {
                        groupSql.add(q(c.name()));
                        groupWords.add(c.name());
                        groupNames.add(c.name());
                    }
                    // "per origin and destination"
                    if (at(j + 1) != null && at(j + 1).is("and") && at(j + 2) != null && at(j + 2).type == Type.COL && !at(j + 2).used) {
                        at(j + 2).used = true;
                        groupSql.add(q(pickFor(at(j + 2), false).name()));
                        groupWords.add(pickFor(at(j + 2), false).name());
                        groupNames.add(pickFor(at(j + 2), false).name());
                    }
                } else if (g.type == Type.WORD && GRAINS.contains(g.norm)) {
                    g.used = true;
                    grain(g.norm, groupSql, groupWords, groupNames);
                }
            }

            // Measures: numeric columns and synonyms left.
            List<Item> measures = new ArrayList<>();
            for (Item it : items) {
                if (!it.used && (it.type == Type.SYN || (it.type == Type.COL && it.columns.stream().anyMatch(c -> c.kind() == AskTable.Kind.NUMBER)))) {
                    measures.add(it);
                }
            }
            Item measure = measures.isEmpty() ? null : measures.get(0);
            if (sup >= 0) {
                for (Item m : measures) {
                    if (items.indexOf(m) > sup) {
                        measure = m;
                        break;
                    }
                }
            }

            // Aggregate.
            boolean howMany = seq(0, "how", "many") || find(0, "how") >= 0 && seq(find(0, "how"), "how", "many");
            int howIdx = find(0, "how");
            boolean numberOf = false;
            for (int i = 0; i < items.size(); i++) {
                if (seq(i, "number", "of") || (items.get(i).is("count") && (i == 0 || seq(i, "count", "of")))) {
                    // "per number of cylinders" groups; elsewhere it counts.
                    if (i == 0 || !(at(i - 1).is("per", "by", "each", "every"))) {
                        numberOf = true;
                    }
                }
            }
            boolean distinct = has("distinct", "different", "unique");
            String agg = null;
            if (has("average", "mean", "avg")) {
                agg = "avg";
            } else if (has("median")) {
                agg = "median";
            } else if (has("total", "sum", "overall", "combined", "altogether")) {
                agg = "sum";
            } else if (!topMode && has("maximum", "max", "highest", "largest", "biggest", "greatest", "peak", "longest", "most")
                    && measure != null) {
                agg = "max";
            } else if (!topMode && has("minimum", "min", "lowest", "smallest", "least", "shortest", "fewest") && measure != null) {
                agg = "min";
            } else if (!topMode && sup >= 0 && measure != null) {
                agg = desc ? "max" : "min"; // "the heaviest parcel", "the cheapest fee"
            }
            String countWhat = null;
            if ((howMany || numberOf) && agg == null) {
                // "how many deaths": a numeric column is summed; "how many countries": a text column is counted once each.
                int after = howMany ? howIdx + 2 : find(0, "number", "count") + 1;
                boolean eachOnce = false; // "how many distinct customers": the column's values are counted, never summed
                while (at(after) != null && at(after).is("of", "the", "distinct", "different", "unique")) {
                    eachOnce |= at(after).is("distinct", "different", "unique");
                    after++;
                }
                Item x = at(after);
                if (x != null && x.type == Type.COL && !x.used && x.column().kind() == AskTable.Kind.NUMBER && measure == x && !eachOnce) {
                    agg = "sum";
                } else if (x != null && x.type == Type.COL && !x.used) {
                    x.used = true;
                    countWhat = pickFor(x, false).name();
                    agg = "count";
                    distinct = true;
                    if (measure == x) {
                        measure = null;
                    }
                } else {
                    agg = "count";
                    measure = null;
                }
            }
            if (topMode && agg == null) {
                if (measure == null) {
                    agg = "count";
                } else {
                    // "the most units" adds up; so does "the highest total amount": a column that is itself a total.
                    boolean total = measure.type == Type.COL && Words.pieces(pickFor(measure, true).name()).stream().anyMatch(p -> p.equals("total") || p.equals("sum"));
                    agg = at(sup) != null && at(sup).is("most", "least") || total ? "sum" : desc ? "max" : "min";
                }
            }
            if (agg == null && measure != null && !groupSql.isEmpty()) {
                agg = "sum";
            }
            if (agg == null && (measure == null || measure.type != Type.SYN) && groupSql.isEmpty() && !topMode
                    && filters.isEmpty() && score() == 0) {
                throw decline(null, null);
            }
            if (agg != null && !agg.equals("count") && measure == null) {
                if (agg.equals("sum") && (howMany || numberOf || has("total") && countWhat == null && groupSql.size() + filters.size() > 0
                        && measures.isEmpty())) {
                    agg = "count";
                } else {
                    throw decline(null, "Name a numeric column to take the " + word(agg) + " of");
                }
            }
            if (measure != null) {
                measure.used = true;
            }

            String measureSql;
            String measureWords;
            if (agg == null) {
                measureSql = null;
                measureWords = null;
            } else if (agg.equals("count")) {
                measureSql = countWhat == null ? "count(*)" : distinct ? "count(DISTINCT " + q(countWhat) + ")" : "count(" + q(countWhat) + ")";
                measureWords = countWhat == null ? "number of rows" : distinct ? "number of different " + countWhat : "number of " + countWhat;
                // "how many customers ..." over orders joined to customers: each customer once, by its key.
                Item counted = items.stream().filter(it -> it.type == Type.TABLE && it.member != null).findFirst().orElse(null);
                if (countWhat == null && counted != null && scope.joined() && scope.keyOf(counted.member).isPresent()) {
                    measureSql = "count(DISTINCT " + scope.ref(dialect, counted.member, scope.keyOf(counted.member).get()) + ")";
                    measureWords = "number of " + counted.member;
                }
            } else {
                String m = measureExpr(measure, false);
                if (measure.type == Type.SYN && isAggregate(measure.expression)) {
                    measureSql = measure.expression;
                    measureWords = measure.label + " (" + measure.expression + ")";
                } else {
                    measureSql = agg.equals("median") ? dialect.quantile(m, 0.5) : agg + "(" + m + ")";
                    measureWords = word(agg) + " of " + measureLabel(measure);
                }
            }

            // Assemble.
            String from = scope.from(dialect);
            List<String> select = new ArrayList<>();
            List<String> where = new ArrayList<>();
            filters.forEach(f -> where.add(f.sql()));
            String orderBy = null;
            String explanation;
            List<String> filterWords = filters.stream().map(Filter::words).toList();
            if (topMode && entity != null) {
                long n = limit > 0 ? limit : 1;
                String dir = desc ? "DESC" : "ASC";
                String member = entity.type == Type.TABLE && entity.member != null ? entity.member : scope.fact().name();
                AskTable.Column label = entity.type == Type.TABLE ? labelColumn(member) : pickFor(entity, false);
                // A parent's rows are many rows of the join: grouped by the parent's key.
                Optional<String> parentKey = entity.type == Type.TABLE && scope.joined() ? scope.keyOf(member) : Optional.empty();
                boolean perRow = parentKey.isEmpty() && (entity.type == Type.TABLE || label.unique());
                if (perRow) {
                    String key = measure != null ? measureExpr(measure, true) : null;
                    if (key == null || (agg != null && agg.equals("count"))) {
                        throw decline(null, "Name the column to rank the " + entity.raw + " by");
                    }
                    select.add(q(label.name()));
                    select.add(key);
                    orderBy = key + " " + dir + " NULLS LAST";
                    explanation = label.name() + " with the " + (desc ? "largest" : "smallest") + " " + measureLabel(measure);
                } else {
                    if (measureSql == null) {
                        measureSql = "count(*)";
                        measureWords = "number of rows";
                    }
                    select.add(q(label.name()));
                    select.add(measureSql);
                    where.add(q(label.name()) + " IS NOT NULL");
                    groupSql.clear();
                    parentKey.ifPresent(k -> groupSql.add(scope.ref(dialect, member, k)));
                    groupSql.add(q(label.name()));
                    groupWords.clear();
                    groupWords.add(label.name());
                    orderBy = measureSql + " " + dir + " NULLS LAST";
                    explanation = measureWords + " per " + label.name();
                }
                explanation += with(filterWords) + ", the " + (n == 1 ? "" : n + " ") + (desc ? "largest" : "smallest");
                return finish(select, from, where, perRow ? List.of() : groupSql, orderBy, n, explanation);
            }
            if (measureSql == null) {
                // No aggregate: the rows that match, with the columns named.
                for (Item it : items) {
                    if (it.type == Type.COL && !it.used) {
                        select.add(q(pickFor(it, false).name()));
                    }
                }
                if (measure != null) {
                    select.add(measureExpr(measure, true));
                }
                if (select.isEmpty()) {
                    select.add("*");
                }
                if (sup >= 0 && measure != null) {
                    orderBy = measureExpr(measure, true) + (desc ? " DESC" : " ASC") + " NULLS LAST";
                }
                explanation = "rows" + with(filterWords);
                return finish(select, from, where, groupSql, orderBy, sup >= 0 ? Math.max(limit, 1) : limit, explanation);
            }
            for (int g = 0; g < groupSql.size(); g++) {
                select.add(groupSql.get(g) + (groupSql.get(g).equals(q(groupNames.get(g))) ? "" : " AS " + dialect.quoteIdentifier(groupNames.get(g))));
            }
            select.add(measureSql);
            explanation = measureWords + (groupWords.isEmpty() ? "" : " per " + String.join(" and ", groupWords)) + with(filterWords);
            if (!groupSql.isEmpty()) {
                orderBy = String.join(", ", groupSql);
            }
            return finish(select, from, where, groupSql, orderBy, -1, explanation);
        }

        private static String with(List<String> filters) {
            return filters.isEmpty() ? "" : ", " + String.join(", ", filters.stream().map(f -> f.endsWith(" only") ? f : f + " only").toList());
        }

        private AskPlan finish(List<String> select, String from, List<String> where, List<String> group, String orderBy, long limit,
                               String explanation) {
            StringBuilder sql = new StringBuilder("SELECT ").append(String.join(", ", select)).append(" FROM ").append(from);
            if (!where.isEmpty()) {
                sql.append(" WHERE ").append(String.join(" AND ", where));
            }
            if (!group.isEmpty()) {
                sql.append(" GROUP BY ").append(String.join(", ", group));
            }
            if (orderBy != null) {
                sql.append(" ORDER BY ").append(orderBy);
            }
            if (limit > 0) {
                sql.append(' ').append(dialect.limitClause(limit));
            }
            if (scope.joined()) {
                explanation += " (" + scope.fact().name() + " joined with "
                        + String.join(" and ", scope.members.subList(1, scope.members.size()).stream().map(AskTable::name).toList()) + ")";
            }
            return new AskPlan(table.name(), sql.toString(), explanation, matched, "offline", List.of());
        }

        private void grain(String grain, List<String> groupSql, List<String> groupWords, List<String> groupNames) {
            Optional<AskTable.Column> named = table.columns().stream()
                    .filter(c -> Words.pieces(c.name()).equals(List.of(grain)) && c.kind() != AskTable.Kind.TIME).findFirst();
            if (named.isPresent()) {
                groupSql.add(q(named.get().name()));
                groupWords.add(named.get().name());
                groupNames.add(named.get().name());
                return;
            }
            AskTable.Column time = timeColumn().orElseThrow(() -> decline("'" + grain + "'", "This dataset has no date or time column"));
            groupSql.add(grainSql(grain, time));
            groupWords.add(grain + " of " + time.name());
            groupNames.add(grain);
        }

        private String grainSql(String grain, AskTable.Column time) {
            return switch (grain) {
                case "year" -> "EXTRACT(YEAR FROM " + q(time.name()) + ")";
                case "month" -> dialect.dateTrunc(io.assay.engine.TimeGrain.MONTH, q(time.name()));
                case "quarter" -> dialect.dateTrunc(io.assay.engine.TimeGrain.QUARTER, q(time.name()));
                case "week" -> dialect.dateTrunc(io.assay.engine.TimeGrain.WEEK, q(time.name()));
                case "hour" -> dialect.dateTrunc(io.assay.engine.TimeGrain.HOUR, q(time.name()));
                default -> dialect.dateTrunc(io.assay.engine.TimeGrain.DAY, q(time.name()));
            };
        }

        /**
         * The time column the question names, else the first one of the table; in a join, the first of the fact, else
         * of the member with the most rows (the events: orders' dates rather than a product's launch date).
         */
        private Optional<AskTable.Column> timeColumn() {
            for (Item it : items) {
                if (it.type == Type.COL && it.column().kind() == AskTable.Kind.TIME) {
                    return Optional.of(it.column());
                }
            }
            List<AskTable.Column> times = table.columns().stream().filter(c -> c.kind() == AskTable.Kind.TIME).toList();
            if (!scope.joined() || times.isEmpty()) {
                return times.stream().findFirst();
            }
            return times.stream().max(Comparator.comparingInt((AskTable.Column c) -> scope.memberOf(c.name()).equals(scope.fact().name()) ? 1 : 0)
                    .thenComparingLong(c -> scope.member(scope.memberOf(c.name())).rows())
                    .thenComparingInt(c -> -times.indexOf(c)));
        }

        /** The question names a month, a date or a year. */
        private boolean namesTime() {
            return tokens.stream().anyMatch(t -> t.type == Type.MONTH || t.type == Type.DATE || isYear(t));
        }

        /** When the question has a month, a date or a year: the rows of the table whose dates it is taken on (0 otherwise). */
        long timeRows() {
            if (!namesTime()) {
                return 0;
            }
            return timeColumn().map(c -> scope.member(scope.memberOf(c.name())).rows()).orElse(0L);
        }

        /** An integer column named "year" (or ending in it), for years where the table keeps them as numbers. */
        private Optional<AskTable.Column> yearColumn() {
            return table.columns().stream().filter(c -> c.kind() == AskTable.Kind.NUMBER)
                    .filter(c -> {
                        List<String> p = Words.pieces(c.name());
                        return !p.isEmpty() && p.get(p.size() - 1).equals("year");
                    }).findFirst();
        }

        private void comparisons(List<Filter> filters) {
            for (int i = 0; i < items.size(); i++) {
                String op = null;
                int span = 1;
                Item it = items.get(i);
                if (seq(i, "more", "than") || seq(i, "greater", "than") || seq(i, "higher", "than") || seq(i, "larger", "than")
                        || seq(i, "bigger", "than") || seq(i, "longer", "than") || seq(i, "older", "than")) {
                    op = ">";
                    span = 2;
                } else if (seq(i, "less", "than") || seq(i, "fewer", "than") || seq(i, "lower", "than") || seq(i, "smaller", "than")
                        || seq(i, "shorter", "than") || seq(i, "younger", "than")) {
                    op = "<";
                    span = 2;
                } else if (seq(i, "at", "least") || seq(i, "no", "less", "than")) {
                    op = ">=";
                    span = it.is("no") ? 3 : 2;
                } else if (seq(i, "at", "most") || seq(i, "no", "more", "than")) {
                    op = "<=";
                    span = it.is("no") ? 3 : 2;
                } else if (it.is("over", "above", "exceed", "exceeding")) {
                    op = ">";
                } else if (it.is("under", "below")) {
                    op = "<";
                } else if (it.is("exactly") || seq(i, "equal", "to")) {
                    op = "=";
                    span = it.is("exactly") ? 1 : 2;
                } else if (it.is("between") && at(i + 1) != null && at(i + 1).type == Type.NUM && at(i + 2) != null && at(i + 2).is("and")
                        && at(i + 3) != null && at(i + 3).type == Type.NUM && !isYear(at(i + 1)) ) {
                    Item target = compareTarget(i, i + 3);
                    at(i + 1).used = true;
                    at(i + 3).used = true;
                    String c = measureExpr(target, false);
                    filters.add(new Filter(c + " BETWEEN " + number(at(i + 1).number) + " AND " + number(at(i + 3).number),
                            measureLabel(target) + " from " + number(at(i + 1).number) + " to " + number(at(i + 3).number)));
                    continue;
                }
                if (op == null) {
                    continue;
                }
                Item n = at(i + span);
                if (n == null || n.type != Type.NUM) {
                    continue;
                }
                if (isYear(n) && timeColumn().isPresent() && compareTargetOrNull(i, i + span) == null) {
                    continue; // "after 2010": a date comparison, below
                }
                Item target = compareTarget(i, i + span);
                n.used = true;
                String c = measureExpr(target, false);
                filters.add(new Filter(c + " " + op + " " + number(n.number), measureLabel(target) + " " + op + " " + number(n.number)));
            }
        }

        private Item compareTargetOrNull(int cue, int num) {
            Item after = at(num + 1);
            if (after != null && !after.used && (after.type == Type.COL && after.numeric() || after.type == Type.SYN)) {
                return after;
            }
            for (int k = cue - 1; k >= Math.max(0, cue - 4); k--) {
                Item b = items.get(k);
                if (!b.used && (b.type == Type.COL && b.numeric() || b.type == Type.SYN && !isAggregate(b.expression))) {
                    return b;
                }
                if (b.type == Type.VAL || b.type == Type.NUM) {
                    break;
                }
            }
            return null;
        }

        private Item compareTarget(int cue, int num) {
            Item t = compareTargetOrNull(cue, num);
            if (t == null) {
                throw decline("'" + items.get(cue).raw + " " + items.get(num).raw + "'", "Say which column is compared");
            }
            t.used = true;
            return t;
        }

        private static boolean isYear(Item n) {
            return n.type == Type.NUM && n.number >= 1800 && n.number <= 2200 && n.number == Math.floor(n.number) && !n.raw.contains(",");
        }

        private void times(List<Filter> filters) {
            for (int i = 0; i < items.size(); i++) {
                Item it = items.get(i);
                if (it.used) {
                    continue;
                }
                Item prev = at(i - 1);
                String cue = prev != null && prev.type == Type.WORD ? prev.norm : "";
                if (it.type == Type.MONTH) {
                    it.used = true;
                    Item y = at(i + 1);
                    if (y != null && isYear(y) && !y.used) {
                        y.used = true;
                        LocalDate start = LocalDate.of((int) y.number, it.month, 1);
                        range(filters, start, start.plusMonths(1), it.raw + " " + y.raw, cue);
                    } else {
                        AskTable.Column t = timeColumn().orElseThrow(() -> decline("'" + it.raw + "'", "This dataset has no date column"));
                        filters.add(new Filter("EXTRACT(MONTH FROM " + q(t.name()) + ") = " + it.month,
                                Words.MONTHS.get(it.month - 1).substring(0, 1).toUpperCase(Locale.ROOT) + Words.MONTHS.get(it.month - 1).substring(1) + " only"));
                    }
                } else if (it.type == Type.DATE) {
                    it.used = true;
                    LocalDate end = it.month == -1 ? it.date.plusMonths(1) : it.date.plusDays(1);
                    if (seq(i - 1, "between") || prev != null && prev.is("from")) {
                        Item to = at(i + 2);
                        if (to != null && to.type == Type.DATE && at(i + 1).is("and", "to", "until", "through")) {
                            to.used = true;
                            LocalDate toEnd = to.month == -1 ? to.date.plusMonths(1) : to.date.plusDays(1);
                            range(filters, it.date, toEnd, "from " + it.raw + " to " + to.raw, "");
                            continue;
                        }
                    }
                    range(filters, it.date, end, it.raw, cue);
                } else if (isYear(it) && Set.of("in", "during", "of", "for", "since", "after", "before", "from", "between", "until", "year", "by")
                        .contains(cue) || isYear(it) && i == items.size() - 1 && !it.used) {
                    it.used = true;
                    if ((cue.equals("between") || cue.equals("from")) && at(i + 1) != null && at(i + 1).is("and", "to", "until", "through")
                            && at(i + 2) != null && isYear(at(i + 2))) {
                        at(i + 2).used = true;
                        yearRange(filters, (int) it.number, (int) at(i + 2).number + 1, it.raw + " to " + at(i + 2).raw);
                        continue;
                    }
                    int y = (int) it.number;
                    switch (cue) {
                        case "since", "from" -> yearRange(filters, y, Integer.MAX_VALUE, "since " + y);
                        case "after" -> yearRange(filters, y + 1, Integer.MAX_VALUE, "after " + y);
                        case "before", "until" -> yearRange(filters, Integer.MIN_VALUE, y, "before " + y);
                        default -> yearRange(filters, y, y + 1, "in " + y);
                    }
                }
            }
        }

        private void range(List<Filter> filters, LocalDate start, LocalDate end, String words, String cue) {
            AskTable.Column t = timeColumn().orElseThrow(() -> decline("'" + words + "'", "This dataset has no date column"));
            String c = q(t.name());
            switch (cue) {
                case "since", "from" -> filters.add(new Filter(c + " >= DATE '" + start + "'", "since " + words));
                case "after" -> filters.add(new Filter(c + " >= DATE '" + end + "'", "after " + words));
                case "before", "until" -> filters.add(new Filter(c + " < DATE '" + start + "'", "before " + words));
                default -> filters.add(new Filter(c + " >= DATE '" + start + "' AND " + c + " < DATE '" + end + "'",
                        words.startsWith("from") ? words : "in " + words));
            }
        }

        private void yearRange(List<Filter> filters, int from, int to, String words) {
            Optional<AskTable.Column> time = timeColumn();
            Optional<AskTable.Column> year = yearColumn();
            boolean namedYear = year.isPresent() && items.stream().anyMatch(it -> it.type == Type.COL && it.column().equals(year.get()) && !it.used);
            if (year.isPresent() && (time.isEmpty() || namedYear || items.stream().noneMatch(it -> it.type == Type.COL && it.column().kind() == AskTable.Kind.TIME))
                    && (time.isEmpty() || namedYear)) {
                String c = q(year.get().name());
                String sql = from == Integer.MIN_VALUE ? c + " < " + to : to == Integer.MAX_VALUE ? c + " >= " + from
                        : to == from + 1 ? c + " = " + from : c + " >= " + from + " AND " + c + " < " + to;
                filters.add(new Filter(sql, words));
                return;
            }
            AskTable.Column t = time.or(() -> year).orElseThrow(() -> decline("'" + words + "'", "This dataset has no date or year column"));
            String c = q(t.name());
            if (t.kind() != AskTable.Kind.TIME) {
                String sql = from == Integer.MIN_VALUE ? c + " < " + to : to == Integer.MAX_VALUE ? c + " >= " + from
                        : to == from + 1 ? c + " = " + from : c + " >= " + from + " AND " + c + " < " + to;
                filters.add(new Filter(sql, words));
                return;
            }
            String sql = from == Integer.MIN_VALUE ? c + " < DATE '" + from(to) + "'"
                    : to == Integer.MAX_VALUE ? c + " >= DATE '" + from(from) + "'"
                    : c + " >= DATE '" + from(from) + "' AND " + c + " < DATE '" + from(to) + "'";
            filters.add(new Filter(sql, words));
        }

        private static String from(int year) {
            return String.format(Locale.ROOT, "%04d-01-01", year);
        }

        /** "home and away goals", "x plus y", "difference between x and y": one measure over two numeric columns. */
        private void combineColumns() {
            for (int i = 0; i + 2 < items.size(); i++) {
                Item a = items.get(i);
                Item op = items.get(i + 1);
                Item b = items.get(i + 2);
                if (a.type != Type.COL || b.type != Type.COL || !op.is("and", "plus", "minus")) {
                    continue;
                }
                List<AskTable.Column> as = a.columns.stream().filter(c -> c.kind() == AskTable.Kind.NUMBER).toList();
                List<AskTable.Column> bs = b.columns.stream().filter(c -> c.kind() == AskTable.Kind.NUMBER).toList();
                if (as.isEmpty() || bs.isEmpty()) {
                    continue;
                }
                // A word alone ("home") stands for the column that shares the rest of the other's name ("away goals").
                AskTable.Column bc = bs.get(0);
                AskTable.Column ac = as.stream().max(Comparator.comparingInt(c -> shared(c, bc))).orElse(as.get(0));
                boolean difference = op.is("minus") || (i >= 1 && items.get(i - 1).is("between") && has("difference"));
                // "the total of x and y", "the sum of x and y", "x and y combined": one measure.
                boolean together = i >= 2 && items.get(i - 1).is("of") && items.get(i - 2).is("total", "sum", "average", "mean")
                        || at(i + 3) != null && at(i + 3).is("combined", "together");
                boolean pair = !a.full || shared(ac, bc) > 0 || op.is("plus", "minus") || difference || together;
                // Only when they are taken together (a sum, an average of both...), not "x and y per z" as two measures: one sum then.
                if (!pair || ac.equals(bc)) {
                    continue;
                }
                Item merged = new Item(Type.SYN, a.raw, a.norm, a.word);
                merged.expression = q(ac.name()) + (difference ? " - " : " + ") + q(bc.name());
                merged.label = ac.name() + (difference ? " - " : " + ") + bc.name();
                merged.lastWord = b.lastWord;
                items.set(i, merged);
                items.remove(i + 1);
                items.remove(i + 1);
                matched.add("\"" + String.join(" ", words.subList(a.word, b.lastWord + 1)) + "\" → " + merged.expression);
            }
        }

        private int shared(AskTable.Column a, AskTable.Column b) {
            Set<String> x = new LinkedHashSet<>(Words.pieces(a.name()));
            x.retainAll(Words.pieces(b.name()));
            return x.size();
        }

        /** The column an item stands for in its role: a number to measure, or anything else. */
        private AskTable.Column pickFor(Item it, boolean number) {
            if (number) {
                return it.columns.stream().filter(c -> c.kind() == AskTable.Kind.NUMBER).findFirst().orElse(it.column());
            }
            return it.columns.stream().filter(c -> c.kind() != AskTable.Kind.NUMBER).findFirst().orElse(it.column());
        }

        private String measureExpr(Item m, boolean parenthesise) {
            if (m.type == Type.SYN) {
                return parenthesise && m.expression.matches(".*[-+*/].*") && !isAggregate(m.expression) ? "(" + m.expression + ")" : m.expression;
            }
            return q(pickFor(m, true).name());
        }

        private String measureLabel(Item m) {
            return m.type == Type.SYN ? m.label : pickFor(m, true).name();
        }

        private static boolean isAggregate(String expr) {
            return expr.toLowerCase(Locale.ROOT).matches("(?s)\\s*(sum|avg|count|min|max|median)\\s*\\(.*");
        }

        /** The column that names a row: one called name, title or label, else the first unique text column, else the first text column. */
        private AskTable.Column labelColumn(String member) {
            List<AskTable.Column> text = table.columns().stream().filter(c -> c.kind() == AskTable.Kind.TEXT)
                    .filter(c -> scope.memberOf(c.name()).equals(member)).toList();
            for (AskTable.Column c : text) {
                List<String> p = Words.pieces(c.name());
                if (p.contains("name") || p.contains("title") || p.contains("label")) {
                    return c;
                }
            }
            return text.stream().filter(AskTable.Column::unique).findFirst().or(() -> text.stream().findFirst())
                    .orElseThrow(() -> decline(null, "This dataset has no text column that names its rows"));
        }

        private String q(String column) {
            return scope.ref(dialect, column);
        }

        private static String literal(String value) {
            return "'" + value.replace("'", "''") + "'";
        }

        private static String number(double n) {
            return n == Math.floor(n) && Math.abs(n) < 1e15 ? String.valueOf((long) n) : String.valueOf(n);
        }

        private static String word(String agg) {
            return switch (agg) {
                case "avg" -> "average";
                case "sum" -> "sum";
                case "max" -> "maximum";
                case "min" -> "minimum";
                case "median" -> "median";
                default -> "number";
            };
        }

        /** Declines the question, saying what was not understood and what was, and what the dataset can answer. */
        private AssayException decline(String what, String hint) {
            StringBuilder m = new StringBuilder("Could not turn the question into a query over '" + table.name() + "'");
            m.append(what == null ? ": it names none of its columns or values." : ": did not understand " + what + ".");
            if (!matched.isEmpty()) {
                m.append(" Understood: ").append(String.join("; ", matched)).append('.');
            }
            String columns = String.join(", ", table.columns().stream().map(AskTable.Column::name).toList());
            m.append(" It can answer counts, sums, averages, minimums and maximums of its columns (")
                    .append(columns.length() > 300 ? columns.substring(0, 300) + "..." : columns)
                    .append("), per a column or a year or month, filtered by values, numbers and dates.");
            return AssayException.of(ErrorCode.INVALID_INPUT, m.toString())
                    .hint((hint == null ? "Name a column or a value" : hint) + "; or write the SQL yourself.")
                    .remedy("rephrase-question", "dataset", table.name(), "columns", columns)
                    .detail("parameter", "question").detail("dataset", table.name())
                    .detail("understood", String.join("; ", matched)).build();
        }
    }
}
