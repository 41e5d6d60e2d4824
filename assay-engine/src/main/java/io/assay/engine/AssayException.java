package io.assay.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The one error type of Assay. The message says what was wrong and where; the hint says what to do.
 * {@link #details()} carries the place as data (file, line, column, parameter) for machine readers.
 */
public final class AssayException extends RuntimeException {

    private final ErrorCode code;
    private final String hint;
    private final Map<String, Object> details;

    private AssayException(ErrorCode code, String message, String hint, Map<String, Object> details, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.hint = hint;
        this.details = Map.copyOf(details);
    }

    public static Builder of(ErrorCode code, String message) {
        return new Builder(code, message);
    }

    public static AssayException invalidInput(String message, String hint) {
        return of(ErrorCode.INVALID_INPUT, message).hint(hint).build();
    }

    public static AssayException notFound(String message, String hint) {
        return of(ErrorCode.NOT_FOUND, message).hint(hint).build();
    }

    public static AssayException internal(String message, Throwable cause) {
        return of(ErrorCode.INTERNAL, message).cause(cause).build();
    }

    public ErrorCode code() {
        return code;
    }

    /** What the caller can do about it, when there is something to say. */
    public Optional<String> hint() {
        return Optional.ofNullable(hint);
    }

    /** Where it went wrong, as data: {@code file}, {@code line}, {@code column}, {@code parameter}, ... */
    public Map<String, Object> details() {
        return details;
    }

    /** Message and hint together, the way a person should read them. */
    public String describe() {
        return hint == null ? getMessage() : getMessage() + "\n  hint: " + hint;
    }

    /** Builds an {@link AssayException} step by step. */
    public static final class Builder {
        private final ErrorCode code;
        private final String message;
        private String hint;
        private Throwable cause;
        private final Map<String, Object> details = new LinkedHashMap<>();

        private Builder(ErrorCode code, String message) {
            this.code = code;
            this.message = message;
        }

        public Builder hint(String hint) {
            this.hint = hint;
            return this;
        }

        public Builder cause(Throwable cause) {
            this.cause = cause;
            return this;
        }

        public Builder detail(String key, Object value) {
            if (value != null) {
                details.put(key, value);
            }
            return this;
        }

        public AssayException build() {
            return new AssayException(code, message, hint, details, cause);
        }
    }
}
