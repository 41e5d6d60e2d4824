package io.assay.platform.report;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Escaping for Markdown (CommonMark with GitHub tables) that is also printed on terminals. Text from the data
 * is hostile: it must neither format (emphasis, links, raw HTML, broken tables) nor drive the terminal (control
 * characters become U+FFFD), and it should stay readable: {@code order_id} needs no backslash.
 */
final class MarkdownText {

    /** Characters that can start markup anywhere. */
    private static final Pattern ALWAYS = Pattern.compile("[\\\\`*\\[\\]~]");
    /** Underscores that are not between two letters or digits (those never make emphasis). */
    private static final Pattern LOOSE_UNDERSCORE = Pattern.compile("(?<![\\p{L}\\p{N}])_|_(?![\\p{L}\\p{N}])");
    /** {@code <} that could open a tag or an autolink, {@code &} that could start an entity. */
    private static final Pattern TAG_OR_ENTITY = Pattern.compile("<(?=[A-Za-z/!?])|&(?=[A-Za-z#])");

    private MarkdownText() {
    }

    /** Plain text for a paragraph or a list item, on one line. */
    static String text(String s) {
        String line = oneLine(s);
        line = ALWAYS.matcher(line).replaceAll(m -> "\\\\" + Matcher.quoteReplacement(m.group()));
        line = LOOSE_UNDERSCORE.matcher(line).replaceAll("\\\\_");
        return TAG_OR_ENTITY.matcher(line).replaceAll(m -> "\\\\" + Matcher.quoteReplacement(m.group()));
    }

    /** A code span showing {@code s} literally, fenced with more backticks than it holds in a row; empty text reads (empty). */
    static String code(String s) {
        String line = oneLine(s);
        if (line.isEmpty()) {
            return "*(empty)*";
        }
        int longest = 0;
        int run = 0;
        for (int i = 0; i < line.length(); i++) {
            run = line.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(longest + 1);
        boolean pad = longest > 0 || line.startsWith(" ") && line.endsWith(" ") && !line.isBlank();
        return pad ? fence + " " + line + " " + fence : fence + line + fence;
    }

    /** A table cell: already formatted Markdown with its pipes escaped so it stays in one cell. */
    static String cell(String markdown) {
        return markdown.replace("|", "\\|");
    }

    /** Line breaks become spaces; other control characters become U+FFFD. */
    private static String oneLine(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r' || c == '\t' || c == '\u2028' || c == '\u2029') {
                out.append(' ');
            } else if (Character.isISOControl(c)) {
                out.append('\uFFFD');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
