package io.assay.platform.demo;

import io.assay.platform.demo.DemoCatalog.Kind;

import java.util.List;
import java.util.stream.IntStream;

import static io.assay.platform.demo.DemoSql.choose;
import static io.assay.platform.demo.DemoSql.chooseSql;
import static io.assay.platform.demo.DemoSql.index;
import static io.assay.platform.demo.DemoSql.number;

/**
 * The SQL that creates {@code products}. Product {@code j} is of a kind drawn from
 * {@link DemoCatalog#KINDS}; its list price is drawn log-uniformly from the kind's range and ends in
 * .99; its cost is a category-typical share of the price. Products launch evenly from 2021 to
 * 2025-09-30 in id order, so the products on sale on a day are ids 1..n.
 */
final class ProductSql {

    /** SKUs number products from here on, so they read like ELE-100042. */
    private static final long SKU_NUMBER_BASE = 100_000;

    private final DemoSql sql;
    private final EvenRollout launches;

    ProductSql(DemoSql sql, long products) {
        this.sql = sql;
        this.launches = launches(products);
    }

    /** When products launch: evenly from 2021 to 2025-09-30, in id order. */
    static EvenRollout launches(long products) {
        return new EvenRollout(DemoCalendar.FIRST_LAUNCH,
                DemoCalendar.days(DemoCalendar.FIRST_LAUNCH, DemoCalendar.LAST_LAUNCH) + 1, products);
    }

    String create(String table) {
        return "CREATE TABLE " + sql.table(table) + " AS\n"
                + "SELECT CAST(j + 1 AS BIGINT) AS product_id,\n"
                + "  sku_prefix || '-' || " + sql.toText("CAST(" + SKU_NUMBER_BASE + " + j + 1 AS BIGINT)")
                + " AS sku,\n"
                + "  product_name, category, unit_price,\n"
                + "  CAST(unit_price * cost_ratio AS DECIMAL(10,2)) AS unit_cost,\n"
                + "  " + launches.arrival(sql, "j") + " AS launched_on\n"
                + "FROM " + priced() + " p\n"
                + "ORDER BY product_id";
    }

    /** Product numbers, the kind each one is, and the numbers its name and price are drawn from. */
    private String draws() {
        return "(SELECT s.j,\n"
                + "  " + kindChoice() + " AS kind_ix,\n"
                + "  " + index(sql.uniform(Draw.ADJECTIVE, "j"), DemoCatalog.ADJECTIVES.size()) + " AS adjective_ix,\n"
                + "  " + index(sql.uniform(Draw.EDITION, "j"), DemoCatalog.EDITIONS.size()) + " AS edition_ix,\n"
                + "  " + sql.uniform(Draw.LIST_PRICE, "j") + " AS price_u,\n"
                + "  " + sql.uniform(Draw.COST_RATIO, "j") + " AS cost_u\n"
                + "  FROM " + sql.series("j", launches.count()) + " s)";
    }

    /** A kind, each with probability proportional to its catalogue share. */
    private String kindChoice() {
        List<Kind> kinds = DemoCatalog.KINDS;
        return DemoSql.weighted(sql.uniform(Draw.PRODUCT_KIND, "j"), IntStream.range(0, kinds.size())
                .mapToObj(k -> new DemoSql.Option(Integer.toString(k), kinds.get(k).share()))
                .toList());
    }

    /** Names, categories, list prices (ending in .99) and cost ratios. */
    private String priced() {
        List<Kind> kinds = DemoCatalog.KINDS;
        String noun = choose("kind_ix", kinds.stream().map(Kind::noun).toList());
        String name = choose("adjective_ix", DemoCatalog.ADJECTIVES) + " || ' ' || " + noun
                + " || " + choose("edition_ix", DemoCatalog.EDITIONS);
        String listPrice = chooseSql("kind_ix", kinds.stream()
                .map(k -> number(k.minPrice()) + " * POWER(" + number(k.maxPrice() / k.minPrice()) + ", price_u)")
                .toList());
        String costRatio = chooseSql("kind_ix", kinds.stream()
                .map(k -> number(k.category().costRatioLow()) + " + cost_u * "
                        + number(k.category().costRatioHigh() - k.category().costRatioLow()))
                .toList());
        return "(SELECT d.j,\n"
                + "  " + choose("kind_ix", kinds.stream().map(k -> k.category().name()).toList()) + " AS category,\n"
                + "  " + choose("kind_ix", kinds.stream().map(k -> k.category().skuPrefix()).toList())
                + " AS sku_prefix,\n"
                + "  " + name + " AS product_name,\n"
                + "  CAST(FLOOR(" + listPrice + ") + 0.99 AS DECIMAL(10,2)) AS unit_price,\n"
                + "  " + costRatio + " AS cost_ratio\n"
                + "  FROM " + draws() + " d)";
    }
}
