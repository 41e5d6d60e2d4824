package io.assay.analysis.profile;

import java.math.BigDecimal;
import java.time.LocalDateTime;

/** Small helpers shared by the scans. */
final class Profiles {

    private Profiles() {
    }

    /** A value as text for a profile: plain decimals, ISO times with a space, {@code null} as "NULL". */
    static String text(Object v) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof BigDecimal d) {
            return d.stripTrailingZeros().toPlainString();
        }
        if (v instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : d.toString();
        }
        if (v instanceof LocalDateTime t) {
            return t.toString().replace('T', ' ');
        }
        if (v instanceof byte[] b) {
            return b.length + " bytes";
        }
        return v.toString();
    }
}
