package io.assay.platform.demo;

import java.util.List;
import java.util.Map;

import static io.assay.platform.demo.DemoSql.chooseSql;
import static io.assay.platform.demo.DemoSql.number;

/**
 * The SQL that plans how many orders each day gets. A day's weight is growth (+60% over the two
 * years) times its weekday (weekends sell more) times the season (a summer dip, a November and
 * December peak around Black Friday) times holidays times a little noise; the weights share out the
 * target number of orders. The outage day keeps 5% of its orders; the spike day gets extra orders
 * from the spike region. Each day also records how many customers and products exist by then, and
 * where its order ids start.
 */
final class CalendarSql {

    static final double GROWTH = 1.6;
    static final double OUTAGE_FACTOR = 0.05;
    /** The spike region's orders on the spike day, as a multiple of its usual. */
    static final double SPIKE_FACTOR = 4.0;
    static final DemoCatalog.Region SPIKE_REGION = DemoCatalog.APAC;

    /** Monday to Sunday. */
    private static final List<Double> WEEKDAY_FACTORS = List.of(0.95, 0.92, 0.93, 0.97, 1.02, 1.22, 1.16);
    private static final double SEASON_AMPLITUDE = 0.12;
    /** The day of the year (0-based) where the smooth season peaks: mid December. */
    private static final int SEASON_PEAK_DAY = 350;
    private static final double HOLIDAY_SEASON_AMPLITUDE = 0.30;
    /** The centre of the holiday shopping bump: around Black Friday. */
    private static final int HOLIDAY_SEASON_CENTRE_DAY = 333;
    private static final int HOLIDAY_SEASON_WIDTH_DAYS = 12;
    private static final double NOISE = 0.16;

    private final DemoSql sql;
    private final long orders;
    private final EvenRollout signups;
    private final EvenRollout launches;

    CalendarSql(DemoSql sql, long orders, EvenRollout signups, EvenRollout launches) {
        this.sql = sql;
        this.orders = orders;
        this.signups = signups;
        this.launches = launches;
    }

    /**
     * The day plan. The spike day's extra orders number (factor - 1) times the spike region's usual
     * orders, which are its share of customers times the day's orders (a customer's region does not
     * depend on how often they order).
     */
    String create(String table) {
        return "CREATE TABLE " + sql.table(table) + " AS\n"
                + "SELECT d, day_date, n_normal, n_extra, n_normal + n_extra AS n_orders,\n"
                + "  SUM(n_normal + n_extra) OVER (ORDER BY d ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"
                + " - (n_normal + n_extra) AS orders_before,\n"
                + "  " + signups.arrivedBy("d") + " AS customers_signed_up,\n"
                + "  " + launches.arrivedBy("d") + " AS products_launched\n"
                + "FROM (SELECT c.*, CASE WHEN d = " + DemoCalendar.index(DemoCalendar.SPIKE_DAY)
                + " THEN CAST(ROUND(n_normal * " + number((SPIKE_FACTOR - 1) * DemoCatalog.share(SPIKE_REGION))
                + ") AS BIGINT) ELSE 0 END AS n_extra\n"
                + "  FROM " + counted() + " c) x\n"
                + "ORDER BY d";
    }

    /** The target number of orders shared out by weight, with the outage applied. */
    private String counted() {
        return "(SELECT w.d, w.day_date, CAST(ROUND(" + orders + " * w.weight / SUM(w.weight) OVER ()"
                + " * CASE WHEN w.d = " + DemoCalendar.index(DemoCalendar.OUTAGE_DAY) + " THEN " + number(OUTAGE_FACTOR)
                + " ELSE 1 END) AS BIGINT) AS n_normal\n"
                + "  FROM " + weighted() + " w)";
    }

    private String weighted() {
        String dayOfYear = "CASE WHEN s.d < " + DemoCalendar.FIRST_YEAR_DAYS + " THEN s.d ELSE s.d - "
                + DemoCalendar.FIRST_YEAR_DAYS + " END";
        String weight = growth() + "\n    * " + weekday() + "\n    * " + season() + "\n    * " + holidays()
                + "\n    * (" + number(1 - NOISE / 2) + " + " + number(NOISE) + " * "
                + sql.uniform(Draw.DAY_NOISE, "d") + ")";
        return "(SELECT d, " + sql.addDays(DemoSql.date(DemoCalendar.FIRST_DAY), "d") + " AS day_date,\n    "
                + weight + " AS weight\n"
                + "  FROM (SELECT s.d, " + dayOfYear + " AS doy FROM " + sql.series("d", DemoCalendar.DAYS) + " s) t)";
    }

    /** Compound growth from 1 on the first day to {@link #GROWTH} on the last. */
    private static String growth() {
        return "EXP(" + number(Math.log(GROWTH)) + " * d / " + (DemoCalendar.DAYS - 1) + ")";
    }

    /** The first day is a Monday, so the day index modulo 7 is the weekday. */
    private static String weekday() {
        return chooseSql("MOD(d, 7)", WEEKDAY_FACTORS.stream().map(DemoSql::number).toList());
    }

    /** A smooth yearly wave peaking in December, plus a bump around Black Friday. */
    private static String season() {
        String wave = number(SEASON_AMPLITUDE) + " * COS(" + number(2 * Math.PI) + " * (doy - " + SEASON_PEAK_DAY
                + ") / 365.25)";
        String bump = number(HOLIDAY_SEASON_AMPLITUDE) + " * EXP(-((doy - " + HOLIDAY_SEASON_CENTRE_DAY
                + ") * (doy - " + HOLIDAY_SEASON_CENTRE_DAY + ")) / "
                + (2 * HOLIDAY_SEASON_WIDTH_DAYS * HOLIDAY_SEASON_WIDTH_DAYS) + ".0)";
        return "(1 + " + wave + " + " + bump + ")";
    }

    private static String holidays() {
        StringBuilder sql = new StringBuilder("CASE d");
        DemoCalendar.HOLIDAYS.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> sql.append(" WHEN ").append(DemoCalendar.index(e.getKey()))
                        .append(" THEN ").append(number(e.getValue())));
        return sql.append(" ELSE 1 END").toString();
    }

    /** Day-index ranges of the promotion weeks, as an SQL condition on {@code dayIndexExpr}. */
    static String inPromotionWeek(String dayIndexExpr) {
        return DemoCalendar.PROMOTION_WEEKS.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> "(" + dayIndexExpr + " BETWEEN " + DemoCalendar.index(e.getKey()) + " AND "
                        + DemoCalendar.index(e.getValue()) + ")")
                .reduce((a, b) -> a + " OR " + b)
                .orElse("1 = 0");
    }
}
