package io.assay.engine.duckdb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.engine.RelationRef;
import io.assay.engine.StatementInfo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads DuckDB's own parse tree of a SQL text ({@code json_serialize_sql}, the SQL passed as a bind
 * parameter) into a {@link StatementInfo}. Pure: the caller fetches the JSON and the catalog names;
 * this class only walks the tree.
 *
 * <p>The walk visits every object in the tree, so a relation is found wherever it hides (subqueries in
 * any clause, table function arguments, PIVOT sources, DESCRIBE and SUMMARIZE). Only CTEs take names
 * out of the result, and they do so lexically, the way DuckDB's binder resolves them:
 * <ul>
 *   <li>a query node's CTEs are in scope for the whole node (select list, FROM, WHERE, modifiers, and
 *       all subqueries inside), and not outside it;</li>
 *   <li>the body of the n-th CTE sees the CTEs before it in the same WITH, never itself or later ones:
 *       DuckDB binds {@code WITH secret AS (SELECT * FROM secret)} to the real table {@code secret};</li>
 *   <li>a recursive CTE (DuckDB's {@code RECURSIVE_CTE_NODE}) sees itself in its recursive term only;</li>
 *   <li>only an unqualified name can be a CTE ({@code main.secret} is always the table), and names
 *       compare case-insensitively in ASCII only, as DuckDB does.</li>
 * </ul>
 * Where DuckDB would be more lenient than these rules the inspector reports a relation too many, never
 * one too few.
 */
final class DuckDbStatementInspector {

    /** The exact message DuckDB's json_serialize_sql gives for a statement that parsed but is not a query. */
    static final String NOT_A_QUERY = "Only SELECT statements can be serialized to json!";

    /** Table functions that only compute from their arguments: no files, no network, no catalog. */
    static final Set<String> SAFE_TABLE_FUNCTIONS = Set.of("range", "generate_series", "unnest");

    /**
     * The functions (scalar, aggregate, window, macro) a query may call: those that only compute from their
     * arguments, plus the clock and random numbers. A fixed, reviewed list ({@code functions-allowed.txt}), so a
     * function a DuckDB upgrade adds is refused until someone reviews it.
     */
    static final Set<String> ALLOWED_FUNCTIONS = allowedFunctions();

    /** Why the functions, table functions and pragmas of {@code functions-denied.txt} are refused, by kind and name. */
    static final Map<String, String> DENIED = deniedFunctions();

    private static final Set<String> QUERY_NODES = Set.of("SELECT_NODE", "SET_OPERATION_NODE", "RECURSIVE_CTE_NODE");
    private static final Set<String> TABLE_REFS = Set.of("BASE_TABLE", "JOIN", "SUBQUERY", "TABLE_FUNCTION",
            "EXPRESSION_LIST", "EMPTY", "PIVOT", "SHOW_REF");
    /** Characters that make a relation name a path, URL or glob to DuckDB's replacement scans. */
    private static final String FILE_NAME_CHARS = "./\\:*?~";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String defaultSchema;
    private final String database;
    private final Set<String> otherCatalogs = new LinkedHashSet<>();

    private final Set<RelationRef> relations = new LinkedHashSet<>();
    private final Set<String> tableFunctions = new LinkedHashSet<>();
    private final Set<String> functions = new LinkedHashSet<>();
    private final Set<String> reasons = new LinkedHashSet<>();

    /**
     * @param defaultSchema the schema unqualified names resolve to
     * @param database      the catalog the session works in (DuckDB's {@code current_database()})
     * @param catalogs      every catalog attached, the session's own among them
     */
    DuckDbStatementInspector(String defaultSchema, String database, List<String> catalogs) {
        this.defaultSchema = defaultSchema;
        this.database = database;
        for (String c : catalogs) {
            if (!sameName(c, database)) {
                otherCatalogs.add(lowerAscii(c));
            }
        }
    }

    /** Reads the answer of {@code json_serialize_sql(sql)}; {@code sql} is the text it was asked about. */
    StatementInfo read(String sql, String serialized) {
        JsonNode root;
        try {
            root = JSON.readTree(serialized);
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "The SQL is nested too deeply to be checked: its parse tree is "
                            + "deeper than " + JSON.getFactory().streamReadConstraints().getMaxNestingDepth() + " levels.")
                    .hint("Flatten the query: fewer nested subqueries, parentheses or chained operators (a CTE per step helps).")
                    .detail("parameter", "sql").detail("limit", "sql-depth")
                    .build();
        } catch (JsonProcessingException e) {
            throw AssayException.internal("DuckDB's parse tree is not JSON: " + e.getOriginalMessage(), e);
        }
        if (root.path("error").asBoolean(false)) {
            return refused(sql, root);
        }
        JsonNode statements = root.path("statements");
        if (!statements.isArray()) {
            throw AssayException.internal("DuckDB's parse tree has no statements: " + abbreviate(serialized), null);
        }
        for (JsonNode statement : statements) {
            JsonNode node = statement.path("node");
            if (!isQueryNode(node)) {
                reasons.add("the statement is a construct the inspector does not know (" + node.path("type").asText("?") + ")");
            }
            visit(statement, Scope.EMPTY);
        }
        int count = statements.size();
        return new StatementInfo(OptionalInt.of(count), count == 1, relations, tableFunctions, functions,
                new ArrayList<>(reasons));
    }

    /** json_serialize_sql said no: either the text is not a query (a fact), or it does not parse (an error). */
    private StatementInfo refused(String sql, JsonNode root) {
        String type = root.path("error_type").asText("");
        String message = root.path("error_message").asText("the engine could not parse the SQL");
        if (type.equals("not implemented") && message.equals(NOT_A_QUERY)) {
            return new StatementInfo(OptionalInt.empty(), false, Set.of(), Set.of(), Set.of(),
                    List.of("the text holds a statement that is not a query (such as PRAGMA, SET, COPY, ATTACH, "
                            + "INSTALL, LOAD, CALL, EXPLAIN, EXPORT, or one that creates, changes or drops data)"));
        }
        AssayException.Builder error = AssayException.of(ErrorCode.INVALID_INPUT, "The SQL does not parse: " + message)
                .detail("engine", "duckdb");
        JsonNode position = root.path("position");
        if (position.isValueNode() && !position.asText().isEmpty()) {
            long bytes = position.asLong(-1);
            if (bytes >= 0) {
                int at = charOffset(sql, bytes);
                int line = 1;
                int column = 1;
                for (int i = 0; i < at; i++) {
                    if (sql.charAt(i) == '\n') {
                        line++;
                        column = 1;
                    } else {
                        column++;
                    }
                }
                error = AssayException.of(ErrorCode.INVALID_INPUT,
                                "The SQL does not parse at line " + line + ", column " + column + ": " + message)
                        .detail("engine", "duckdb").detail("position", at).detail("line", line).detail("column", column);
            }
        }
        String hint = type.equals("parser")
                ? "Check the SQL near the position given; it must be one DuckDB query."
                : "Rewrite the SQL as one plain DuckDB query.";
        throw error.hint(hint).build();
    }

    // --- the walk -------------------------------------------------------------------------------

    private void visit(JsonNode node, Scope scope) {
        if (node.isArray()) {
            for (JsonNode child : node) {
                visit(child, scope);
            }
        } else if (node.isObject()) {
            if (node.has("class")) {
                visitExpression(node, scope);
            } else if (isQueryNode(node)) {
                visitQueryNode(node, scope);
            } else if (node.path("type").isTextual() && TABLE_REFS.contains(node.path("type").asText())) {
                visitTableRef(node, scope);
            } else {
                if (node.path("type").asText("").endsWith("_NODE")) {
                    reasons.add("the query uses a construct the inspector does not know (" + node.path("type").asText() + ")");
                }
                visitFields(node, scope, Set.of());
            }
        }
    }

    private void visitFields(JsonNode node, Scope scope, Set<String> skip) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!skip.contains(field.getKey()) && field.getValue().isContainerNode()) {
                visit(field.getValue(), scope);
            }
        }
    }

    private void visitQueryNode(JsonNode node, Scope outer) {
        Scope scope = outer;
        for (JsonNode cte : node.path("cte_map").path("map")) {
            String name = cte.path("key").asText();
            // The body sees the CTEs before it, not itself: a self-reference in a non-recursive CTE is the table.
            visit(cte.path("value"), scope);
            scope = scope.with(name);
        }
        if (node.path("type").asText().equals("RECURSIVE_CTE_NODE")) {
            visit(node.path("left"), scope);
            visit(node.path("right"), scope.with(node.path("cte_name").asText()));
            visitFields(node, scope, Set.of("cte_map", "left", "right"));
        } else {
            if (node.path("type").asText().equals("SELECT_NODE")) {
                expectTableRef(node.path("from_table"));
            }
            visitFields(node, scope, Set.of("cte_map"));
        }
    }

    private void visitTableRef(JsonNode ref, Scope scope) {
        switch (ref.path("type").asText()) {
            case "BASE_TABLE" -> {
                String table = ref.path("table_name").asText();
                boolean unqualified = ref.path("schema_name").asText().isEmpty() && ref.path("catalog_name").asText().isEmpty();
                if (!(unqualified && scope.contains(table))) {
                    relation(ref.path("catalog_name").asText(), ref.path("schema_name").asText(), table);
                }
                visitFields(ref, scope, Set.of());
            }
            case "TABLE_FUNCTION" -> {
                JsonNode function = ref.path("function");
                if (function.path("class").asText().equals("FUNCTION")) {
                    tableFunction(function);
                    visitFields(function, scope, Set.of());
                } else {
                    reasons.add("a table function call the inspector does not know (" + function.path("class").asText("?") + ")");
                    visit(function, scope);
                }
                visitFields(ref, scope, Set.of("function"));
            }
            case "SHOW_REF" -> {
                String showType = ref.path("show_type").asText();
                String table = ref.path("table_name").asText();
                switch (showType) {
                    case "DESCRIBE", "SUMMARY", "SHOW" -> {
                        if (!table.isEmpty()) {
                            relation(ref.path("catalog_name").asText(), ref.path("schema_name").asText(), table);
                        }
                    }
                    case "SHOW_SPECIAL" -> reasons.add("lists the engine's catalog (SHOW TABLES, SHOW DATABASES or DESCRIBE without a name)");
                    default -> reasons.add("a SHOW or DESCRIBE the inspector does not know (" + showType + ")");
                }
                visitFields(ref, scope, Set.of());
            }
            case "JOIN" -> {
                expectTableRef(ref.path("left"));
                expectTableRef(ref.path("right"));
                visitFields(ref, scope, Set.of());
            }
            case "PIVOT" -> {
                expectTableRef(ref.path("source"));
                visitFields(ref, scope, Set.of());
            }
            default -> visitFields(ref, scope, Set.of());
        }
    }

    private void visitExpression(JsonNode expression, Scope scope) {
        String kind = expression.path("class").asText();
        if (kind.equals("FUNCTION") || kind.equals("WINDOW")) {
            String name = lowerAscii(expression.path("function_name").asText());
            String catalog = expression.path("catalog").asText();
            String schema = expression.path("schema").asText();
            String written = qualified(catalog, schema, name);
            boolean builtIn = (catalog.isEmpty() || sameName(catalog, "system")) && (schema.isEmpty() || sameName(schema, "main"));
            if (!builtIn) {
                reasons.add("the function " + written + "() is not one of the engine's own (only those may be called, unqualified)");
            } else if (!ALLOWED_FUNCTIONS.contains(name)) {
                String denied = DENIED.get("function\t" + name);
                reasons.add("the function " + name + "() " + (denied != null ? denied
                        : "is not on the list of functions that only compute from their arguments"));
            }
            if (!expression.path("is_operator").asBoolean(false)) {
                functions.add(written);
            }
        }
        visitFields(expression, scope, Set.of());
    }

    private void expectTableRef(JsonNode ref) {
        if (ref.isObject() && !TABLE_REFS.contains(ref.path("type").asText())) {
            reasons.add("the query reads from a construct the inspector does not know (" + ref.path("type").asText("?") + ")");
        }
    }

    // --- facts ----------------------------------------------------------------------------------

    private void relation(String catalog, String schema, String table) {
        String written = qualified(catalog, schema, table);
        if (looksLikeFile(table)) {
            reasons.add("'" + table + "' may be read as a file or URL (a replacement scan), not a table");
        }
        if (!catalog.isEmpty() && !sameName(catalog, database)) {
            reasons.add("reads " + written + " from the catalog '" + catalog + "', outside the warehouse");
            return;
        }
        if (catalog.isEmpty() && !schema.isEmpty() && otherCatalogs.contains(lowerAscii(schema))) {
            reasons.add("'" + schema + "' in " + written + " may name the catalog '" + schema + "', outside the warehouse");
        }
        relations.add(new RelationRef(schema.isEmpty() ? defaultSchema : schema, table));
    }

    private void tableFunction(JsonNode function) {
        String name = lowerAscii(function.path("function_name").asText());
        String schema = function.path("schema").asText();
        String catalog = function.path("catalog").asText();
        String written = qualified(catalog, schema, name);
        tableFunctions.add(written);
        if (schema.isEmpty() && catalog.isEmpty() && SAFE_TABLE_FUNCTIONS.contains(name)) {
            return;
        }
        String why;
        if (name.startsWith("read_") || name.startsWith("parquet_") || name.equals("glob") || name.startsWith("sniff_")
                || name.endsWith("_scan")) {
            why = "reads files or URLs";
        } else if (name.equals("query") || name.equals("query_table")) {
            why = "runs SQL or reads tables given as text";
        } else if (name.startsWith("duckdb_") || name.startsWith("pragma_") || name.startsWith("information_schema")) {
            why = "reveals the engine's catalog or settings";
        } else if (DENIED.containsKey("table\t" + name)) {
            why = DENIED.get("table\t" + name);
        } else {
            why = "is not on the engine's list of safe table functions (" + String.join(", ", sorted(SAFE_TABLE_FUNCTIONS)) + ")";
        }
        reasons.add("the table function " + written + "() " + why);
    }

    // --- helpers --------------------------------------------------------------------------------

    private static List<String> resourceLines(String name) {
        try (java.io.InputStream in = DuckDbStatementInspector.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the resource " + name + " is missing from the engine's jar");
            }
            List<String> lines = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    lines.add(line);
                }
            }
            return lines;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("reading " + name, e);
        }
    }

    private static Set<String> allowedFunctions() {
        Set<String> names = new java.util.HashSet<>();
        for (String line : resourceLines("functions-allowed.txt")) {
            names.add(lowerAscii(line.strip()));
        }
        return Set.copyOf(names);
    }

    private static Map<String, String> deniedFunctions() {
        Map<String, String> denied = new java.util.HashMap<>();
        for (String line : resourceLines("functions-denied.txt")) {
            String[] parts = line.split("\t", 3);
            if (parts.length != 3 || parts[2].isBlank()) {
                throw new IllegalStateException("functions-denied.txt: a line is not kind<TAB>name<TAB>reason: " + line);
            }
            denied.put(parts[0] + "\t" + lowerAscii(parts[1]), parts[2].strip());
        }
        return Map.copyOf(denied);
    }

    private static boolean isQueryNode(JsonNode node) {
        return node.isObject() && QUERY_NODES.contains(node.path("type").asText());
    }

    static boolean looksLikeFile(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (FILE_NAME_CHARS.indexOf(name.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static String qualified(String catalog, String schema, String name) {
        StringBuilder s = new StringBuilder();
        if (!catalog.isEmpty()) {
            s.append(catalog).append('.');
        }
        if (!schema.isEmpty()) {
            s.append(schema).append('.');
        }
        return s.append(name).toString();
    }

    /** DuckDB folds case in ASCII only: {@code É} and {@code é} are different names to it. */
    static String lowerAscii(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        return b.toString();
    }

    private static boolean sameName(String a, String b) {
        return lowerAscii(a).equals(lowerAscii(b));
    }

    /** DuckDB reports positions as UTF-8 byte offsets; Java counts chars. */
    private static int charOffset(String sql, long byteOffset) {
        byte[] bytes = sql.getBytes(StandardCharsets.UTF_8);
        int end = (int) Math.min(byteOffset, bytes.length);
        return new String(bytes, 0, end, StandardCharsets.UTF_8).length();
    }

    private static List<String> sorted(Set<String> values) {
        List<String> list = new ArrayList<>(values);
        list.sort(null);
        return list;
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    /** The CTE names visible at one point of the tree, innermost first. */
    private record Scope(Scope parent, String name) {
        static final Scope EMPTY = new Scope(null, null);

        Scope with(String cte) {
            return new Scope(this, lowerAscii(cte));
        }

        boolean contains(String table) {
            String wanted = lowerAscii(table);
            for (Scope s = this; s != null && s.name != null; s = s.parent) {
                if (s.name.equals(wanted)) {
                    return true;
                }
            }
            return false;
        }
    }
}
