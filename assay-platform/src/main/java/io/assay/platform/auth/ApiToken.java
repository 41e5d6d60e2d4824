package io.assay.platform.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** An API token's record; the secret itself is shown once at creation and never kept. */
public record ApiToken(String id, String owner, String name, Role role, Instant createdAt, Optional<Instant> expiresAt,
                       Optional<Instant> lastUsedAt, boolean revoked) {

    public ApiToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
    }

    /** A new token with its secret, to hand to the caller once. */
    public record Created(ApiToken token, String secret) {
    }
}
