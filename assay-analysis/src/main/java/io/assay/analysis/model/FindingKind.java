package io.assay.analysis.model;

/** The data-quality findings Assay reports. */
public enum FindingKind {
    CONSTANT, MOSTLY_MISSING, MISSING_VALUES, PLACEHOLDERS, DUPLICATE_ROWS, HIGH_CARDINALITY, SKEWED, IMBALANCED,
    OUTLIERS, HIGH_CORRELATION, INVALID_FORMAT, MIXED_TYPES, NUMBERS_AS_TEXT, DATES_AS_TEXT, NEGATIVE_VALUES, PERSONAL_DATA, UNIQUE_ID,
    /** A column that another decides (each zip code one city) except for a few values. */
    INCONSISTENT_MAPPING
}
