package io.assay.spark;

import io.assay.engine.RelationRef;
import io.assay.engine.StatementInfo;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what a SQL text does from Spark's own parser: the <em>parsed</em> logical plan that
 * {@code EXPLAIN EXTENDED <sql>} prints (the server parses the text; nothing runs: EXPLAIN of a command only plans it).
 *
 * <p>The rule, strict wherever the printed plan cannot settle a question:
 * <ul>
 *   <li>Spark parses exactly one statement per text (several are a parse error), so the count is 1;</li>
 *   <li>a read-only query is a plan whose every node is a query operator ({@code Project}, {@code Filter},
 *       {@code Aggregate}, {@code Join}, {@code Union}, {@code CTE}, {@code LocalRelation}, ...); a command at the root
 *       ({@code InsertIntoStatement}, {@code CreateTableAsSelect}, {@code SetCommand}, ...) is not;</li>
 *   <li>relations are the {@code 'UnresolvedRelation [schema, name]} nodes, less the names of CTEs in the text; a
 *       one-part name is in the default schema; {@code parquet.`/path`} and its kin (files read directly), names in
 *       another catalog, table functions other than {@code range} and the {@code explode} family, and the
 *       {@code reflect}/{@code java_method} functions are reasons in {@link StatementInfo#outsideReach()};</li>
 *   <li>every line of the plan must be read as a node: a line it cannot read (a string constant with a line break
 *       prints as two lines), a node it does not know, or a plan whose section headers appear more than once (a
 *       constant could forge one) makes the text a non-query with a reason, never a contained query.</li>
 * </ul>
 */
final class SparkStatementInspector {

    static final String PARSED = "== Parsed Logical Plan ==";
    static final String ANALYZED = "== Analyzed Logical Plan ==";

    /** Logical operators a query is made of, as Spark prints them in a parsed plan. */
    private static final Set<String> QUERY_NODES = Set.of("Project", "Filter", "Aggregate", "Join", "Sort", "GlobalLimit",
            "LocalLimit", "Limit", "Offset", "Tail", "SubqueryAlias", "UnresolvedRelation", "OneRowRelation", "LocalRelation",
            "UnresolvedInlineTable", "Union", "Intersect", "Except", "Distinct", "Deduplicate", "CTE", "UnresolvedWith",
            "WithCTE", "CTERelationDef", "CTERelationRef", "Window", "UnresolvedHint", "Sample", "Generate", "Pivot",
            "Unpivot", "Expand", "RepartitionByExpression", "Repartition", "RebalancePartitions", "WithWindowDefinition",
            "UnresolvedSubqueryColumnAliases", "UnresolvedTableValuedFunction", "UnresolvedTVFAliases", "LateralJoin",
            "Range", "UnresolvedHaving", "LateralView", "Subquery");

    /** Table functions that make rows out of their arguments and read nothing else. */
    private static final Set<String> CONTAINED_TABLE_FUNCTIONS = Set.of("range", "explode", "explode_outer", "inline",
            "inline_outer", "posexplode", "posexplode_outer", "stack", "json_tuple");

    /** Functions that call into the server's JVM. */
    private static final Set<String> JVM_FUNCTIONS = Set.of("reflect", "java_method", "try_reflect");

    /** Names Spark reads as a file format in {@code format.`path`}. */
    private static final Set<String> FILE_FORMATS = Set.of("parquet", "csv", "json", "orc", "text", "avro", "binaryfile",
            "delta", "jdbc", "xml", "hive");

    private static final Pattern NODE = Pattern.compile("^[ :|+\\-]*'?([A-Za-z][A-Za-z0-9_]*)(.*)$");
    private static final Pattern BRACKETS = Pattern.compile("^\\s*\\[([^\\]]*)\\]");
    private static final Pattern FUNCTION = Pattern.compile("'([A-Za-z_][A-Za-z0-9_.]*)\\(");

    private SparkStatementInspector() {
    }

    /** Reads the output of {@code EXPLAIN EXTENDED}; {@code defaultSchema} resolves one-part names. */
    static StatementInfo read(String explained, String defaultSchema) {
        List<String> outside = new ArrayList<>();
        Set<RelationRef> relations = new LinkedHashSet<>();
        Set<String> tableFunctions = new LinkedHashSet<>();
        Set<String> functions = new LinkedHashSet<>();
        if (occurrences(explained, PARSED) != 1 || occurrences(explained, ANALYZED) != 1
                || explained.indexOf(PARSED) > explained.indexOf(ANALYZED)) {
            outside.add("Spark's plan of this text cannot be read unambiguously (a constant holds a plan header).");
            return new StatementInfo(OptionalInt.of(1), false, relations, tableFunctions, functions, outside);
        }
        String parsed = explained.substring(explained.indexOf(PARSED) + PARSED.length(), explained.indexOf(ANALYZED)).strip();
        List<String> lines = parsed.lines().filter(l -> !l.isBlank()).toList();
        boolean query = true;
        Set<String> ctes = new LinkedHashSet<>();
        List<String[]> named = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher m = NODE.matcher(line);
            if (!m.matches()) {
                outside.add("Spark's plan has a line the inspector cannot read: " + abbreviate(line));
                query = false;
                continue;
            }
            String node = m.group(1);
            String rest = m.group(2);
            if (!QUERY_NODES.contains(node)) {
                outside.add(i == 0 ? "The statement is not a query (" + node + ")." : "The query uses " + node
                        + ", which the inspector does not know.");
                query = false;
            }
            Matcher f = FUNCTION.matcher(line);
            while (f.find()) {
                String fn = f.group(1).toLowerCase(Locale.ROOT);
                functions.add(fn);
                if (JVM_FUNCTIONS.contains(fn)) {
                    outside.add("It calls " + fn + ", which runs Java methods on the Spark server.");
                }
            }
            Matcher b = BRACKETS.matcher(rest);
            switch (node) {
                case "CTE" -> {
                    if (b.find()) {
                        for (String name : b.group(1).split(",")) {
                            ctes.add(name.trim().toLowerCase(Locale.ROOT));
                        }
                    }
                }
                case "UnresolvedRelation" -> {
                    if (b.find()) {
                        named.add(parts(b.group(1)));
                    } else {
                        outside.add("Spark's plan names a relation the inspector cannot read: " + abbreviate(line));
                    }
                }
                case "UnresolvedTableValuedFunction" -> {
                    if (b.find()) {
                        String fn = String.join(".", parts(b.group(1))).toLowerCase(Locale.ROOT);
                        tableFunctions.add(fn);
                        if (!CONTAINED_TABLE_FUNCTIONS.contains(fn)) {
                            outside.add("It calls the table function " + fn + ", which may read outside the granted relations.");
                        }
                    }
                }
                default -> {
                }
            }
        }
        for (String[] p : named) {
            if (p.length == 1) {
                if (!ctes.contains(p[0].toLowerCase(Locale.ROOT))) {
                    relations.add(new RelationRef(defaultSchema, p[0]));
                }
            } else if (p.length == 2) {
                if (FILE_FORMATS.contains(p[0].toLowerCase(Locale.ROOT))) {
                    outside.add("It reads files directly (" + p[0] + ".`" + p[1] + "`).");
                }
                relations.add(new RelationRef(p[0], p[1]));
            } else if (p.length == 3 && p[0].equalsIgnoreCase("spark_catalog")) {
                relations.add(new RelationRef(p[1], p[2]));
            } else {
                outside.add("It names a relation in another catalog (" + String.join(".", p) + ").");
            }
        }
        if (lines.isEmpty()) {
            outside.add("Spark printed no plan for this text.");
            query = false;
        }
        return new StatementInfo(OptionalInt.of(1), query, relations, tableFunctions, functions, outside);
    }

    private static String[] parts(String inside) {
        String[] parts = inside.split(", ");
        for (int i = 0; i < parts.length; i++) {
            parts[i] = parts[i].trim();
        }
        return parts;
    }

    private static int occurrences(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + what.length())) {
            n++;
        }
        return n;
    }

    private static String abbreviate(String line) {
        String t = line.strip();
        return t.length() > 80 ? t.substring(0, 80) + "…" : t;
    }
}
