package io.assay.engine;

import java.util.Objects;

/** A table or view inside one engine: schema and name, both unquoted. */
public record RelationRef(String schema, String name) {

    public RelationRef {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("relation name must not be empty");
        }
    }

    @Override
    public String toString() {
        return schema + "." + name;
    }
}
