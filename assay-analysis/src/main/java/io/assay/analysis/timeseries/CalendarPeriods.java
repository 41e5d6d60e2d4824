package io.assay.analysis.timeseries;

import java.util.ArrayList;
import java.util.List;

/**
 * The seasonal periods worth testing for a sampling step: the calendar cycles people's and machines' activity
 * follows (a day, a week, a year of 365.25 days), expressed in steps. A cycle counts when it is at least 2 steps
 * long, is a whole number of steps to within 5% (so monthly data, with steps of 28 to 31 days, still get a
 * 12-step year), and fits at least twice in the series. For 5-minute data that is 288 and 2016, for hourly 24
 * and 168, for daily 7 and 365.
 */
final class CalendarPeriods {

    static final long DAY = 86_400;
    static final long WEEK = 7 * DAY;
    static final long YEAR = 31_557_600;

    private static final long[] CYCLES = {DAY, WEEK, YEAR};
    private static final double TOLERANCE = 0.05;

    private CalendarPeriods() {
    }

    /** The candidate periods in steps, shortest first, for a series of {@code length} points. */
    static List<Integer> candidates(long stepSeconds, int length) {
        List<Integer> periods = new ArrayList<>();
        for (long cycle : CYCLES) {
            double exact = (double) cycle / stepSeconds;
            long period = Math.round(exact);
            boolean whole = Math.abs(exact - period) <= TOLERANCE * exact;
            if (period >= 2 && whole && 2 * period <= length && !periods.contains((int) period)) {
                periods.add((int) period);
            }
        }
        return periods;
    }
}
