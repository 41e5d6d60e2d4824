package io.assay.platform.report;

import io.assay.analysis.model.Section;

import java.util.List;

/** How every text format shows an analysis step's {@link Section}: each value by its column's format. */
final class SectionText {

    private SectionText() {
    }

    /** A value as people read it: counts with separators, numbers rounded, shares as percentages; null as empty. */
    static String cell(Object value, Section.Format format) {
        if (value == null) {
            return "";
        }
        if (value instanceof Number n) {
            return switch (format) {
                case COUNT -> HumanText.count(n.longValue());
                case NUMBER -> HumanText.number(n.doubleValue());
                case SHARE -> HumanText.percent(n.doubleValue());
                case TEXT -> String.valueOf(value);
            };
        }
        return String.valueOf(value);
    }

    /** The row's values as text. */
    static List<String> cells(Section section, List<Object> row) {
        return java.util.stream.IntStream.range(0, row.size())
                .mapToObj(i -> cell(row.get(i), section.columns().get(i).format())).toList();
    }

    /** Per column, 'r' for numbers (right-aligned) and 'l' for text. */
    static String alignment(Section section) {
        StringBuilder align = new StringBuilder();
        section.columns().forEach(c -> align.append(c.format() == Section.Format.TEXT ? 'l' : 'r'));
        return align.toString();
    }
}
