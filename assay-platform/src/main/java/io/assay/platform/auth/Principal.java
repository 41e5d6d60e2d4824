package io.assay.platform.auth;

import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;

import java.util.Objects;
import java.util.Optional;

/**
 * Who is asking: a signed-in user, a user through an API token, or the local command line (which
 * owns the data directory and acts as an administrator). Every governed service call takes one.
 *
 * @param name    the user's name
 * @param role    the role in force (a token's role, never more than its owner's)
 * @param kind    how the caller proved who it is
 * @param tokenId the API token used, when {@code kind} is {@link Kind#TOKEN}
 */
public record Principal(String name, Role role, Kind kind, Optional<String> tokenId) {

    /** How the caller authenticated. */
    public enum Kind { USER, TOKEN, LOCAL }

    public Principal {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(tokenId, "tokenId");
    }

    /** The operator at the command line of the machine that holds the data directory. */
    public static Principal local() {
        String user = System.getProperty("user.name", "local");
        return new Principal(user == null || user.isBlank() ? "local" : user, Role.ADMIN, Kind.LOCAL, Optional.empty());
    }

    public static Principal user(String name, Role role) {
        return new Principal(name, role, Kind.USER, Optional.empty());
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** Throws {@link ErrorCode#FORBIDDEN} unless this caller's role includes {@code needed}. */
    public void require(Role needed, String what) {
        if (!role.includes(needed)) {
            throw AssayException.of(ErrorCode.FORBIDDEN, "Only " + (needed == Role.ADMIN ? "an admin" : "an " + needed.id() + " or admin")
                            + " may " + what + "; " + name + " is " + (role == Role.ADMIN ? "an admin" : "a" + (role == Role.ANALYST ? "n " : " ") + role.id()) + ".")
                    .hint("Ask an admin for a role that allows it.")
                    .build();
        }
    }
}
