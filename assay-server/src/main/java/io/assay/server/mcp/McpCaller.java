package io.assay.server.mcp;

import io.assay.platform.audit.AuditService;
import io.assay.platform.auth.Principal;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpSyncServerExchange;

import java.util.Optional;

/**
 * Who calls a tool: over stdio the one principal the process runs as; over HTTP the principal the bearer
 * token of that very request proved, put into the transport context by {@link McpHttp}.
 */
@FunctionalInterface
public interface McpCaller {

    /** Key of the principal in the transport context. */
    String PRINCIPAL = "assay.principal";
    /** Key of the request's audit origin in the transport context. */
    String ORIGIN = "assay.origin";

    Optional<Principal> of(McpSyncServerExchange exchange);

    /** The request's origin for the audit log (remote address), when the transport knows it. */
    default AuditService.Origin origin(McpSyncServerExchange exchange) {
        McpTransportContext ctx = exchange == null ? null : exchange.transportContext();
        Object o = ctx == null ? null : ctx.get(ORIGIN);
        return o instanceof AuditService.Origin origin ? origin : AuditService.Origin.NONE;
    }

    /**
     * True when this door only reads for the caller: tools that change something (not annotated read-only) are
     * refused, whatever the caller's role.
     */
    default boolean readOnly(McpSyncServerExchange exchange) {
        return false;
    }

    /** Always the same principal, read-only: the local operator over stdio, unless {@code --as} names a user. */
    static McpCaller readOnly(Principal principal) {
        Optional<Principal> p = Optional.of(principal);
        return new McpCaller() {
            @Override
            public Optional<Principal> of(McpSyncServerExchange exchange) {
                return p;
            }

            @Override
            public boolean readOnly(McpSyncServerExchange exchange) {
                return true;
            }
        };
    }

    /** Always the same principal: a process of its own (stdio). */
    static McpCaller fixed(Principal principal) {
        Optional<Principal> p = Optional.of(principal);
        return exchange -> p;
    }

    /** The principal of the current HTTP request. */
    static McpCaller fromTransport() {
        return exchange -> {
            McpTransportContext ctx = exchange == null ? null : exchange.transportContext();
            Object p = ctx == null ? null : ctx.get(PRINCIPAL);
            return p instanceof Principal principal ? Optional.of(principal) : Optional.empty();
        };
    }
}
