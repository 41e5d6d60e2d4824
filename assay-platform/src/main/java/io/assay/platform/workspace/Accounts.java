package io.assay.platform.workspace;

import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.platform.audit.AuditService;
import io.assay.platform.auth.ApiToken;
import io.assay.platform.auth.Principal;
import io.assay.platform.auth.Role;
import io.assay.platform.auth.SessionService;
import io.assay.platform.auth.SignInThrottle;
import io.assay.platform.auth.TokenService;
import io.assay.platform.auth.User;
import io.assay.platform.auth.UserService;

import java.time.Duration;
import java.util.Optional;

/**
 * Signing in and out, users and API tokens, as every front door offers them: the throttles and
 * lockout applied, admin rights checked, and each attempt and change audited.
 */
public final class Accounts {

    private final UserService users;
    private final TokenService tokens;
    private final SessionService sessions;
    private final SignInThrottle throttle;
    private final AuditService audit;
    private final io.assay.platform.jobs.JobService jobs;

    Accounts(UserService users, TokenService tokens, SessionService sessions, SignInThrottle throttle, AuditService audit,
             io.assay.platform.jobs.JobService jobs) {
        this.jobs = jobs;
        this.users = users;
        this.tokens = tokens;
        this.sessions = sessions;
        this.throttle = throttle;
        this.audit = audit;
    }

    /**
     * Signs a user in from {@code address}: answers the new browser session, or empty when the name or
     * password is wrong. Too many attempts from one address, or too many failures for one name, are
     * {@link ErrorCode#LIMIT_EXCEEDED} with {@code retryAfterSeconds}.
     */
    public Optional<SessionService.Started> signIn(String name, String password, String address, AuditService.Origin origin) {
        if (!throttle.tryAcquire(address)) {
            audit.record(AuditService.anonymous("session.signin").target(name).denied("too many attempts from " + address).origin(origin));
            throw AssayException.of(ErrorCode.LIMIT_EXCEEDED, "Too many sign-in attempts from this address.")
                    .hint("Wait a minute and try again.").detail("limit", "sign-in")
                    .detail("retryAfterSeconds", throttle.window().toSeconds()).build();
        }
        UserService.SignInResult result = users.signIn(name, password);
        if (result instanceof UserService.SignInResult.Ok ok) {
            SessionService.Started s = sessions.start(ok.user());
            audit.record(AuditService.event(s.session().principal(), "session.signin").target(name).origin(origin));
            return Optional.of(s);
        }
        if (result instanceof UserService.SignInResult.Locked locked) {
            audit.record(AuditService.anonymous("session.signin").target(name).denied("locked out").origin(origin));
            throw AssayException.of(ErrorCode.LIMIT_EXCEEDED, "Too many failed sign-ins for this name; it is locked for now.")
                    .hint("Try again in " + Math.max(1, locked.retryAfter().toMinutes()) + " minute(s), or ask an admin to reset the password.")
                    .detail("limit", "sign-in").detail("retryAfterSeconds", Math.max(1, locked.retryAfter().toSeconds())).build();
        }
        audit.record(AuditService.anonymous("session.signin").target(name).denied("wrong name or password").origin(origin));
        return Optional.empty();
    }

    /** Ends the browser session the cookie names, if any. */
    public void signOut(Optional<Principal> who, String cookieValue, AuditService.Origin origin) {
        who.ifPresent(p -> audit.record(AuditService.event(p, "session.signout").origin(origin)));
        sessions.end(cookieValue);
    }

    /** Changes the caller's own password; their browser sessions end, so they sign in again with it. */
    public void changeOwnPassword(Principal caller, String current, String replacement, AuditService.Origin origin) {
        AuditService.Event event = AuditService.event(caller, "user.password").target(caller.name()).origin(origin);
        try {
            if (caller.kind() == Principal.Kind.LOCAL) {
                throw AssayException.of(ErrorCode.INVALID_INPUT, "The local operator has no password.").build();
            }
            users.changeOwnPassword(caller.name(), current, replacement);
            sessions.invalidateCache();
            audit.record(event);
        } catch (AssayException e) {
            audit.record(event.failed(e));
            throw e;
        }
    }

