package io.assay.analysis.model;

/** What a column's values mean, inferred from their name, type and shape. */
public enum SemanticType {
    ID("identifier or key"),
    CATEGORY("category"),
    FREE_TEXT("free text"),
    EMAIL("e-mail address"),
    URL("URL"),
    PHONE("phone number"),
    IP_ADDRESS("IP address"),
    UUID("UUID"),
    COUNTRY("country"),
    CURRENCY_AMOUNT("currency amount"),
    POSTAL_CODE("postal code"),
    PERSON_NAME("person's name"),
    NUMBER_AS_TEXT("number stored as text"),
    DATE_AS_TEXT("date stored as text"),
    MEASURE("numeric measure"),
    COUNT("count"),
    TIMESTAMP("point in time"),
    FLAG("yes/no flag"),
    UNKNOWN("unknown");

    private final String label;

    SemanticType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Semantic types that identify or contact a person. */
    public boolean personal() {
        return this == EMAIL || this == PHONE || this == IP_ADDRESS || this == PERSON_NAME;
    }
}
