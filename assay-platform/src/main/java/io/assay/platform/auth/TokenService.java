package io.assay.platform.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.platform.store.Ids;
import io.assay.platform.store.MetadataStore;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * API tokens: random secrets ({@code assay_…}) shown once, kept only as SHA-256 hashes, scoped to a
 * role no higher than their owner's, expirable and revocable. A token's check is cached for a few
 * seconds so that a busy client does not cost a store lookup per request; revoking it here ends
 * that at once.
 */
public final class TokenService {

    public static final String PREFIX = "assay_";
    private static final Duration CHECK_CACHE = Duration.ofSeconds(5);

    private final MetadataStore store;
    private final UserService users;
    private final Clock clock;
    private final Cache<String, Optional<Principal>> checked = Caffeine.newBuilder()
            .expireAfterWrite(CHECK_CACHE).maximumSize(10_000).build();

    public TokenService(MetadataStore store, UserService users, Clock clock) {
        this.store = store;
        this.users = users;
        this.clock = clock;
    }

    /** Creates a token for {@code owner}; {@code role} defaults to, and may not exceed, the owner's role. */
    public ApiToken.Created create(Principal owner, String name, Optional<Role> role, Optional<Duration> lifetime) {
        if (name == null || name.isBlank() || name.length() > 128) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "A token needs a name of 1 to 128 characters, to tell it apart later.")
                    .detail("parameter", "name").build();
        }
        Role scoped = role.orElse(owner.role());
        if (!owner.role().includes(scoped)) {
            throw AssayException.of(ErrorCode.FORBIDDEN, "A token cannot have more rights than its owner: " + owner.name()
                            + " is " + owner.role().id() + ", the token asks for " + scoped.id() + ".")
                    .hint("Ask for " + owner.role().id() + " or less.")
                    .detail("parameter", "role").build();
        }
        users.require(owner.name());
        String id = Ids.newId();
        String secret = PREFIX + Ids.random(32);
        Instant now = clock.instant();
        Optional<Instant> expires = lifetime.map(now::plus);
        store.update("INSERT INTO api_tokens (id, owner, name, role, secret_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                id, owner.name(), name.strip(), scoped, Ids.sha256(secret), now, expires);
        return new ApiToken.Created(require(id), secret);
    }

    /** The caller a bearer secret stands for, or empty when it is unknown, revoked, expired or its owner disabled. */
    public Optional<Principal> authenticate(String secret) {
        if (secret == null || !secret.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String hash = Ids.sha256(secret);
        return checked.get(hash, this::lookup);
    }

    private Optional<Principal> lookup(String hash) {
        Instant now = clock.instant();
        // The row mapper answers an empty Optional for a token that no longer counts (a null row would not fit queryOne).
        Optional<Principal> p = store.queryOne("SELECT t.id, t.role AS token_role, t.expires_at, t.revoked_at, u.name, u.role, u.disabled "
                + "FROM api_tokens t JOIN users u ON u.name = t.owner WHERE t.secret_hash = ?", r -> {
                    boolean expired = r.optionalInstant("expires_at").filter(e -> !now.isBefore(e)).isPresent();
                    if (expired || r.optionalInstant("revoked_at").isPresent() || r.bool("disabled")) {
                        return Optional.<Principal>empty();
                    }
                    Role role = Role.min(role(r.string("token_role")), role(r.string("role")));
                    return Optional.of(new Principal(r.string("name"), role, Principal.Kind.TOKEN, Optional.of(r.string("id"))));
                }, hash).flatMap(x -> x);
        p.flatMap(Principal::tokenId).ifPresent(id -> store.update("UPDATE api_tokens SET last_used_at = ? WHERE id = ?", now, id));
        return p;
    }

    /** The caller's own tokens; an admin's list holds everyone's. */
    public List<ApiToken> list(Principal caller) {
        return caller.isAdmin()
                ? store.query("SELECT * FROM api_tokens ORDER BY created_at DESC", TokenService::map)
                : store.query("SELECT * FROM api_tokens WHERE owner = ? ORDER BY created_at DESC", TokenService::map, caller.name());
    }

    public ApiToken require(String id) {
        return store.queryOne("SELECT * FROM api_tokens WHERE id = ?", TokenService::map, id)
                .orElseThrow(() -> notFound(id));
    }

    /**
     * Revokes a token of the caller's own (an admin: anyone's). A caller acting through a token scoped
     * below its owner's role may revoke only tokens of no more rights than its own: a viewer-scoped token
     * cannot take away its owner's full token.
     */
    public ApiToken revoke(Principal caller, String id) {
        ApiToken t = require(id);
        if (!caller.isAdmin() && !t.owner().equals(caller.name())) {
            throw notFound(id);
        }
        if (!caller.role().includes(t.role())) {
            throw AssayException.of(ErrorCode.FORBIDDEN, "This token (" + caller.role().id() + ") may not revoke a token with more rights ("
                            + t.role().id() + ").")
                    .hint("Revoke it signed in, or with a token of at least the same role.").detail("parameter", "id").build();
        }
        store.update("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", clock.instant(), id);
        checked.invalidateAll();
        return require(id);
    }

    /** Forgets cached checks (after a user's role changed or it was disabled or deleted). */
    public void invalidateCache() {
        checked.invalidateAll();
    }

    private static AssayException notFound(String id) {
        return AssayException.of(ErrorCode.NOT_FOUND, "There is no token with id '" + id + "'.")
                .hint("List your tokens to find its id.").remedy("list", "what", "tokens")
                .detail("parameter", "id").build();
    }

    private static Role role(String s) {
        return Role.valueOf(s.toUpperCase(Locale.ROOT));
    }

    private static ApiToken map(MetadataStore.Row r) throws SQLException {
        return new ApiToken(r.string("id"), r.string("owner"), r.string("name"), role(r.string("role")), r.instant("created_at"),
                r.optionalInstant("expires_at"), r.optionalInstant("last_used_at"), r.optionalInstant("revoked_at").isPresent());
    }
}
