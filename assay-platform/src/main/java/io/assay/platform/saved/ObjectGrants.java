package io.assay.platform.saved;

import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.platform.auth.Principal;
import io.assay.platform.auth.Role;
import io.assay.platform.auth.UserService;
import io.assay.platform.store.MetadataStore;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Who else may read or change an owned object (a saved chart, a dashboard): grants to a user (kept by the user's stable id,
 * as dataset grants are, so a user deleted and made again under the same name starts with nothing), to everyone
 * ({@code *}) or to a role ({@code role:viewer}, {@code role:analyst}, {@code role:admin}: every user whose effective role
 * includes it). The owner is not a grant: it is the object's {@code owner}. A viewer never changes anything, whatever it
 * was granted. The table is one of this module's own, never a caller's text.
 */
public final class ObjectGrants {

    /** The grantee that stands for every user. */
    public static final String EVERYONE = "*";
    private static final String ROLE = "role:";

    /** What a grant allows. */
    public enum Access {
        READ, WRITE;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Access parse(String s) {
            for (Access a : values()) {
                if (a.id().equalsIgnoreCase(s == null ? "" : s.strip())) {
                    return a;
                }
            }
            throw AssayException.of(ErrorCode.INVALID_INPUT, "'" + s + "' is not an access level.")
                    .hint("Give read or write.").detail("parameter", "access").build();
        }
    }

    /** One grant, by the grantee's user name, {@code *} or {@code role:<role>}. */
    public record Grant(String grantee, Access access) {
    }

    private final MetadataStore store;
    private final UserService users;
    private final Clock clock;
    private final String table;
    private final String idColumn;
    private final String what;

    ObjectGrants(MetadataStore store, UserService users, Clock clock, String table, String idColumn, String what) {
        this.store = store;
        this.users = users;
        this.clock = clock;
        this.table = table;
        this.idColumn = idColumn;
        this.what = what;
    }

    /** The grantee keys that apply to the caller: everyone, the caller's id, and each role the caller's effective role includes. */
    List<Object> keysOf(Principal p) {
        List<Object> keys = new ArrayList<>();
        keys.add(EVERYONE);
        keys.add(users.idOf(p.name()).orElse("\u0000no-user"));
        for (Role r : Role.values()) {
            if (p.role().includes(r)) {
                keys.add(ROLE + r.id());
            }
        }
        return keys;
    }

    /** {@code ?, ?, ...} for the keys of {@link #keysOf}. */
    static String marks(List<Object> keys) {
        return String.join(", ", java.util.Collections.nCopies(keys.size(), "?"));
    }

    /** The SQL condition (on the owning table's {@code id} column) for objects shared with the keys, with {@link #marks}. */
    String sharedCondition(List<Object> keys) {
        return "id IN (SELECT " + idColumn + " FROM " + table + " WHERE grantee IN (" + marks(keys) + "))";
    }

    /**
     * A page of the objects of {@code objects} (a table with {@code id}, {@code owner}, {@code name} and
     * {@code description}) the caller may see: owned, shared with them, a role of theirs or everyone (all, for admins);
     * whose name or description holds {@code q}, without regard to case; by name and id, after {@code afterId}.
     */
    <T> List<T> visible(Principal caller, String objects, String columns, Optional<String> q, Optional<String> afterId, int limit,
                        MetadataStore.RowMapper<T> mapper) {
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        if (!caller.isAdmin()) {
            List<Object> keys = keysOf(caller);
            where.append(" AND (owner = ? OR ").append(sharedCondition(keys)).append(")");
            params.add(caller.name());
            params.addAll(keys);
        }
        Optional<String> text = q.map(String::strip).filter(s -> !s.isEmpty());
        if (text.isPresent()) {
            String like = "%" + text.get().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            where.append(" AND (LOWER(name) LIKE ? ESCAPE '\\' OR LOWER(COALESCE(description, '')) LIKE ? ESCAPE '\\')");
            params.add(like);
            params.add(like);
        }
        if (afterId.isPresent()) {
            where.append(" AND (name > (SELECT name FROM ").append(objects).append(" WHERE id = ?) OR (name = (SELECT name FROM ")
                    .append(objects).append(" WHERE id = ?) AND id > ?))");
            params.addAll(List.of(afterId.get(), afterId.get(), afterId.get()));
        }
        return store.query("SELECT " + columns + " FROM " + objects + where + " ORDER BY name, id LIMIT " + Math.max(1, limit), mapper,
                params.toArray());
    }

    /** The highest access granted to the caller on the object, if any (an owner's or admin's rights are the caller's to check). */
    public Optional<Access> granted(Principal p, String objectId) {
        List<Object> keys = keysOf(p);
        List<Object> params = new ArrayList<>();
        params.add(objectId);
        params.addAll(keys);
        return store.query("SELECT access FROM " + table + " WHERE " + idColumn + " = ? AND grantee IN (" + marks(keys) + ")",
                r -> Access.valueOf(r.string("access").toUpperCase(Locale.ROOT)), params.toArray()).stream().max(Enum::compareTo);
    }

    public List<Grant> list(String objectId) {
        return store.query("SELECT g.grantee, g.access, u.name AS user_name FROM " + table + " g LEFT JOIN users u ON u.id = g.grantee WHERE g."
                + idColumn + " = ? ORDER BY g.grantee", r -> new Grant(r.optionalString("user_name").orElse(r.string("grantee")),
                Access.valueOf(r.string("access").toUpperCase(Locale.ROOT))), objectId);
    }

    /** Grants {@code access} to {@code grantee} (a user name, {@code *} or {@code role:<role>}), replacing an earlier grant. */
    public Grant grant(String objectId, String owner, String grantee, Access access) {
        String key = key(grantee, true);
        if (grantee.equals(owner)) {
            throw AssayException.of(ErrorCode.CONFLICT, grantee + " owns this " + what + " already.").detail("parameter", "grantee").build();
        }
        store.inTransaction(tx -> {
            tx.update("DELETE FROM " + table + " WHERE " + idColumn + " = ? AND grantee = ?", objectId, key);
            tx.update("INSERT INTO " + table + " (" + idColumn + ", grantee, access, granted_at) VALUES (?, ?, ?, ?)",
                    objectId, key, access.id(), clock.instant());
            return null;
        });
        return new Grant(grantee, access);
    }

    public void revoke(String objectId, String grantee) {
        int n = store.update("DELETE FROM " + table + " WHERE " + idColumn + " = ? AND grantee = ?", objectId, key(grantee, false));
        if (n == 0) {
            throw AssayException.of(ErrorCode.NOT_FOUND, grantee + " has no grant on this " + what + " to revoke.")
                    .detail("parameter", "grantee").build();
        }
    }

    void deleted(String objectId) {
        store.update("DELETE FROM " + table + " WHERE " + idColumn + " = ?", objectId);
    }

    private String key(String grantee, boolean mustExist) {
        String g = grantee == null ? "" : grantee.strip();
        if (g.equals(EVERYONE)) {
            return EVERYONE;
        }
        if (g.toLowerCase(Locale.ROOT).startsWith(ROLE)) {
            return ROLE + Role.parse(g.substring(ROLE.length()), "grantee").id();
        }
        if (g.isEmpty()) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "Name a grantee: a user's name, * for everyone or role:viewer, role:analyst "
                    + "or role:admin.").detail("parameter", "grantee").build();
        }
        return mustExist ? users.require(g).id() : users.idOf(g).orElse("\u0000no-user");
    }
}
