package io.assay.platform.report;

import io.assay.engine.TimeGrain;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Numbers, shares, durations and times the way people read them, the same in every report. Locale-neutral
 * (comma thousands separators, point decimals) and in UTC, so reports do not depend on the machine.
 */
public final class HumanText {

    private static final DecimalFormatSymbols SYMBOLS = DecimalFormatSymbols.getInstance(Locale.ROOT);
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MONTH =
            DateTimeFormatter.ofPattern("yyyy-MM", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter YEAR =
            DateTimeFormatter.ofPattern("yyyy", Locale.ROOT).withZone(ZoneOffset.UTC);

    private HumanText() {
    }

    /** A count with thousands separators: {@code 1,234,567}. */
    public static String count(long n) {
        return grouped().format(n);
    }

    /**
     * A number without noise: grouped, with at most two decimals from 1 up ({@code 12,345}, {@code 3.14},
     * {@code 1,234.57}) and four significant digits below 1 ({@code 0.06123}); scientific notation only for the
     * very small and very large ({@code 1.2e-7}). Not finite: {@code NaN}, {@code ∞}, {@code -∞}.
     */
    public static String number(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "∞" : "-∞";
        }
        double abs = Math.abs(d);
        if (abs == 0) {
            return "0";
        }
        if (abs < 1e-4 || abs >= 1e15) {
            BigDecimal rounded = new BigDecimal(d).round(new MathContext(3, RoundingMode.HALF_EVEN));
            int exponent = rounded.precision() - rounded.scale() - 1;
            return rounded.movePointLeft(exponent).stripTrailingZeros().toPlainString() + "e" + exponent;
        }
        BigDecimal value = abs >= 1
                ? BigDecimal.valueOf(d).setScale(2, RoundingMode.HALF_EVEN)
                : BigDecimal.valueOf(d).round(new MathContext(4, RoundingMode.HALF_EVEN));
        DecimalFormat format = grouped();
        format.setMaximumFractionDigits(Math.max(0, value.stripTrailingZeros().scale()));
        return format.format(value);
    }

    /** A number with its sign always shown: {@code +0.06}, {@code -3}. */
    public static String signed(double d) {
        String text = number(d);
        return d > 0 ? "+" + text : text;
    }

    /**
     * A share (0..1) as a percentage with one decimal: {@code 12.3%}. Exactly 0 and 1 are {@code 0%} and
     * {@code 100%}; shares that would round to them without being them say so: {@code <0.1%}, {@code >99.9%}.
     */
    public static String percent(double share) {
        if (!Double.isFinite(share)) {
            return number(share);
        }
        if (share == 0) {
            return "0%";
        }
        if (share == 1) {
            return "100%";
        }
        if (share > 0 && share < 0.0005) {
            return "<0.1%";
        }
        if (share > 0.9995 && share < 1) {
            return ">99.9%";
        }
        return String.format(Locale.ROOT, "%,.1f%%", share * 100);
    }

    /** A relative change with its sign: {@code +58%}, {@code -12.5%}, whole percentages from 10% up. */
    public static String change(double relative) {
        if (!Double.isFinite(relative)) {
            return number(relative);
        }
        double percent = relative * 100;
        String text = Math.abs(percent) >= 10
                ? String.format(Locale.ROOT, "%,.0f%%", percent)
                : String.format(Locale.ROOT, "%.1f%%", percent);
        return percent > 0 ? "+" + text : text;
    }

    /** A significance level: {@code p<0.001}, {@code p=0.03}. */
    public static String pValue(double p) {
        if (p < 0.001) {
            return "p<0.001";
        }
        return "p=" + number(BigDecimal.valueOf(p).round(new MathContext(2, RoundingMode.HALF_EVEN)).doubleValue());
    }

    /** A duration for people: {@code 850 ms}, {@code 12.3 s}, {@code 2 min 5 s}, {@code 1 h 3 min}. */
    public static String duration(Duration d) {
        long millis = d.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return number(BigDecimal.valueOf(millis, 3).round(new MathContext(3, RoundingMode.HALF_EVEN))
                    .doubleValue()) + " s";
        }
        long seconds = d.toSeconds();
        if (seconds < 3600) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }

    /** An instant in UTC to the minute: {@code 2024-03-01 14:05 UTC}. */
    public static String dateTime(Instant at) {
        return DATE_TIME.format(at) + " UTC";
    }

    /** An instant as a calendar date in UTC: {@code 2024-03-01}. */
    public static String date(Instant at) {
        return DATE.format(at);
    }

    /** A bucket's start as precisely as its grain needs: {@code 2024-03} for months, {@code 2024-Q1} for quarters. */
    public static String bucket(Instant at, TimeGrain grain) {
        return switch (grain) {
            case SECOND -> SECONDS.format(at);
            case MINUTE, HOUR -> DATE_TIME.format(at);
            case DAY, WEEK -> DATE.format(at);
            case MONTH -> MONTH.format(at);
            case QUARTER -> YEAR.format(at) + "-Q" + ((at.atZone(ZoneOffset.UTC).getMonthValue() - 1) / 3 + 1);
            case YEAR -> YEAR.format(at);
        };
    }

    /** The time between two instants in rounded words: {@code 2 years}, {@code 8 months}, {@code 10 weeks}. */
    public static String span(Instant from, Instant to) {
        double days = Duration.between(from, to).toSeconds() / 86_400.0;
        if (days >= 548) {
            return plural(Math.round(days / 365.25), "year");
        }
        if (days >= 60) {
            return plural(Math.round(days / 30.44), "month");
        }
        if (days >= 14) {
            return plural(Math.round(days / 7), "week");
        }
        if (days >= 2) {
            return plural(Math.round(days), "day");
        }
        return plural(Math.round(days * 24), "hour");
    }

    /** {@code 1 day}, {@code 3 days}. */
    public static String plural(long n, String unit) {
        return count(n) + " " + unit + (n == 1 ? "" : "s");
    }

    private static DecimalFormat grouped() {
        DecimalFormat format = new DecimalFormat("#,##0", SYMBOLS);
        format.setRoundingMode(RoundingMode.HALF_EVEN);
        return format;
    }
}
