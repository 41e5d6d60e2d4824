package io.assay.platform.demo;

import io.assay.platform.demo.DemoCatalog.Place;

import java.util.List;

import static io.assay.platform.demo.DemoSql.choose;
import static io.assay.platform.demo.DemoSql.index;
import static io.assay.platform.demo.DemoSql.text;
import static io.assay.platform.demo.DemoSql.texts;
import static io.assay.platform.demo.DemoSql.weighted;

/**
 * The SQL that creates {@code customers}. Each customer is account {@code i} of a person {@code p}:
 * usually {@code p = i}, but about 1% of accounts (odd {@code i} only) belong to an earlier person
 * (an even {@code p}), the duplicates a data-quality check should find: same name, e-mail, phone and
 * city under a new id. Person attributes are drawn from {@code p}, account attributes from {@code i}.
 */
final class CustomerSql {

    private static final double DUPLICATE_SHARE = 0.01;
    private static final double MISSING_EMAIL_SHARE = 0.05;
    private static final double MALFORMED_EMAIL_SHARE = 0.02;
    private static final double MISSING_PHONE_SHARE = 0.03;
    private static final double PLACEHOLDER_CITY_SHARE = 0.01;
    private static final double PLACEHOLDER_SIGNUP_SHARE = 0.002;
    private static final double PLACEHOLDER_BIRTH_YEAR_SHARE = 0.003;
    private static final int PLACEHOLDER_BIRTH_YEAR = 9999;

    /** How far back (in even accounts) a duplicate's original may be. */
    private static final int DUPLICATE_REACH = 25;
    private static final List<String> PLACEHOLDER_CITIES = List.of("N/A", "unknown", "");
    /** Malformed addresses: no domain, two placeholders, no @. */
    private static final List<String> MALFORMED_EMAILS = List.of(
            "local_part || '@'", text("n/a"), text("no email"), "local_part || '.' || domain");

    private final DemoSql sql;
    private final EvenRollout signups;

    CustomerSql(DemoSql sql, long customers) {
        this.sql = sql;
        this.signups = signups(customers);
    }

    /** When customers sign up: evenly from 2022 to the last order day, in id order. */
    static EvenRollout signups(long customers) {
        return new EvenRollout(DemoCalendar.FIRST_SIGNUP,
                DemoCalendar.days(DemoCalendar.FIRST_SIGNUP, DemoCalendar.LAST_DAY) + 1, customers);
    }

    /**
     * The customers: a name from the name lists, an e-mail address made from it (5% missing, 2%
     * malformed), a phone number in the country's format (3% missing), a city consistent with its
     * country and region (1% a placeholder), a segment, the sign-up date (a few the placeholder
     * 9999-12-31; those may appear to order before signing up, as such data does) and a birth year
     * between 1946 and 2005, peaking in the mid seventies (a few the placeholder 9999).
     */
    String create(String table) {
        return "CREATE TABLE " + sql.table(table) + " AS\n"
                + "SELECT CAST(i + 1 AS BIGINT) AS customer_id,\n"
                + "  first_name || ' ' || last_name AS full_name,\n"
                + "  " + email() + " AS email,\n"
                + "  " + phone() + " AS phone,\n"
                + "  country, region,\n"
                + "  " + city() + " AS city,\n"
                + "  " + weighted("segment_u", texts(DemoCatalog.SEGMENTS.get(0), 0.75,
                        DemoCatalog.SEGMENTS.get(1), 0.18, DemoCatalog.SEGMENTS.get(2), 0.07)) + " AS segment,\n"
                + "  CASE WHEN signup_defect_u < " + DemoSql.number(PLACEHOLDER_SIGNUP_SHARE)
                + " THEN " + DemoSql.date(DemoCalendar.PLACEHOLDER_DATE)
                + " ELSE " + signups.arrival(sql, "i") + " END AS signup_date,\n"
                + "  CAST(CASE WHEN birth_defect_u < " + DemoSql.number(PLACEHOLDER_BIRTH_YEAR_SHARE)
                + " THEN " + PLACEHOLDER_BIRTH_YEAR + " ELSE 1946 + FLOOR((birth_a_u + birth_b_u) * 30) END AS INTEGER)"
                + " AS birth_year\n"
                + "FROM " + mailboxes() + " m\n"
                + "ORDER BY customer_id";
    }

