package io.assay.platform.auth;

import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;

import java.util.Locale;

/**
 * What a user may do. {@code viewer}: read and query the datasets it may read. {@code analyst}: also
 * import, analyse and save queries. {@code admin}: everything, including users, tokens and the audit log.
 */
public enum Role {
    VIEWER, ANALYST, ADMIN;

    /** True when this role includes everything {@code other} may do. */
    public boolean includes(Role other) {
        return ordinal() >= other.ordinal();
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String text, String parameter) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "'" + text + "' is not a role.")
                    .hint("Give one of admin, analyst, viewer.")
                    .detail("parameter", parameter)
                    .build();
        }
    }

    /** The lesser of two roles: what a token scoped to {@code a} may do for a user who is {@code b}. */
    public static Role min(Role a, Role b) {
        return a.ordinal() <= b.ordinal() ? a : b;
    }
}
