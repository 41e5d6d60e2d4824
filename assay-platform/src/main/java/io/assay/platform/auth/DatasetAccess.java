package io.assay.platform.auth;

import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.platform.catalog.DatasetName;
import io.assay.platform.store.MetadataStore;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The one place that decides who may read, write and share each dataset. Every decision uses the
 * caller's <em>effective</em> role ({@link Principal#role()}: the user's role, narrowed by the scope
 * of the token used), then the grants:
 * <ul>
 *   <li>read: an admin, or a grant of any level to the caller or to everyone;</li>
 *   <li>write (append, replace, delete): an analyst or admin by role, and an admin or a
 *       {@code write}/{@code owner} grant &mdash; a viewer never writes, whatever it was granted;</li>
 *   <li>share (grant, revoke): an analyst or admin by role, and an admin or the owner.</li>
 * </ul>
 * The user who imports a dataset owns it. Grants name users by their stable id, so deleting a user
 * takes their grants and ownership with them, and a new user of the same name starts with nothing.
 * Datasets made at the command line, and those whose owner was deleted, have no owner: only admins
 * see them until one grants them.
 */
public final class DatasetAccess {

    /** The grantee that stands for every user. */
    public static final String EVERYONE = "*";

    /** What a grant allows. */
    public enum Access {
        READ, WRITE, OWNER;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Access parse(String s) {
            try {
                Access a = valueOf(s.trim().toUpperCase(Locale.ROOT));
                if (a == OWNER) {
                    throw new IllegalArgumentException();
                }
                return a;
            } catch (RuntimeException e) {
                throw AssayException.of(ErrorCode.INVALID_INPUT, "'" + s + "' is not an access level.")
                        .hint("Give read or write.").detail("parameter", "access").build();
            }
        }
    }

    /** One grant, by the grantee's user name ({@code *} for everyone). */
    public record Grant(String grantee, Access access) {
    }

    /** Grants joined to the users they name; a grant to everyone has no user. */
    private static final String GRANTS = "SELECT g.dataset, g.access, g.grantee_id, u.name AS grantee_name "
            + "FROM dataset_grants g LEFT JOIN users u ON u.id = g.grantee_id ";

    private final MetadataStore store;
    private final UserService users;
    private final Clock clock;

    public DatasetAccess(MetadataStore store, UserService users, Clock clock) {
        this.store = store;
        this.users = users;
        this.clock = clock;
    }

    public boolean canRead(Principal p, DatasetName dataset) {
        return p.isAdmin() || !grantsFor(p, dataset).isEmpty();
    }

    public boolean canWrite(Principal p, DatasetName dataset) {
        return p.role().includes(Role.ANALYST)
                && (p.isAdmin() || grantsFor(p, dataset).stream().anyMatch(a -> a != Access.READ));
    }

    /** True when the caller may grant and revoke access to the dataset. */
    public boolean canShare(Principal p, DatasetName dataset) {
        return p.role().includes(Role.ANALYST) && (p.isAdmin() || grantsFor(p, dataset).contains(Access.OWNER));
    }

    /** The access level the caller has, or empty; a viewer's write grant counts as read. */
    public Optional<Access> accessOf(Principal p, DatasetName dataset) {
        if (p.isAdmin()) {
            return Optional.of(Access.OWNER);
        }
        Optional<Access> granted = grantsFor(p, dataset).stream().max(Enum::compareTo);
        return p.role().includes(Role.ANALYST) ? granted : granted.map(a -> Access.READ);
    }

    /** The datasets the caller may read by grant or ownership (an admin may read all, whatever this says). */
    public Set<String> readable(Principal p) {
        return new HashSet<>(store.query("SELECT DISTINCT g.dataset FROM dataset_grants g LEFT JOIN users u ON u.id = g.grantee_id "
                + "WHERE g.grantee_id = ? OR u.name = ?", r -> r.string("dataset"), EVERYONE, p.name()));
    }

    /** The name of the dataset's owner, if it has one. */
    public Optional<String> owner(DatasetName dataset) {
        return store.queryOne(GRANTS + "WHERE g.dataset = ? AND g.access = 'owner'", r -> r.optionalString("grantee_name"), dataset.value())
                .flatMap(o -> o);
    }

    public List<Grant> grants(DatasetName dataset) {
        return store.query(GRANTS + "WHERE g.dataset = ? ORDER BY u.name NULLS FIRST", r -> new Grant(
                r.optionalString("grantee_name").orElse(EVERYONE), Access.valueOf(r.string("access").toUpperCase(Locale.ROOT))), dataset.value());
    }

    /**
     * Records who made a new (or replaced) dataset: its grants start afresh with the maker as owner.
     * Command-line callers own nothing: the data directory is theirs.
     */
    public void created(Principal by, DatasetName dataset) {
        Optional<String> owner = by.kind() == Principal.Kind.LOCAL ? Optional.empty() : users.idOf(by.name());
        store.inTransaction(tx -> {
            tx.update("DELETE FROM dataset_grants WHERE dataset = ?", dataset.value());
            if (owner.isPresent()) {
                tx.update("INSERT INTO dataset_grants (dataset, grantee_id, access, granted_at) VALUES (?, ?, 'owner', ?)",
                        dataset.value(), owner.get(), clock.instant());
            }
            return null;
        });
    }

    public void deleted(DatasetName dataset) {
        store.update("DELETE FROM dataset_grants WHERE dataset = ?", dataset.value());
    }

    /** Grants {@code access} on a dataset; only its owner or an admin may. */
    public Grant grant(Principal by, DatasetName dataset, String grantee, Access access) {
        requireShare(by, dataset);
        String granteeId = grantee.equals(EVERYONE) ? EVERYONE : users.require(grantee).id();
        if (owner(dataset).filter(grantee::equals).isPresent()) {
            throw AssayException.of(ErrorCode.CONFLICT, grantee + " owns " + dataset + " already.")
                    .detail("parameter", "grantee").build();
        }
        store.inTransaction(tx -> {
            tx.update("DELETE FROM dataset_grants WHERE dataset = ? AND grantee_id = ?", dataset.value(), granteeId);
            tx.update("INSERT INTO dataset_grants (dataset, grantee_id, access, granted_at) VALUES (?, ?, ?, ?)",
                    dataset.value(), granteeId, access, clock.instant());
            return null;
        });
        return new Grant(grantee, access);
    }

    public void revoke(Principal by, DatasetName dataset, String grantee) {
        requireShare(by, dataset);
        String granteeId = grantee.equals(EVERYONE) ? EVERYONE : users.idOf(grantee).orElse("");
        int n = store.update("DELETE FROM dataset_grants WHERE dataset = ? AND grantee_id = ? AND access <> 'owner'", dataset.value(), granteeId);
        if (n == 0) {
            throw AssayException.of(ErrorCode.NOT_FOUND, grantee + " has no grant on " + dataset + " to revoke.")
                    .detail("parameter", "grantee").build();
        }
    }

    private void requireShare(Principal by, DatasetName dataset) {
        if (!canShare(by, dataset)) {
            throw AssayException.of(ErrorCode.FORBIDDEN, "Only the owner of " + dataset + " or an admin may change who can use it"
                            + (by.role().includes(Role.ANALYST) ? "." : "; " + by.name() + " acts as a viewer here."))
                    .build();
        }
    }

    private List<Access> grantsFor(Principal p, DatasetName dataset) {
        return store.query(GRANTS + "WHERE g.dataset = ? AND (g.grantee_id = ? OR u.name = ?)",
                r -> Access.valueOf(r.string("access").toUpperCase(Locale.ROOT)), dataset.value(), EVERYONE, p.name());
    }
}
