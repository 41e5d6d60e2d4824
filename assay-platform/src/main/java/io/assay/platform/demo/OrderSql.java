package io.assay.platform.demo;

import io.assay.platform.demo.DemoCatalog.Region;

import java.util.List;

import static io.assay.platform.demo.DemoSql.number;
import static io.assay.platform.demo.DemoSql.numbers;
import static io.assay.platform.demo.DemoSql.text;
import static io.assay.platform.demo.DemoSql.texts;
import static io.assay.platform.demo.DemoSql.weighted;

/**
 * The SQL that makes orders and their lines, in four statements: order headers from the day plan,
 * order lines from the headers, orders (headers with totals summed from their lines), and
 * order_items (a copy of the lines). Summing the very lines that become order_items keeps every
 * order's total and item count true to its items.
 *
 * <p>Order ids run in time order: a day's orders get consecutive ids, and the order's position in
 * its day maps through the intra-day curve to its time of day.
 */
final class OrderSql {

    private static final int MAX_ITEMS = 8;
    private static final double NEGATIVE_QUANTITY_SHARE = 0.002;
    /** The share of the price-error day's lines that are the mispriced product. */
    private static final double PRICE_ERROR_LINE_SHARE = 0.05;
    static final int PRICE_ERROR_FACTOR = 100;

    /** Relative order volume in each hour of the day, 0:00 to 23:00. */
    private static final double[] HOUR_WEIGHTS = {
        1.2, 0.7, 0.4, 0.3, 0.3, 0.5, 1.1, 2.0, 3.0, 3.8, 4.4, 4.8,
        5.2, 5.0, 4.6, 4.5, 4.6, 4.9, 5.4, 6.0, 6.4, 5.8, 4.2, 2.4};
    private static final int STORE_OPENS = 9;
    private static final int STORE_CLOSES = 21;
    private static final double STORE_SHARE_WHILE_OPEN = 0.14;
    private static final double MOBILE_SHARE_FIRST_DAY = 0.40;
    private static final double MOBILE_SHARE_GAIN = 0.20;
    private static final double STUCK_PENDING_SHARE = 0.003;
    private static final double CANCELLED_SHARE = 0.045;
    private static final double RETURNED_SHARE = 0.05;
    /** Orders of the last days are still being processed: pending grows by this much per day. */
    private static final int RECENT_DAYS = 7;
    private static final double PENDING_PER_RECENT_DAY = 0.1;
    private static final double COUPON_SHARE = 0.15;
    private static final double PROMOTION_COUPON_SHARE = 0.45;
    private static final double BESTSELLER_SHARE = 0.3;
    /** Every tenth product (ids 1, 11, 21, ...) is a bestseller. */
    private static final int BESTSELLER_STRIDE = 10;
    private static final double FREE_SHIPPING_FROM = 75;
    /** Lines of products cheaper than this often buy several. */
    private static final double CHEAP_BELOW = 30;

    private final DemoSql sql;
    private final long priceErrorProduct;

    OrderSql(DemoSql sql, long priceErrorProduct) {
        this.sql = sql;
        this.priceErrorProduct = priceErrorProduct;
    }

    /** One row per order: who, when, how, and how many lines it will have. */
    String headers(String table, long maxOrdersPerDay) {
        String spikePool = "(SELECT customer_id, region, ROW_NUMBER() OVER (ORDER BY customer_id) - 1 AS pick_rank"
                + " FROM " + sql.table(DemoTables.CUSTOMERS) + spikePoolCondition() + ")";
        String payment = "CASE WHEN x.channel = 'store' THEN "
                + weighted("x.payment_u", texts("credit_card", 0.55, "cash", 0.25, "debit_card", 0.20))
                + " ELSE " + weighted("x.payment_u", texts("credit_card", 0.50, "paypal", 0.22, "debit_card", 0.12,
                        "digital_wallet", 0.11, "gift_card", 0.05)) + " END";
        return "CREATE TABLE " + sql.table(table) + " AS\n"
                + "SELECT x.order_id, COALESCE(c.customer_id, a.customer_id) AS customer_id,\n"
                + "  " + sql.addSeconds("x.day_date", "x.second_of_day") + " AS ordered_at,\n"
                + "  x.day_date AS order_date, x.d AS day_index, x.status, x.channel,\n"
                + "  COALESCE(c.region, a.region) AS region,\n"
                + "  " + payment + " AS payment_method,\n"
                + "  x.item_count, x.products_launched\n"
                + "FROM " + timed(maxOrdersPerDay) + " x\n"
                + "LEFT JOIN " + sql.table(DemoTables.CUSTOMERS) + " c ON c.customer_id = x.customer_pick\n"
                + "LEFT JOIN " + spikePool + " a ON a.pick_rank = x.spike_pick";
    }

