package io.assay.platform.saved;

import io.assay.engine.AssayException;
import io.assay.engine.Dialect;
import io.assay.engine.ErrorCode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A parameter a saved query declares for a {@code {{name}}} placeholder in its SQL: its type, whether a run
 * must give it, and the value it takes when a run does not. A value is converted to the type and bound as
 * an engine parameter; it never enters the SQL text.
 *
 * @param defaultValue the value (as text, checked against the type) taken when a run gives none
 * @param required     true when a run must give a value (or the default stands in)
 */
public record QueryParameter(String name, Type type, Optional<String> defaultValue, boolean required) {

    /** A name as it may appear in a placeholder: a letter or underscore, then letters, digits or underscores. */
    static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    /** The longest default, so that every declaration of a saved query fits its place in the metadata store. */
    static final int MAX_DEFAULT = 200;

    /** The types a parameter may have. */
    public enum Type {
        TEXT, NUMBER, DATE, BOOLEAN;

        /** The lower-case name the doors show and accept. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The type a door names ({@code text}, {@code number}, {@code date}, {@code boolean}). */
        public static Type of(String label, String parameter) {
            for (Type t : values()) {
                if (t.label().equalsIgnoreCase(label == null ? "" : label.strip())) {
                    return t;
                }
            }
            throw AssayException.of(ErrorCode.INVALID_INPUT, "Parameter '" + parameter + "' has the type '" + label
                            + "'; the types are text, number, date and boolean.")
                    .detail("parameter", parameter).build();
        }

        /** The placeholder's bind parameter cast to this type, so that a NULL has a type on every engine. */
        String cast(Dialect dialect) {
            return switch (this) {
                case TEXT -> dialect.castToText("?");
                case NUMBER -> dialect.castToDouble("?");
                case DATE -> dialect.castToDate("?");
                case BOOLEAN -> dialect.castToBoolean("?");
            };
        }
    }

    public QueryParameter {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
        if (name == null || !NAME.matcher(name).matches()) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "'" + name + "' is not a parameter name: use a letter or underscore, "
                            + "then letters, digits or underscores (at most 64).")
                    .detail("parameter", String.valueOf(name)).build();
        }
        if (defaultValue.filter(d -> d.length() > MAX_DEFAULT).isPresent()) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "The default of parameter '" + name + "' is longer than " + MAX_DEFAULT
                    + " characters.").detail("parameter", name).build();
        }
        defaultValue.ifPresent(d -> convert(name, type, d));
    }

    /** A parameter with no default that a run need not give (it is then NULL). */
    public static QueryParameter optional(String name, Type type) {
        return new QueryParameter(name, type, Optional.empty(), false);
    }

    /**
     * A value a door gave, as this parameter's type: text as given; a number as a {@link BigDecimal}; a date
     * (ISO, 2025-03-31) as a {@link LocalDate}; a boolean from true or false. A value that does not convert
     * is refused, naming the parameter and the value.
     */
    public Object convert(Object value) {
        return convert(name, type, value);
    }

    private static Object convert(String name, Type type, Object value) {
        if (value == null) {
            return null;
        }
        return switch (type) {
            case TEXT -> value instanceof BigDecimal d ? d.toPlainString() : value.toString();
            case NUMBER -> number(name, value);
            case DATE -> date(name, value);
            case BOOLEAN -> bool(name, value);
        };
    }

    private static BigDecimal number(String name, Object value) {
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isFinite(d)) {
                return BigDecimal.valueOf(d);
            }
        } else if (value instanceof String s) {
            try {
                return new BigDecimal(s.strip());
            } catch (NumberFormatException e) {
                // refused below
            }
        }
        throw bad(name, Type.NUMBER, value, "a number, such as 42 or -3.5");
    }

    private static LocalDate date(String name, Object value) {
        if (value instanceof LocalDate d) {
            return d;
        }
        if (value instanceof String s) {
            try {
                return LocalDate.parse(s.strip());
            } catch (DateTimeParseException e) {
                // refused below
            }
        }
        throw bad(name, Type.DATE, value, "a date as year-month-day, such as 2025-03-31");
    }

    private static Boolean bool(String name, Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s && (s.strip().equalsIgnoreCase("true") || s.strip().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s.strip());
        }
        throw bad(name, Type.BOOLEAN, value, "true or false");
    }

    private static AssayException bad(String name, Type type, Object value, String expected) {
        String shown = value instanceof String s ? "'" + s + "'" : String.valueOf(value);
        return AssayException.of(ErrorCode.INVALID_INPUT, "Parameter '" + name + "' is a " + type.label() + ": " + shown
                        + " is not " + expected + ".")
                .detail("parameter", name).detail("value", String.valueOf(value)).build();
    }
}
