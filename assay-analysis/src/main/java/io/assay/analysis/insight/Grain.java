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
record Grain(TimeGrain grain, long seconds) {

    static final List<Grain> ALL = List.of(
            new Grain(TimeGrain.MINUTE, 60), new Grain(TimeGrain.HOUR, 3_600), new Grain(TimeGrain.DAY, 86_400),
            new Grain(TimeGrain.WEEK, 604_800), new Grain(TimeGrain.MONTH, 2_629_746),
            new Grain(TimeGrain.QUARTER, 7_889_238), new Grain(TimeGrain.YEAR, 31_556_952));

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
        return grain.name().toLowerCase(Locale.ROOT);
    }

    /** The start of the bucket after the one starting at {@code epochSecond}. */
    long next(long epochSecond) {
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
