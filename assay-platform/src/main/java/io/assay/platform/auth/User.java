package io.assay.platform.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A user of the shared service, as the API shows it (never the password hash).
 *
 * @param id the user's stable id: grants and audit records name it, so a name used again later is a new user
 */
public record User(String id, String name, Role role, boolean disabled, Instant createdAt, Optional<Instant> lastSignInAt) {

    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastSignInAt, "lastSignInAt");
    }
}