    /** The customers the spike's extra orders come from: the spike region's, signed up by then. */
    private static String spikePoolCondition() {
        return " WHERE region = " + text(CalendarSql.SPIKE_REGION.name())
                + " AND signup_date <= " + DemoSql.date(DemoCalendar.SPIKE_DAY);
    }

    /** A slot for every order of every day: order n of a day is slot j = n. */
    private String slots(long maxOrdersPerDay) {
        return "(SELECT CAST(c.orders_before + s.j + 1 AS BIGINT) AS order_id, c.d, c.day_date, s.j, c.n_orders,"
                + " c.n_extra, c.customers_signed_up, c.products_launched\n"
                + "  FROM " + sql.table(DemoTables.DAYS) + " c JOIN " + sql.series("j", maxOrdersPerDay)
                + " s ON s.j < c.n_orders)";
    }

    /** The random numbers each order needs; its position in the day (0..1) grows with its id. */
    private String drawn(long maxOrdersPerDay) {
        return "(SELECT t.*,\n"
                + "  (t.j + " + sql.uniform(Draw.ORDER_TIME, "t.order_id") + ") / t.n_orders AS day_position,\n"
                + "  CASE WHEN t.n_extra > 0 AND " + sql.uniform(Draw.SPIKE, "t.order_id")
                + " * t.n_orders < t.n_extra THEN 1 ELSE 0 END AS spike,\n"
                + "  " + sql.uniform(Draw.CUSTOMER, "t.order_id") + " AS customer_u,\n"
                + "  " + sql.uniform(Draw.STORE, "t.order_id") + " AS store_u,\n"
                + "  " + sql.uniform(Draw.MOBILE, "t.order_id") + " AS mobile_u,\n"
                + "  " + sql.uniform(Draw.PAYMENT, "t.order_id") + " AS payment_u,\n"
                + "  " + sql.uniform(Draw.STATUS, "t.order_id") + " AS status_u,\n"
                + "  " + sql.uniform(Draw.ITEM_COUNT, "t.order_id") + " AS items_u\n"
                + "  FROM " + slots(maxOrdersPerDay) + " t)";
    }

    /**
     * Time of day, customer choice, channel, status and line count. Regular orders favour customers
     * who signed up early (loyal customers order more); spike orders pick from the spike region.
     */
    private String timed(long maxOrdersPerDay) {
        String spikePoolSize = "(SELECT COUNT(*) FROM " + sql.table(DemoTables.CUSTOMERS) + spikePoolCondition() + ")";
        return "(SELECT w.*,\n"
                + "  CAST(FLOOR(" + secondOfDay("w.day_position") + ") AS INTEGER) AS second_of_day,\n"
                + "  CASE WHEN w.spike = 0 THEN CAST(1 + FLOOR(POWER(w.customer_u, 1.5) * w.customers_signed_up)"
                + " AS BIGINT) END AS customer_pick,\n"
                + "  CASE WHEN w.spike = 1 THEN CAST(FLOOR(w.customer_u * " + spikePoolSize + ") AS BIGINT) END"
                + " AS spike_pick,\n"
                + "  " + channel() + " AS channel,\n"
                + "  " + status() + " AS status,\n"
                + "  CAST(" + weighted("w.items_u", numbers(1, 0.35, 2, 0.25, 3, 0.17, 4, 0.10, 5, 0.06, 6, 0.04,
                        7, 0.02, 8, 0.01)) + " AS INTEGER) AS item_count\n"
                + "  FROM " + drawn(maxOrdersPerDay) + " w)";
    }

    /**
     * Seconds since midnight for a position (0..1) in the day: the inverse of the cumulative
     * intra-day curve, linear within each hour.
     */
    private static String secondOfDay(String position) {
        double total = 0;
        for (double w : HOUR_WEIGHTS) {
            total += w;
        }
        StringBuilder sql = new StringBuilder("CASE");
        double start = 0;
        for (int hour = 0; hour < HOUR_WEIGHTS.length; hour++) {
            double share = HOUR_WEIGHTS[hour] / total;
            String seconds = (hour * 3600) + " + (" + position + " - " + number(start) + ") * " + number(3600 / share);
            if (hour < HOUR_WEIGHTS.length - 1) {
                sql.append(" WHEN ").append(position).append(" < ").append(number(start + share))
                        .append(" THEN ").append(seconds);
            } else {
                sql.append(" ELSE ").append(seconds);
            }
            start += share;
        }
        return sql.append(" END").toString();
    }

