package io.assay.server.mcp;

import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A tool's arguments, read with clear errors: which argument, what was given, what is wanted. The SDK
 * checks them against the input schema first; this catches what a schema cannot say.
 */
final class Args {

    private final Map<String, Object> values;

    Args(Map<String, Object> values) {
        this.values = values == null ? Map.of() : values;
    }

    /** The arguments as JSON, for a tool that takes a structured object as it is (a question). */
    com.fasterxml.jackson.databind.JsonNode json() {
        return new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(values);
    }

    String string(String name) {
        return optString(name).orElseThrow(() -> invalid(name, "is required", "Give " + name + " as text."));
    }

    Optional<String> optString(String name) {
        Object v = values.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof String s)) {
            throw invalid(name, "must be text, not " + describe(v), "Give " + name + " as a JSON string.");
        }
        return s.isBlank() ? Optional.empty() : Optional.of(s.trim());
    }

    OptionalInt optInt(String name, int min, int max) {
        Object v = values.get(name);
        if (v == null) {
            return OptionalInt.empty();
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw invalid(name, "must be a whole number, not " + describe(v), "Give a number from " + min + " to " + max + ".");
        }
        long l = n.longValue();
        if (l < min || l > max) {
            throw invalid(name, "must be from " + min + " to " + max + ", not " + l, "Give a number from " + min + " to " + max + ".");
        }
        return OptionalInt.of((int) l);
    }

    boolean bool(String name, boolean otherwise) {
        Object v = values.get(name);
        if (v == null) {
            return otherwise;
        }
        if (!(v instanceof Boolean b)) {
            throw invalid(name, "must be true or false, not " + describe(v), "Give true or false.");
        }
        return b;
    }

    /** One of {@code allowed} (case-insensitive), lower case. */
    Optional<String> optChoice(String name, List<String> allowed) {
        return optString(name).map(s -> {
            String l = s.toLowerCase(Locale.ROOT);
            if (!allowed.contains(l)) {
                throw invalid(name, "is '" + s + "'", "Give one of " + String.join(", ", allowed) + ".");
            }
            return l;
        });
    }

    /** A list of text values; a single text value counts as a list of one. */
    List<String> strings(String name) {
        Object v = values.get(name);
        if (v == null) {
            return List.of();
        }
        if (v instanceof String s) {
            return s.isBlank() ? List.of() : List.of(s.trim());
        }
        if (!(v instanceof List<?> list)) {
            throw invalid(name, "must be a list of text values, not " + describe(v), "Give [\"a\", \"b\"].");
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String s)) {
                throw invalid(name, "must hold only text values, not " + describe(o), "Give [\"a\", \"b\"].");
            }
            out.add(s.trim());
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> objects(String name) {
        Object v = values.get(name);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list) || list.stream().anyMatch(o -> !(o instanceof Map))) {
            throw invalid(name, "must be a list of objects, not " + describe(v), "Give [{\"column\": \"region\", \"op\": \"=\", \"value\": \"EU\"}].");
        }
        return (List<Map<String, Object>>) list;
    }

    /**
     * A list of scalar values (text, numbers, true/false, null), such as the values to bind to a query's {@code ?}
     * placeholders; empty when absent.
     */
    List<Object> scalarList(String name) {
        Object v = values.get(name);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw invalid(name, "must be a list, not " + describe(v), "Give " + name + " as a JSON array of values.");
        }
        List<Object> out = new java.util.ArrayList<>(list.size());
        for (Object item : list) {
            if (item != null && !(item instanceof String) && !(item instanceof Number) && !(item instanceof Boolean)) {
                throw invalid(name, "holds " + describe(item), "Give text, numbers, true/false or null, one per ? in the SQL.");
            }
            out.add(item);
        }
        return out;
    }

    /** An object of names to plain values (text, numbers, true or false, null); empty when not given. */
    Map<String, Object> namedScalars(String name) {
        Object v = values.get(name);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> map)) {
            throw invalid(name, "must be an object of names to values, not " + describe(v), "Give {\"region\": \"North\"}.");
        }
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Object value = e.getValue();
            if (value != null && !(value instanceof String) && !(value instanceof Number) && !(value instanceof Boolean)) {
                throw invalid(name + "." + e.getKey(), "must be text, a number, true or false, not " + describe(value),
                        "Give one plain value per parameter.");
            }
            out.put(String.valueOf(e.getKey()), value);
        }
        return out;
    }

    static AssayException invalid(String name, String problem, String hint) {
        return AssayException.of(ErrorCode.INVALID_INPUT, "The argument '" + name + "' " + problem + ".").hint(hint)
                .detail("parameter", name).build();
    }

    private static String describe(Object v) {
        if (v instanceof String s) {
            return "the text \"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
        }
        if (v instanceof Number) {
            return "the number " + v;
        }
        if (v instanceof Boolean) {
            return v.toString();
        }
        if (v instanceof List) {
            return "a list";
        }
        if (v instanceof Map) {
            return "an object";
        }
        return "a " + v.getClass().getSimpleName();
    }
}
