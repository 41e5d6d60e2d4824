package io.assay.platform.store;

import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.platform.audit.AuditRecord;
import io.assay.platform.audit.AuditService;
import io.assay.platform.auth.ApiToken;
import io.assay.platform.auth.DatasetAccess;
import io.assay.platform.auth.Principal;
import io.assay.platform.auth.Role;
import io.assay.platform.auth.TokenService;
import io.assay.platform.auth.User;
import io.assay.platform.auth.UserService;
import io.assay.platform.catalog.DatasetName;
import io.assay.platform.jobs.Job;
import io.assay.platform.jobs.JobService;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The metadata store's behaviour, the same on both stores it supports: the embedded H2 and PostgreSQL
 * (127.0.0.1:5432, database {@code test}, trust auth; each run in a fresh schema dropped afterwards).
 */
class MetadataStoreTest {

    /** A clock the tests move forward. */
    static final class MovingClock extends Clock {
        private volatile Instant now = Instant.parse("2026-03-01T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** The behaviour every store must have; a subclass says which store. */
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract static class Contract {

        MetadataStore store;
        MovingClock clock;
        UserService users;
        TokenService tokens;
        AuditService audit;

        /** A freshly migrated, empty store. */
        abstract MetadataStore openEmpty();

        /** The JDBC URL of another fresh, empty database (not migrated), for the upgrade tests. */
        abstract String freshUrl();

        abstract String user();

        @Test
        void aStoreFromBeforeUserIdsKeepsItsGrantsUnderIdsAndDropsThoseOfDeletedUsers() throws Exception {
            String url = freshUrl();
            org.flywaydb.core.Flyway.configure().dataSource(url, user(), "").locations("classpath:io/assay/platform/store/migration")
                    .target("1").load().migrate();
            try (Connection c = DriverManager.getConnection(url, user(), ""); Statement st = c.createStatement()) {
                st.execute("INSERT INTO users (name, role, password_hash, created_at) VALUES ('ana', 'analyst', 'x', CURRENT_TIMESTAMP)");
                st.execute("INSERT INTO dataset_access (dataset, grantee, access, granted_at) VALUES ('sales', 'ana', 'owner', CURRENT_TIMESTAMP)");
                st.execute("INSERT INTO dataset_access (dataset, grantee, access, granted_at) VALUES ('sales', '*', 'read', CURRENT_TIMESTAMP)");
                // Left behind by a user deleted before ids existed: must not pass to a new 'ghost'.
                st.execute("INSERT INTO dataset_access (dataset, grantee, access, granted_at) VALUES ('secret', 'ghost', 'owner', CURRENT_TIMESTAMP)");
                st.execute("INSERT INTO audit_log (at, actor, actor_kind, action, outcome) VALUES (CURRENT_TIMESTAMP, 'ana', 'user', 'query.run', 'ok')");
            }
            try (MetadataStore upgraded = MetadataStore.open(url, user(), "")) {
                UserService u = new UserService(upgraded, 3, Duration.ofMinutes(15), clock);
                String anaId = u.require("ana").id();
                assertThat(anaId).isEqualTo("legacy-ana");
                DatasetAccess access = new DatasetAccess(upgraded, u, clock);
                DatasetName sales = DatasetName.of("sales");
                assertThat(access.owner(sales)).contains("ana");
                assertThat(access.grants(sales)).extracting(DatasetAccess.Grant::grantee).containsExactly("*", "ana");
                u.create("ghost", Role.ANALYST, "correct horse battery");
                Principal ghost = Principal.user("ghost", Role.ANALYST);
                assertThat(access.canRead(ghost, DatasetName.of("secret"))).isFalse();
                assertThat(access.readable(ghost)).containsExactly("sales");
                AuditService a = new AuditService(upgraded, clock);
                assertThat(a.find(AuditService.Filter.ALL, OptionalLong.empty(), 10)).singleElement()
                        .satisfies(r -> assertThat(r.actorId()).contains("legacy-ana"));
            }
        }

        @Test
        void aStoreIsAtTheNewestBundledMigrationAndReopensWithoutMigrating() throws Exception {
            // The newest V<n>__*.sql on the class path is the version the store skips Flyway at.
            int newest;
            java.net.URL dir = MetadataStore.class.getResource("migration");
            try (var files = java.nio.file.Files.list(Path.of(dir.toURI()))) {
                newest = files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                        .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max().orElseThrow();
            }
            assertThat(MetadataStore.SCHEMA_VERSION).as("MetadataStore.SCHEMA_VERSION must name the newest migration")
                    .isEqualTo(Integer.toString(newest));
            String url = freshUrl();
            try (MetadataStore first = MetadataStore.open(url, user(), "")) {
                first.update("INSERT INTO users (id, name, role, password_hash, created_at) VALUES ('u1', 'kim', 'viewer', 'x', CURRENT_TIMESTAMP)");
            }
            // Flyway would refuse to go on with a checksum that no longer matches its migration: that the store opens
            // anyway shows it was not consulted.
            try (Connection c = DriverManager.getConnection(url, user(), ""); Statement st = c.createStatement()) {
                assertThat(MetadataStore.appliedVersion(c)).contains(MetadataStore.SCHEMA_VERSION);
                st.execute("UPDATE \"flyway_schema_history\" SET \"checksum\" = \"checksum\" + 1 WHERE \"version\" = '1'");
            }
            try (MetadataStore again = MetadataStore.open(url, user(), "")) {
                assertThat(again.queryOne("SELECT name FROM users WHERE id = 'u1'", r -> r.string("name"))).contains("kim");
            }
        }

        @Test
        void deletingAUserTakesTheirGrantsAndANewUserOfTheNameGetsNone() {
            users.create("ana", Role.ANALYST, "correct horse battery");
            users.create("vic", Role.VIEWER, "correct horse battery");
            DatasetAccess access = new DatasetAccess(store, users, clock);
            Principal ana = Principal.user("ana", Role.ANALYST);
            DatasetName sales = DatasetName.of("sales");
            access.created(ana, sales);
            access.grant(ana, sales, "vic", DatasetAccess.Access.READ);
            String oldVic = users.require("vic").id();
            assertThat(access.canRead(Principal.user("vic", Role.VIEWER), sales)).isTrue();

            UserService.Deleted gone = users.delete("vic");
            assertThat(gone.grantsRemoved()).isEqualTo(1);
            users.create("vic", Role.VIEWER, "correct horse battery");
            assertThat(users.require("vic").id()).isNotEqualTo(oldVic);
            assertThat(access.canRead(Principal.user("vic", Role.VIEWER), sales)).isFalse();

            assertThat(users.delete("ana").datasetsLeftWithoutOwner()).containsExactly("sales");
            users.create("ana", Role.VIEWER, "correct horse battery");
            assertThat(access.owner(sales)).isEmpty();
            assertThat(access.canRead(Principal.user("ana", Role.VIEWER), sales)).isFalse();
            assertThat(access.canWrite(Principal.user("ana", Role.ANALYST), sales)).isFalse();
        }

        @Test
        void aViewerRoleNeverWritesOrSharesWhateverItWasGranted() {
            users.create("ana", Role.ANALYST, "correct horse battery");
            DatasetAccess access = new DatasetAccess(store, users, clock);
            DatasetName sales = DatasetName.of("sales");
            Principal ana = Principal.user("ana", Role.ANALYST);
            access.created(ana, sales);
            Principal anaAsViewer = new Principal("ana", Role.VIEWER, Principal.Kind.TOKEN, Optional.of("t1"));
            assertThat(access.canRead(anaAsViewer, sales)).isTrue();
            assertThat(access.canWrite(anaAsViewer, sales)).isFalse();
            assertThat(access.canShare(anaAsViewer, sales)).isFalse();
            assertThat(access.accessOf(anaAsViewer, sales)).contains(DatasetAccess.Access.READ);
            assertThat(access.canShare(ana, sales)).isTrue();
            Principal adminAsViewer = new Principal("root", Role.VIEWER, Principal.Kind.TOKEN, Optional.of("t2"));
            assertThat(access.canRead(adminAsViewer, sales)).isFalse();
        }

        @BeforeEach
        void open() {
            store = openEmpty();
            clock = new MovingClock();
            users = new UserService(store, 3, Duration.ofMinutes(15), clock);
            tokens = new TokenService(store, users, clock);
            audit = new AuditService(store, clock);
        }

        @AfterEach
        void closeStore() {
            store.close();
        }

        @Test
        void migrationMakesEveryTableAndAnsweringPing() {
            assertThat(store.ping()).isTrue();
            for (String table : List.of("users", "api_tokens", "web_sessions", "dataset_grants", "saved_queries", "saved_charts", "saved_chart_grants",
                    "dashboards", "dashboard_grants", "dashboard_links", "jobs",
                    "analysis_runs", "query_results", "audit_log")) {
                assertThat(store.queryOne("SELECT count(*) AS n FROM " + table, r -> r.longValue("n"))).as(table).contains(0L);
            }
            assertThat(store.queryOne("SELECT count(*) AS n FROM " + flywayTable() + " WHERE " + successColumn() + " = TRUE", r -> r.longValue("n")))
                    .hasValueSatisfying(n -> assertThat(n).isGreaterThanOrEqualTo(1));
        }

        String flywayTable() {
            return "\"flyway_schema_history\"";
        }

        String successColumn() {
            return "\"success\"";
        }

        @Test
        void usersAreCreatedListedAndSignInWithTheirPassword() {
            User ana = users.create("ana", Role.ANALYST, "correct horse battery");
            assertThat(ana.role()).isEqualTo(Role.ANALYST);
            assertThat(ana.lastSignInAt()).isEmpty();
            assertThatThrownBy(() -> users.create("ana", Role.VIEWER, "another long password"))
                    .isInstanceOfSatisfying(AssayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
            assertThatThrownBy(() -> users.create("bob", Role.VIEWER, "short"))
                    .isInstanceOfSatisfying(AssayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));

            assertThat(users.signIn("ana", "correct horse battery")).isInstanceOf(UserService.SignInResult.Ok.class);
            assertThat(users.require("ana").lastSignInAt()).contains(clock.instant());
            assertThat(users.signIn("ana", "wrong password!!")).isInstanceOf(UserService.SignInResult.Failed.class);
            assertThat(users.signIn("nobody", "whatever password")).isInstanceOf(UserService.SignInResult.Failed.class);
            assertThat(users.list()).extracting(User::name).containsExactly("ana");
        }

        @Test
        void failedSignInsLockTheNameUntilTheLockoutPasses() {
            users.create("ana", Role.ANALYST, "correct horse battery");
            assertThat(users.signIn("ana", "wrong 1 wrong 1")).isInstanceOf(UserService.SignInResult.Failed.class);
            assertThat(users.signIn("ana", "wrong 2 wrong 2")).isInstanceOf(UserService.SignInResult.Failed.class);
            assertThat(users.signIn("ana", "wrong 3 wrong 3")).isInstanceOf(UserService.SignInResult.Locked.class);
            UserService.SignInResult locked = users.signIn("ana", "correct horse battery");
            assertThat(locked).isInstanceOfSatisfying(UserService.SignInResult.Locked.class,
                    l -> assertThat(l.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(15)));

            clock.advance(Duration.ofMinutes(16));
            assertThat(users.signIn("ana", "correct horse battery")).isInstanceOf(UserService.SignInResult.Ok.class);
        }

        @Test
        void aDisabledUserCannotSignIn() {
            users.create("root", Role.ADMIN, "the first admin here");
            users.create("ana", Role.ANALYST, "correct horse battery");
            users.update("ana", Optional.empty(), Optional.of(true), Optional.empty());
            assertThat(users.signIn("ana", "correct horse battery")).isNotInstanceOf(UserService.SignInResult.Ok.class);
            assertThatThrownBy(() -> users.update("root", Optional.of(Role.VIEWER), Optional.empty(), Optional.empty()))
                    .isInstanceOfSatisfying(AssayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        }

        @Test
        void tokensAuthenticateUntilRevokedOrExpired() {
            users.create("ana", Role.ANALYST, "correct horse battery");
            Principal ana = Principal.user("ana", Role.ANALYST);
            ApiToken.Created forever = tokens.create(ana, "ci", Optional.empty(), Optional.empty());
            ApiToken.Created viewer = tokens.create(ana, "read only", Optional.of(Role.VIEWER), Optional.of(Duration.ofDays(1)));
            assertThat(forever.secret()).startsWith(TokenService.PREFIX);
            assertThat(forever.token().expiresAt()).isEmpty();
            assertThat(viewer.token().expiresAt()).contains(clock.instant().plus(Duration.ofDays(1)));

            assertThat(tokens.authenticate(forever.secret())).hasValueSatisfying(p -> {
                assertThat(p.name()).isEqualTo("ana");
                assertThat(p.role()).isEqualTo(Role.ANALYST);
                assertThat(p.kind()).isEqualTo(Principal.Kind.TOKEN);
            });
            assertThat(tokens.authenticate(viewer.secret())).map(Principal::role).contains(Role.VIEWER);
            assertThat(tokens.authenticate(TokenService.PREFIX + "not-a-real-secret")).isEmpty();
            assertThat(tokens.authenticate("no prefix")).isEmpty();
            assertThat(tokens.require(forever.token().id()).lastUsedAt()).isPresent();

            assertThatThrownBy(() -> tokens.create(ana, "too strong", Optional.of(Role.ADMIN), Optional.empty()))
                    .isInstanceOfSatisfying(AssayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));

            assertThat(tokens.revoke(ana, forever.token().id()).revoked()).isTrue();
            assertThat(tokens.authenticate(forever.secret())).isEmpty();

            // A fresh service (no check cache) two days later: the one-day token has expired.
            clock.advance(Duration.ofDays(2));
            assertThat(new TokenService(store, users, clock).authenticate(viewer.secret())).isEmpty();
            assertThat(tokens.list(ana)).extracting(t -> t.id()).containsExactlyInAnyOrder(forever.token().id(), viewer.token().id());
        }

        @Test
        void anotherUsersTokenCannotBeRevoked() {
            users.create("ana", Role.ANALYST, "correct horse battery");
            users.create("bob", Role.VIEWER, "another good password");
            ApiToken.Created t = tokens.create(Principal.user("ana", Role.ANALYST), "ci", Optional.empty(), Optional.empty());
            assertThatThrownBy(() -> tokens.revoke(Principal.user("bob", Role.VIEWER), t.token().id()))
                    .isInstanceOfSatisfying(AssayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
            assertThat(tokens.list(Principal.user("bob", Role.VIEWER))).isEmpty();
        }

        @Test
        void auditRecordsFromManyThreadsShareCommitsYetEachIsInTheLogWhenItsCallGoesOn() throws Exception {
            users.create("ana", Role.ANALYST, "correct horse battery");
            Principal ana = Principal.user("ana", Role.ANALYST);
            int threads = 16;
            int each = 40;
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            try {
                List<java.util.concurrent.Future<List<Long>>> calls = new java.util.ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    calls.add(pool.submit(() -> {
                        List<Long> ids = new java.util.ArrayList<>();
                        for (int i = 0; i < each; i++) {
                            long id = audit.record(AuditService.event(ana, "query.run").target("t" + thread + "-" + i));
                            // Synchronous: the record is in the log (committed) as soon as record() returns.
                            assertThat(store.queryOne("SELECT target FROM audit_log WHERE id = ?", r -> r.string("target"), id))
                                    .contains("t" + thread + "-" + i);
                            ids.add(id);
                        }
                        return ids;
                    }));
                }
                java.util.Set<Long> ids = new java.util.HashSet<>();
                for (var c : calls) {
                    ids.addAll(c.get());
                }
                assertThat(ids).hasSize(threads * each);
            } finally {
                pool.shutdownNow();
            }
            assertThat(store.queryOne("SELECT count(*) AS n FROM audit_log", r -> r.longValue("n"))).contains((long) threads * each);

            // Closed: a late record is written by its caller, not lost.
            audit.close();
            long late = audit.record(AuditService.event(ana, "session.signout"));
            assertThat(store.queryOne("SELECT action FROM audit_log WHERE id = ?", r -> r.string("action"), late)).contains("session.signout");
        }

        @Test
        void auditRecordsAreFoundByFilterNewestFirstAndExportedAsCsv() throws Exception {
            users.create("ana", Role.ANALYST, "correct horse battery");
            Principal ana = Principal.user("ana", Role.ANALYST);
            audit.record(AuditService.event(ana, "query.run").sql("SELECT 1, 'a,b'").rows(1).duration(Duration.ofMillis(12))
                    .origin(new AuditService.Origin(Optional.of("req-1"), Optional.of("127.0.0.1"))));
            clock.advance(Duration.ofSeconds(1));
            audit.record(AuditService.event(ana, "query.run").sql("SELECT * FROM secret").denied("not granted"));
            clock.advance(Duration.ofSeconds(1));
            audit.record(AuditService.anonymous("session.signin").target("ana").denied("wrong name or password"));
            clock.advance(Duration.ofSeconds(1));
            audit.record(AuditService.event(ana, "dataset.import").target("orders").detail("=cmd|' /C calc'!A0"));

            List<AuditRecord> all = audit.find(AuditService.Filter.ALL, OptionalLong.empty(), 10);
            assertThat(all).extracting(AuditRecord::action).containsExactly("dataset.import", "session.signin", "query.run", "query.run");
            AuditRecord first = all.get(3);
            assertThat(first.actor()).contains("ana");
            assertThat(first.actorKind()).isEqualTo("user");
            assertThat(first.sql()).contains("SELECT 1, 'a,b'");
            assertThat(first.rows()).hasValue(1);
            assertThat(first.durationMs()).hasValue(12);
            assertThat(first.outcome()).isEqualTo("ok");
            assertThat(first.requestId()).contains("req-1");
            assertThat(first.remoteAddress()).contains("127.0.0.1");
            assertThat(first.at()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));

            assertThat(audit.find(filter(Optional.of("ana"), Optional.empty(), Optional.of("denied")), OptionalLong.empty(), 10))
                    .extracting(AuditRecord::sql).containsExactly(Optional.of("SELECT * FROM secret"));
            assertThat(audit.find(filter(Optional.empty(), Optional.of("query.*"), Optional.empty()), OptionalLong.empty(), 10)).hasSize(2);
            assertThat(audit.find(filter(Optional.empty(), Optional.of("session.signin"), Optional.empty()), OptionalLong.empty(), 10))
                    .singleElement().satisfies(r -> {
                        assertThat(r.actor()).isEmpty();
                        assertThat(r.actorKind()).isEqualTo("anonymous");
                    });
            // Paging: newest first, below the cursor id.
            List<AuditRecord> page2 = audit.find(AuditService.Filter.ALL, OptionalLong.of(all.get(1).id()), 10);
            assertThat(page2).extracting(AuditRecord::id).containsExactly(all.get(2).id(), all.get(3).id());
            AuditService.Filter window = new AuditService.Filter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.of(Instant.parse("2026-03-01T10:00:01Z")), Optional.of(Instant.parse("2026-03-01T10:00:03Z")));
            assertThat(audit.find(window, OptionalLong.empty(), 10)).extracting(AuditRecord::action).containsExactly("session.signin", "query.run");

            StringWriter csv = new StringWriter();
            assertThat(audit.exportCsv(AuditService.Filter.ALL, csv)).isEqualTo(4);
            List<String> lines = csv.toString().lines().toList();
            assertThat(lines.get(0)).startsWith("id,at,actor,actor_id,token_id,actor_kind,action");
            assertThat(lines).hasSize(5);
            assertThat(lines.get(1)).contains("\"SELECT 1, 'a,b'\"").contains(",query.run,");
            // A value that a spreadsheet would run as a formula is quoted as text.
            assertThat(lines.get(4)).contains("'=cmd");
        }

