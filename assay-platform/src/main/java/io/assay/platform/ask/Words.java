package io.assay.platform.ask;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Splitting and normalising words of questions and of column names, the same way for both. */
final class Words {

    private Words() {
    }

    static final Pattern NUMBER = Pattern.compile("[-+]?\\d{1,3}(,\\d{3})+(\\.\\d+)?|[-+]?\\d+(\\.\\d+)?");
    static final Pattern ISO_DATE = Pattern.compile("(\\d{4})-(\\d{2})(?:-(\\d{2}))?");

    /** Words that carry grammar, not content: never looked up as values on their own, never a fuzzy column match. */
    static final Set<String> STOP = Set.copyOf(java.util.Arrays.asList("a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "and", "or", "is",
            "are", "was", "were", "be", "been", "has", "have", "had", "do", "does", "did", "what", "which", "who", "whom", "how", "many",
            "much", "me", "show", "list", "give", "tell", "per", "each", "every", "all", "any", "there", "that", "this", "these", "those",
            "it", "its", "their", "than", "more", "less", "most", "least", "as", "total", "average", "mean", "sum", "number", "count",
            "maximum", "minimum", "max", "min", "highest", "lowest", "largest", "smallest", "biggest", "top", "between", "over", "under",
            "above", "below", "since", "before", "after", "during", "where", "when", "whose", "not", "no", "than", "top", "overall",
            "distinct", "different", "unique", "greater", "fewer", "at", "least", "into", "out", "up", "i", "we", "you", "our", "my",
            "can", "could", "would", "please", "find", "get", "across", "only", "just", "some", "same", "other", "than", "about"));

    /** Words joining the content words of a column name: optional when matching it. */
    static final Set<String> CONNECTIVE = Set.of("in", "of", "per", "the", "a", "and", "by", "for", "to", "at", "on");

    static final Map<String, Integer> NUMBER_WORDS = Map.ofEntries(Map.entry("one", 1), Map.entry("two", 2), Map.entry("three", 3),
            Map.entry("four", 4), Map.entry("five", 5), Map.entry("six", 6), Map.entry("seven", 7), Map.entry("eight", 8),
            Map.entry("nine", 9), Map.entry("ten", 10), Map.entry("eleven", 11), Map.entry("twelve", 12), Map.entry("fifteen", 15),
            Map.entry("twenty", 20), Map.entry("fifty", 50), Map.entry("hundred", 100), Map.entry("dozen", 12));

    static final List<String> MONTHS = List.of("january", "february", "march", "april", "may", "june", "july", "august", "september",
            "october", "november", "december");

