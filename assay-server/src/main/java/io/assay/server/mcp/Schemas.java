package io.assay.server.mcp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small builders for the JSON Schemas of tool inputs and outputs. */
final class Schemas {

    private Schemas() {
    }

    /** An object schema under construction. */
    static final class Obj {
        private final Map<String, Object> properties = new LinkedHashMap<>();
        private final List<String> required = new ArrayList<>();
        private boolean closed = true;

        Obj prop(String name, Map<String, Object> schema) {
            properties.put(name, schema);
            return this;
        }

        Obj req(String name, Map<String, Object> schema) {
            required.add(name);
            return prop(name, schema);
        }

        Obj open() {
            closed = false;
            return this;
        }

        Map<String, Object> build() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "object");
            m.put("properties", properties);
            if (!required.isEmpty()) {
                m.put("required", required);
            }
            if (closed) {
                m.put("additionalProperties", false);
            }
            return m;
        }
    }

    static Obj object() {
        return new Obj();
    }

    static Map<String, Object> string(String description) {
        return described("string", description);
    }

    static Map<String, Object> choice(String description, String... values) {
        Map<String, Object> m = described("string", description);
        m.put("enum", List.of(values));
        return m;
    }

    static Map<String, Object> integer(String description, int min, int max) {
        Map<String, Object> m = described("integer", description);
        m.put("minimum", min);
        m.put("maximum", max);
        return m;
    }

    static Map<String, Object> number(String description) {
        return described("number", description);
    }

    static Map<String, Object> bool(String description) {
        return described("boolean", description);
    }

    static Map<String, Object> array(String description, Map<String, Object> items) {
        Map<String, Object> m = described("array", description);
        m.put("items", items);
        return m;
    }

    /** Any JSON value (a cell of a result row, a filter value). */
    static Map<String, Object> any(String description) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("description", description);
        return m;
    }

    /** A value that may be null. */
    static Map<String, Object> nullable(String type, String description) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", List.of(type, "null"));
        m.put("description", description);
        return m;
    }

    private static Map<String, Object> described(String type, String description) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put("description", description);
        return m;
    }
}
