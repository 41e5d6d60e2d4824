package io.assay.analysis.profile;

import java.util.List;

/** Values that stand for "missing" while pretending to be data. */
final class Placeholders {

    /** Compared with the lower-cased, trimmed text. */
    static final List<Object> TEXT = List.of("", "n/a", "na", "null", "none", "nil", "-", "--", "?", "unknown",
            "nan", "#n/a", "undefined", "missing", "not available", "tbd", "xxx", "no email", "no data");

    /**
     * Placeholder-like words that are also ordinary values somewhere: "NA" is North America among continent codes,
     * "None" a level of damage, "Unknown" an answer. Where every value of a column is known, they count as placeholders
     * only when they contrast with the column's other values (see {@link #contrasts}).
     */
    static final java.util.Set<String> AMBIGUOUS = java.util.Set.of("na", "none", "nil", "unknown", "tbd", "xxx");

    /** The placeholder words that mean nothing else. */
    static final List<Object> UNAMBIGUOUS = TEXT.stream().filter(w -> !AMBIGUOUS.contains(w)).toList();

    /**
     * Whether {@code value} looks unlike the column's other values, by the coarse shape of its characters ("NA" is
     * {@code A} like "EU" and "AS"; "None" is {@code Aa} like "Minor" and "Severe"; "n/a" among numbers is not {@code 9}):
     * true when the shape shared by most other values (weighted by their counts) is not its own.
     *
     * @param counts every value of the column with its count
     */
    static boolean contrasts(String value, java.util.Map<Object, Long> counts) {
        String own = coarseShape(value.trim());
        java.util.Map<String, Long> byShape = new java.util.HashMap<>();
        long others = 0;
        for (java.util.Map.Entry<Object, Long> e : counts.entrySet()) {
            String text = String.valueOf(e.getKey());
            if (!TEXT.contains(text.trim().toLowerCase(java.util.Locale.ROOT))) {
                byShape.merge(coarseShape(text.trim()), e.getValue(), Long::sum);
                others += e.getValue();
            }
        }
        return others > 0 && byShape.getOrDefault(own, 0L) * 2 < others;
    }

    /** Runs of upper-case letters as {@code A}, lower-case as {@code a}, digits as {@code 9}, others kept: "North-East 2" is {@code Aa-Aa 9}. */
    static String coarseShape(String s) {
        StringBuilder out = new StringBuilder();
        char last = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            char cls = Character.isUpperCase(ch) ? 'A' : Character.isLowerCase(ch) ? 'a' : Character.isDigit(ch) ? '9' : ch;
            if (cls != last || !(cls == 'A' || cls == 'a' || cls == '9')) {
                out.append(cls);
            }
            last = cls;
        }
        return out.toString();
    }

    /** The longest text placeholder ("not available", 13), with room for a few surrounding blanks. */
    static final int MAX_LENGTH = 16;

    /** Sentinel numbers used where a value is unknown. */
    static final List<Object> NUMBERS = List.of(9999L, 99999L, 999999L, -999L, -9999L, -99999L);

    /** Sentinel dates, written as standard SQL date literals. */
    static final List<String> DATES = List.of("DATE '9999-12-31'", "DATE '1900-01-01'", "DATE '1970-01-01'");

    private Placeholders() {
    }

    /**
     * Keeps a numeric or date column's count of sentinel values (9999, -999, 1970-01-01 ...) only where a sentinel
     * stands apart from the column's other values: at an end of the range, at least the others' whole span away from
     * them. 9999 among ages, 1900-01-01 among this decade's orders stand apart; 1970-01-01 among car model years
     * 1970-1982, or 9999 among prices up to 50,000, are ordinary values and count as nothing.
     */
    static void keepIsolatedSentinels(ColumnStats c) {
        if (c.placeholders == 0 || !(c.isNumeric() || c.isTemporal())) {
            return;
        }
        double min = scalar(c.min);
        double max = scalar(c.max);
        double lo = scalar(c.minOther);
        double hi = scalar(c.maxOther);
        if (Double.isNaN(lo) || Double.isNaN(hi)) {
            return; // every value is a sentinel: nothing else to stand apart from, and nothing else in the column
        }
        double span = hi - lo;
        boolean lowApart = isSentinel(c.min) && lo - min >= span && min < lo;
        boolean highApart = isSentinel(c.max) && max - hi >= span && max > hi;
        if (!lowApart && !highApart) {
            c.placeholders = 0;
        }
    }

    private static boolean isSentinel(Object v) {
        if (v instanceof Number n) {
            return NUMBERS.stream().anyMatch(s -> ((Number) s).doubleValue() == n.doubleValue());
        }
        double seconds = GroupedScan.epochSeconds(v);
        if (Double.isNaN(seconds)) {
            return false;
        }
        String day = java.time.LocalDate.ofEpochDay(Math.floorDiv((long) seconds, 86_400L)).toString();
        return DATES.stream().anyMatch(d -> d.contains("'" + day + "'"));
    }

    private static double scalar(Object v) {
        if (v == null) {
            return Double.NaN;
        }
        return v instanceof Number n ? n.doubleValue() : GroupedScan.epochSeconds(v);
    }

    /**
     * Whether a word is written the way placeholders are: "NA", "n/a", "None", "Not Available". A word in a case of its
     * own making ("xXx", a film) is a name someone chose, never a placeholder.
     */
    static boolean conventionalCase(String text) {
        for (String word : text.split("[^\\p{L}]+")) {
            if (word.isEmpty()) {
                continue;
            }
            String rest = word.substring(1);
            boolean lower = word.equals(word.toLowerCase(java.util.Locale.ROOT));
            boolean upper = word.equals(word.toUpperCase(java.util.Locale.ROOT));
            boolean capitalized = Character.isUpperCase(word.charAt(0)) && rest.equals(rest.toLowerCase(java.util.Locale.ROOT));
            if (!lower && !upper && !capitalized) {
                return false;
            }
        }
        return true;
    }

    static String questionMarks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }
}
