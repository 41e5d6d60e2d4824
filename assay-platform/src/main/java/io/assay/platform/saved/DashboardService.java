package io.assay.platform.saved;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.platform.audit.AuditService;
import io.assay.platform.auth.Principal;
import io.assay.platform.auth.Role;
import io.assay.platform.auth.User;
import io.assay.platform.auth.UserService;
import io.assay.platform.store.Ids;
import io.assay.platform.store.MetadataStore;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Dashboards: a grid of cards (saved charts, markdown, KPIs) and filters bound to the charts' typed query parameters.
 * Analysts and admins make them; each is its owner's and shared through {@link ObjectGrants} as charts are. A dashboard
 * shared with someone lets them run its charts (and only those), each as the caller through the query pipeline, so the
 * data stays governed by the caller's own dataset grants. Filter values are bound as engine parameters, never put into SQL.
 *
 * <p>Public links: a token signed with HMAC-SHA256 under a key derived from the server's secret, naming the link and its
 * expiry; the link is kept (so it can be revoked), the token is shown once. Opening one runs the dashboard with its default
 * filter values as its owner, narrowed to the dashboard's own charts (no other query, no values from the opener), audited.
 */
public final class DashboardService {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_CARDS = 50;
    private static final int MAX_FILTERS = 20;
    private static final int MAX_MARKDOWN = 20_000;
    /** The longest a public link lives. */
    public static final Duration MAX_LINK_TTL = Duration.ofDays(90);
    public static final Duration DEFAULT_LINK_TTL = Duration.ofDays(7);

    private final MetadataStore store;
    private final SavedChartService charts;
    private final UserService users;
    private final AuditService audit;
    private final Clock clock;
    private final ObjectGrants grants;
    private final Supplier<byte[]> linkKey;

    public DashboardService(MetadataStore store, SavedChartService charts, UserService users, AuditService audit, Supplier<byte[]> linkKey,
                            Clock clock) {
        this.store = store;
        this.charts = charts;
        this.users = users;
        this.audit = audit;
        this.linkKey = linkKey;
        this.clock = clock;
        this.grants = new ObjectGrants(store, users, clock, "dashboard_grants", "dashboard_id", "dashboard");
    }

    /** A card's answer in a run: its result, its KPI, or why it has none; and its chart, when it still exists. */
    public record CardResult(Dashboard.Card card, Optional<SavedChartService.ChartResult> result, Optional<Kpi> kpi,
                             Optional<AssayException> error, Optional<SavedChart> chart) {
    }

    /**
     * A KPI: the last row's value, the row before's (the previous period) and the change between them; {@code series} is the
     * column's values in x order (a sparkline), the last {@link #SPARKLINE_POINTS} of them, a value that is no number as null.
     */
    public record Kpi(String column, Optional<Double> value, Optional<Double> previous, Optional<Double> change, Optional<Double> changeRatio,
                      List<Double> series) {
        public Kpi {
            series = java.util.Collections.unmodifiableList(new ArrayList<>(series));
        }
    }

    /** The most points of a KPI's sparkline: the latest periods. */
    public static final int SPARKLINE_POINTS = 60;

    /** A dashboard's run: the values its filters took and each card's answer. */
    public record Run(Dashboard dashboard, Map<String, List<Object>> filters, List<CardResult> cards) {
    }

    /** A public link as made: the token is shown once. */
    public record Link(String id, String dashboardId, String token, Instant expiresAt) {
    }

