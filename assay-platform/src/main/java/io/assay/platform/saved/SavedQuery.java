package io.assay.platform.saved;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A query a user saved under a name, to run again; its SQL may hold {@code {{name}}} placeholders, one for each
 * of its declared parameters, whose values each run gives.
 */
public record SavedQuery(String id, String owner, String name, String sql, Optional<String> description, List<QueryParameter> parameters,
                         Instant createdAt, Instant updatedAt) {

    public SavedQuery {
        parameters = List.copyOf(parameters);
    }
}