    public User createUser(Principal admin, String name, Role role, String password, AuditService.Origin origin) {
        AuditService.Event event = AuditService.event(admin, "user.create").target(name).origin(origin);
        try {
            admin.require(Role.ADMIN, "manage users");
            User u = users.create(name, role, password);
            audit.record(event.detail("role " + u.role().id()));
            return u;
        } catch (AssayException e) {
            audit.record(event.failed(e));
            throw e;
        }
    }

    public User updateUser(Principal admin, String name, Optional<Role> role, Optional<Boolean> disabled, Optional<String> password,
                           AuditService.Origin origin) {
        AuditService.Event event = AuditService.event(admin, "user.update").target(name).origin(origin)
                .detail((role.map(r -> "role " + r.id() + " ").orElse("") + disabled.map(d -> d ? "disabled " : "enabled ").orElse("")
                        + password.map(x -> "password reset").orElse("")).strip());
        try {
            admin.require(Role.ADMIN, "manage users");
            User u = users.update(name, role, disabled, password);
            sessions.invalidateCache();
            tokens.invalidateCache();
            audit.record(event);
            return u;
        } catch (AssayException e) {
            audit.record(event.failed(e));
            throw e;
        }
    }

    public void deleteUser(Principal admin, String name, AuditService.Origin origin) {
        AuditService.Event event = AuditService.event(admin, "user.delete").target(name).origin(origin);
        try {
            admin.require(Role.ADMIN, "manage users");
            users.require(name);
            int cancelled = jobs.cancelAllOf(name);
            UserService.Deleted d = users.delete(name);
            sessions.invalidateCache();
            tokens.invalidateCache();
            audit.record(event.detail("user id " + d.user().id() + "; " + d.grantsRemoved() + " grant(s) removed"
                    + (d.datasetsLeftWithoutOwner().isEmpty() ? "" : "; datasets left without an owner (admins only): "
                    + String.join(", ", d.datasetsLeftWithoutOwner()))
                    + (d.savedQueriesRemoved() > 0 ? "; " + d.savedQueriesRemoved() + " saved quer" + (d.savedQueriesRemoved() == 1 ? "y" : "ies") + " removed" : "")
                    + (d.savedChartsRemoved() > 0 ? "; " + d.savedChartsRemoved() + " saved chart(s) removed" : "")
                    + (d.dashboardsRemoved() > 0 ? "; " + d.dashboardsRemoved() + " dashboard(s) removed" : "")
                    + (cancelled > 0 ? "; " + cancelled + " running job(s) cancelled" : "")));
        } catch (AssayException e) {
            audit.record(event.failed(e));
            throw e;
        }
    }

    /** A token for the caller, shown once; its role defaults to, and may not exceed, the caller's. */
    public ApiToken.Created createToken(Principal caller, String name, Optional<Role> role, Optional<Duration> lifetime,
                                        AuditService.Origin origin) {
        AuditService.Event event = AuditService.event(caller, "token.create").target(name).origin(origin);
        try {
            ApiToken.Created t = tokens.create(caller, name, role, lifetime);
            audit.record(event.detail(t.token().id() + ", role " + t.token().role().id()));
            return t;
        } catch (AssayException e) {
            audit.record(event.failed(e));
            throw e;
        }
    }

    public void revokeToken(Principal caller, String id, AuditService.Origin origin) {
        AuditService.Event event = AuditService.event(caller, "token.revoke").target(id).origin(origin);
        try {
            tokens.revoke(caller, id);
            audit.record(event);
        } catch (AssayException e) {
            audit.record(event.failed(e));
            throw e;
        }
    }
}