    /** The words of a question, split on white space, their surrounding punctuation removed. */
    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        for (String w : text.trim().split("\\s+")) {
            String s = w.replaceAll("^[^\\p{L}\\p{N}$]+", "").replaceAll("[^\\p{L}\\p{N}%]+$", "");
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    /** The normalised pieces of one word or name: split at _ - / . ' and camel case, lower case, stemmed. */
    static List<String> pieces(String word) {
        List<String> out = new ArrayList<>();
        String spaced = word.replace("$", " dollar ").replace("%", " percent ").replace("#", " number ")
                .replaceAll("([\\p{Ll}\\p{N}])(\\p{Lu})", "$1 $2").replaceAll("(\\p{Lu})(\\p{Lu}\\p{Ll})", "$1 $2");
        for (String p : spaced.split("[^\\p{L}\\p{N}]+")) {
            if (!p.isEmpty()) {
                out.add(stem(p.toLowerCase(Locale.ROOT)));
            }
        }
        return out;
    }

    /** A light English stemmer: plurals and -ed/-ing, so that "countries" meets "country" and "delayed" meets "delay". */
    static String stem(String w) {
        if (w.length() <= 3 || !w.chars().allMatch(Character::isLetter)) {
            return w;
        }
        String s = w;
        if (s.endsWith("ies") && s.length() > 4) {
            s = s.substring(0, s.length() - 2);
        } else if (s.endsWith("sses")) {
            s = s.substring(0, s.length() - 2);
        } else if (s.endsWith("ss") || s.endsWith("us") || s.endsWith("is")) {
            return s;
        } else if (s.endsWith("es") && s.length() > 4 && endsWithSibilant(s.substring(0, s.length() - 2))) {
            s = s.substring(0, s.length() - 2);
        } else if (s.endsWith("s")) {
            s = s.substring(0, s.length() - 1);
        } else if (s.endsWith("ed") && s.length() > 5) {
            s = s.substring(0, s.length() - 2);
        } else if (s.endsWith("ing") && s.length() > 6) {
            s = s.substring(0, s.length() - 3);
        }
        // "country" and "countries", "movie" and "movies" meet at "countri", "movi".
        if (s.length() > 3 && s.endsWith("y")) {
            s = s.substring(0, s.length() - 1) + "i";
        } else if (s.length() > 3 && s.endsWith("ie")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    private static boolean endsWithSibilant(String base) {
        return base.endsWith("s") || base.endsWith("x") || base.endsWith("z") || base.endsWith("ch") || base.endsWith("sh");
    }

    /** The stems of a set of words. */
    static Set<String> stems(Set<String> words) {
        Set<String> out = new java.util.HashSet<>();
        words.forEach(x -> out.add(stem(x)));
        return Set.copyOf(out);
    }

    static final Set<String> STOP_STEMS = stems(STOP);

    /** A question's word equal to a column's word: the same stem, or one an abbreviation of the other ("pop", "population"). */
    static int similarity(String question, String column) {
        if (question.equals(column)) {
            return 2;
        }
        if (QUANTITY_NOUNS.contains(question) && QUANTITY_COLUMNS.contains(column)) {
            return 1; // "units", "pieces" sold are counted by a quantity column
        }
        if (STOP_STEMS.contains(question) || !question.chars().allMatch(Character::isLetter) || !column.chars().allMatch(Character::isLetter)) {
            return 0;
        }
        if (question.startsWith(column) && column.length() >= 3) {
            return 1;
        }
        if (column.startsWith(question) && question.length() >= 4) {
            return 1;
        }
        return 0;
    }

    /** Nouns for how many of a thing there are, and the column names that hold such a count: a question word matches the whole name. */
    static final Set<String> QUANTITY_NOUNS = Set.of("unit", "piece", "quantiti", "qty");
    static final Set<String> QUANTITY_COLUMNS = Set.of("quantiti", "qty");

    /** Last words of a column name saying it counts what the words before it name ("item_count", "num_pages"). */
    static final Set<String> COUNTERS = Set.of("count", "cnt", "number", "num", "qty", "quantiti");

    static Double number(String word) {
        if (NUMBER.matcher(word).matches()) {
            return Double.parseDouble(word.replace(",", ""));
        }
        Integer n = NUMBER_WORDS.get(word.toLowerCase(Locale.ROOT));
        return n == null ? null : n.doubleValue();
    }

    /** The month (1 to 12) a word names, or 0; abbreviations only capitalised ("Mar", "May"), as common words are not months. */
    static int month(String word) {
        String w = word.toLowerCase(Locale.ROOT).replace(".", "");
        int full = MONTHS.indexOf(w);
        if (full >= 0) {
            return w.equals("may") && !Character.isUpperCase(word.charAt(0)) ? 0 : full + 1;
        }
        if (w.length() == 3 && Character.isUpperCase(word.charAt(0))) {
            for (int i = 0; i < MONTHS.size(); i++) {
                if (MONTHS.get(i).startsWith(w)) {
                    return i + 1;
                }
            }
        }
        if (w.equals("sept") && Character.isUpperCase(word.charAt(0))) {
            return 9;
        }
        return 0;
    }
}
