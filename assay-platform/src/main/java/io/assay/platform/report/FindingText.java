package io.assay.platform.report;

import io.assay.analysis.model.Finding;
import io.assay.analysis.model.Severity;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** How findings are ordered and their evidence is put in words, the same in every report. */
public final class FindingText {

    /** Critical first, then warnings, then information; within a severity the larger penalty first. */
    public static final Comparator<Finding> MOST_SEVERE_FIRST = Comparator
            .comparing(Finding::severity, Comparator.reverseOrder())
            .thenComparing(Finding::penalty, Comparator.reverseOrder());

    private FindingText() {
    }

    /** The findings, most severe first (a stable sort: equal findings keep their order). */
    public static List<Finding> bySeverity(List<Finding> findings) {
        return findings.stream().sorted(MOST_SEVERE_FIRST).toList();
    }

    /** {@code critical}, {@code warning}, {@code info}. */
    public static String label(Severity severity) {
        return severity.name().toLowerCase(Locale.ROOT);
    }

    /** The evidence as one line: {@code missing: 1,234 · missingShare: 12.3%}. */
    public static String evidence(Map<String, Object> evidence) {
        return evidence.entrySet().stream()
                .map(e -> e.getKey() + ": " + value(e.getKey(), e.getValue()))
                .collect(Collectors.joining(" · "));
    }

    /**
     * One evidence value: whole numbers grouped, other numbers without noise, and numbers whose name ends in
     * {@code share} (0..1 by the analysis' convention) as percentages; anything else as its text.
     */
    public static String value(String key, Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return HumanText.count(((Number) value).longValue());
        }
        if (value instanceof Number n) {
            return key.toLowerCase(Locale.ROOT).endsWith("share")
                    ? HumanText.percent(n.doubleValue())
                    : HumanText.number(n.doubleValue());
        }
        if (value instanceof List<?> list) {
            return list.stream().map(v -> value("", v)).collect(Collectors.joining(", "));
        }
        return String.valueOf(value);
    }
}
