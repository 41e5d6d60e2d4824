package io.assay.analysis.profile;

import io.assay.analysis.model.ColumnProfile;
import io.assay.analysis.model.Correlation;
import io.assay.analysis.model.Finding;
import io.assay.analysis.model.FindingKind;
import io.assay.analysis.model.QualityScore;
import io.assay.analysis.model.SemanticType;
import io.assay.analysis.model.Severity;
import io.assay.analysis.model.TableProfile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns profiles into data-quality findings, each with its evidence, a suggested fix or check, and a
 * penalty; and the penalties into quality scores. The rules are plain and listed here in one place.
 */
public final class FindingRules {

    static final double MOSTLY_MISSING = 0.5;
    static final double VERY_MISSING = 0.9;
    static final double SOME_MISSING = 0.05;
    static final double IMBALANCE = 0.9;
    static final double SKEW = 2.0;
    static final double HIGH_CORRELATION = 0.95;
    /**
     * Rows below which a high correlation is no finding: two points always lie on a line, and with five independent
     * columns |r| reaches 0.95 about once in a hundred; from ten rows on, less than once in ten thousand.
     */
    static final long MIN_ROWS_FOR_CORRELATION = 10;

    private FindingRules() {
    }

    /** An all-missing last column with a made-up name: a trailing delimiter, not lost data. */
    public static Finding emptyTrailingColumn(ColumnProfile c, long rows) {
        return new Finding(FindingKind.MOSTLY_MISSING, Severity.INFO, Optional.of(c.name()),
                c.name() + " is an empty trailing column (no header, no value in any row): most likely a delimiter at the end of every line",
                evidence("missing", c.missing(), "rows", rows),
                "Ignore it, or remove the delimiter at the end of each line at the source; it holds nothing.", 0);
    }

    /** Findings about one column. */
    public static List<Finding> forColumn(ColumnProfile c, long rows) {
        List<Finding> out = new ArrayList<>();
        Optional<String> col = Optional.of(c.name());
        double missing = rows == 0 ? 0 : (double) c.missing() / rows;
        if (rows > 0 && c.count() > 0 && c.distinct() == 1 && c.distinctExact()) {
            out.add(new Finding(FindingKind.CONSTANT, Severity.WARNING, col, c.name() + " has one value only: " + c.min().orElse("?"),
                    evidence("distinct", 1, "value", c.min().orElse("?")), "Drop it, or check why it never varies.", 15));
        }
        if (missing >= MOSTLY_MISSING) {
            boolean very = missing >= VERY_MISSING;
            out.add(new Finding(FindingKind.MOSTLY_MISSING, very ? Severity.CRITICAL : Severity.WARNING, col,
                    c.name() + " is missing in " + pct(missing) + " of rows",
                    evidence("missing", c.missing(), "rows", rows, "share", round(missing)),
                    "Fill it at the source or drop the column; add a completeness check (not null share ≥ 50%).", very ? 40 : 25));
        } else if (missing >= SOME_MISSING) {
            out.add(new Finding(FindingKind.MISSING_VALUES, Severity.INFO, col, c.name() + " is missing in " + pct(missing) + " of rows",
                    evidence("missing", c.missing(), "rows", rows, "share", round(missing)),
                    "Check whether missing is allowed here; add a not-null check if it is not.", 5));
        }
        if (c.placeholders() > 0) {
            double share = rows == 0 ? 0 : (double) c.placeholders() / rows;
            out.add(new Finding(FindingKind.PLACEHOLDERS, share >= 0.05 ? Severity.WARNING : Severity.INFO, col,
                    c.name() + " uses placeholder values for missing data in " + String.format(Locale.ROOT, "%,d", c.placeholders()) + " rows",
                    evidence("placeholders", c.placeholders(), "share", round(share)),
                    "Store missing values as NULL (replace 'N/A', '-', 9999, 9999-12-31 ...) so counts and averages are right.",
                    share >= 0.05 ? 15 : 5));
        }
        c.numeric().ifPresent(n -> numericFindings(c, n, rows, out));
        c.text().ifPresent(t -> textFindings(c, t, rows, out));
        if (c.semanticType() == SemanticType.CATEGORY && !c.topValues().isEmpty() && c.count() > 0 && c.distinct() >= 2) {
            double top = (double) c.topValues().get(0).count() / c.count();
            if (top >= IMBALANCE) {
                out.add(new Finding(FindingKind.IMBALANCED, Severity.INFO, col,
                        c.name() + " is dominated by '" + c.topValues().get(0).value() + "' (" + pct(top) + " of values)",
                        evidence("value", c.topValues().get(0).value(), "share", round(top)),
                        "Mind the imbalance when grouping or training on this column.", 3));
            }
        }
        if (c.personalData()) {
            out.add(new Finding(FindingKind.PERSONAL_DATA, Severity.INFO, col,
                    c.name() + " holds personal data (" + c.semanticType().label() + ")",
                    evidence("semanticType", c.semanticType().name().toLowerCase(Locale.ROOT)),
                    "Restrict or mask it for roles that do not need it (a column rule).", 0));
        }
        if (c.semanticType() == SemanticType.ID && c.unique() && c.missing() == 0) {
            out.add(new Finding(FindingKind.UNIQUE_ID, Severity.INFO, col, c.name() + " is a unique identifier",
                    evidence("distinct", c.distinct(), "rows", rows), "Use it as the key; add a uniqueness check to keep it so.", 0));
        }
        return out;
    }

