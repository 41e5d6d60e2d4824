package io.assay.spark;

/** What Spark's lexer would make of a SQL text, as far as Assay needs it: the positional parameter markers. */
final class SparkSqlText {

    private SparkSqlText() {
    }

    /**
     * The {@code ?} markers outside string literals ({@code '...'} and {@code "..."}, back-slash escapes),
     * back-quoted identifiers ({@code `...`}, doubled back-quotes) and comments ({@code --} to the end of the line,
     * nested {@code /* ... * /}).
     */
    static int parameterCount(String sql) {
        int count = 0;
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                i++;
                while (i < n && sql.charAt(i) != c) {
                    i += sql.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
            } else if (c == '`') {
                i++;
                while (i < n) {
                    if (sql.charAt(i) == '`') {
                        if (i + 1 < n && sql.charAt(i + 1) == '`') {
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    i++;
                }
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int depth = 1;
                i += 2;
                while (i < n && depth > 0) {
                    if (sql.startsWith("/*", i)) {
                        depth++;
                        i += 2;
                    } else if (sql.startsWith("*/", i)) {
                        depth--;
                        i += 2;
                    } else {
                        i++;
                    }
                }
            } else {
                if (c == '?') {
                    count++;
                }
                i++;
            }
        }
        return count;
    }
}
