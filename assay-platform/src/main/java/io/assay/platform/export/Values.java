package io.assay.platform.export;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.HexFormat;

/** How values read from an engine are written as text, the same in every output format. */
public final class Values {

    private Values() {
    }

    /**
     * A value as a JSON document carries it: numbers and booleans as they are, everything else (times, decimals too wide
     * for a double, integers beyond 2^53, blobs, non-finite numbers) as {@link #toText} writes it.
     */
    public static Object toJson(Object v) {
        if (v == null || v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return v;
        }
        if (v instanceof Double d) {
            return Double.isFinite(d) ? d : toText(d);
        }
        if (v instanceof Float f) {
            return Float.isFinite(f) ? f.doubleValue() : toText(f);
        }
        if (v instanceof BigDecimal b) {
            return b.precision() <= 15 ? b.doubleValue() : b.toPlainString();
        }
        if (v instanceof java.math.BigInteger b) {
            return b.bitLength() < 53 ? b.longValue() : b.toString();
        }
        return toText(v);
    }

    /** Text for a value: ISO dates and times, plain decimals, base64 for binary; empty for null. */
    public static String toText(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof Double d) {
            return formatDouble(d);
        }
        if (v instanceof LocalDateTime t) {
            return t.toString().replace('T', ' ');
        }
        if (v instanceof byte[] b) {
            return Base64.getEncoder().encodeToString(b);
        }
        return v.toString();
    }

    /** Doubles without needless exponent notation or trailing zeros: 3.5, 1200000, 1.0E-7. */
    public static String formatDouble(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return Double.toString(d);
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        double abs = Math.abs(d);
        if (abs >= 1e-4 && abs < 1e15) {
            return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        return Double.toString(d);
    }

    /** Cuts text to {@code max} characters with an ellipsis, and shows line breaks as ⏎. */
    public static String abbreviate(String s, int max) {
        String one = s.replace("\r\n", "⏎").replace('\n', '⏎').replace('\r', '⏎').replace('\t', ' ');
        return one.length() <= max ? one : one.substring(0, Math.max(0, max - 1)) + "…";
    }

    /** Cuts text to {@code max} characters by leaving out its middle: /home/…/data/orders.csv keeps both ends. */
    public static String abbreviateMiddle(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int tail = (max - 1) * 2 / 3;
        int head = max - 1 - tail;
        return s.substring(0, head) + "…" + s.substring(s.length() - tail);
    }

    /** Hex for binary values where a human reads them. */
    public static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
