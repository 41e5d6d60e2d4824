package io.assay.platform.demo;

/**
 * The independent streams of pseudo-random numbers the demo data is drawn from. Each stream has its
 * own salt, mixed into the hash with the seed and the row's keys, so that two attributes of one row
 * never share a number. The salts are fixed: changing one changes the data a seed produces.
 */
enum Draw {
    // customers
    DUPLICATE(101),
    DUPLICATE_OF(102),
    FIRST_NAME(103),
    LAST_NAME(104),
    PLACE(105),
    EMAIL_FORM(106),
    EMAIL_NUMBER(107),
    EMAIL_DOMAIN(108),
    EMAIL_DEFECT(109),
    PHONE_MISSING(110),
    PHONE_AREA(111),
    PHONE_PREFIX(112),
    PHONE_LINE(113),
    CITY_DEFECT(114),
    SEGMENT(115),
    SIGNUP_DEFECT(116),
    BIRTH_A(117),
    BIRTH_B(118),
    BIRTH_DEFECT(119),
    // products
    PRODUCT_KIND(201),
    ADJECTIVE(202),
    EDITION(203),
    LIST_PRICE(204),
    COST_RATIO(205),
    PRICE_ERROR_PRODUCT(206),
    // calendar
    DAY_NOISE(301),
    // orders
    ORDER_TIME(401),
    CUSTOMER(402),
    SPIKE(403),
    STORE(404),
    MOBILE(405),
    PAYMENT(406),
    STATUS(407),
    ITEM_COUNT(408),
    COUPON(409),
    COUPON_SIZE(410),
    // order lines
    PRODUCT(501),
    BESTSELLER(502),
    PRICE_ERROR(503),
    QUANTITY(504),
    NEGATIVE_QUANTITY(505);

    private final int salt;

    Draw(int salt) {
        this.salt = salt;
    }

    int salt() {
        return salt;
    }
}
