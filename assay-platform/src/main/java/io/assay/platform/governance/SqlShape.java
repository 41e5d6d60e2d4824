package io.assay.platform.governance;

import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.platform.config.SqlLimits;

/**
 * The size of a SQL text as a lexical scan sees it, measured before any engine parses it: its length, how deep
 * its brackets nest and how many terms it has. The scan knows SQL's quoting ({@code '...'} strings with
 * {@code ''}, {@code E'...'} with backslashes, {@code "..."} names, {@code $tag$...$tag$} strings) and comments
 * ({@code --} to the end of the line, {@code /* ... * /}, nested), so brackets and words inside them do not count.
 * It understands no grammar: it is a bound on the work the engine's parser and planner can be given, not a parse.
 *
 * @param length    characters
 * @param depth     the deepest nesting of {@code (}, {@code [} and {@code {}
 * @param deepestAt where that depth was first reached (a character offset), -1 when there are no brackets
 * @param terms     names, keywords, numbers, strings, quoted names and parameters
 */
public record SqlShape(int length, int depth, int deepestAt, int terms) {

    /** Measures {@code sql}. Linear in its length; an unterminated quote or comment runs to the end. */
    public static SqlShape of(String sql) {
        int n = sql.length();
        int depth = 0;
        int deepest = 0;
        int deepestAt = -1;
        int terms = 0;
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int nesting = 1;
                i += 2;
                while (i < n && nesting > 0) {
                    if (sql.charAt(i) == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                        nesting++;
                        i += 2;
                    } else if (sql.charAt(i) == '*' && i + 1 < n && sql.charAt(i + 1) == '/') {
                        nesting--;
                        i += 2;
                    } else {
                        i++;
                    }
                }
            } else if (c == '\'' || c == '"') {
                boolean backslashes = c == '\'' && i > 0 && (sql.charAt(i - 1) == 'e' || sql.charAt(i - 1) == 'E')
                        && (i < 2 || !isWordChar(sql.charAt(i - 2)));
                i = endOfQuoted(sql, i, c, backslashes);
                if (!backslashes) {
                    terms++;
                }
            } else if (c == '$' && i + 1 < n && Character.isDigit(sql.charAt(i + 1))) {
                i++;
                while (i < n && Character.isDigit(sql.charAt(i))) {
                    i++;
                }
                terms++;
            } else if (c == '$') {
                int tagEnd = i + 1;
                while (tagEnd < n && isWordChar(sql.charAt(tagEnd))) {
                    tagEnd++;
                }
                if (tagEnd < n && sql.charAt(tagEnd) == '$') {
                    String tag = sql.substring(i, tagEnd + 1);
                    int close = sql.indexOf(tag, tagEnd + 1);
                    i = close < 0 ? n : close + tag.length();
                    terms++;
                } else {
                    i++;
                }
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
                if (depth > deepest) {
                    deepest = depth;
                    deepestAt = i;
                }
                i++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth = Math.max(0, depth - 1);
                i++;
            } else if (c == '?') {
                terms++;
                i++;
            } else if (isWordChar(c)) {
                // A word, a number (with its decimal point and exponent), or the E of E'...' (counted with its string).
                while (i < n && (isWordChar(sql.charAt(i)) || (sql.charAt(i) == '.' && Character.isDigit(c)))) {
                    i++;
                }
                terms++;
            } else {
                i++;
            }
        }
        return new SqlShape(n, deepest, deepestAt, terms);
    }

    /** The index after the quoted run that starts at {@code start}. */
    private static int endOfQuoted(String sql, int start, char quote, boolean backslashes) {
        int n = sql.length();
        int i = start + 1;
        while (i < n) {
            char c = sql.charAt(i);
            if (backslashes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < n && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return n;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /**
     * Refuses a text over the limits: too long is {@link ErrorCode#LIMIT_EXCEEDED} (413), too deep or too many
     * terms {@link ErrorCode#INVALID_INPUT} (400). The length is checked before the text is scanned.
     */
    public static SqlShape check(String sql, SqlLimits limits) {
        if (sql.length() > limits.maxLength()) {
            throw AssayException.of(ErrorCode.LIMIT_EXCEEDED, "The SQL is " + String.format("%,d", sql.length())
                            + " characters long, more than the " + String.format("%,d", limits.maxLength()) + " the server accepts.")
                    .hint("Shorten the query: filter with a join to a dataset instead of a long list of values; an admin can "
                            + "raise query.max-sql-length.")
                    .detail("parameter", "sql").detail("limit", "sql-length").detail("max", limits.maxLength())
                    .detail("actual", sql.length())
                    .build();
        }
        SqlShape shape = of(sql);
        if (shape.depth() > limits.maxDepth()) {
            int[] lineColumn = lineColumn(sql, shape.deepestAt());
            throw AssayException.of(ErrorCode.INVALID_INPUT, "The SQL nests parentheses or brackets " + shape.depth()
                            + " deep (first at line " + lineColumn[0] + ", column " + lineColumn[1] + "), deeper than the "
                            + limits.maxDepth() + " the server accepts.")
                    .hint("Flatten the query: name the steps of nested subqueries as CTEs (WITH step AS (...)); an admin can "
                            + "raise query.max-sql-depth.")
                    .detail("parameter", "sql").detail("limit", "sql-depth").detail("max", limits.maxDepth())
                    .detail("actual", shape.depth()).detail("line", lineColumn[0]).detail("column", lineColumn[1])
                    .build();
        }
        if (shape.terms() > limits.maxTerms()) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "The SQL has " + String.format("%,d", shape.terms())
                            + " terms (names, keywords, numbers, strings, parameters), more than the "
                            + String.format("%,d", limits.maxTerms()) + " the server accepts.")
                    .hint("Shorten the query: match many values with a join to a dataset or a list parameter instead of "
                            + "a long chain of OR or AND; an admin can raise query.max-sql-terms.")
                    .detail("parameter", "sql").detail("limit", "sql-terms").detail("max", limits.maxTerms())
                    .detail("actual", shape.terms())
                    .build();
        }
        return shape;
    }

    private static int[] lineColumn(String sql, int at) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < at && i < sql.length(); i++) {
            if (sql.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new int[] {line, column};
    }
}
