package io.assay.analysis.insight;

import io.assay.engine.TimeGrain;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/**
 * A bucket size for series: the engine's truncation grain, its nominal length, and how to step
 * from one bucket to the next on the calendar (months differ in length).
 */
record Grain(TimeGrain grain, long seconds, boolean calendar) {

    static final List<Grain> ALL = List.of(
            new Grain(TimeGrain.MINUTE, 60), new Grain(TimeGrain.HOUR, 3_600), new Grain(TimeGrain.DAY, 86_400),
            new Grain(TimeGrain.WEEK, 604_800), new Grain(TimeGrain.MONTH, 2_629_746),
            new Grain(TimeGrain.QUARTER, 7_889_238), new Grain(TimeGrain.YEAR, 31_556_952));

    /** A calendar grain: buckets the engine truncates times to. */
    Grain(TimeGrain grain, long seconds) {
        this(grain, seconds, true);
    }

    /**
     * A fixed step of {@code seconds} (a series' own sampling step): buckets start at multiples of the step since
     * the epoch. Its {@link #grain()} is the coarsest calendar grain no longer than the step, for showing times.
     */
    static Grain step(long seconds) {
        TimeGrain shown = seconds >= 86_400 && seconds % 86_400 == 0 ? TimeGrain.DAY
                : seconds >= 3_600 && seconds % 3_600 == 0 ? TimeGrain.HOUR
                : seconds >= 60 && seconds % 60 == 0 ? TimeGrain.MINUTE : TimeGrain.SECOND;
        return new Grain(shown, seconds, false);
    }

    /** The SQL of the bucket a time falls in: the truncated time, or for a step the epoch second it starts at. */
    String bucketSql(io.assay.engine.Dialect dialect, String quotedTime) {
        return calendar ? dialect.dateTrunc(grain, quotedTime)
                : "floor(" + dialect.epochSeconds(quotedTime) + " / " + seconds + ") * " + seconds;
    }

    /** The finest grain that cuts {@code spanSeconds} into at most {@link TimeAnalysis#MAX_BUCKETS} buckets. */
    static Grain forSpan(double spanSeconds) {
        for (Grain g : ALL) {
            if (spanSeconds / g.seconds() <= TimeAnalysis.MAX_BUCKETS) {
                return g;
            }
        }
        return ALL.get(ALL.size() - 1);
    }

    /**
     * The grain for data spread over {@code spanSeconds}, recorded every {@code spacingSeconds} (0 when unknown), in a
     * column of the engine type {@code type}: the finest that keeps to {@link TimeAnalysis#MAX_BUCKETS} buckets, is no
     * finer than the data's own spacing (monthly data is not cut per week) and no finer than a day for a DATE.
     */
    static Grain forData(double spanSeconds, double spacingSeconds, String type) {
        Grain g = forSpan(spanSeconds);
        boolean date = type != null && type.trim().toUpperCase(Locale.ROOT).equals("DATE");
        for (Grain candidate : ALL) {
            // 0.9: months are 28 to 31 days, against a nominal 30.44.
            boolean fitsSpacing = candidate.seconds() >= 0.9 * spacingSeconds;
            boolean fitsType = !date || candidate.seconds() >= 86_400;
            if (fitsSpacing && fitsType) {
                return candidate.seconds() > g.seconds() ? candidate : g;
            }
        }
        return ALL.get(ALL.size() - 1);
    }

    String label() {
        return calendar ? grain.name().toLowerCase(Locale.ROOT) : "point";
    }

    /** How the bucket is named for people: "day", or "5 min" for a step. */
    String describe() {
        if (calendar) {
            return grain.name().toLowerCase(Locale.ROOT);
        }
        if (seconds % 86_400 == 0) {
            return seconds == 86_400 ? "day" : seconds / 86_400 + " days";
        }
        if (seconds % 3_600 == 0) {
            return seconds == 3_600 ? "hour" : seconds / 3_600 + " h";
        }
        if (seconds % 60 == 0) {
            return seconds == 60 ? "minute" : seconds / 60 + " min";
        }
        return seconds + " s";
    }

    /** The start of the bucket after the one starting at {@code epochSecond}. */
    long next(long epochSecond) {
        if (!calendar) {
            return epochSecond + seconds;
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        LocalDateTime n = switch (grain) {
            case MONTH -> t.plusMonths(1);
            case QUARTER -> t.plusMonths(3);
            case YEAR -> t.plusYears(1);
            default -> t.plusSeconds(seconds);
        };
        return n.toEpochSecond(ZoneOffset.UTC);
    }

    /** A bind parameter for an instant, comparable with DATE and TIMESTAMP columns alike. */
    static LocalDateTime dateTime(long epochSecond) {
        return LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
    }

    /** Epoch seconds of a bucket value read from the engine (a date or a timestamp, taken as UTC). */
    static long epochSecond(Object v) {
        if (v instanceof Number n) {
            return Math.round(n.doubleValue());
        }
        if (v instanceof LocalDate d) {
            return d.toEpochDay() * 86_400;
        }
        if (v instanceof LocalDateTime t) {
            return t.toEpochSecond(ZoneOffset.UTC);
        }
        if (v instanceof OffsetDateTime t) {
            return t.toEpochSecond();
        }
        throw new IllegalArgumentException("not a time value: " + v);
    }
}
