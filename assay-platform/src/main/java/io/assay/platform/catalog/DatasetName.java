package io.assay.platform.catalog;

import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;

/**
 * A dataset's name, normalised once where it enters (a path segment, an upload field, a command-line
 * argument, an MCP argument) and used as it is by every check and every write after that. Two texts
 * that name the same table ({@code Orders}, {@code ORDERS}, {@code " orders "}) are one
 * {@code DatasetName}, so a permission decided on it holds for the table the engine will touch.
 *
 * <p>The rule is {@link DatasetNames#sanitize}: lower-case ASCII letters, digits and underscores.
 * {@link #given()} keeps what the caller wrote, for messages only; equality is on {@link #value()}.
 */
public final class DatasetName implements Comparable<DatasetName> {

    /** Longer texts are refused rather than cut, so that two long names never become one by accident. */
    public static final int MAX_GIVEN_LENGTH = 255;

    private final String value;
    private final String given;

    private DatasetName(String value, String given) {
        this.value = value;
        this.given = given;
    }

    /** The dataset name a caller's text stands for; INVALID_INPUT when it is blank or too long. */
    public static DatasetName of(String text) {
        return of(text, "name");
    }

    /** As {@link #of(String)}, naming {@code parameter} in the error. */
    public static DatasetName of(String text, String parameter) {
        if (text == null || text.isBlank()) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "A dataset name is needed.")
                    .detail("parameter", parameter).build();
        }
        if (text.length() > MAX_GIVEN_LENGTH) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "The dataset name is " + text.length() + " characters long; at most "
                            + MAX_GIVEN_LENGTH + " are accepted (and " + DatasetNames.MAX_LENGTH + " are kept).")
                    .hint("Give a shorter name.").detail("parameter", parameter).build();
        }
        return new DatasetName(DatasetNames.sanitize(text), text);
    }

    /** The name a file would import under when none is given ({@code Orders 2024.csv.gz} → {@code orders_2024}). */
    public static DatasetName fromFileName(String fileName) {
        return new DatasetName(DatasetNames.fromFileName(fileName), fileName);
    }

    /** The normalised name: the table's name in the warehouse and the key of every grant. */
    public String value() {
        return value;
    }

    /** What the caller wrote, for messages. */
    public String given() {
        return given;
    }

    /** True when the caller's text was not the name itself (it was changed to fit the rule). */
    public boolean changed() {
        return !value.equals(given);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DatasetName other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public int compareTo(DatasetName o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
