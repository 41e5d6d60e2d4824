package io.assay.platform.text;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** "Did you mean …?": the known names closest to a mistyped one. */
public final class Suggestions {

    private Suggestions() {
    }

    /** Up to {@code max} candidates within a few edits of {@code wanted}, closest first. */
    public static List<String> closest(String wanted, Collection<String> candidates, int max) {
        return candidates.stream()
                .sorted(Comparator.comparingInt((String n) -> editDistance(n, wanted)).thenComparing(n -> n))
                .filter(n -> editDistance(n, wanted) <= Math.max(2, wanted.length() / 3))
                .limit(max)
                .toList();
    }

    /** Levenshtein distance: the fewest single-character insertions, deletions and substitutions. */
    public static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
