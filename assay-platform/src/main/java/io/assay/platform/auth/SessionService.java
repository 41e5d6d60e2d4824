package io.assay.platform.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.assay.platform.store.Ids;
import io.assay.platform.store.MetadataStore;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Browser sessions. The cookie carries a random id, the store only its hash; each session has a CSRF
 * token that every state-changing request must echo in a header, which a cross-site form cannot do.
 */
public final class SessionService {

    private static final Duration CHECK_CACHE = Duration.ofSeconds(5);

    private final MetadataStore store;
    private final Duration ttl;
    private final Clock clock;
    private final Cache<String, Optional<WebSession>> checked = Caffeine.newBuilder()
            .expireAfterWrite(CHECK_CACHE).maximumSize(10_000).build();

    public SessionService(MetadataStore store, Duration ttl, Clock clock) {
        this.store = store;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** A signed-in browser: who, its CSRF token, and until when. */
    public record WebSession(Principal principal, String csrfToken, Instant expiresAt) {

        /** True when {@code header} is this session's CSRF token (compared in constant time). */
        public boolean csrfMatches(String header) {
            return header != null && MessageDigest.isEqual(csrfToken.getBytes(StandardCharsets.UTF_8),
                    header.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A new session for a user who just signed in; answers the cookie value with it. */
    public Started start(User user) {
        String id = Ids.random(32);
        String csrf = Ids.random(24);
        Instant now = clock.instant();
        Instant expires = now.plus(ttl);
        store.update("INSERT INTO web_sessions (id_hash, user_name, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                Ids.sha256(id), user.name(), csrf, now, expires);
        store.update("DELETE FROM web_sessions WHERE expires_at < ?", now);
        return new Started(id, new WebSession(Principal.user(user.name(), user.role()), csrf, expires));
    }

    /** A started session and the cookie value that names it. */
    public record Started(String cookieValue, WebSession session) {
    }

    public Optional<WebSession> find(String cookieValue) {
        if (cookieValue == null || cookieValue.isBlank()) {
            return Optional.empty();
        }
        Optional<WebSession> s = checked.get(Ids.sha256(cookieValue), this::lookup);
        return s.filter(x -> clock.instant().isBefore(x.expiresAt()));
    }

    private Optional<WebSession> lookup(String hash) {
        return store.queryOne("SELECT s.csrf_token, s.expires_at, u.name, u.role, u.disabled FROM web_sessions s "
                        + "JOIN users u ON u.name = s.user_name WHERE s.id_hash = ?",
                r -> r.bool("disabled") ? null : new WebSession(Principal.user(r.string("name"),
                        Role.valueOf(r.string("role").toUpperCase(Locale.ROOT))), r.string("csrf_token"), r.instant("expires_at")),
                hash).filter(x -> x != null);
    }

    public void end(String cookieValue) {
        if (cookieValue != null) {
            store.update("DELETE FROM web_sessions WHERE id_hash = ?", Ids.sha256(cookieValue));
            checked.invalidate(Ids.sha256(cookieValue));
        }
    }

    /** Forgets cached checks (after a user's role changed or it was disabled). */
    public void invalidateCache() {
        checked.invalidateAll();
    }

    public Duration ttl() {
        return ttl;
    }
}