    /** The position in the day (0..1) by which {@code hour} starts. */
    private static double dayPositionAt(int hour) {
        double total = 0;
        double before = 0;
        for (int h = 0; h < HOUR_WEIGHTS.length; h++) {
            total += HOUR_WEIGHTS[h];
            if (h < hour) {
                before += HOUR_WEIGHTS[h];
            }
        }
        return before / total;
    }

    /** Stores sell during opening hours only; mobile gains on web over the two years. */
    private static String channel() {
        return "CASE WHEN w.store_u < " + number(STORE_SHARE_WHILE_OPEN)
                + " AND w.day_position >= " + number(dayPositionAt(STORE_OPENS))
                + " AND w.day_position < " + number(dayPositionAt(STORE_CLOSES)) + " THEN 'store'"
                + " WHEN w.mobile_u < " + number(MOBILE_SHARE_FIRST_DAY) + " + " + number(MOBILE_SHARE_GAIN)
                + " * w.d / " + (DemoCalendar.DAYS - 1) + " THEN 'mobile' ELSE 'web' END";
    }

    /** Mostly completed; a few cancelled or returned; pending for the last days and a few stuck ones. */
    private static String status() {
        int firstRecentDay = DemoCalendar.DAYS - RECENT_DAYS;
        String pending = "CASE WHEN w.d >= " + firstRecentDay + " THEN (w.d - " + (firstRecentDay - 1) + ") * "
                + number(PENDING_PER_RECENT_DAY) + " ELSE " + number(STUCK_PENDING_SHARE) + " END";
        return "CASE WHEN w.status_u < " + pending + " THEN 'pending'"
                + " WHEN w.status_u < " + pending + " + " + number(CANCELLED_SHARE) + " THEN 'cancelled'"
                + " WHEN w.status_u < " + pending + " + " + number(CANCELLED_SHARE + RETURNED_SHARE)
                + " THEN 'returned' ELSE 'completed' END";
    }

    /**
     * One row per order line: product, quantity, price. On the price-error day the mispriced product
     * takes a share of the lines, and all its lines that day carry 100 times its list price.
     */
    String lines(String table) {
        int errorDay = DemoCalendar.index(DemoCalendar.PRICE_ERROR_DAY);
        return "CREATE TABLE " + sql.table(table) + " AS\n"
                + "SELECT y.order_id, y.line_no, y.product_id, y.quantity, y.unit_price,\n"
                + "  CAST(y.quantity * y.unit_price AS DECIMAL(12,2)) AS line_amount\n"
                + "FROM (SELECT x.order_id, x.line_no, x.product_id,\n"
                + "  " + quantity() + " AS quantity,\n"
                + "  CAST(CASE WHEN x.day_index = " + errorDay + " AND x.product_id = " + priceErrorProduct
                + " THEN p.unit_price * " + PRICE_ERROR_FACTOR + " ELSE p.unit_price END AS DECIMAL(10,2))"
                + " AS unit_price\n"
                + "  FROM " + linePicks() + " x\n"
                + "  JOIN " + sql.table(DemoTables.PRODUCTS) + " p ON p.product_id = x.product_id) y";
    }

    /**
     * How many of the product the line is for: several of cheap things, rarely two of dear ones;
     * a few lines carry a negative quantity, the kind of error a data-quality check should find.
     */
    private static String quantity() {
        String cheap = weighted("x.quantity_u", numbers(1, 0.55, 2, 0.25, 3, 0.10, 4, 0.05, 5, 0.05));
        String dear = weighted("x.quantity_u", numbers(1, 0.90, 2, 0.08, 3, 0.02));
        return "CAST(CASE WHEN x.negative_u < " + number(NEGATIVE_QUANTITY_SHARE) + " THEN -1 ELSE 1 END"
                + " * CASE WHEN p.unit_price < " + number(CHEAP_BELOW) + " THEN " + cheap + " ELSE " + dear + " END"
                + " AS INTEGER)";
    }

