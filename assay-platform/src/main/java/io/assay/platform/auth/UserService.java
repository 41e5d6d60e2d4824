package io.assay.platform.auth;

import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.platform.store.Ids;
import io.assay.platform.store.MetadataStore;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Users and their passwords. Passwords are kept as Argon2id hashes; a sign-in that fails too often
 * in a row locks the name for a while ({@code auth.max-failed-sign-ins}, {@code auth.lockout}).
 */
public final class UserService {

    /** Fewer characters than this is refused: length matters more than character classes. */
    public static final int MIN_PASSWORD_LENGTH = 12;
    private static final String NAME_PATTERN = "[a-zA-Z0-9][a-zA-Z0-9._@-]{0,63}";

    private final MetadataStore store;
    private final PasswordHasher hasher = new PasswordHasher();
    /**
     * Failed sign-ins for names that have no user, counted like those of real users, so that a name
     * that locks does not tell that it exists. Bounded, and forgotten after the lockout period.
     */
    private final com.github.benmanes.caffeine.cache.Cache<String, Failures> unknownNames;
    /** A hash to verify against for unknown names, made on first need (it costs as much as a real one). */
    private volatile String decoyHash;
    private final int maxFailures;
    private final Duration lockout;
    private final Clock clock;

    public UserService(MetadataStore store, int maxFailures, Duration lockout, Clock clock) {
        this.store = store;
        this.maxFailures = maxFailures;
        this.lockout = lockout;
        this.clock = clock;
        this.unknownNames = com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(100_000)
                .expireAfterWrite(lockout.plusMinutes(15)).build();
    }

    /** Failures of one unknown name: how many in a row, and until when it is locked. */
    private static final class Failures {
        int count;
        Instant lockedUntil = Instant.EPOCH;
    }

    /**
     * Creates the first admin when there are no users: with {@code presetPassword} when given
     * ({@code ASSAY_ADMIN_PASSWORD}), else a random one. Answers the password to print once, when
     * one was generated.
     */
    public Optional<String> bootstrapAdmin(Optional<String> presetPassword) {
        if (count() > 0) {
            return Optional.empty();
        }
        String password = presetPassword.filter(p -> !p.isBlank()).orElseGet(() -> Ids.random(15));
        create("admin", Role.ADMIN, password);
        return presetPassword.filter(p -> !p.isBlank()).isPresent() ? Optional.empty() : Optional.of(password);
    }

    public long count() {
        return store.queryOne("SELECT count(*) AS n FROM users", r -> r.longValue("n")).orElse(0L);
    }

    public User create(String name, Role role, String password) {
        checkName(name);
        checkPassword(password);
        if (find(name).isPresent()) {
            throw AssayException.of(ErrorCode.CONFLICT, "A user named '" + name + "' exists already.")
                    .hint("Choose another name, or change the existing user.")
                    .detail("parameter", "name")
                    .build();
        }
        store.update("INSERT INTO users (id, name, role, password_hash, disabled, created_at) VALUES (?, ?, ?, ?, FALSE, ?)",
                "u-" + Ids.newId(), name, role, hasher.hash(password), clock.instant());
        return require(name);
    }

    public List<User> list() {
        return store.query("SELECT * FROM users ORDER BY name", UserService::map);
    }

    public Optional<User> find(String name) {
        return store.queryOne("SELECT * FROM users WHERE name = ?", UserService::map, name);
    }

    /** The stable id of the user with this name, if there is one. */
    public Optional<String> idOf(String name) {
        return store.queryOne("SELECT id FROM users WHERE name = ?", r -> r.string("id"), name);
    }

    public User require(String name) {
        return find(name).orElseThrow(() -> AssayException.of(ErrorCode.NOT_FOUND, "There is no user named '" + name + "'.")
                .hint("List the users to find the name.").remedy("list", "what", "users")
                .detail("parameter", "name")
                .build());
    }

