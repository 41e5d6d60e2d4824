package io.assay.platform.saved;

import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.platform.auth.Principal;
import io.assay.platform.auth.Role;
import io.assay.platform.store.Ids;
import io.assay.platform.store.MetadataStore;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Saved queries: each user's own; analysts and admins save, everyone reads their own (admins: all). */
public final class SavedQueryService {

    private static final int MAX_SQL = 100_000;

    private final MetadataStore store;
    private final Clock clock;

    public SavedQueryService(MetadataStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public SavedQuery create(Principal caller, String name, String sql, Optional<String> description) {
        caller.require(Role.ANALYST, "save queries");
        check(name, sql);
        String id = Ids.newId();
        Instant now = clock.instant();
        store.update("INSERT INTO saved_queries (id, owner, name, sql_text, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                id, caller.name(), name.strip(), sql, description, now, now);
        return get(caller, id);
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

    public SavedQuery update(Principal caller, String id, String name, String sql, Optional<String> description) {
        get(caller, id);
        caller.require(Role.ANALYST, "change saved queries");
        check(name, sql);
        store.update("UPDATE saved_queries SET name = ?, sql_text = ?, description = ?, updated_at = ? WHERE id = ?",
                name.strip(), sql, description, clock.instant(), id);
        return get(caller, id);
    }

    public void delete(Principal caller, String id) {
        get(caller, id);
        caller.require(Role.ANALYST, "delete saved queries");
        store.update("DELETE FROM saved_queries WHERE id = ?", id);
    }

    private static void check(String name, String sql) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "A saved query needs a name of 1 to 200 characters.")
                    .detail("parameter", "name").build();
        }
        if (sql == null || sql.isBlank() || sql.length() > MAX_SQL) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "A saved query needs SQL text of 1 to " + MAX_SQL + " characters.")
                    .detail("parameter", "sql").build();
        }
    }

    private static SavedQuery map(MetadataStore.Row r) throws SQLException {
        return new SavedQuery(r.string("id"), r.string("owner"), r.string("name"), r.string("sql_text"), r.optionalString("description"),
                r.instant("created_at"), r.instant("updated_at"));
    }
}
