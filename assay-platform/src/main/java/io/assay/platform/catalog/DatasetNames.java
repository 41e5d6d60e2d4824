package io.assay.platform.catalog;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Dataset names are plain SQL identifiers that need no quoting: lower-case letters, digits and
 * underscores, starting with a letter, at most 63 characters. Anything else is turned into one.
 */
public final class DatasetNames {

    public static final int MAX_LENGTH = 63;

    private DatasetNames() {
    }

    /** A safe dataset name made from any text: {@code "Sales Q1 (2024).csv"} → {@code sales_q1_2024_csv}. */
    public static String sanitize(String raw) {
        String ascii = Normalizer.normalize(raw, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        String s = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (s.isEmpty()) {
            s = "dataset";
        }
        if (!Character.isLetter(s.charAt(0))) {
            s = "d_" + s;
        }
        if (s.startsWith("assay_")) {
            s = "d_" + s;
        }
        if (s.length() > MAX_LENGTH) {
            s = s.substring(0, MAX_LENGTH).replaceAll("_+$", "");
        }
        return s;
    }

    /** The dataset name for a file: its name without the data extensions ({@code orders.csv.gz} → {@code orders}). */
    public static String fromFileName(String fileName) {
        String base = fileName;
        base = base.replaceFirst("(?i)\\.(gz|gzip|zst)$", "");
        base = base.replaceFirst("(?i)\\.(csv|tsv|tab|txt|json|ndjson|jsonl|parquet|pq|xlsx)$", "");
        return sanitize(base);
    }

    public static boolean isValid(String name) {
        return name.matches("[a-z][a-z0-9_]{0," + (MAX_LENGTH - 1) + "}") && !name.startsWith("assay_");
    }
}