    /** Changes what is given: role, disabled, password. Refuses to leave the service without an enabled admin. */
    public User update(String name, Optional<Role> role, Optional<Boolean> disabled, Optional<String> password) {
        User before = require(name);
        password.ifPresent(UserService::checkPassword);
        boolean losesAdmin = before.role() == Role.ADMIN && !before.disabled()
                && (role.filter(r -> r != Role.ADMIN).isPresent() || disabled.orElse(false));
        if (losesAdmin && enabledAdmins() <= 1) {
            throw lastAdmin(name);
        }
        store.inTransaction(tx -> {
            if (role.isPresent()) {
                tx.update("UPDATE users SET role = ? WHERE name = ?", role.get(), name);
            }
            if (disabled.isPresent()) {
                tx.update("UPDATE users SET disabled = ? WHERE name = ?", disabled.get(), name);
                if (disabled.get()) {
                    tx.update("DELETE FROM web_sessions WHERE user_name = ?", name);
                }
            }
            if (password.isPresent()) {
                tx.update("UPDATE users SET password_hash = ?, failed_sign_ins = 0, locked_until = NULL WHERE name = ?",
                        hasher.hash(password.get()), name);
                tx.update("DELETE FROM web_sessions WHERE user_name = ?", name);
            }
            return null;
        });
        return require(name);
    }

    /** What deleting a user took with it. */
    public record Deleted(User user, int grantsRemoved, List<String> datasetsLeftWithoutOwner, int savedQueriesRemoved, int savedChartsRemoved,
                          int dashboardsRemoved) {
    }

    /**
     * Deletes a user and, in the same transaction, everything that gave them access: their tokens and
     * browser sessions, their grants (the datasets they owned keep their data but lose their owner, so
     * only admins see them until one grants them), their saved queries, saved charts and dashboards (with the grants on them and the dashboards' public links) and kept query results (dropped
     * by the next sweep), and the records of their finished jobs. Running jobs are for the caller to
     * cancel first. A user created later under the same name gets a new id and none of this.
     */
    public Deleted delete(String name) {
        User u = require(name);
        if (u.role() == Role.ADMIN && !u.disabled() && enabledAdmins() <= 1) {
            throw lastAdmin(name);
        }
        Instant now = clock.instant();
        return store.inTransaction(tx -> {
            List<String> owned = tx.query("SELECT dataset FROM dataset_grants WHERE grantee_id = ? AND access = 'owner' ORDER BY dataset",
                    r -> r.string("dataset"), u.id());
            int grants = tx.update("DELETE FROM dataset_grants WHERE grantee_id = ?", u.id());
            int saved = tx.update("DELETE FROM saved_queries WHERE owner = ?", name);
            // Their saved charts go as their saved queries do, with every grant on them; grants to them go too.
            tx.update("DELETE FROM saved_chart_grants WHERE chart_id IN (SELECT id FROM saved_charts WHERE owner = ?)", name);
            int charts = tx.update("DELETE FROM saved_charts WHERE owner = ?", name);
            tx.update("DELETE FROM saved_chart_grants WHERE grantee = ?", u.id());
            // Their dashboards go too, with the grants on them and their public links (which so stop working); grants to them go.
            tx.update("DELETE FROM dashboard_links WHERE dashboard_id IN (SELECT id FROM dashboards WHERE owner = ?)", name);
            tx.update("DELETE FROM dashboard_grants WHERE dashboard_id IN (SELECT id FROM dashboards WHERE owner = ?)", name);
            int dashboards = tx.update("DELETE FROM dashboards WHERE owner = ?", name);
            tx.update("DELETE FROM dashboard_grants WHERE grantee = ?", u.id());
            tx.update("UPDATE query_results SET expires_at = ? WHERE owner = ?", now, name);
            tx.update("DELETE FROM jobs WHERE owner = ? AND status IN ('succeeded', 'failed', 'cancelled')", name);
            tx.update("DELETE FROM users WHERE id = ?", u.id());
            return new Deleted(u, grants, owned, saved, charts, dashboards);
        });
    }

    /**
     * Changes a user's own password, which they prove they know: a wrong current password counts as a
     * failed sign-in (and so towards the lockout). Ends the user's browser sessions.
     */
    public void changeOwnPassword(String name, String current, String replacement) {
        checkPassword(replacement);
        SignInResult check = signIn(name, current);
        if (check instanceof SignInResult.Locked locked) {
            throw AssayException.of(ErrorCode.LIMIT_EXCEEDED, "Too many failed attempts for this name; it is locked for now.")
                    .detail("limit", "sign-in").detail("retryAfterSeconds", Math.max(1, locked.retryAfter().toSeconds())).build();
        }
        if (!(check instanceof SignInResult.Ok)) {
            throw AssayException.of(ErrorCode.FORBIDDEN, "The current password is wrong.")
                    .hint("Give the password you signed in with; an admin can reset it.").detail("parameter", "currentPassword").build();
        }
        update(name, Optional.empty(), Optional.empty(), Optional.of(replacement));
    }

