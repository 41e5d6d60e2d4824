package io.assay.platform.saved;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.assay.engine.AssayException;
import io.assay.engine.Dialect;
import io.assay.engine.ErrorCode;
import io.assay.platform.audit.AuditService;
import io.assay.platform.auth.Principal;
import io.assay.platform.auth.Role;
import io.assay.platform.query.QueryRequest;
import io.assay.platform.store.Ids;
import io.assay.platform.store.MetadataStore;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Saved queries: each user's own; analysts and admins save, everyone reads their own (admins: all). A saved
 * query may declare typed parameters for the {@code {{name}}} placeholders of its SQL; a run gives their values,
 * which are bound as engine parameters (see {@link SqlTemplate}).
 */
public final class SavedQueryService {

    private static final int MAX_SQL = 100_000;
    private static final int MAX_PARAMETERS = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MetadataStore store;
    private final Dialect dialect;
    private final Clock clock;

    /** {@code dialect} is the warehouse's: the one its bind parameters are cast in. */
    public SavedQueryService(MetadataStore store, Dialect dialect, Clock clock) {
        this.store = store;
        this.dialect = dialect;
        this.clock = clock;
    }

    /** A saved query with values bound to its parameters, ready for the query pipeline. */
    public record Prepared(SavedQuery query, SqlTemplate.Bound bound) {

        /** The query to run, with the SQL's placeholders as bind parameters and their values. */
        public QueryRequest request(Optional<Duration> timeout, OptionalLong maxRows) {
            return new QueryRequest(bound.sql(), timeout, maxRows, bound.params());
        }

        /**
         * The audit record of the run: a query run whose target is the saved query, with the values it was given
         * (kept when the run fails too).
         */
        public AuditService.Event event(Principal caller, AuditService.Origin origin) {
            String about = "saved query '" + query.name() + "'"
                    + (bound.values().isEmpty() ? "" : "; parameters " + SqlTemplate.describe(bound.values()));
            return AuditService.event(caller, "query.run").origin(origin).target(query.id()).about(about);
        }
    }

    public SavedQuery create(Principal caller, String name, String sql, Optional<String> description, List<QueryParameter> parameters) {
        caller.require(Role.ANALYST, "save queries");
        check(name, sql, parameters);
        String id = Ids.newId();
        Instant now = clock.instant();
        store.update("INSERT INTO saved_queries (id, owner, name, sql_text, description, parameters_json, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                id, caller.name(), name.strip(), sql, description, toJson(parameters), now, now);
        return get(caller, id);
    }

    /**
     * The saved query {@code id} with {@code values} bound to its parameters (by name; a value is text from a command
     * line, or a JSON scalar). Refuses a name it does not declare, a value that is not of the parameter's type and a
     * required parameter left without a value.
     */
    public Prepared prepare(Principal caller, String id, Map<String, ?> values) {
        SavedQuery q = get(caller, id);
        return new Prepared(q, SqlTemplate.parse(q.sql()).bind(q.parameters(), values, dialect));
    }

    /** The saved query {@code id} whoever owns it, for the platform's own use (a chart shared with others runs its query). */
    Optional<SavedQuery> find(String id) {
        return store.queryOne("SELECT * FROM saved_queries WHERE id = ?", SavedQueryService::map, id);
    }

    public List<SavedQuery> list(Principal caller, Optional<String> afterId, int limit) {
        String page = afterId.isPresent() ? " AND (name > (SELECT name FROM saved_queries WHERE id = ?) OR "
                + "(name = (SELECT name FROM saved_queries WHERE id = ?) AND id > ?))" : "";
        Object[] cursor = afterId.isPresent() ? new Object[] {afterId.get(), afterId.get(), afterId.get()} : new Object[0];
        String order = " ORDER BY name, id LIMIT " + Math.max(1, limit);
        if (caller.isAdmin()) {
            return store.query("SELECT * FROM saved_queries WHERE 1 = 1" + page + order, SavedQueryService::map, cursor);
        }
        Object[] params = new Object[cursor.length + 1];
        params[0] = caller.name();
        System.arraycopy(cursor, 0, params, 1, cursor.length);
        return store.query("SELECT * FROM saved_queries WHERE owner = ?" + page + order, SavedQueryService::map, params);
    }

    public SavedQuery get(Principal caller, String id) {
        Optional<SavedQuery> q = store.queryOne("SELECT * FROM saved_queries WHERE id = ?", SavedQueryService::map, id);
        if (q.isEmpty() || (!caller.isAdmin() && !q.get().owner().equals(caller.name()))) {
            throw AssayException.of(ErrorCode.NOT_FOUND, "There is no saved query with id '" + id + "'.")
                    .hint("List your saved queries to find its id.").remedy("list", "what", "saved-queries").detail("parameter", "id").build();
        }
        return q.get();
    }

    public SavedQuery update(Principal caller, String id, String name, String sql, Optional<String> description,
                             List<QueryParameter> parameters) {
        get(caller, id);
        caller.require(Role.ANALYST, "change saved queries");
        check(name, sql, parameters);
        store.update("UPDATE saved_queries SET name = ?, sql_text = ?, description = ?, parameters_json = ?, updated_at = ? WHERE id = ?",
                name.strip(), sql, description, toJson(parameters), clock.instant(), id);
        return get(caller, id);
    }

    public void delete(Principal caller, String id) {
        get(caller, id);
        caller.require(Role.ANALYST, "delete saved queries");
        store.update("DELETE FROM saved_queries WHERE id = ?", id);
    }

    private static void check(String name, String sql, List<QueryParameter> parameters) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "A saved query needs a name of 1 to 200 characters.")
                    .detail("parameter", "name").build();
        }
        if (sql == null || sql.isBlank() || sql.length() > MAX_SQL) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "A saved query needs SQL text of 1 to " + MAX_SQL + " characters.")
                    .detail("parameter", "sql").build();
        }
        if (parameters.size() > MAX_PARAMETERS) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "A saved query takes at most " + MAX_PARAMETERS + " parameters.")
                    .detail("parameter", "parameters").build();
        }
        SqlTemplate.parse(sql).checkDeclared(parameters);
    }

    static String toJson(List<QueryParameter> parameters) {
        if (parameters.isEmpty()) {
            return null;
        }
        ArrayNode all = JSON.createArrayNode();
        for (QueryParameter p : parameters) {
            ObjectNode o = all.addObject().put("name", p.name()).put("type", p.type().label()).put("required", p.required());
            p.defaultValue().ifPresent(d -> o.put("default", d));
        }
        return all.toString();
    }

    static List<QueryParameter> parameters(Optional<String> json) throws SQLException {
        if (json.isEmpty()) {
            return List.of();
        }
        try {
            List<QueryParameter> out = new ArrayList<>();
            for (JsonNode p : JSON.readTree(json.get())) {
                String name = p.path("name").asText();
                out.add(new QueryParameter(name, QueryParameter.Type.of(p.path("type").asText(), name),
                        p.hasNonNull("default") ? Optional.of(p.get("default").asText()) : Optional.empty(), p.path("required").asBoolean()));
            }
            return out;
        } catch (JsonProcessingException e) {
            throw new SQLException("saved query parameters are not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static SavedQuery map(MetadataStore.Row r) throws SQLException {
        return new SavedQuery(r.string("id"), r.string("owner"), r.string("name"), r.string("sql_text"), r.optionalString("description"),
                parameters(r.optionalString("parameters_json")), r.instant("created_at"), r.instant("updated_at"));
    }
}
