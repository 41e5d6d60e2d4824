package io.assay.platform.export;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Markdown of a dashboard's text card as XHTML for the PDF: paragraphs, {@code #} headings, {@code -}/{@code *} lists,
 * {@code **bold**}, {@code *italic*} and {@code `code`}. The text is escaped before any markup is added, so nothing in it
 * becomes markup of its own; anything else (links, images, HTML) shows as the text it is.
 */
final class MarkdownLite {

    private static final Pattern BOLD = Pattern.compile("\\*\\*(.+?)\\*\\*");
    private static final Pattern ITALIC = Pattern.compile("(?<![*\\w])\\*(?!\\s)(.+?)(?<!\\s)\\*(?![*\\w])");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    private MarkdownLite() {
    }

    static String xhtml(String markdown) {
        StringBuilder out = new StringBuilder();
        List<String> paragraph = new ArrayList<>();
        boolean inList = false;
        for (String raw : markdown.replace("\r\n", "\n").split("\n", -1)) {
            String line = raw.strip();
            boolean item = line.startsWith("- ") || line.startsWith("* ");
            if (line.isEmpty() || item || line.startsWith("#")) {
                flush(out, paragraph);
            }
            if (!item && inList) {
                out.append("</ul>");
                inList = false;
            }
            if (line.isEmpty()) {
                continue;
            }
            if (item) {
                if (!inList) {
                    out.append("<ul>");
                    inList = true;
                }
                out.append("<li>").append(inline(line.substring(2).strip())).append("</li>");
            } else if (line.startsWith("#")) {
                out.append("<p><b>").append(inline(line.replaceFirst("^#+\\s*", ""))).append("</b></p>");
            } else {
                paragraph.add(line);
            }
        }
        flush(out, paragraph);
        if (inList) {
            out.append("</ul>");
        }
        return out.toString();
    }

    private static void flush(StringBuilder out, List<String> paragraph) {
        if (!paragraph.isEmpty()) {
            out.append("<p>").append(inline(String.join(" ", paragraph))).append("</p>");
            paragraph.clear();
        }
    }

    /** One line: escaped, then code, bold and italic spans. */
    static String inline(String text) {
        String s = DashboardExporter.esc(text);
        s = replace(CODE, s, "<code>", "</code>");
        s = replace(BOLD, s, "<b>", "</b>");
        return replace(ITALIC, s, "<i>", "</i>");
    }

    private static String replace(Pattern p, String s, String open, String close) {
        Matcher m = p.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(open + m.group(1) + close));
        }
        m.appendTail(out);
        return out.toString();
    }
}