    /** Which product each line is for; a bestseller share goes to every tenth product. */
    private String linePicks() {
        int errorDay = DemoCalendar.index(DemoCalendar.PRICE_ERROR_DAY);
        String bestseller = "1 + " + BESTSELLER_STRIDE + " * FLOOR(l.product_u * FLOOR((l.products_launched + "
                + (BESTSELLER_STRIDE - 1) + ") / " + BESTSELLER_STRIDE + "))";
        String anyProduct = "1 + FLOOR(l.product_u * l.products_launched)";
        return "(SELECT l.order_id, l.line_no, l.day_index,\n"
                + "  CAST(CASE WHEN l.day_index = " + errorDay + " AND l.error_u < " + number(PRICE_ERROR_LINE_SHARE)
                + " THEN " + priceErrorProduct
                + " WHEN l.bestseller_u < " + number(BESTSELLER_SHARE) + " THEN " + bestseller
                + " ELSE " + anyProduct + " END AS BIGINT) AS product_id,\n"
                + "  l.quantity_u, l.negative_u\n"
                + "  FROM " + lineDraws() + " l)";
    }

    /** A line for each of an order's items, with the random numbers it needs. */
    private String lineDraws() {
        return "(SELECT h.order_id, CAST(s.l + 1 AS INTEGER) AS line_no, h.day_index, h.products_launched,\n"
                + "  " + sql.uniform(Draw.PRODUCT, "h.order_id", "s.l") + " AS product_u,\n"
                + "  " + sql.uniform(Draw.BESTSELLER, "h.order_id", "s.l") + " AS bestseller_u,\n"
                + "  " + sql.uniform(Draw.PRICE_ERROR, "h.order_id", "s.l") + " AS error_u,\n"
                + "  " + sql.uniform(Draw.QUANTITY, "h.order_id", "s.l") + " AS quantity_u,\n"
                + "  " + sql.uniform(Draw.NEGATIVE_QUANTITY, "h.order_id", "s.l") + " AS negative_u\n"
                + "  FROM " + sql.table(DemoTables.ORDER_HEADERS) + " h JOIN " + sql.series("l", MAX_ITEMS)
                + " s ON s.l < h.item_count)";
    }

    /**
     * Orders: headers with item count and total from their lines, a coupon discount for some (more
     * in the promotion weeks), and shipping (free in store and from 75, else by region).
     */
    String orders(String table) {
        String couponShare = "CASE WHEN " + CalendarSql.inPromotionWeek("h.day_index") + " THEN "
                + number(PROMOTION_COUPON_SHARE) + " ELSE " + number(COUPON_SHARE) + " END";
        String percent = "5 * (1 + FLOOR(" + sql.uniform(Draw.COUPON_SIZE, "h.order_id") + " * 4))";
        String discount = "CASE WHEN t.total_amount > 0 AND " + sql.uniform(Draw.COUPON, "h.order_id") + " < "
                + couponShare + " THEN t.total_amount * " + percent + " / 100 ELSE 0 END";
        List<Region> regions = DemoCatalog.REGIONS;
        String fee = "CASE h.region" + regions.stream()
                .map(r -> " WHEN " + text(r.name()) + " THEN " + number(r.shippingFee()))
                .reduce("", String::concat) + " ELSE 0 END";
        String shipping = "CASE WHEN h.channel = 'store' OR t.total_amount >= " + number(FREE_SHIPPING_FROM)
                + " THEN 0 ELSE " + fee + " END";
        return "CREATE TABLE " + sql.table(table) + " AS\n"
                + "SELECT h.order_id, h.customer_id, h.ordered_at, h.order_date, h.status, h.channel, h.region,"
                + " h.payment_method,\n"
                + "  CAST(t.item_count AS INTEGER) AS item_count,\n"
                + "  CAST(t.total_amount AS DECIMAL(12,2)) AS total_amount,\n"
                + "  CAST(" + discount + " AS DECIMAL(12,2)) AS discount,\n"
                + "  CAST(" + shipping + " AS DECIMAL(8,2)) AS shipping_cost\n"
                + "FROM " + sql.table(DemoTables.ORDER_HEADERS) + " h\n"
                + "JOIN (SELECT order_id, COUNT(*) AS item_count, SUM(line_amount) AS total_amount\n"
                + "  FROM " + sql.table(DemoTables.ORDER_LINES) + " GROUP BY order_id) t ON t.order_id = h.order_id\n"
                + "ORDER BY h.order_id";
    }

    /** The lines, as they are, in order. */
    String orderItems(String table) {
        return "CREATE TABLE " + sql.table(table) + " AS\n"
                + "SELECT order_id, line_no, product_id, quantity, unit_price, line_amount\n"
                + "FROM " + sql.table(DemoTables.ORDER_LINES) + "\n"
                + "ORDER BY order_id, line_no";
    }
}
