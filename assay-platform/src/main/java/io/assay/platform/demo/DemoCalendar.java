package io.assay.platform.demo;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The demo's time line. Orders run over two years, 2024-01-01 to 2025-12-31; the SQL counts days
 * from the first one (the "day index", 0..730). Customers sign up from 2022 on and products launch
 * from 2021 on, so that both exist before the first order.
 */
final class DemoCalendar {

    /** The first day with orders: a Monday, so the day index modulo 7 is the weekday, 0 = Monday. */
    static final LocalDate FIRST_DAY = LocalDate.of(2024, 1, 1);
    static final LocalDate LAST_DAY = LocalDate.of(2025, 12, 31);
    /** Days with orders. */
    static final int DAYS = days(FIRST_DAY, LAST_DAY) + 1;
    /** Days in the first year, where the day-of-year count starts again. */
    static final int FIRST_YEAR_DAYS = FIRST_DAY.lengthOfYear();

    /** Customers sign up evenly from this day to {@link #LAST_DAY}. */
    static final LocalDate FIRST_SIGNUP = LocalDate.of(2022, 1, 1);
    /** Products launch evenly from this day to {@link #LAST_LAUNCH}. */
    static final LocalDate FIRST_LAUNCH = LocalDate.of(2021, 1, 1);
    static final LocalDate LAST_LAUNCH = LocalDate.of(2025, 9, 30);

    /** The placeholder date some sign-ups carry instead of a real one. */
    static final LocalDate PLACEHOLDER_DATE = LocalDate.of(9999, 12, 31);

    static final LocalDate OUTAGE_DAY = LocalDate.of(2025, 3, 14);
    static final LocalDate PRICE_ERROR_DAY = LocalDate.of(2025, 6, 2);
    static final LocalDate SPIKE_DAY = LocalDate.of(2025, 9, 20);

    /** Black Friday to Cyber Monday: a busy week with more coupons. */
    static final Map<LocalDate, LocalDate> PROMOTION_WEEKS = Map.of(
            LocalDate.of(2024, 11, 29), LocalDate.of(2024, 12, 2),
            LocalDate.of(2025, 11, 28), LocalDate.of(2025, 12, 1));

    /** Days that sell more or less than the season says, by a factor. */
    static final Map<LocalDate, Double> HOLIDAYS = Map.of(
            LocalDate.of(2024, 1, 1), 0.7,
            LocalDate.of(2024, 11, 29), 1.5,
            LocalDate.of(2024, 12, 2), 1.3,
            LocalDate.of(2024, 12, 24), 0.8,
            LocalDate.of(2024, 12, 25), 0.55,
            LocalDate.of(2025, 1, 1), 0.7,
            LocalDate.of(2025, 11, 28), 1.5,
            LocalDate.of(2025, 12, 1), 1.3,
            LocalDate.of(2025, 12, 24), 0.8,
            LocalDate.of(2025, 12, 25), 0.55);

    private DemoCalendar() {
    }

    /** The day index of {@code date}: days since {@link #FIRST_DAY}, negative before it. */
    static int index(LocalDate date) {
        return days(FIRST_DAY, date);
    }

    /** Whole days from {@code from} to {@code to}. */
    static int days(LocalDate from, LocalDate to) {
        return Math.toIntExact(ChronoUnit.DAYS.between(from, to));
    }
}