    /** Accounts 0..n-1 and the person each belongs to. */
    private String accounts() {
        String duplicate = "MOD(i, 2) = 1 AND " + sql.uniform(Draw.DUPLICATE, "i") + " < "
                + DemoSql.number(2 * DUPLICATE_SHARE);
        String original = "CASE WHEN i > 2 * " + DUPLICATE_REACH
                + " THEN i - 1 - 2 * FLOOR(" + sql.uniform(Draw.DUPLICATE_OF, "i") + " * " + DUPLICATE_REACH + ")"
                + " ELSE i - 1 END";
        return "(SELECT i, CAST(CASE WHEN " + duplicate + " THEN " + original + " ELSE i END AS BIGINT) AS p\n"
                + "  FROM " + sql.series("i", signups.count()) + " s)";
    }

    /** The random numbers each account needs, and the list positions they choose. */
    private String draws() {
        return "(SELECT a.i, a.p,\n"
                + "  " + index(sql.uniform(Draw.FIRST_NAME, "p"), DemoCatalog.FIRST_NAMES.size()) + " AS first_ix,\n"
                + "  " + index(sql.uniform(Draw.LAST_NAME, "p"), DemoCatalog.LAST_NAMES.size()) + " AS last_ix,\n"
                + "  " + index(sql.uniform(Draw.PLACE, "p"), DemoCatalog.PLACES.size()) + " AS place_ix,\n"
                + "  " + index(sql.uniform(Draw.EMAIL_DOMAIN, "p"), DemoCatalog.EMAIL_DOMAINS.size())
                + " AS domain_ix,\n"
                + "  " + sql.uniform(Draw.EMAIL_FORM, "p") + " AS email_form_u,\n"
                + "  " + sql.uniform(Draw.EMAIL_NUMBER, "p") + " AS email_number_u,\n"
                + "  " + sql.uniform(Draw.EMAIL_DEFECT, "p") + " AS email_defect_u,\n"
                + "  " + sql.uniform(Draw.PHONE_MISSING, "p") + " AS phone_missing_u,\n"
                + "  " + sql.uniform(Draw.PHONE_AREA, "p") + " AS phone_area_u,\n"
                + "  " + sql.uniform(Draw.PHONE_PREFIX, "p") + " AS phone_prefix_u,\n"
                + "  " + sql.uniform(Draw.PHONE_LINE, "p") + " AS phone_line_u,\n"
                + "  " + sql.uniform(Draw.CITY_DEFECT, "p") + " AS city_defect_u,\n"
                + "  " + sql.uniform(Draw.BIRTH_A, "p") + " AS birth_a_u,\n"
                + "  " + sql.uniform(Draw.BIRTH_B, "p") + " AS birth_b_u,\n"
                + "  " + sql.uniform(Draw.BIRTH_DEFECT, "p") + " AS birth_defect_u,\n"
                + "  " + sql.uniform(Draw.SEGMENT, "i") + " AS segment_u,\n"
                + "  " + sql.uniform(Draw.SIGNUP_DEFECT, "i") + " AS signup_defect_u\n"
                + "  FROM " + accounts() + " a)";
    }