    private static void numericFindings(ColumnProfile c, io.assay.analysis.model.NumericStats n, long rows, List<Finding> out) {
        Optional<String> col = Optional.of(c.name());
        long negatives = n.negatives().orElse(0);
        if (negatives > 0 && negatives < 0.05 * c.count() && nonNegativeByMeaning(c)) {
            out.add(new Finding(FindingKind.NEGATIVE_VALUES, Severity.WARNING, col,
                    c.name() + " has " + String.format(Locale.ROOT, "%,d", negatives) + " negative values, though it looks like a "
                            + c.semanticType().label(),
                    evidence("negatives", negatives, "min", Profiles.text(n.min())),
                    "Check those rows (returns? errors?) and add a check: " + c.name() + " >= 0.", 15));
        }
        n.skewness().ifPresent(s -> {
            if (Math.abs(s) >= SKEW && c.semanticType() != SemanticType.ID) {
                out.add(new Finding(FindingKind.SKEWED, Severity.INFO, col,
                        c.name() + " is strongly skewed (skewness " + String.format(Locale.ROOT, "%.1f", s) + ")",
                        evidence("skewness", round(s), "median", n.median(), "mean", n.mean()),
                        "Prefer the median to the mean; consider a log scale in charts.", 2));
            }
        });
        n.outliers().ifPresent(o -> {
            if (o > 0 && c.semanticType() != SemanticType.ID) {
                double share = (double) o / Math.max(1, c.count());
                out.add(new Finding(FindingKind.OUTLIERS, share > 0.01 ? Severity.WARNING : Severity.INFO, col,
                        c.name() + " has " + String.format(Locale.ROOT, "%,d", o) + " far outliers (beyond 3×IQR from the quartiles)",
                        evidence("outliers", o, "q1", n.q1(), "q3", n.q3(), "max", n.max(), "min", n.min()),
                        "Look at the extreme rows; add a range check if they are errors.", share > 0.01 ? 10 : 3));
            }
        });
        if (n.infinities().orElse(0) > 0) {
            out.add(new Finding(FindingKind.OUTLIERS, Severity.WARNING, col, c.name() + " holds infinite values",
                    evidence("infinities", n.infinities().getAsLong()), "Replace them with NULL or a real value.", 10));
        }
    }

    private static void textFindings(ColumnProfile c, io.assay.analysis.model.TextStats t, long rows, List<Finding> out) {
        Optional<String> col = Optional.of(c.name());
        if (c.semanticType() == SemanticType.NUMBER_AS_TEXT) {
            out.add(new Finding(FindingKind.NUMBERS_AS_TEXT, Severity.WARNING, col, c.name() + " holds numbers stored as text",
                    evidence("numericShare", round(t.numericShare())), "Convert it to a numeric type so it sorts and sums right.", 10));
        } else if (c.semanticType() == SemanticType.DATE_AS_TEXT) {
            out.add(new Finding(FindingKind.DATES_AS_TEXT, Severity.WARNING, col, c.name() + " holds dates stored as text",
                    evidence("dateShare", round(t.dateShare())), "Convert it to a DATE or TIMESTAMP.", 10));
        } else if (t.numericShare() >= 0.2 && t.numericShare() < 0.9 || t.dateShare() >= 0.2 && t.dateShare() < 0.9) {
            out.add(new Finding(FindingKind.MIXED_TYPES, Severity.WARNING, col,
                    c.name() + " mixes kinds of values: " + pct(t.numericShare()) + " numbers, " + pct(t.dateShare()) + " dates, the rest text",
                    evidence("numericShare", round(t.numericShare()), "dateShare", round(t.dateShare())),
                    "Split the column or clean the odd values; then give it one type.", 15));
        }
        double shaped = switch (c.semanticType()) {
            case EMAIL -> t.shapeShare("email");
            case PHONE -> t.shapeShare("phone");
            case URL -> t.shapeShare("url");
            default -> 1;
        };
        if (shaped < 0.999 && c.count() > 0) {
            double bad = 1 - shaped;
            out.add(new Finding(FindingKind.INVALID_FORMAT, bad >= 0.01 ? Severity.WARNING : Severity.INFO, col,
                    "About " + pct(bad) + " of " + c.name() + " values do not look like a valid " + c.semanticType().label(),
                    evidence("invalidShare", round(bad)),
                    "Validate " + c.name() + " on entry; add a format check.", bad >= 0.01 ? 10 : 3));
        }
        if ((c.semanticType() == SemanticType.CATEGORY || c.semanticType() == SemanticType.FREE_TEXT)
                && rows > 100 && !c.unique() && c.distinct() > 0.5 * rows && t.meanLength() < 40) {
            out.add(new Finding(FindingKind.HIGH_CARDINALITY, Severity.INFO, col,
                    c.name() + " has " + String.format(Locale.ROOT, "%,d", c.distinct()) + " distinct values in " + String.format(Locale.ROOT, "%,d", rows) + " rows",
                    evidence("distinct", c.distinct(), "rows", rows), "Group it before charting or joining on it.", 2));
        }
    }