    public Dashboard create(Principal caller, Dashboard.Draft draft, AuditService.Origin origin) {
        caller.require(Role.ANALYST, "make dashboards");
        check(caller, draft);
        String id = Ids.newId();
        Instant now = clock.instant();
        store.update("INSERT INTO dashboards (id, owner, name, description, cards_json, filters_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                id, caller.name(), draft.name().strip(), draft.description().orElse(null), cardsJson(draft.cards()), filtersJson(draft.filters()), now, now);
        audit.record(AuditService.event(caller, "dashboard.create").origin(origin).target(id).about("dashboard '" + draft.name().strip() + "'"));
        return get(caller, id);
    }

    public List<Dashboard> list(Principal caller, Optional<String> q, Optional<String> afterId, int limit) {
        return grants.visible(caller, "dashboards", "*", q, afterId, limit, DashboardService::map);
    }

    public Dashboard get(Principal caller, String id) {
        Optional<Dashboard> d = find(id);
        if (d.isEmpty() || !rights(caller, d.get()).read()) {
            throw AssayException.of(ErrorCode.NOT_FOUND, "There is no dashboard with id '" + id + "' that you may see.")
                    .hint("List the dashboards you may see to find its id.").detail("parameter", "id").build();
        }
        return d.get();
    }

    private Optional<Dashboard> find(String id) {
        return store.queryOne("SELECT * FROM dashboards WHERE id = ?", DashboardService::map, id);
    }

    public SavedChartService.Rights rights(Principal caller, Dashboard d) {
        if (caller.isAdmin() || caller.name().equals(d.owner())) {
            boolean analyst = caller.role().includes(Role.ANALYST);
            return new SavedChartService.Rights(true, analyst, analyst);
        }
        Optional<ObjectGrants.Access> g = grants.granted(caller, d.id());
        return new SavedChartService.Rights(g.isPresent(),
                g.filter(a -> a == ObjectGrants.Access.WRITE).isPresent() && caller.role().includes(Role.ANALYST), false);
    }

    public Dashboard update(Principal caller, String id, Dashboard.Draft draft, AuditService.Origin origin) {
        Dashboard old = get(caller, id);
        if (!rights(caller, old).write()) {
            throw AssayException.of(ErrorCode.FORBIDDEN, "Only the owner of dashboard '" + old.name() + "', an admin, or an analyst it was shared "
                    + "with for writing may change it.").build();
        }
        check(caller, draft);
        store.update("UPDATE dashboards SET name = ?, description = ?, cards_json = ?, filters_json = ?, updated_at = ? WHERE id = ?",
                draft.name().strip(), draft.description().orElse(null), cardsJson(draft.cards()), filtersJson(draft.filters()), clock.instant(), id);
        audit.record(AuditService.event(caller, "dashboard.update").origin(origin).target(id).about("dashboard '" + draft.name().strip() + "'"));
        return get(caller, id);
    }

    public void delete(Principal caller, String id, AuditService.Origin origin) {
        Dashboard d = get(caller, id);
        requireManage(caller, d);
        store.inTransaction(tx -> {
            tx.update("DELETE FROM dashboard_links WHERE dashboard_id = ?", id);
            tx.update("DELETE FROM dashboard_grants WHERE dashboard_id = ?", id);
            tx.update("DELETE FROM dashboards WHERE id = ?", id);
            return null;
        });
        audit.record(AuditService.event(caller, "dashboard.delete").origin(origin).target(id).about("dashboard '" + d.name() + "'"));
    }

    public ObjectGrants.Grant grant(Principal caller, String id, String grantee, ObjectGrants.Access access, AuditService.Origin origin) {
        Dashboard d = get(caller, id);
        requireManage(caller, d);
        ObjectGrants.Grant g = grants.grant(id, d.owner(), grantee, access);
        audit.record(AuditService.event(caller, "dashboard.grant").origin(origin).target(id).detail(grantee + ": " + access.id()));
        return g;
    }

    public void revoke(Principal caller, String id, String grantee, AuditService.Origin origin) {
        Dashboard d = get(caller, id);
        requireManage(caller, d);
        grants.revoke(id, grantee);
        audit.record(AuditService.event(caller, "dashboard.revoke").origin(origin).target(id).detail(grantee));
    }

    /** Who a dashboard is shared with (its owner or an admin). */
    public List<ObjectGrants.Grant> grants(Principal caller, String id) {
        Dashboard d = get(caller, id);
        requireManage(caller, d);
        return grants.list(id);
    }

    /**
     * A drill-down from a card: the rows of its chart's query where the chart's x (and series) take the values clicked, with
     * the dashboard's filters (given, else their defaults) set as in {@link #run}; run as the caller, so their grants apply.
     */
    public SavedChartService.ChartResult drill(Principal caller, String id, String cardId, Map<String, ?> filterValues, Map<String, ?> where,
                                               AuditService.Origin origin) {
        Dashboard d = get(caller, id);
        Dashboard.Card card = d.cards().stream().filter(c -> c.id().equals(cardId)).findFirst().orElseThrow(() -> AssayException.of(
                ErrorCode.NOT_FOUND, "Dashboard '" + d.name() + "' has no card '" + cardId + "'.").detail("parameter", "cardId").build());
        if (card.chartId().isEmpty()) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "Card '" + cardId + "' is a text card: it has no rows to drill into.")
                    .detail("parameter", "cardId").build();
        }
        SavedChart chart = charts.find(card.chartId().get()).orElseThrow(() -> AssayException.of(ErrorCode.NOT_FOUND,
                "Card '" + cardId + "' shows chart '" + card.chartId().get() + "', which no longer exists.").detail("parameter", "cardId").build());
        Optional<User> ownerUser = users.find(d.owner());
        Optional<Principal> owner = ownerUser.isEmpty() ? Optional.of(new Principal(d.owner(), Role.ADMIN, Principal.Kind.LOCAL, Optional.empty()))
                : ownerUser.filter(u -> !u.disabled()).map(u -> Principal.user(u.name(), u.role()));
        if (owner.isEmpty() || !charts.rights(owner.get(), chart).read()) {
            throw AssayException.of(ErrorCode.NOT_FOUND, "Card '" + cardId + "' shows a chart that the dashboard's owner may no longer see.")
                    .detail("parameter", "cardId").build();
        }
        Map<String, Object> byParameter = parameterValues(d, filterValues);
        Map<String, Object> values = new LinkedHashMap<>();
        for (QueryParameter p : charts.declaredParameters(chart)) {
            if (byParameter.containsKey(p.name())) {
                values.put(p.name(), byParameter.get(p.name()));
            }
        }
        return charts.drill(caller, chart, values, where, origin);
    }

    /** The value of each parameter the filters bind: the filter's given value, else its default (checked as {@link #run} does). */
    private Map<String, Object> parameterValues(Dashboard d, Map<String, ?> given) {
        Map<String, Object> out = new LinkedHashMap<>();
        Set<String> names = new HashSet<>();
        d.filters().forEach(f -> names.add(f.name()));
        for (String name : given.keySet()) {
            if (!names.contains(name)) {
                throw AssayException.of(ErrorCode.INVALID_INPUT, "Dashboard '" + d.name() + "' has no filter '" + name + "'.")
                        .detail("parameter", "filters." + name).build();
            }
        }
        for (Dashboard.Filter f : d.filters()) {
            Object v = given.get(f.name());
            List<?> parts = v == null ? List.of() : v instanceof List<?> l ? l : List.of(v);
            for (int i = 0; i < f.parameters().size(); i++) {
                Object value = i < parts.size() && parts.get(i) != null ? parts.get(i) : f.defaults().get(i).orElse(null);
                Object converted;
                try {
                    converted = QueryParameter.optional(f.parameters().get(i), f.kind().type).convert(value);
                } catch (AssayException e) {
                    throw AssayException.of(ErrorCode.INVALID_INPUT, "Filter '" + f.name() + "': " + e.getMessage())
                            .detail("parameter", "filters." + f.name()).build();
                }
                if (converted != null) {
                    out.put(f.parameters().get(i), converted);
                }
            }
        }
        return out;
    }

    /**
     * Runs a dashboard for the caller with values for its filters (by filter name; a filter not given takes its default):
     * each chart and KPI card's chart runs as the caller, its parameters set from the filters bound to them. A card that
     * cannot be answered (its chart gone, its data not the caller's to read) carries its error; the others still answer.
     */
    public Run run(Principal caller, String id, Map<String, ?> filterValues, boolean refresh, AuditService.Origin origin) {
        Dashboard d = get(caller, id);
        return runAs(caller, d, filterValues, refresh, origin);
    }

    private Run runAs(Principal caller, Dashboard d, Map<String, ?> given, boolean refresh, AuditService.Origin origin) {
        Map<String, Dashboard.Filter> byName = new LinkedHashMap<>();
        d.filters().forEach(f -> byName.put(f.name(), f));
        for (String name : given.keySet()) {
            if (!byName.containsKey(name)) {
                throw AssayException.of(ErrorCode.INVALID_INPUT, "Dashboard '" + d.name() + "' has no filter '" + name + "'"
                                + (byName.isEmpty() ? "." : "; its filters: " + String.join(", ", byName.keySet()) + "."))
                        .detail("parameter", "filters." + name).build();
            }
        }
        // The value of each bound parameter: the filter's given value, else its default; checked against the filter's type.
        Map<String, List<Object>> effective = new LinkedHashMap<>();
        Map<String, Object> byParameter = new LinkedHashMap<>();
        Set<String> explicit = new HashSet<>();
        for (Dashboard.Filter f : d.filters()) {
            List<Object> values = new ArrayList<>();
            Object v = given.get(f.name());
            List<?> parts = v == null ? List.of() : v instanceof List<?> l ? l : List.of(v);
            if (parts.size() > f.parameters().size()) {
                throw AssayException.of(ErrorCode.INVALID_INPUT, "Filter '" + f.name() + "' (" + f.kind().id() + ") takes "
                        + (f.parameters().size() == 2 ? "[from, to]" : "one value") + ".").detail("parameter", "filters." + f.name()).build();
            }
            for (int i = 0; i < f.parameters().size(); i++) {
                Object value = i < parts.size() && parts.get(i) != null ? parts.get(i) : f.defaults().get(i).orElse(null);
                if (i < parts.size() && parts.get(i) != null) {
                    explicit.add(f.parameters().get(i));
                }
                Object converted;
                try {
                    converted = QueryParameter.optional(f.parameters().get(i), f.kind().type).convert(value);
                } catch (AssayException e) {
                    throw AssayException.of(ErrorCode.INVALID_INPUT, "Filter '" + f.name() + "': " + e.getMessage())
                            .detail("parameter", "filters." + f.name()).build();
                }
                values.add(converted);
                if (converted != null) {
                    byParameter.put(f.parameters().get(i), converted);
                }
            }
            effective.put(f.name(), values);
        }
        // A dashboard shows only charts its owner may still see: a chart unshared from the owner leaves every dashboard of theirs.
        // An owner who is no user of the server is the local operator who made it at the command line (a deleted user's dashboards
        // go with them), who owns the data directory; a disabled owner's dashboards show no charts.
        Optional<User> ownerUser = users.find(d.owner());
        Optional<Principal> owner = ownerUser.isEmpty() ? Optional.of(new Principal(d.owner(), Role.ADMIN, Principal.Kind.LOCAL, Optional.empty()))
                : ownerUser.filter(u -> !u.disabled()).map(u -> Principal.user(u.name(), u.role()));
        List<CardResult> out = new ArrayList<>();
        for (Dashboard.Card card : d.cards()) {
            if (card.kind() == Dashboard.CardKind.TEXT) {
                out.add(new CardResult(card, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
                continue;
            }
            Optional<SavedChart> shown = Optional.empty();
            try {
                SavedChart chart = charts.find(card.chartId().orElseThrow()).orElseThrow(() -> AssayException.of(ErrorCode.NOT_FOUND,
                        "Card '" + card.id() + "' shows chart '" + card.chartId().get() + "', which no longer exists.")
                        .detail("parameter", "cards").build());
                if (owner.isEmpty() || !charts.rights(owner.get(), chart).read()) {
                    throw AssayException.of(ErrorCode.NOT_FOUND, "Card '" + card.id() + "' shows a chart that the dashboard's owner may no "
                            + "longer see.").detail("parameter", "cards").build();
                }
                shown = Optional.of(chart);
                Map<String, Object> values = new LinkedHashMap<>();
                boolean anyExplicit = false;
                for (QueryParameter p : charts.declaredParameters(chart)) {
                    if (byParameter.containsKey(p.name())) {
                        values.put(p.name(), byParameter.get(p.name()));
                        anyExplicit |= explicit.contains(p.name()) || !p.defaultValue().map(dv -> p.convert(dv))
                                .equals(Optional.ofNullable(byParameter.get(p.name())));
                    }
                }
                // A chart whose values are its own defaults may be answered from its kept result (checked against the caller).
                SavedChartService.ChartResult r = charts.runShown(caller, chart, anyExplicit ? values : Map.of(), refresh, origin);
                Optional<Kpi> kpi = card.kind() == Dashboard.CardKind.KPI ? Optional.of(kpi(card, chart, r)) : Optional.empty();
                out.add(new CardResult(card, Optional.of(r), kpi, Optional.empty(), shown));
            } catch (AssayException e) {
                out.add(new CardResult(card, Optional.empty(), Optional.empty(), Optional.of(e), shown));
            }
        }
        return new Run(d, effective, out);
    }

    static Kpi kpi(Dashboard.Card card, SavedChart chart, SavedChartService.ChartResult r) {
        String column = card.value().or(() -> chart.spec().y().stream().findFirst()).orElseGet(() -> r.columns().isEmpty() ? ""
                : r.columns().get(r.columns().size() - 1).name());
        int at = -1;
        for (int i = 0; i < r.columns().size(); i++) {
            if (r.columns().get(i).name().equals(column)) {
                at = i;
            }
        }
        if (at < 0) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "KPI card '" + card.id() + "' shows column '" + column + "', which chart '"
                    + chart.name() + "' does not have.").detail("parameter", "cards").build();
        }
        // The current period is the row with the greatest x (dates as ISO text, numbers by value), the previous one the row before it.
        List<List<Object>> rows = new ArrayList<>(r.rows());
        int xi = -1;
        for (int i = 0; i < r.columns().size(); i++) {
            if (chart.spec().x().filter(r.columns().get(i).name()::equals).isPresent()) {
                xi = i;
            }
        }
        if (xi >= 0) {
            int x = xi;
            rows.sort(java.util.Comparator.comparing((List<Object> row) -> row.get(x), DashboardService::compareValues));
        }
        int n = rows.size();
        Optional<Double> value = n >= 1 ? number(rows.get(n - 1).get(at)) : Optional.empty();
        Optional<Double> previous = n >= 2 ? number(rows.get(n - 2).get(at)) : Optional.empty();
        Optional<Double> change = value.isPresent() && previous.isPresent() ? Optional.of(value.get() - previous.get()) : Optional.empty();
        Optional<Double> ratio = change.isPresent() && previous.get() != 0 ? Optional.of(change.get() / Math.abs(previous.get())) : Optional.empty();
        List<Double> series = new ArrayList<>();
        for (List<Object> row : rows.subList(Math.max(0, n - SPARKLINE_POINTS), n)) {
            series.add(number(row.get(at)).orElse(null));
        }
        return new Kpi(column, value, previous, change, ratio, series);
    }

    private static int compareValues(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        return a.toString().compareTo(b.toString());
    }

    private static Optional<Double> number(Object v) {
        if (v instanceof Number n) {
            return Optional.of(n.doubleValue());
        }
        if (v instanceof String s) {
            try {
                return Optional.of(Double.parseDouble(s));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    // ---- public links ----

    /** Makes a signed, expiring public link to a dashboard (its owner or an admin); the token is answered once. */
    public Link createLink(Principal caller, String id, Optional<Duration> ttl, AuditService.Origin origin) {
        Dashboard d = get(caller, id);
        requireManage(caller, d);
        Duration life = ttl.orElse(DEFAULT_LINK_TTL);
        if (life.isNegative() || life.isZero() || life.compareTo(MAX_LINK_TTL) > 0) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "A public link lives from 1 second to " + MAX_LINK_TTL.toDays() + " days.")
                    .detail("parameter", "expiresInSeconds").build();
        }
        String linkId = Ids.newId();
        Instant now = clock.instant();
        Instant expires = now.plus(life).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        store.update("INSERT INTO dashboard_links (id, dashboard_id, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                linkId, id, caller.name(), now, expires);
        audit.record(AuditService.event(caller, "dashboard.link.create").origin(origin).target(id).detail("link " + linkId + " until " + expires));
        return new Link(linkId, id, sign(linkId, expires), expires);
    }

    /** A public link as kept: never its token. */
    public record LinkInfo(String id, String createdBy, Instant createdAt, Instant expiresAt, Optional<Instant> revokedAt) {
    }

    /** The public links made to a dashboard, newest first (its owner or an admin). */
    public List<LinkInfo> links(Principal caller, String id) {
        Dashboard d = get(caller, id);
        requireManage(caller, d);
        return store.query("SELECT id, created_by, created_at, expires_at, revoked_at FROM dashboard_links WHERE dashboard_id = ? "
                        + "ORDER BY created_at DESC, id", r -> new LinkInfo(r.string("id"), r.string("created_by"), r.instant("created_at"),
                r.instant("expires_at"), r.optionalInstant("revoked_at")), id);
    }

    public void revokeLink(Principal caller, String id, String linkId, AuditService.Origin origin) {
        Dashboard d = get(caller, id);
        requireManage(caller, d);
        int n = store.update("UPDATE dashboard_links SET revoked_at = ? WHERE id = ? AND dashboard_id = ? AND revoked_at IS NULL",
                clock.instant(), linkId, id);
        if (n == 0) {
            throw AssayException.of(ErrorCode.NOT_FOUND, "Dashboard '" + d.name() + "' has no live link '" + linkId + "' to revoke.")
                    .detail("parameter", "linkId").build();
        }
        audit.record(AuditService.event(caller, "dashboard.link.revoke").origin(origin).target(id).detail("link " + linkId));
    }

    /**
     * Opens a public link without signing in: checks the token's signature and expiry, then that the link is kept and not
     * revoked, and that its dashboard and owner still are (an owner disabled or deleted ends it); runs the dashboard with its
     * default filter values as the owner, narrowed to the dashboard's own charts. Audited, refusals too.
     */
    public Run openPublic(String token, AuditService.Origin origin) {
        AuditService.Event event = AuditService.anonymous("dashboard.public").origin(origin);
        try {
            String[] parts = token == null ? new String[0] : token.split("\\.");
            if (parts.length != 3) {
                throw badLink();
            }
            String linkId = text(parts[0]);
            String expiresText = text(parts[1]);
            if (!MessageDigest.isEqual(mac(parts[0] + "." + parts[1]), Base64.getUrlDecoder().decode(parts[2]))) {
                throw badLink();
            }
            event.detail("link " + linkId);
            Instant expires = Instant.ofEpochSecond(Long.parseLong(expiresText));
            Instant now = clock.instant();
            if (!now.isBefore(expires)) {
                throw AssayException.of(ErrorCode.FORBIDDEN, "This link expired at " + expires + ".")
                        .hint("Ask the dashboard's owner for a new link.").detail("reason", "expired").build();
            }
            record LinkRow(String dashboardId, Instant expiresAt, Optional<Instant> revokedAt) {
            }
            LinkRow row = store.queryOne("SELECT dashboard_id, expires_at, revoked_at FROM dashboard_links WHERE id = ?",
                    r -> new LinkRow(r.string("dashboard_id"), r.instant("expires_at"), r.optionalInstant("revoked_at")), linkId)
                    .orElseThrow(DashboardService::badLink);
            event.target(row.dashboardId());
            if (row.revokedAt().isPresent()) {
                throw AssayException.of(ErrorCode.FORBIDDEN, "This link was revoked.").hint("Ask the dashboard's owner for a new link.")
                        .detail("reason", "revoked").build();
            }
            if (!now.isBefore(row.expiresAt())) {
                throw AssayException.of(ErrorCode.FORBIDDEN, "This link expired at " + row.expiresAt() + ".").detail("reason", "expired").build();
            }
            Dashboard d = find(row.dashboardId()).orElseThrow(DashboardService::badLink);
            User owner = users.find(d.owner()).filter(u -> !u.disabled()).orElseThrow(DashboardService::badLink);
            Principal asOwner = Principal.user(owner.name(), owner.role());
            Run run = runAs(asOwner, d, Map.of(), false, origin);
            audit.record(event.about("dashboard '" + d.name() + "' through a public link, as its owner " + owner.name()));
            return run;
        } catch (IllegalArgumentException e) {
            AssayException bad = badLink();
            audit.record(event.failed(bad));
            throw bad;
        } catch (AssayException e) {
            audit.record(event.failed(e));
            throw e;
        }
    }

    private static AssayException badLink() {
        return AssayException.of(ErrorCode.NOT_FOUND, "There is no dashboard at this link.").hint("Check the link, or ask for a new one.")
                .detail("parameter", "token").build();
    }

    private String sign(String linkId, Instant expires) {
        String payload = b64(linkId) + "." + b64(Long.toString(expires.getEpochSecond()));
        return payload + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(payload));
    }

    private byte[] mac(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(linkKey.get(), "HmacSHA256"));
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw AssayException.internal("Cannot sign with HMAC-SHA256", e);
        }
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(String b64) {
        return new String(Base64.getUrlDecoder().decode(b64), StandardCharsets.UTF_8);
    }

    private void requireManage(Principal caller, Dashboard d) {
        if (!rights(caller, d).manage()) {
            throw AssayException.of(ErrorCode.FORBIDDEN, "Only the owner of dashboard '" + d.name() + "' or an admin may delete it, change who can "
                    + "see it or make links to it.").build();
        }
    }

    // ---- checks and JSON ----

    private void check(Principal caller, Dashboard.Draft d) {
        if (d.name() == null || d.name().isBlank() || d.name().length() > 200) {
            throw ChartSpec.invalid("name", "A dashboard needs a name of 1 to 200 characters.");
        }
        if (d.description().filter(s -> s.length() > 2000).isPresent()) {
            throw ChartSpec.invalid("description", "A dashboard's description is at most 2000 characters.");
        }
        if (d.cards().size() > MAX_CARDS) {
            throw ChartSpec.invalid("cards", "A dashboard holds at most " + MAX_CARDS + " cards.");
        }
        if (d.filters().size() > MAX_FILTERS) {
            throw ChartSpec.invalid("filters", "A dashboard has at most " + MAX_FILTERS + " filters.");
        }
        Set<String> ids = new HashSet<>();
        Map<String, QueryParameter.Type> declared = new LinkedHashMap<>();
        for (int i = 0; i < d.cards().size(); i++) {
            Dashboard.Card c = d.cards().get(i);
            String at = "cards[" + i + "]";
            if (!ids.add(c.id())) {
                throw ChartSpec.invalid(at + ".id", "Card id '" + c.id() + "' is used twice.");
            }
            if (c.x() < 0 || c.y() < 0 || c.w() < 1 || c.h() < 1 || c.x() + c.w() > Dashboard.GRID_COLUMNS || c.h() > 100 || c.y() > 10_000) {
                throw ChartSpec.invalid(at, "Card '" + c.id() + "' must lie on the grid: x ≥ 0, y ≥ 0, w ≥ 1, h from 1 to 100 and x + w ≤ "
                        + Dashboard.GRID_COLUMNS + " (it is at x=" + c.x() + ", y=" + c.y() + ", w=" + c.w() + ", h=" + c.h() + ").");
            }
            for (int j = 0; j < i; j++) {
                Dashboard.Card o = d.cards().get(j);
                if (c.x() < o.x() + o.w() && o.x() < c.x() + c.w() && c.y() < o.y() + o.h() && o.y() < c.y() + c.h()) {
                    throw ChartSpec.invalid(at, "Card '" + c.id() + "' overlaps card '" + o.id() + "'.");
                }
            }
            if (c.kind() == Dashboard.CardKind.TEXT) {
                if (c.markdown().isEmpty() || c.markdown().get().length() > MAX_MARKDOWN) {
                    throw ChartSpec.invalid(at + ".markdown", "A text card needs markdown of 1 to " + MAX_MARKDOWN + " characters.");
                }
                continue;
            }
            if (c.chartId().isEmpty()) {
                throw ChartSpec.invalid(at + ".chartId", "A " + c.kind().name().toLowerCase(Locale.ROOT) + " card needs chartId: a saved chart.");
            }
            SavedChart chart;
            try {
                chart = charts.get(caller, c.chartId().get());
            } catch (AssayException e) {
                throw ChartSpec.invalid(at + ".chartId", "There is no saved chart '" + c.chartId().get() + "' that you may see.");
            }
            for (QueryParameter p : charts.declaredParameters(chart)) {
                declared.putIfAbsent(p.name(), p.type());
            }
        }
        Set<String> names = new HashSet<>();
        Set<String> bound = new HashSet<>();
        for (int i = 0; i < d.filters().size(); i++) {
            Dashboard.Filter f = d.filters().get(i);
            String at = "filters[" + i + "]";
            if (f.name() == null || !QueryParameter.NAME.matcher(f.name()).matches() || !names.add(f.name())) {
                throw ChartSpec.invalid(at + ".name", "A filter needs a name of its own: a letter or underscore, then letters, digits or underscores.");
            }
            if (f.parameters().size() != f.kind().parameters) {
                throw ChartSpec.invalid(at + ".parameters", "A " + f.kind().id() + " filter is bound to " + f.kind().parameters + " parameter"
                        + (f.kind().parameters == 1 ? "" : "s (the first day and the last)") + ".");
            }
            for (int k = 0; k < f.parameters().size(); k++) {
                String p = f.parameters().get(k);
                QueryParameter.Type t = declared.get(p);
                if (t == null) {
                    throw ChartSpec.invalid(at + ".parameters", "Filter '" + f.name() + "' is bound to parameter '" + p + "', which no chart of "
                            + "this dashboard declares" + (declared.isEmpty() ? "." : "; they declare: " + String.join(", ", declared.keySet()) + "."));
                }
                if (t != f.kind().type) {
                    throw ChartSpec.invalid(at + ".type", "Filter '" + f.name() + "' is a " + f.kind().id() + " filter, but parameter '" + p
                            + "' is a " + t.label() + "; a " + f.kind().id() + " filter sets " + f.kind().type.label() + " parameters.");
                }
                if (!bound.add(p)) {
                    throw ChartSpec.invalid(at + ".parameters", "Parameter '" + p + "' is bound by two filters.");
                }
                Optional<String> dv = f.defaults().get(k);
                if (dv.isPresent()) {
                    try {
                        QueryParameter.optional(p, t).convert(dv.get());
                    } catch (AssayException e) {
                        throw ChartSpec.invalid(at + ".default", "Filter '" + f.name() + "': " + e.getMessage());
                    }
                }
            }
        }
    }

    /** A dashboard's content from its JSON form (as the doors take it); a field that is wrong is named. */
    public static Dashboard.Draft draft(JsonNode b) {
        String name = b.path("name").isTextual() ? b.get("name").asText() : null;
        if (name == null) {
            throw ChartSpec.invalid("name", "name is required: the dashboard's name.");
        }
        Optional<String> description = b.hasNonNull("description") ? Optional.of(b.get("description").asText()) : Optional.empty();
        List<Dashboard.Card> cards = new ArrayList<>();
        JsonNode cs = b.get("cards");
        if (cs != null && !cs.isNull() && !cs.isArray()) {
            throw ChartSpec.invalid("cards", "cards must be an array of {type, x, y, w, h, ...}.");
        }
        int i = 0;
        for (JsonNode c : cs == null ? JSON.createArrayNode() : cs) {
            String at = "cards[" + i + "]";
            if (!c.isObject()) {
                throw ChartSpec.invalid(at, at + " must be an object.");
            }
            Dashboard.CardKind kind = switch (str(c, "type", at).orElse("")) {
                case "chart" -> Dashboard.CardKind.CHART;
                case "text" -> Dashboard.CardKind.TEXT;
                case "kpi" -> Dashboard.CardKind.KPI;
                default -> throw ChartSpec.invalid(at + ".type", at + ".type must be chart, text or kpi.");
            };
            cards.add(new Dashboard.Card(str(c, "id", at).orElse("c" + (i + 1)), kind, integer(c, "x", at), integer(c, "y", at),
                    integer(c, "w", at), integer(c, "h", at), str(c, "chartId", at), str(c, "markdown", at), str(c, "title", at), str(c, "value", at)));
            i++;
        }
        List<Dashboard.Filter> filters = new ArrayList<>();
        JsonNode fs = b.get("filters");
        if (fs != null && !fs.isNull() && !fs.isArray()) {
            throw ChartSpec.invalid("filters", "filters must be an array of {name, type, parameter(s), default}.");
        }
        i = 0;
        for (JsonNode f : fs == null ? JSON.createArrayNode() : fs) {
            String at = "filters[" + i + "]";
            if (!f.isObject()) {
                throw ChartSpec.invalid(at, at + " must be an object.");
            }
            Dashboard.FilterKind kind = switch (str(f, "type", at).orElse("")) {
                case "date_range" -> Dashboard.FilterKind.DATE_RANGE;
                case "category" -> Dashboard.FilterKind.CATEGORY;
                case "number" -> Dashboard.FilterKind.NUMBER;
                default -> throw ChartSpec.invalid(at + ".type", at + ".type must be date_range, category or number.");
            };
            List<String> parameters = new ArrayList<>();
            if (f.has("parameters")) {
                if (!f.get("parameters").isArray()) {
                    throw ChartSpec.invalid(at + ".parameters", at + ".parameters must be an array of parameter names.");
                }
                f.get("parameters").forEach(p -> parameters.add(p.asText()));
            } else {
                str(f, "parameter", at).ifPresent(parameters::add);
            }
            List<Optional<String>> defaults = new ArrayList<>();
            JsonNode dv = f.get("default");
            List<JsonNode> given = new ArrayList<>();
            if (dv != null && dv.isArray()) {
                dv.forEach(given::add);
            } else if (dv != null) {
                given.add(dv);
            }
            for (int k = 0; k < parameters.size(); k++) {
                JsonNode v = k < given.size() ? given.get(k) : null;
                if (v != null && !v.isNull() && !v.isValueNode()) {
                    throw ChartSpec.invalid(at + ".default", at + ".default must hold strings, numbers or booleans.");
                }
                defaults.add(v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText()));
            }
            filters.add(new Dashboard.Filter(str(f, "name", at).orElse(null), kind, parameters, defaults));
            i++;
        }
        return new Dashboard.Draft(name, description, cards, filters);
    }

    private static Optional<String> str(JsonNode o, String field, String at) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw ChartSpec.invalid(at + "." + field, at + "." + field + " must be a string.");
        }
        return Optional.of(v.asText());
    }

    private static int integer(JsonNode o, String field, String at) {
        JsonNode v = o.get(field);
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
            throw ChartSpec.invalid(at + "." + field, at + "." + field + " must be a whole number (the grid position and size).");
        }
        return v.asInt();
    }

    static String cardsJson(List<Dashboard.Card> cards) {
        ArrayNode a = JSON.createArrayNode();
        for (Dashboard.Card c : cards) {
            ObjectNode o = a.addObject().put("id", c.id()).put("type", c.kind().name().toLowerCase(Locale.ROOT))
                    .put("x", c.x()).put("y", c.y()).put("w", c.w()).put("h", c.h());
            c.chartId().ifPresent(v -> o.put("chartId", v));
            c.markdown().ifPresent(v -> o.put("markdown", v));
            c.title().ifPresent(v -> o.put("title", v));
            c.value().ifPresent(v -> o.put("value", v));
        }
        return a.toString();
    }

    static String filtersJson(List<Dashboard.Filter> filters) {
        ArrayNode a = JSON.createArrayNode();
        for (Dashboard.Filter f : filters) {
            ObjectNode o = a.addObject().put("name", f.name()).put("type", f.kind().id());
            ArrayNode ps = o.putArray("parameters");
            f.parameters().forEach(ps::add);
            ArrayNode ds = o.putArray("default");
            f.defaults().forEach(d -> {
                if (d.isPresent()) {
                    ds.add(d.get());
                } else {
                    ds.addNull();
                }
            });
        }
        return a.toString();
    }

    private static Dashboard map(MetadataStore.Row r) throws SQLException {
        try {
            ObjectNode body = JSON.createObjectNode().put("name", r.string("name"));
            body.set("cards", JSON.readTree(r.string("cards_json")));
            body.set("filters", JSON.readTree(r.string("filters_json")));
            Dashboard.Draft d = draft(body);
            return new Dashboard(r.string("id"), r.string("owner"), r.string("name"), r.optionalString("description"), d.cards(), d.filters(),
                    r.instant("created_at"), r.instant("updated_at"));
        } catch (JsonProcessingException e) {
            throw new SQLException("a dashboard's cards or filters are not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
