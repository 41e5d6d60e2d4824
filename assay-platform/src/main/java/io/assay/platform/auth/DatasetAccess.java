package io.assay.platform.auth;

import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.platform.store.MetadataStore;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Who may read or write each dataset. The user who imports a dataset owns it; owners and admins grant
 * {@code read} or {@code write} to a user, or to {@code *} (everyone). Datasets made at the command
 * line have no owner: only admins see them until one grants them.
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

    /** One grant. */
    public record Grant(String grantee, Access access) {
    }

    private final MetadataStore store;
    private final UserService users;
    private final Clock clock;

    public DatasetAccess(MetadataStore store, UserService users, Clock clock) {
        this.store = store;
        this.users = users;
        this.clock = clock;
    }

    public boolean canRead(Principal p, String dataset) {
        return p.isAdmin() || !grantsFor(p, dataset).isEmpty();
    }

    public boolean canWrite(Principal p, String dataset) {
        return p.isAdmin() || grantsFor(p, dataset).stream().anyMatch(a -> a != Access.READ);
    }

    /** The access level the caller has, or empty. */
    public Optional<Access> accessOf(Principal p, String dataset) {
        if (p.isAdmin()) {
            return Optional.of(Access.OWNER);
        }
        return grantsFor(p, dataset).stream().max(Enum::compareTo);
    }

    /** The datasets the caller may read by grant or ownership (an admin may read all, whatever this says). */
    public Set<String> readable(Principal p) {
        return new HashSet<>(store.query("SELECT DISTINCT dataset FROM dataset_access WHERE grantee IN (?, ?)",
                r -> r.string("dataset"), p.name(), EVERYONE));
    }

    public Optional<String> owner(String dataset) {
        return store.queryOne("SELECT grantee FROM dataset_access WHERE dataset = ? AND access = 'owner'", r -> r.string("grantee"), dataset);
    }

    public List<Grant> grants(String dataset) {
        return store.query("SELECT grantee, access FROM dataset_access WHERE dataset = ? ORDER BY grantee",
                r -> new Grant(r.string("grantee"), Access.valueOf(r.string("access").toUpperCase(Locale.ROOT))), dataset);
    }

    /** Records who made a new dataset (command-line callers own nothing: the data directory is theirs). */
    public void created(Principal by, String dataset) {
        store.inTransaction(tx -> {
            tx.update("DELETE FROM dataset_access WHERE dataset = ?", dataset);
            if (by.kind() != Principal.Kind.LOCAL) {
                tx.update("INSERT INTO dataset_access (dataset, grantee, access, granted_at) VALUES (?, ?, 'owner', ?)",
                        dataset, by.name(), clock.instant());
            }
            return null;
        });
    }

    public void deleted(String dataset) {
        store.update("DELETE FROM dataset_access WHERE dataset = ?", dataset);
    }

    /** Grants {@code access} on a dataset; only its owner or an admin may. */
    public Grant grant(Principal by, String dataset, String grantee, Access access) {
        requireOwner(by, dataset);
        if (!grantee.equals(EVERYONE)) {
            users.require(grantee);
        }
        if (owner(dataset).filter(grantee::equals).isPresent()) {
            throw AssayException.of(ErrorCode.CONFLICT, grantee + " owns " + dataset + " already.")
                    .detail("parameter", "grantee").build();
        }
        store.inTransaction(tx -> {
            tx.update("DELETE FROM dataset_access WHERE dataset = ? AND grantee = ?", dataset, grantee);
            tx.update("INSERT INTO dataset_access (dataset, grantee, access, granted_at) VALUES (?, ?, ?, ?)",
                    dataset, grantee, access, clock.instant());
            return null;
        });
        return new Grant(grantee, access);
    }

    public void revoke(Principal by, String dataset, String grantee) {
        requireOwner(by, dataset);
        int n = store.update("DELETE FROM dataset_access WHERE dataset = ? AND grantee = ? AND access <> 'owner'", dataset, grantee);
        if (n == 0) {
            throw AssayException.of(ErrorCode.NOT_FOUND, grantee + " has no grant on " + dataset + " to revoke.")
                    .detail("parameter", "grantee").build();
        }
    }

    private void requireOwner(Principal by, String dataset) {
        if (!by.isAdmin() && owner(dataset).filter(by.name()::equals).isEmpty()) {
            throw AssayException.of(ErrorCode.FORBIDDEN, "Only the owner of " + dataset + " or an admin may change who can use it.")
                    .build();
        }
    }

    private List<Access> grantsFor(Principal p, String dataset) {
        return store.query("SELECT access FROM dataset_access WHERE dataset = ? AND grantee IN (?, ?)",
                r -> Access.valueOf(r.string("access").toUpperCase(Locale.ROOT)), dataset, p.name(), EVERYONE);
    }
}
