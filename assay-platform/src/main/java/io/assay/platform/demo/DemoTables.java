package io.assay.platform.demo;

import java.util.List;

/** Names of the tables the generator makes: the four it leaves, and the working tables it drops. */
final class DemoTables {

    static final String CUSTOMERS = "customers";
    static final String PRODUCTS = "products";
    static final String ORDERS = "orders";
    static final String ORDER_ITEMS = "order_items";

    /** Orders planned per day. */
    static final String DAYS = "_assay_demo_days";
    /** Orders without their totals. */
    static final String ORDER_HEADERS = "_assay_demo_order_headers";
    /** Order lines, from which both order totals and order_items come. */
    static final String ORDER_LINES = "_assay_demo_order_lines";

    static final List<String> RESULTS = List.of(CUSTOMERS, PRODUCTS, ORDERS, ORDER_ITEMS);
    static final List<String> WORKING = List.of(DAYS, ORDER_HEADERS, ORDER_LINES);

    private DemoTables() {
    }
}