    /**
     * Checks a name and password. Answers the user when they match, the account is enabled and not
     * locked; counts a failure otherwise. The same work is done for an unknown name, so timing does
     * not tell which names exist.
     */
    public SignInResult signIn(String name, String password) {
        Optional<Credentials> c = store.queryOne("SELECT * FROM users WHERE name = ?",
                r -> new Credentials(map(r), r.string("password_hash"), r.intValue("failed_sign_ins"), r.optionalInstant("locked_until")),
                name == null ? "" : name);
        if (c.isEmpty()) {
            hasher.verify(password == null ? "" : password, decoy());
            return unknownNameFailed(name == null ? "" : name);
        }
        Credentials cred = c.get();
        Instant now = clock.instant();
        if (cred.lockedUntil().filter(now::isBefore).isPresent()) {
            return new SignInResult.Locked(Duration.between(now, cred.lockedUntil().get()));
        }
        boolean ok = hasher.verify(password == null ? "" : password, cred.hash());
        if (!ok || cred.user().disabled()) {
            int failures = cred.failures() + 1;
            Optional<Instant> lockUntil = failures >= maxFailures ? Optional.of(now.plus(lockout)) : Optional.empty();
            store.update("UPDATE users SET failed_sign_ins = ?, locked_until = ? WHERE name = ?",
                    lockUntil.isPresent() ? 0 : failures, lockUntil, name);
            return lockUntil.<SignInResult>map(t -> new SignInResult.Locked(lockout)).orElseGet(SignInResult.Failed::new);
        }
        store.update("UPDATE users SET failed_sign_ins = 0, locked_until = NULL, last_sign_in_at = ? WHERE name = ?", now, name);
        return new SignInResult.Ok(require(name));
    }

    /** Counts a failure for a name with no user exactly as {@link #signIn} does for a real one. */
    private SignInResult unknownNameFailed(String name) {
        Instant now = clock.instant();
        Failures f = unknownNames.get(name, k -> new Failures());
        synchronized (f) {
            if (now.isBefore(f.lockedUntil)) {
                return new SignInResult.Locked(Duration.between(now, f.lockedUntil));
            }
            f.count++;
            if (f.count >= maxFailures) {
                f.count = 0;
                f.lockedUntil = now.plus(lockout);
                return new SignInResult.Locked(lockout);
            }
            return new SignInResult.Failed();
        }
    }

    private String decoy() {
        String d = decoyHash;
        if (d == null) {
            d = hasher.decoy();
            decoyHash = d;
        }
        return d;
    }

    /** How a sign-in went. */
    public sealed interface SignInResult {
        record Ok(User user) implements SignInResult { }
        record Failed() implements SignInResult { }
        record Locked(Duration retryAfter) implements SignInResult { }
    }

    private record Credentials(User user, String hash, int failures, Optional<Instant> lockedUntil) { }

    private long enabledAdmins() {
        return store.queryOne("SELECT count(*) AS n FROM users WHERE role = 'admin' AND disabled = FALSE", r -> r.longValue("n")).orElse(0L);
    }

    private static AssayException lastAdmin(String name) {
        return AssayException.of(ErrorCode.CONFLICT, "'" + name + "' is the last enabled admin; the service would have none.")
                .hint("Make another user an admin first.")
                .detail("parameter", "name")
                .build();
    }

    static User map(MetadataStore.Row r) throws SQLException {
        return new User(r.string("id"), r.string("name"), Role.valueOf(r.string("role").toUpperCase(java.util.Locale.ROOT)), r.bool("disabled"),
                r.instant("created_at"), r.optionalInstant("last_sign_in_at"));
    }

    private static void checkName(String name) {
        if (name == null || !name.matches(NAME_PATTERN)) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "'" + name + "' is not a valid user name.")
                    .hint("Use 1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit.")
                    .detail("parameter", "name")
                    .build();
        }
    }

    private static void checkPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "The password is too short.")
                    .hint("Use at least " + MIN_PASSWORD_LENGTH + " characters; a few words make a good one.")
                    .detail("parameter", "password")
                    .detail("minLength", MIN_PASSWORD_LENGTH)
                    .build();
        }
    }
}