        private static AuditService.Filter filter(Optional<String> actor, Optional<String> action, Optional<String> outcome) {
            return new AuditService.Filter(actor, action, Optional.empty(), outcome, Optional.empty(), Optional.empty());
        }

        @Test
        void recoveryMarksJobsCutOffByAStopAsFailed() throws Exception {
            users.create("ana", Role.ANALYST, "correct horse battery");
            Principal ana = Principal.user("ana", Role.ANALYST);
            store.update("INSERT INTO jobs (id, kind, status, owner, description, created_at, started_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    "job-running", Job.Kind.IMPORT, Job.Status.RUNNING, "ana", "import orders.csv", clock.instant(), clock.instant());
            store.update("INSERT INTO jobs (id, kind, status, owner, description, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                    "job-queued", Job.Kind.ANALYSIS, Job.Status.QUEUED, "ana", "analyze orders", clock.instant());
            store.update("INSERT INTO jobs (id, kind, status, owner, description, created_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    "job-done", Job.Kind.QUERY, Job.Status.SUCCEEDED, "ana", "query", clock.instant(), clock.instant());

            try (JobService jobs = new JobService(store, 1, new SimpleMeterRegistry(), clock)) {
                assertThat(jobs.recover()).isEqualTo(2);
                Job running = jobs.get(ana, "job-running");
                assertThat(running.status()).isEqualTo(Job.Status.FAILED);
                assertThat(running.finishedAt()).isPresent();
                assertThat(running.error()).hasValueSatisfying(e -> {
                    assertThat(e.code()).isEqualTo("INTERNAL");
                    assertThat(e.message()).contains("stopped");
                });
                assertThat(jobs.get(ana, "job-queued").status()).isEqualTo(Job.Status.FAILED);
                assertThat(jobs.get(ana, "job-done").status()).isEqualTo(Job.Status.SUCCEEDED);
                assertThat(jobs.list(ana, Optional.of(Job.Status.FAILED), Optional.empty(), Optional.empty(), 10)).hasSize(2);
                assertThat(jobs.recover()).isZero();

                // A job of this process runs and is kept.
                Job submitted = jobs.submit(ana, Job.Kind.QUERY, "select one", ctx -> java.util.Map.of("rows", 1));
                Job done = awaitFinished(jobs, ana, submitted.id());
                assertThat(done.status()).isEqualTo(Job.Status.SUCCEEDED);
                assertThat(done.result()).hasValueSatisfying(r -> assertThat(r).containsEntry("rows", 1));
                assertThatThrownBy(() -> jobs.get(Principal.user("bob", Role.VIEWER), submitted.id()))
                        .isInstanceOfSatisfying(AssayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
            }
        }

        private static Job awaitFinished(JobService jobs, Principal p, String id) throws InterruptedException {
            for (int i = 0; i < 500; i++) {
                Job j = jobs.get(p, id);
                if (j.status().finished()) {
                    return j;
                }
                Thread.sleep(20);
            }
            throw new AssertionError("job " + id + " did not finish");
        }
    }

    @Nested
    class H2 extends Contract {
        @TempDir
        Path dir;
        int n;

        @Override
        MetadataStore openEmpty() {
            MetadataStore s = MetadataStore.open("jdbc:h2:file:" + dir.resolve("meta-" + (n++)) + ";DB_CLOSE_ON_EXIT=FALSE", "assay", "");
            assertThat(s.product()).isEqualTo("h2");
            return s;
        }

        @Override
        String freshUrl() {
            return "jdbc:h2:file:" + dir.resolve("legacy-" + (n++)) + ";DB_CLOSE_ON_EXIT=FALSE";
        }

        @Override
        String user() {
            return "assay";
        }
    }

    @Nested
    class PostgreSql extends Contract {
        static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";
        static final String USER = "postgres";
        String schema;

        @BeforeAll
        void checkServer() throws Exception {
            try (Connection c = DriverManager.getConnection(SERVER, USER, "")) {
                assertThat(c.isValid(2)).isTrue();
            }
        }

        @Override
        MetadataStore openEmpty() {
            schema = "assay_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
            execute("CREATE SCHEMA " + schema);
            MetadataStore s = MetadataStore.open(SERVER + "?currentSchema=" + schema, USER, "");
            assertThat(s.product()).isEqualTo("postgresql");
            return s;
        }

        @Override
        String flywayTable() {
            return "flyway_schema_history";
        }

        String legacySchema;

        @Override
        String freshUrl() {
            legacySchema = "assay_legacy_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
            execute("CREATE SCHEMA " + legacySchema);
            return SERVER + "?currentSchema=" + legacySchema;
        }

        @Override
        String user() {
            return USER;
        }

        @AfterEach
        void dropSchema() {
            store.close();
            if (schema != null) {
                execute("DROP SCHEMA " + schema + " CASCADE");
                schema = null;
            }
            if (legacySchema != null) {
                execute("DROP SCHEMA " + legacySchema + " CASCADE");
                legacySchema = null;
            }
        }

        private static void execute(String sql) {
            try (Connection c = DriverManager.getConnection(SERVER, USER, ""); Statement st = c.createStatement()) {
                st.execute(sql);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(sql + ": " + e.getMessage(), e);
            }
        }
    }
}
