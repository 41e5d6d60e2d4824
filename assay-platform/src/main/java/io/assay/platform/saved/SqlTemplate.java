package io.assay.platform.saved;

import io.assay.engine.AssayException;
import io.assay.engine.Dialect;
import io.assay.engine.ErrorCode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The SQL of a saved query with {@code {{name}}} placeholders for values. A placeholder counts only in the SQL
 * itself: not in a string literal ({@code '...'}, {@code E'...'}, {@code $$...$$}), a quoted identifier or a comment.
 * Binding replaces each placeholder with a bind parameter ({@code ?}, cast to the parameter's type) and adds its
 * value to the statement's parameters, in order; a name used twice is bound twice. Values never enter the text.
 */
public final class SqlTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*(" + QueryParameter.NAME.pattern() + ")\\s*}}");

    /** The SQL between placeholders: {@code texts.size() == names.size() + 1}. */
    private final List<String> texts;
    /** The placeholders' names, in the order they appear (repeats included). */
    private final List<String> names;

    private SqlTemplate(List<String> texts, List<String> names) {
        this.texts = texts;
        this.names = names;
    }

    /** The SQL with a value bound for every parameter, and the values as bound (by name, for the record). */
    public record Bound(String sql, List<Object> params, Map<String, Object> values) {
        public Bound {
            params = Collections.unmodifiableList(new ArrayList<>(params));
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }
    }

    /** Finds the placeholders in {@code sql}; a bare {@code ?} is refused, since values come by name. */
    public static SqlTemplate parse(String sql) {
        List<String> texts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int start = 0;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'') {
                boolean escapes = i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e') && (i < 2 || !identifierPart(sql.charAt(i - 2)));
                i = endOfQuoted(sql, i, '\'', escapes);
            } else if (c == '"') {
                i = endOfQuoted(sql, i, '"', false);
            } else if (c == '-' && sql.startsWith("--", i)) {
                int eol = sql.indexOf('\n', i);
                i = eol < 0 ? n : eol + 1;
            } else if (c == '/' && sql.startsWith("/*", i)) {
                i = endOfBlockComment(sql, i);
            } else if (c == '$' && (i == 0 || !identifierPart(sql.charAt(i - 1))) && dollarTag(sql, i) != null) {
                String tag = dollarTag(sql, i);
                int close = sql.indexOf(tag, i + tag.length());
                i = close < 0 ? n : close + tag.length();
            } else if (c == '?') {
                throw AssayException.of(ErrorCode.INVALID_INPUT, "A saved query takes its values by name, as {{name}} placeholders, "
                                + "not as ? (at character " + (i + 1) + ").")
                        .hint("Write {{region}} where the value goes and declare region as a parameter.")
                        .detail("parameter", "sql").build();
            } else if (c == '{' && sql.startsWith("{{", i)) {
                Matcher m = PLACEHOLDER.matcher(sql).region(i, n);
                if (m.lookingAt()) {
                    texts.add(sql.substring(start, i));
                    names.add(m.group(1));
                    i = m.end();
                    start = i;
                } else {
                    i += 2;
                }
            } else {
                i++;
            }
        }
        texts.add(sql.substring(start));
        return new SqlTemplate(List.copyOf(texts), List.copyOf(names));
    }

    /** The names of the placeholders, each once, in the order they first appear. */
    public Set<String> names() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(names));
    }

    /**
     * Checks that the declared parameters are exactly the placeholders: each placeholder declared, each declared
     * parameter used, no name declared twice.
     */
    public void checkDeclared(List<QueryParameter> declared) {
        Set<String> seen = new LinkedHashSet<>();
        for (QueryParameter p : declared) {
            if (!seen.add(p.name())) {
                throw AssayException.of(ErrorCode.INVALID_INPUT, "Parameter '" + p.name() + "' is declared twice.")
                        .detail("parameter", p.name()).build();
            }
            if (!names.contains(p.name())) {
                throw AssayException.of(ErrorCode.INVALID_INPUT, "Parameter '" + p.name() + "' is declared but the SQL has no {{"
                                + p.name() + "}} placeholder.")
                        .hint("Use it in the SQL, or leave it out of the parameters.").detail("parameter", p.name()).build();
            }
        }
        for (String name : names()) {
            if (!seen.contains(name)) {
                throw AssayException.of(ErrorCode.INVALID_INPUT, "The SQL uses {{" + name + "}}, but no parameter '" + name + "' is declared.")
                        .hint("Declare it with its type (text, number, date or boolean), as name:type or name:type=default.")
                        .detail("parameter", name).build();
            }
        }
    }

    /**
     * Binds values to the declared parameters: each placeholder becomes a bind parameter cast to its type (so that
     * a NULL is typed on every engine). A value for a name not declared is refused; a parameter without a value
     * takes its default, else is refused when required, else is NULL.
     */
    public Bound bind(List<QueryParameter> declared, Map<String, ?> values, Dialect dialect) {
        Map<String, QueryParameter> byName = new LinkedHashMap<>();
        declared.forEach(p -> byName.put(p.name(), p));
        for (String given : values.keySet()) {
            if (!byName.containsKey(given)) {
                throw AssayException.of(ErrorCode.INVALID_INPUT, "This saved query has no parameter '" + given + "'"
                                + (byName.isEmpty() ? "; it takes no values." : "; its parameters: " + String.join(", ", byName.keySet()) + "."))
                        .detail("parameter", given).build();
            }
        }
        Map<String, Object> bound = new LinkedHashMap<>();
        for (QueryParameter p : declared) {
            Object given = values.get(p.name());
            if (given == null && p.defaultValue().isPresent()) {
                given = p.defaultValue().get();
            }
            if (given == null && p.required()) {
                throw AssayException.of(ErrorCode.INVALID_INPUT, "Parameter '" + p.name() + "' (" + p.type().label() + ") needs a value.")
                        .detail("parameter", p.name()).build();
            }
            bound.put(p.name(), p.convert(given));
        }
        StringBuilder sql = new StringBuilder(texts.get(0));
        List<Object> params = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) {
            QueryParameter p = byName.get(names.get(k));
            if (p == null) {
                throw AssayException.of(ErrorCode.INVALID_INPUT, "The SQL uses {{" + names.get(k) + "}}, but no parameter '" + names.get(k)
                        + "' is declared.").detail("parameter", names.get(k)).build();
            }
            sql.append(p.type().cast(dialect)).append(texts.get(k + 1));
            params.add(bound.get(p.name()));
        }
        return new Bound(sql.toString(), params, bound);
    }

    /** The values as one line for a record, such as {@code region='North', from=2025-01-01, limit=NULL}. */
    public static String describe(Map<String, Object> values) {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + (e.getValue() == null ? "NULL"
                : e.getValue() instanceof String s ? "'" + s.replace("'", "''") + "'" : e.getValue().toString()))
                .collect(Collectors.joining(", "));
    }

    private static boolean identifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /** The index just past a quoted run starting at {@code open} ({@code quote} doubled inside stands for itself). */
    private static int endOfQuoted(String sql, int open, char quote, boolean backslashEscapes) {
        int i = open + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return sql.length();
    }

    /** The index just past a block comment starting at {@code open}; block comments nest, as in PostgreSQL and DuckDB. */
    private static int endOfBlockComment(String sql, int open) {
        int depth = 0;
        int i = open;
        while (i < sql.length()) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return sql.length();
    }

    /** The dollar-quote tag ({@code $$} or {@code $tag$}) starting at {@code i}, or null where there is none. */
    private static String dollarTag(String sql, int i) {
        int j = i + 1;
        while (j < sql.length() && (Character.isLetter(sql.charAt(j)) || sql.charAt(j) == '_'
                || (j > i + 1 && Character.isDigit(sql.charAt(j))))) {
            j++;
        }
        return j < sql.length() && sql.charAt(j) == '$' ? sql.substring(i, j + 1) : null;
    }
}
