package io.assay.analysis.profile;

import io.assay.analysis.model.SemanticType;
import io.assay.engine.ColumnType;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Infers what a column's values mean from its name, type and the shares of shapes its sampled
 * values have. Rules run from the most specific to the most general; the first that holds wins.
 */
final class SemanticTypes {

    /** Share of sampled values that must have a shape for the column to be typed by it. */
    static final double SHAPE_SHARE = 0.8;

    private static final Pattern ID_NAME = Pattern.compile("(^|_)(id|key|uuid|guid|code|sku|number|no)$|^id_|^pk_");
    /**
     * A person's name: "name" alone, or qualified by a word for a person ("customer_name", "first_name"); a name
     * qualified by anything else names that thing ("species_name", "place_name", "airport_name").
     */
    private static final Pattern PERSON_NAME = Pattern.compile("^(full_?name|first_?name|last_?name|surname|given_?name|middle_?name"
            + "|family_?name|forename|person|person_?name|name|(customer|client|contact|employee|staff|patient|student|author|owner"
            + "|user|member|passenger|driver|manager|applicant|recipient|sender|buyer|seller|player|guest)_?(full_?)?name)$");
    /**
     * Names that say only "name": an airport's, a car model's or a person's. For these the values decide: a person's
     * name column has common given names in at least this share of its sampled values (a customer list, about half or
     * more; airport or product names, a few percent).
     */
    private static final Pattern BARE_NAME = Pattern.compile("^(name|names)$");
    static final double GIVEN_NAME_SHARE = 0.2;
    /**
     * Rows below which uniqueness or order is no evidence of an identifier: two or three rows are unique and ordered
     * by chance. A column named as a key ("id", "customer_id") needs no such evidence.
     */
    static final long MIN_ROWS_FOR_EVIDENCE = 10;
    private static final Pattern AMOUNT = Pattern.compile("(amount|price|cost|revenue|sales|total|fee|discount|salary"
            + "|income|payment|spend|balance|value|usd|eur|gbp)");
    private static final Pattern COUNT = Pattern.compile("(^|_)(count|qty|quantity|items?|num|n|units|visits|clicks)($|_)|_count$");
    private static final Pattern COUNTRY = Pattern.compile("(^|_)(country|nation|country_?code)$");
    private static final Pattern POSTAL = Pattern.compile("(zip|postal|postcode|post_code)");
    private static final Pattern PERSONAL_NAME = Pattern.compile("(email|e_mail|phone|mobile|address|street|birth|ssn"
            + "|passport|ip_?address|first_?name|last_?name|full_?name|surname)");

    private SemanticTypes() {
    }

    static SemanticType infer(ColumnStats c, long rows) {
        String name = c.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        boolean unique = c.count > 0 && c.distinctExact && c.distinct == c.count && rows >= MIN_ROWS_FOR_EVIDENCE;
        double distinctShare = rows == 0 ? 0 : (double) c.distinct / rows;
        switch (c.kind) {
            case BOOLEAN:
                return SemanticType.FLAG;
            case TEMPORAL:
                return SemanticType.TIMESTAMP;
            case NUMERIC:
                return numeric(c, name, unique, distinctShare);
            case TEXT:
                return text(c, name, unique, distinctShare);
            default:
                return SemanticType.UNKNOWN;
        }
    }

    private static SemanticType numeric(ColumnStats c, String name, boolean unique, double distinctShare) {
        boolean integer = c.column.type().kind() == ColumnType.Kind.INTEGER;
        if (POSTAL.matcher(name).find() && integer) {
            return SemanticType.POSTAL_CODE; // before keys: "zip_code" is a place, not a row's identity
        }
        if (integer && (ID_NAME.matcher(name).find() || name.equals("id"))) {
            return SemanticType.ID; // a key, or a reference to one (customer_id): counts and sums mean nothing
        }
        if (integer && unique && c.monotonic == io.assay.analysis.model.ColumnProfile.Monotonicity.INCREASING) {
            return SemanticType.ID;
        }
        if (c.distinct <= 2 && c.min instanceof Number lo && c.max instanceof Number hi
                && lo.doubleValue() >= 0 && hi.doubleValue() <= 1) {
            return SemanticType.FLAG;
        }
        if (POSTAL.matcher(name).find() && integer) {
            return SemanticType.POSTAL_CODE;
        }
        if (AMOUNT.matcher(name).find() && !integer || AMOUNT.matcher(name).find() && c.column.type().kind() == ColumnType.Kind.DECIMAL) {
            return SemanticType.CURRENCY_AMOUNT;
        }
        if (integer && COUNT.matcher(name).find()) {
            return SemanticType.COUNT;
        }
        return SemanticType.MEASURE;
    }

    private static SemanticType text(ColumnStats c, String name, boolean unique, double distinctShare) {
        double email = c.patternShares.getOrDefault("email", 0.0);
        if (email >= SHAPE_SHARE || name.contains("email") && email >= 0.5) {
            return SemanticType.EMAIL;
        }
        if (c.patternShares.getOrDefault("uuid", 0.0) >= SHAPE_SHARE) {
            return SemanticType.UUID;
        }
        if (c.patternShares.getOrDefault("url", 0.0) >= SHAPE_SHARE) {
            return SemanticType.URL;
        }
        if (c.patternShares.getOrDefault("ip", 0.0) >= SHAPE_SHARE) {
            return SemanticType.IP_ADDRESS;
        }
        if (c.patternShares.getOrDefault("currency", 0.0) >= SHAPE_SHARE) {
            return SemanticType.CURRENCY_AMOUNT;
        }
        if (POSTAL.matcher(name).find() && c.patternShares.getOrDefault("postal", 0.0) >= 0.5) {
            return SemanticType.POSTAL_CODE;
        }
        if (c.numericShare >= 0.9) {
            return ID_NAME.matcher(name).find() ? SemanticType.ID : SemanticType.NUMBER_AS_TEXT;
        }
        if (c.patternShares.getOrDefault("phone", 0.0) >= SHAPE_SHARE || name.matches(".*(phone|mobile|tel).*")
                && c.patternShares.getOrDefault("phone", 0.0) >= 0.5) {
            return SemanticType.PHONE;
        }
        if (c.dateShare >= 0.9) {
            return SemanticType.DATE_AS_TEXT;
        }
        if (COUNTRY.matcher(name).find()) {
            return SemanticType.COUNTRY;
        }
        if (PERSON_NAME.matcher(name).find() && !name.matches("user_?name")
                && (!BARE_NAME.matcher(name).find() || c.givenNameShare >= GIVEN_NAME_SHARE)) {
            return SemanticType.PERSON_NAME;
        }
        if (ID_NAME.matcher(name).find() && distinctShare > 0.5 || unique && c.maxLength <= 40 && c.meanLength < 24) {
            return SemanticType.ID;
        }
        if (c.meanLength > 40 || c.distinct > 1000 && distinctShare > 0.5) {
            return SemanticType.FREE_TEXT;
        }
        return SemanticType.CATEGORY;
    }

    /** Whether a column's name alone cannot tell a person's name from any other thing's, so its values must. */
    static boolean bareName(String columnName) {
        return BARE_NAME.matcher(columnName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_")).find();
    }

    /** True when the column holds data about a person, by meaning or by name. */
    static boolean personal(SemanticType type, String columnName) {
        return type.personal() || PERSONAL_NAME.matcher(columnName.toLowerCase(Locale.ROOT)).find()
                && type != SemanticType.ID && type != SemanticType.CATEGORY;
    }
}
