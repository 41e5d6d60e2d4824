package io.assay.platform.demo;

import java.time.LocalDate;

/**
 * A population that arrives evenly over time: item {@code k} (0-based) of {@code count} arrives
 * {@code floor(k * span / count)} days after {@code start}. Customers sign up this way and products
 * launch this way, so that "who exists on day d" is a prefix of the ids, computable without a join.
 *
 * @param start the first day anything arrives
 * @param span  the number of days arrivals are spread over
 * @param count the size of the population
 */
record EvenRollout(LocalDate start, int span, long count) {

    EvenRollout {
        if (span < 1 || count < 1) {
            throw new IllegalArgumentException("span and count must be positive");
        }
    }

    /** The day item {@code itemExpr} (0-based) arrives, as an SQL date. */
    String arrival(DemoSql sql, String itemExpr) {
        return sql.addDays(DemoSql.date(start), "FLOOR(" + itemExpr + " * " + span + " / " + count + ")");
    }

    /**
     * How many items have arrived by the end of day {@code dayIndexExpr} (a {@link DemoCalendar}
     * day index), as SQL: item k has arrived when floor(k * span / count) <= offset, that is when
     * k < (offset + 1) * count / span.
     */
    String arrivedBy(String dayIndexExpr) {
        int offset = DemoCalendar.days(start, DemoCalendar.FIRST_DAY);
        String arrived = "FLOOR((CAST(" + dayIndexExpr + " + " + (offset + 1) + " AS BIGINT) * " + count + " - 1) / "
                + span + ") + 1";
        return "CAST(CASE WHEN " + arrived + " >= " + count + " THEN " + count + " ELSE " + arrived + " END AS BIGINT)";
    }
}
