package io.assay.analysis.profile;

import java.util.List;

/** Values that stand for "missing" while pretending to be data. */
final class Placeholders {

    /** Compared with the lower-cased, trimmed text. */
    static final List<Object> TEXT = List.of("", "n/a", "na", "null", "none", "nil", "-", "--", "?", "unknown",
            "nan", "#n/a", "undefined", "missing", "not available", "tbd", "xxx", "no email", "no data");

    /** The longest text placeholder ("not available", 13), with room for a few surrounding blanks. */
    static final int MAX_LENGTH = 16;

    /** Sentinel numbers used where a value is unknown. */
    static final List<Object> NUMBERS = List.of(9999L, 99999L, 999999L, -999L, -9999L, -99999L);

    /** Sentinel dates, written as standard SQL date literals. */
    static final List<String> DATES = List.of("DATE '9999-12-31'", "DATE '1900-01-01'", "DATE '1970-01-01'");

    private Placeholders() {
    }

    static String questionMarks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }
}
