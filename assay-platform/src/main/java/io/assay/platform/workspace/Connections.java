package io.assay.platform.workspace;

import io.assay.engine.AssayException;
import io.assay.platform.audit.AuditService;
import io.assay.platform.auth.Principal;
import io.assay.platform.auth.Role;
import io.assay.platform.connect.Connection;
import io.assay.platform.connect.ConnectionCheck;
import io.assay.platform.connect.ConnectionService;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The named connections to the users' own databases, as every door offers them: an admin's business
 * (a connection reaches a database with its own credentials), each change and check audited. Passwords
 * are stored encrypted and never shown.
 */
public final class Connections {

    private final ConnectionService connections;
    private final AuditService audit;

    Connections(ConnectionService connections, AuditService audit) {
        this.connections = connections;
        this.audit = audit;
    }

    public List<Connection> list(Principal caller) {
        caller.require(Role.ADMIN, "see the connections");
        return connections.list();
    }

    /** Adds a connection after checking that it works. */
    public Connection add(Principal caller, String name, String jdbcUrl, Optional<String> user, Optional<String> password,
                          AuditService.Origin origin) {
        return audited(caller, "connection.add", name, origin, () -> connections.add(name, jdbcUrl, user, password));
    }

    /** Checks that a connection works: round trip and server version. */
    public ConnectionCheck test(Principal caller, String name, AuditService.Origin origin) {
        return audited(caller, "connection.test", name, origin, () -> connections.test(name));
    }

    public void remove(Principal caller, String name, AuditService.Origin origin) {
        audited(caller, "connection.remove", name, origin, () -> {
            connections.remove(name);
            return null;
        });
    }

    private <T> T audited(Principal caller, String action, String name, AuditService.Origin origin, Supplier<T> work) {
        AuditService.Event event = AuditService.event(caller, action).target(name).origin(origin);
        try {
            caller.require(Role.ADMIN, "manage connections");
            T result = work.get();
            audit.record(event);
            return result;
        } catch (AssayException e) {
            audit.record(event.failed(e));
            throw e;
        }
    }
}
