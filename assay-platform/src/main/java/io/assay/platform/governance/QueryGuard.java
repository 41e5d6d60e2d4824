package io.assay.platform.governance;

import io.assay.engine.AssayException;
import io.assay.engine.Capability;
import io.assay.engine.Engine;
import io.assay.engine.ErrorCode;
import io.assay.engine.RelationRef;
import io.assay.engine.StatementInfo;
import io.assay.platform.auth.DatasetAccess;
import io.assay.platform.auth.Principal;
import io.assay.platform.catalog.DatasetCatalog;
import io.assay.platform.config.SqlLimits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a caller may run a SQL text, from the engine's own parse of it (never from string
 * matching). Admins may run anything, unless the door they came through asks for reads only. Everyone
 * else, and admins held to reads, may run one read-only query that stays inside the warehouse — no
 * files, URLs, other catalogs, settings or engine catalog functions — over datasets they may read.
 *
 * <p>On a warehouse that cannot inspect statements (PostgreSQL) the rule is the engine's instead: the
 * text runs, unread, on a read-only session whose login the engine lets read exactly the datasets the
 * caller may read ({@link io.assay.engine.Capability#CONFINED_READS}); such an answer is streamed, never
 * kept or exported, and never cached. A warehouse that can do neither runs SQL for admins only.
 */
public final class QueryGuard {

    private final Engine warehouse;
    private final DatasetCatalog catalog;
    private final DatasetAccess access;
    /** The engine's parse of a text depends on the text alone: parse each once. */
    private final Cache<String, StatementInfo> parsed = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterAccess(Duration.ofMinutes(30)).build();
    /** The names of the datasets, refreshed on every change through {@link #datasetsChanged()} and every few seconds. */
    private final Cache<Boolean, Set<String>> names = Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(5)).build();

    private final io.assay.platform.query.SessionPool sessions;
    private final SqlLimits limits;

    public QueryGuard(Engine warehouse, DatasetCatalog catalog, DatasetAccess access, io.assay.platform.query.SessionPool sessions,
                      SqlLimits limits) {
        this.warehouse = warehouse;
        this.limits = limits;
        this.sessions = sessions;
        this.catalog = catalog;
        this.access = access;
    }

    /**
     * A SQL text cleared to run.
     *
     * @param datasets  the datasets it reads (lower case), known when it is a read-only query
     * @param cacheable true when its result depends only on those datasets, so it may be cached
     * @param query     true when it is one read-only query, so it may be wrapped (paged, exported)
     * @param confinedTo when present, the SQL was not inspected and must run on a session the engine confines to
     *                   these relations (the datasets the caller may read), see {@link Engine#openConfinedSession}
     */
    public record Cleared(String sql, Set<String> datasets, boolean cacheable, boolean query, Optional<Set<RelationRef>> confinedTo) {
        public Cleared {
            datasets = Set.copyOf(datasets);
            confinedTo = confinedTo.map(Set::copyOf);
        }

        Cleared(String sql, Set<String> datasets, boolean cacheable, boolean query) {
            this(sql, datasets, cacheable, query, Optional.empty());
        }
    }

    public Cleared check(Principal caller, String sql) {
        return check(caller, sql, Optional.empty());
    }

    /**
     * Clears {@code sql} for {@code caller}, or refuses it. First, for everyone, the text must be within the
     * {@link SqlLimits} (a lexical scan, before the engine sees it); then the engine parses it within
     * {@code timeout}, which is the caller's time for the whole query.
     */
    public Cleared check(Principal caller, String sql, Optional<Duration> timeout) {
        return check(caller, sql, timeout, false);
    }

    /**
     * As {@link #check(Principal, String, Optional)}; with {@code readOnly}, an admin too is held to the rules of
     * everyone else (one read-only query over datasets), though still reads every dataset.
     */
    public Cleared check(Principal caller, String sql, Optional<Duration> timeout, boolean readOnly) {
        SqlShape.check(sql, limits);
        boolean unrestricted = caller.isAdmin() && !readOnly;
        Optional<StatementInfo> parsed = inspect(sql, timeout);
        if (parsed.isEmpty()) {
            if (unrestricted) {
                return new Cleared(sql, Set.of(), false, false);
            }
            if (warehouse.can(Capability.CONFINED_READS)) {
                // The engine cannot say what the text does, but can run it as a login that reads only what the caller may.
                Set<RelationRef> readable = new LinkedHashSet<>();
                for (io.assay.platform.catalog.Dataset d : catalog.list()) {
                    if (access.canRead(caller, io.assay.platform.catalog.DatasetName.of(d.name()))) {
                        readable.add(d.relation());
                    }
                }
                return new Cleared(sql, Set.of(), false, false, Optional.of(readable));
            }
            throw forbidden(caller, readOnly, "the warehouse engine cannot check SQL, so only admins may run it"
                    + (caller.isAdmin() ? ", and not where only reads are allowed" : ""));
        }
        StatementInfo info = parsed.get();
        Set<String> datasets = new LinkedHashSet<>();
        String mainSchema = warehouse.dialect().defaultSchema().toLowerCase(Locale.ROOT);
        boolean allInMain = true;
        for (RelationRef r : info.relations()) {
            if (r.schema().toLowerCase(Locale.ROOT).equals(mainSchema)) {
                datasets.add(r.name().toLowerCase(Locale.ROOT));
            } else {
                allInMain = false;
            }
        }
        boolean cacheable = info.readOnlyQuery() && !info.reachesOutside() && allInMain && !volatileFunctions(info);
        if (unrestricted) {
            return new Cleared(sql, datasets, cacheable, info.readOnlyQuery());
        }
        if (!info.readOnlyQuery()) {
            throw forbidden(caller, readOnly, "only one read-only query (SELECT) may run at a time; this text "
                    + (info.statementCount().orElse(1) > 1 ? "holds several statements" : "is not a query"));
        }
        if (info.reachesOutside()) {
            throw forbidden(caller, readOnly, "it reaches outside the datasets: " + String.join("; ", info.outsideReach()));
        }
        for (RelationRef r : info.relations()) {
            if (!r.schema().toLowerCase(Locale.ROOT).equals(mainSchema)) {
                throw forbidden(caller, readOnly, "it reads " + r.schema() + "." + r.name() + ", which is not a dataset");
            }
            String name = r.name().toLowerCase(Locale.ROOT);
            if (!datasetNames().contains(name) || !access.canRead(caller, io.assay.platform.catalog.DatasetName.of(name))) {
                throw forbidden(caller, readOnly, "it reads '" + r.name() + "', which is not a dataset you may read");
            }
        }
        return new Cleared(sql, datasets, cacheable, info.readOnlyQuery());
    }

    private Optional<StatementInfo> inspect(String sql, Optional<Duration> timeout) {
        if (!warehouse.can(Capability.INSPECT_STATEMENTS)) {
            return Optional.empty();
        }
        StatementInfo known = parsed.getIfPresent(sql);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<StatementInfo> info;
        try (io.assay.platform.query.SessionPool.Lease lease = sessions.lease()) {
            try {
                info = lease.session().inspect(sql, timeout);
            } catch (RuntimeException e) {
                lease.discard();
                throw e;
            }
        }
        info.ifPresent(i -> parsed.put(sql, i));
        return info;
    }

    private Set<String> datasetNames() {
        return names.get(Boolean.TRUE, k -> catalog.list().stream().map(d -> d.name().toLowerCase(Locale.ROOT))
                .collect(java.util.stream.Collectors.toUnmodifiableSet()));
    }

    /** Call when a dataset was created, replaced or deleted. */
    public void datasetsChanged() {
        names.invalidateAll();
    }

    /** Functions whose result changes from one call to the next: their queries are never cached. */
    private static final Set<String> VOLATILE = Set.of("random", "now", "current_timestamp", "current_date", "current_time",
            "get_current_timestamp", "gen_random_uuid", "uuid", "today", "setseed", "nextval", "currval", "transaction_timestamp",
            "localtimestamp", "localtime", "get_current_time");

    private static boolean volatileFunctions(StatementInfo info) {
        return info.functions().stream().map(f -> f.substring(f.lastIndexOf('.') + 1)).anyMatch(VOLATILE::contains);
    }

    private static AssayException forbidden(Principal caller, boolean readOnly, String why) {
        String who = caller.name() + " (" + caller.role().id() + (readOnly && caller.isAdmin() ? ", held to reads here" : "") + ")";
        return AssayException.of(ErrorCode.FORBIDDEN, "This SQL may not run for " + who + ": " + why + ".")
                .hint(readOnly && caller.isAdmin() ? "Only one read-only SELECT over datasets runs here; run anything else elsewhere (the command "
                        + "line, the REST API) as an admin." : "Query only the datasets you were granted, with one SELECT; ask an admin for anything else.")
                .detail("parameter", "sql")
                .build();
    }

    /** The relation names of a cleared query as dataset names, for messages and the audit log. */
    public static String describe(Cleared c) {
        return c.datasets().isEmpty() ? "" : "datasets: " + String.join(", ", List.copyOf(c.datasets()));
    }
}
