package io.assay.platform.saved;

import java.time.Instant;
import java.util.Optional;

/** A query a user saved under a name, to run again. */
public record SavedQuery(String id, String owner, String name, String sql, Optional<String> description, Instant createdAt,
                         Instant updatedAt) {
}