    /** Findings about the table as a whole. */
    public static List<Finding> forTable(TableProfile table) {
        List<Finding> out = new ArrayList<>();
        for (Correlation r : table.correlations()) {
            if (Math.abs(r.value()) < HIGH_CORRELATION || table.rows() < MIN_ROWS_FOR_CORRELATION) {
                continue;
            }
            boolean pearson = r.method().equals("pearson");
            String how = pearson ? " move together (r = " : " determine each other (Cramér's V = ";
            out.add(new Finding(FindingKind.HIGH_CORRELATION, Severity.INFO, Optional.of(r.left()),
                    r.left() + " and " + r.right() + how + String.format(Locale.ROOT, "%.2f", r.value()) + ")",
                    evidence("left", r.left(), "right", r.right(), pearson ? "r" : "cramersV", round(r.value())),
                    "One may be derived from the other; keep one in models and charts.", 0));
        }
        return out;
    }

    /**
     * Findings about duplicates: rows equal to another in every column but the unique keys, and rows
     * that repeat the same person under another key.
     */
    public static List<Finding> forDuplicates(List<String> ignored, long duplicates, List<String> identity, long sameIdentity,
                                              long rows) {
        List<Finding> out = new ArrayList<>();
        if (duplicates > 0) {
            double share = (double) duplicates / Math.max(1, rows);
            String but = ignored.isEmpty() ? "" : " (apart from " + String.join(", ", ignored) + ")";
            out.add(new Finding(FindingKind.DUPLICATE_ROWS, share >= 0.01 ? Severity.WARNING : Severity.INFO, Optional.empty(),
                    String.format(Locale.ROOT, "%,d rows repeat another row in every column", duplicates) + but,
                    evidence("duplicates", duplicates, "share", round(share), "ignoring", String.join(", ", ignored)),
                    "Remove them, or add a uniqueness check on the table's real key.", Math.min(20, 100 * share + 2)));
        }
        if (sameIdentity > 0) {
            double share = (double) sameIdentity / Math.max(1, rows);
            out.add(new Finding(FindingKind.DUPLICATE_ROWS, share >= 0.005 ? Severity.WARNING : Severity.INFO, Optional.empty(),
                    String.format(Locale.ROOT, "%,d rows repeat the same %s as another row", sameIdentity, String.join(" + ", identity)),
                    evidence("duplicates", sameIdentity, "share", round(share), "columns", String.join(", ", identity)),
                    "The same person may be registered twice; merge the duplicates and add a uniqueness check on "
                            + String.join(", ", identity) + ".", Math.min(20, 100 * share + 2)));
        }
        return out;
    }

    /** Column scores (100 less their penalties) and the dataset's (their mean, less table penalties). */
    public static QualityScore score(List<ColumnProfile> columns, List<Finding> findings) {
        Map<String, Double> byColumn = new LinkedHashMap<>();
        for (ColumnProfile c : columns) {
            double penalty = findings.stream().filter(f -> f.column().filter(c.name()::equals).isPresent()
                    && f.kind() != FindingKind.HIGH_CORRELATION).mapToDouble(Finding::penalty).sum();
            byColumn.put(c.name(), Math.max(0, 100 - penalty));
        }
        double mean = byColumn.values().stream().mapToDouble(Double::doubleValue).average().orElse(100);
        double tablePenalty = findings.stream().filter(f -> f.column().isEmpty()).mapToDouble(Finding::penalty).sum();
        List<Finding> lowered = findings.stream().filter(f -> f.penalty() > 0)
                .sorted(Comparator.comparingDouble(Finding::penalty).reversed()).toList();
        return new QualityScore(Math.max(0, Math.round((mean - tablePenalty) * 10) / 10.0), byColumn, lowered);
    }

    /** Findings sorted for reading: critical first, then by penalty. */
    public static List<Finding> ordered(List<Finding> findings) {
        return findings.stream().sorted(Comparator.comparing(Finding::severity).reversed()
                .thenComparing(Comparator.comparingDouble(Finding::penalty).reversed())).toList();
    }

    private static boolean nonNegativeByMeaning(ColumnProfile c) {
        String n = c.name().toLowerCase(Locale.ROOT);
        return c.semanticType() == SemanticType.COUNT || c.semanticType() == SemanticType.CURRENCY_AMOUNT
                || n.matches(".*(qty|quantity|count|price|age|weight|height|length|duration|size|amount|units).*");
    }

    private static Map<String, Object> evidence(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    private static String pct(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }
}
