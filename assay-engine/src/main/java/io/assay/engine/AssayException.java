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
    private final Remedy remedy;

    private AssayException(ErrorCode code, String message, String hint, Map<String, Object> details, Remedy remedy, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.hint = hint;
        this.details = Map.copyOf(details);
        this.remedy = remedy;
    }

    /**
     * What the caller can do, as a code with parameters rather than words: each front door words it in
     * its own terms (a flag at the terminal, a field of the API, an argument of an MCP tool), so no
     * layer below the doors names a flag or a route. {@link #hint()} stays as the door-neutral wording,
     * for a door that has none of its own.
     *
     * @param id     what to do, from a small closed set such as {@code replace-or-append} or {@code raise-timeout}
     * @param params what the wording needs ({@code dataset}, {@code job}, ...)
     */
    public record Remedy(String id, Map<String, Object> params) {
        public Remedy {
            Objects.requireNonNull(id, "id");
            params = Map.copyOf(params);
        }

        /** A parameter as text, or empty text when it is missing. */
        public String param(String key) {
            Object v = params.get(key);
            return v == null ? "" : String.valueOf(v);
        }
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

    /** What the caller can do, for each door to word; empty when only {@link #hint()} has something to say. */
    public Optional<Remedy> remedy() {
        return Optional.ofNullable(remedy);
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
        private Remedy remedy;
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

        /** What the caller can do, as a code each door words: {@code remedy("replace-or-append", "dataset", name)}. */
        public Builder remedy(String id, Object... keysAndValues) {
            Map<String, Object> params = new LinkedHashMap<>();
            for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
                if (keysAndValues[i + 1] != null) {
                    params.put(String.valueOf(keysAndValues[i]), keysAndValues[i + 1]);
                }
            }
            this.remedy = new Remedy(id, params);
            return this;
        }

        /** The remedy of another exception, carried over. */
        public Builder remedy(Optional<Remedy> remedy) {
            this.remedy = remedy.orElse(this.remedy);
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
            return new AssayException(code, message, hint, details, remedy, cause);
        }
    }
}
