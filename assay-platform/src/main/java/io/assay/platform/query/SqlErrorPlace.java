package io.assay.platform.query;

import io.assay.engine.AssayException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An engine error about a statement Assay built around the caller's SQL (to keep, page or export its result:
 * {@code CREATE TABLE r_… AS SELECT * FROM (<your SQL>) AS q}), told in the caller's SQL: the engine's excerpt of the
 * built statement, with carets under the wrapper's text, is replaced by the line and column in the SQL the caller
 * wrote (also as details {@code line}, {@code column} and {@code position}, which the web page marks in its editor).
 */
public final class SqlErrorPlace {

    /** DuckDB's excerpt: a blank line, "LINE n: text" (cut with "..." when long), then carets under the place. */
    private static final Pattern EXCERPT = Pattern.compile("\\n\\s*\\nLINE (\\d+): ([^\\n]*)\\n( *)\\^+\\s*$");

    private SqlErrorPlace() {
    }

    /**
     * @param e        the engine's error
     * @param executed the statement that ran
     * @param start    where the caller's SQL begins in it (the wrapper before it holds no line break)
     * @param sql      the caller's SQL
     */
    public static AssayException inCallersSql(AssayException e, String executed, int start, String sql) {
        String message = e.getMessage();
        Matcher m = message == null ? null : EXCERPT.matcher(message);
        if (m == null || !m.find()) {
            return e;
        }
        String head = message.substring(0, m.start()).strip();
        int lineNo = Integer.parseInt(m.group(1));
        String excerpt = m.group(2);
        int caret = m.group(3).length() - ("LINE " + m.group(1) + ": ").length();
        boolean cutBefore = excerpt.startsWith("...");
        String core = excerpt.substring(cutBefore ? 3 : 0);
        if (core.endsWith("...")) {
            core = core.substring(0, core.length() - 3);
        }
        int offset = place(executed, lineNo, core, caret - (cutBefore ? 3 : 0));
        int inSql = offset - start;
        AssayException.Builder b;
        if (offset < 0 || inSql < 0 || inSql > sql.length()) {
            // Somewhere in what Assay added: no place in the caller's SQL to show.
            b = AssayException.of(e.code(), head);
        } else {
            int line = 1;
            int column = 1;
            for (int i = 0; i < inSql; i++) {
                if (sql.charAt(i) == '\n') {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
            b = AssayException.of(e.code(), head + " (at line " + line + ", column " + column + " of the SQL)");
            b.detail("line", line).detail("column", column).detail("position", inSql);
        }
        e.hint().ifPresent(b::hint);
        e.details().forEach((k, v) -> {
            if (!k.equals("line") && !k.equals("column") && !k.equals("position")) {
                b.detail(k, v);
            }
        });
        return b.cause(e.getCause() == null ? e : e.getCause()).build();
    }

    /** The offset in {@code executed} of column {@code caret} of the excerpt {@code core} of line {@code lineNo}; -1 if not found. */
    private static int place(String executed, int lineNo, String core, int caret) {
        int lineStart = 0;
        for (int n = 1; n < lineNo; n++) {
            int nl = executed.indexOf('\n', lineStart);
            if (nl < 0) {
                return -1;
            }
            lineStart = nl + 1;
        }
        int lineEnd = executed.indexOf('\n', lineStart);
        String line = executed.substring(lineStart, lineEnd < 0 ? executed.length() : lineEnd);
        int at = core.isEmpty() ? 0 : line.indexOf(core);
        if (at < 0 || caret < 0) {
            return -1;
        }
        return lineStart + at + caret;
    }
}