    /** Names and places looked up from the chosen positions. */
    private String people() {
        List<Place> places = DemoCatalog.PLACES;
        return "(SELECT d.*,\n"
                + "  " + choose("first_ix", DemoCatalog.FIRST_NAMES) + " AS first_name,\n"
                + "  " + choose("last_ix", DemoCatalog.LAST_NAMES) + " AS last_name,\n"
                + "  " + choose("first_ix", DemoCatalog.lowerCase(DemoCatalog.FIRST_NAMES)) + " AS first_lower,\n"
                + "  " + choose("first_ix", DemoCatalog.initials(DemoCatalog.FIRST_NAMES)) + " AS first_initial,\n"
                + "  " + choose("last_ix", DemoCatalog.lowerCase(DemoCatalog.LAST_NAMES)) + " AS last_lower,\n"
                + "  " + choose("domain_ix", DemoCatalog.EMAIL_DOMAINS) + " AS domain,\n"
                + "  " + choose("place_ix", places.stream().map(p -> p.region().name()).toList()) + " AS region,\n"
                + "  " + choose("place_ix", places.stream().map(Place::country).toList()) + " AS country,\n"
                + "  " + choose("place_ix", places.stream().map(Place::city).toList()) + " AS city_name,\n"
                + "  " + choose("place_ix", places.stream().map(Place::phoneCode).toList()) + " AS phone_code\n"
                + "  FROM " + draws() + " d)";
    }

    /** The part of the e-mail address before the @: first.last, first.last42, flast or last.first. */
    private String mailboxes() {
        String number = sql.digits("email_number_u", 1, 99);
        String local = weighted("email_form_u", List.of(
                new DemoSql.Option("first_lower || '.' || last_lower", 0.4),
                new DemoSql.Option("first_lower || '.' || last_lower || " + number, 0.3),
                new DemoSql.Option("first_initial || last_lower", 0.2),
                new DemoSql.Option("last_lower || '.' || first_lower", 0.1)));
        return "(SELECT n.*, " + local + " AS local_part\n  FROM " + people() + " n)";
    }

    /** A well-formed address, or (for a few) nothing or something malformed. */
    private String email() {
        double missing = MISSING_EMAIL_SHARE;
        double malformed = missing + MALFORMED_EMAIL_SHARE;
        String variant = index("(email_defect_u - " + DemoSql.number(missing) + ") / "
                + DemoSql.number(MALFORMED_EMAIL_SHARE), MALFORMED_EMAILS.size());
        String bad = DemoSql.chooseSql(variant, MALFORMED_EMAILS);
        return "CASE WHEN email_defect_u < " + DemoSql.number(missing) + " THEN NULL"
                + " WHEN email_defect_u < " + DemoSql.number(malformed) + " THEN " + bad
                + " ELSE local_part || '@' || domain END";
    }

    /** +1 (415) 555-0134 in North America, +44 20 7946 0123 elsewhere; a few missing. */
    private String phone() {
        String northAmerica = "'+1 (' || " + sql.digits("phone_area_u", 201, 989)
                + " || ') ' || " + sql.digits("phone_prefix_u", 200, 999)
                + " || '-' || " + sql.digits("phone_line_u", 1000, 9999);
        String international = "'+' || phone_code || ' ' || " + sql.digits("phone_area_u", 10, 99)
                + " || ' ' || " + sql.digits("phone_prefix_u", 1000, 9999)
                + " || ' ' || " + sql.digits("phone_line_u", 1000, 9999);
        return "CASE WHEN phone_missing_u < " + DemoSql.number(MISSING_PHONE_SHARE) + " THEN NULL"
                + " WHEN phone_code = '1' THEN " + northAmerica
                + " ELSE " + international + " END";
    }

    /** The city, or for about 1% a placeholder: 'N/A', 'unknown' or ''. */
    private String city() {
        String variant = index("city_defect_u / " + DemoSql.number(PLACEHOLDER_CITY_SHARE), PLACEHOLDER_CITIES.size());
        return "CASE WHEN city_defect_u < " + DemoSql.number(PLACEHOLDER_CITY_SHARE)
                + " THEN " + choose(variant, PLACEHOLDER_CITIES) + " ELSE city_name END";
    }
}
