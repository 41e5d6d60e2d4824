package io.assay.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The browser session: the cookie, CSRF, signing out, lockout of a name and the per-address throttle. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.MethodName.class)
class SessionTest {

    private TestServer server;

    @BeforeAll
    void start(@TempDir Path dir) {
        server = TestServer.start(dir.resolve("data"), Map.of("auth.max-failed-sign-ins", "3"));
        server.user("sam", "analyst");
        server.user("lou", "viewer");
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** All sign-ins come from 127.0.0.1, whose budget the throttle counts: the test that exhausts it runs last (zz). */
    private Api.Res signIn(String name, String password) {
        return server.anonymous().post("/api/v1/session", Map.of("name", name, "password", password));
    }

    private static String cookieOf(Api.Res r) {
        String setCookie = r.header("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    @Test
    void aSessionCookieIsHttpOnlyStrictAndNeedsTheCsrfTokenToChangeThings() {
        Api.Res in = signIn("sam", TestServer.PASSWORD).expect(200);
        String setCookie = in.header("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith(Authenticator.COOKIE + "=").contains("HttpOnly").contains("SameSite=Strict").contains("Path=/");
        JsonNode session = in.json();
        assertThat(session.path("user").path("name").asText()).isEqualTo("sam");
        String csrf = session.path("csrfToken").asText();
        assertThat(csrf).isNotBlank();

        Api browser = server.anonymous().with("Cookie", cookieOf(in));
        JsonNode current = browser.get("/api/v1/session").expect(200).json();
        assertThat(current.path("user").path("name").asText()).isEqualTo("sam");
        assertThat(current.path("csrfToken").asText()).isEqualTo(csrf);
        browser.get("/api/v1/datasets").expect(200);

        JsonNode noCsrf = browser.post("/api/v1/saved-queries", Map.of("name", "q", "sql", "SELECT 1")).problem(403, "FORBIDDEN");
        assertThat(noCsrf.path("detail").asText()).contains("CSRF");
        browser.with(Authenticator.CSRF_HEADER, "not-the-token").post("/api/v1/saved-queries", Map.of("name", "q", "sql", "SELECT 1"))
                .problem(403, "FORBIDDEN");
        Api withCsrf = browser.with(Authenticator.CSRF_HEADER, csrf);
        withCsrf.post("/api/v1/saved-queries", Map.of("name", "q", "sql", "SELECT 1")).expect(201);
        withCsrf.post("/api/v1/query", Map.of("sql", "SELECT 42 AS answer")).expect(200);

        Api.Res out = withCsrf.delete("/api/v1/session").expect(204);
        assertThat(out.header("Set-Cookie")).hasValueSatisfying(c -> assertThat(c).contains("Max-Age=0"));
        browser.get("/api/v1/session").problem(401, "UNAUTHORIZED");
        browser.get("/api/v1/datasets").problem(401, "UNAUTHORIZED");
    }

    @Test
    void aUserChangesTheirOwnPasswordAndSignsInAgainWithIt() {
        server.user("pat", "viewer");
        Api.Res in = signIn("pat", TestServer.PASSWORD).expect(200);
        Api browser = server.anonymous().with("Cookie", cookieOf(in)).with(Authenticator.CSRF_HEADER, in.json().path("csrfToken").asText());
        browser.put("/api/v1/session/password", Map.of("currentPassword", "not-the-password", "newPassword", "a-much-better-one-2"))
                .problem(403, "FORBIDDEN");
        browser.putInvalid("/api/v1/session/password", Map.of("currentPassword", TestServer.PASSWORD, "newPassword", "short"))
                .problem(400, "INVALID_INPUT");
        Api.Res changed = browser.put("/api/v1/session/password", Map.of("currentPassword", TestServer.PASSWORD, "newPassword", "a-much-better-one-2"))
                .expect(204);
        assertThat(changed.header("Set-Cookie")).hasValueSatisfying(c -> assertThat(c).contains("Max-Age=0"));
        browser.get("/api/v1/session").problem(401, "UNAUTHORIZED");
        signIn("pat", TestServer.PASSWORD).problem(401, "UNAUTHORIZED");
        signIn("pat", "a-much-better-one-2").expect(200);
        assertThat(server.admin().get("/api/v1/audit?actor=pat&action=user.password").expect(200).json().path("items").size()).isEqualTo(3);
    }

    @Test
    void aTokenIsNotASession() {
        server.admin().get("/api/v1/session").problem(401, "UNAUTHORIZED");
        server.anonymous().get("/api/v1/session").problem(401, "UNAUTHORIZED");
    }

    @Test
    void aWrongPasswordIs401AndRepeatedFailuresLockTheName() {
        signIn("lou", "wrong password 1").problem(401, "UNAUTHORIZED");
        signIn("nobody-at-all", "wrong password 1").problem(401, "UNAUTHORIZED");
        signIn("lou", "wrong password 2").problem(401, "UNAUTHORIZED");
        // The third failure locks the name (auth.max-failed-sign-ins = 3) ...
        Api.Res third = signIn("lou", "wrong password 3");
        third.problem(429, "LIMIT_EXCEEDED");
        // ... and then even the right password is refused for a while.
        Api.Res locked = signIn("lou", TestServer.PASSWORD);
        JsonNode p = locked.problem(429, "LIMIT_EXCEEDED");
        assertThat(p.path("type").asText()).isEqualTo("https://assay.dev/problems/too-many-requests");
        assertThat(locked.header("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
        // The audit log tells why.
        JsonNode denied = server.admin().get("/api/v1/audit?action=session.signin&outcome=denied&target=lou").expect(200).json();
        assertThat(denied.path("items").size()).isGreaterThanOrEqualTo(3);
        assertThat(denied.path("items").toString()).contains("locked out");
        // An admin resetting the password lifts the lock.
        server.admin().patch("/api/v1/users/lou", Map.of("password", TestServer.PASSWORD + "!")).expect(200);
        signIn("lou", TestServer.PASSWORD + "!").expect(200);
    }

    @Test
    void zzTheAddressThrottleRefusesMoreThan30AttemptsAMinute() {
        // Earlier tests used some of this address's budget; fill it up with failures of unknown names (each a different
        // one: a name that fails five times locks, known or not).
        int refusedAt = -1;
        for (int i = 0; i < 40; i++) {
            Api.Res r = signIn("ghost" + i, "wrong password " + i);
            if (r.status() == 429) {
                refusedAt = i;
                assertThat(r.header("Retry-After")).isPresent();
                r.problem(429, "LIMIT_EXCEEDED");
                break;
            }
            r.problem(401, "UNAUTHORIZED");
        }
        assertThat(refusedAt).as("attempts before the throttle refused").isBetween(0, 30);
        // The right password is refused too, from this address.
        signIn("sam", TestServer.PASSWORD).problem(429, "LIMIT_EXCEEDED");
        // Bearer tokens are unaffected.
        server.admin().get("/api/v1/info").expect(200);
    }
}
