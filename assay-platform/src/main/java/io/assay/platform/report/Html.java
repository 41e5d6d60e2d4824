package io.assay.platform.report;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * Builds an HTML page in which every piece of text is escaped unless it is markup we wrote ourselves: the
 * only way in for data is {@link #text(String)} and the {@code String} arguments that are documented as text.
 * Charts are collected as Plotly figures and embedded as JSON by {@link #figuresScript()}.
 */
final class Html {

    private final StringBuilder out = new StringBuilder(64 * 1024);
    private final ObjectNode figures = ReportJson.mapper().createObjectNode();

    /** Markup we wrote: never pass data here. */
    Html raw(String markup) {
        out.append(markup);
        return this;
    }

    /** Text, escaped. */
    Html text(String text) {
        out.append(escape(text));
        return this;
    }

    /** {@code <tag class="css">text</tag>}, the text escaped; {@code css} may be empty. */
    Html element(String tag, String css, String text) {
        out.append('<').append(tag);
        if (!css.isEmpty()) {
            out.append(" class=\"").append(escape(css)).append('"');
        }
        return raw(">").text(text).raw("</" + tag + ">");
    }

    /** Facts as a grid of label and value pairs, both text. */
    Html facts(List<Fact> facts) {
        raw("<dl class=\"facts\">");
        for (Fact f : facts) {
            raw("<div>").element("dt", "", f.label()).element("dd", "", f.value()).raw("</div>");
        }
        return raw("</dl>\n");
    }

    /**
     * A table that scrolls sideways on narrow screens, in a region named {@code label} that the keyboard can focus
     * to scroll it. {@code align} has one letter per column: {@code l} for text, {@code r} for numbers
     * (right-aligned). The label, headers and cells are text.
     */
    Html table(String label, List<String> headers, String align, List<List<String>> rows) {
        raw("<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-label=\"").text(label).raw("\"><table><thead><tr>");
        for (int i = 0; i < headers.size(); i++) {
            element("th", cellClass(align, i), headers.get(i));
        }
        raw("</tr></thead><tbody>\n");
        for (List<String> row : rows) {
            raw("<tr>");
            for (int i = 0; i < row.size(); i++) {
                element("td", cellClass(align, i), row.get(i));
            }
            raw("</tr>\n");
        }
        return raw("</tbody></table></div>\n");
    }

    /** A placeholder that the page's script fills with this Plotly figure. */
    Html chart(ObjectNode figure) {
        String id = "fig-" + (figures.size() + 1);
        figures.set(id, figure);
        return raw("<div class=\"chart\" data-figure=\"" + id + "\"></div>\n");
    }

    /** The figures as a JSON data block that no text inside can break out of. */
    String figuresScript() {
        return "<script type=\"application/json\" id=\"assay-figures\">" + scriptJson(figures.toString())
                + "</script>\n";
    }

    @Override
    public String toString() {
        return out.toString();
    }

    /** A label and its value, both text. */
    record Fact(String label, String value) {
    }

    /** Escapes text for HTML element content and quoted attribute values. */
    static String escape(String s) {
        StringBuilder e = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> e.append("&amp;");
                case '<' -> e.append("&lt;");
                case '>' -> e.append("&gt;");
                case '"' -> e.append("&quot;");
                case '\'' -> e.append("&#39;");
                default -> e.append(c);
            }
        }
        return e.toString();
    }

    /**
     * JSON made safe inside {@code <script>}: {@code <}, {@code >}, {@code &} and the line separators U+2028 and
     * U+2029 become {@code \}{@code u} escapes. They only occur inside JSON strings, so the JSON means the same,
     * and no {@code </script>} or {@code <!--} can appear.
     */
    static String scriptJson(String json) {
        StringBuilder e = new StringBuilder(json.length() + 64);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case '<' -> e.append("\\u003c");
                case '>' -> e.append("\\u003e");
                case '&' -> e.append("\\u0026");
                case '\u2028' -> e.append("\\u2028");
                case '\u2029' -> e.append("\\u2029");
                default -> e.append(c);
            }
        }
        return e.toString();
    }

    private static String cellClass(String align, int column) {
        return column < align.length() && align.charAt(column) == 'r' ? "num" : "";
    }
}
