package io.assay.server.mcp;

import io.assay.platform.connect.Connection;
import io.assay.platform.connect.ConnectionCheck;
import io.assay.platform.workspace.Workspace;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.assay.server.mcp.Schemas.array;
import static io.assay.server.mcp.Schemas.object;
import static io.assay.server.mcp.Schemas.string;

/**
 * The connections to the users' own databases, read-only, for admins (as on every door: a connection reaches a database
 * with its own credentials): list them, and check that one works. Adding and removing one stay with people (the command
 * line, REST, the web page). Passwords are never shown: the platform keeps them encrypted and blanks any in a URL.
 */
final class ConnectionTools {

    private final Workspace ws;
    private final McpCaller callers;

    ConnectionTools(Workspace ws, McpCaller callers) {
        this.ws = ws;
        this.callers = callers;
    }

    List<McpServerFeatures.SyncToolSpecification> tools() {
        return List.of(listConnections(), testConnection());
    }

    private McpServerFeatures.SyncToolSpecification listConnections() {
        Map<String, Object> item = object()
                .req("name", string("the connection's name"))
                .req("kind", string("the database it reaches: postgresql, mysql or mariadb"))
                .req("url", string("its JDBC URL, with any password blanked"))
                .prop("user", Schemas.nullable("string", "the user it connects as, null when none was given"))
                .req("createdAt", string("when it was added (ISO-8601)")).build();
        return McpTool.of(ws, callers, "list_connections", "List connections",
                "Lists the connections to other databases (PostgreSQL, MySQL, MariaDB) that an admin added to Assay: name, kind, "
                        + "JDBC URL (passwords never shown) and user. Admins only. Their tables become datasets when imported by a "
                        + "person (assay import CONNECTION.schema.table); run_query reads datasets, not these databases.",
                object().build(), object().req("connections", array("the connections", item)).build(),
                McpTool.annotations("List connections", true, false, true), call -> {
                    List<Map<String, Object>> out = new ArrayList<>();
                    StringBuilder text = new StringBuilder();
                    for (Connection c : ws.connections().list(call.caller())) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("name", c.name());
                        m.put("kind", c.kind());
                        m.put("url", c.url());
                        m.put("user", c.user().orElse(null));
                        m.put("createdAt", c.createdAt().toString());
                        out.add(m);
                        text.append(c.name()).append(": ").append(c.kind()).append(", ").append(c.url())
                                .append(c.user().map(u -> " as " + u).orElse("")).append('\n');
                    }
                    if (out.isEmpty()) {
                        text.append("There are no connections. An admin adds one with assay connect add or POST /api/v1/connections.");
                    }
                    return McpTool.Answer.of(text.toString().strip(), Map.of("connections", out)).rows(out.size());
                });
    }

    private McpServerFeatures.SyncToolSpecification testConnection() {
        Map<String, Object> input = object().req("connection", string("the connection's name (see list_connections)")).build();
        Map<String, Object> output = object()
                .req("name", string("the connection")).req("kind", string("the database it reaches"))
                .req("roundTripMs", Schemas.number("milliseconds for one round trip (SELECT 1)"))
                .prop("serverVersion", Schemas.nullable("string", "the database server's version, when it tells")).build();
        // Read-only, but it reaches another system: open world.
        McpSchema.ToolAnnotations annotations = McpSchema.ToolAnnotations.builder().title("Test a connection").readOnlyHint(true)
                .destructiveHint(false).idempotentHint(true).openWorldHint(true).build();
        return McpTool.of(ws, callers, "test_connection", "Test a connection",
                "Checks that a connection to another database works: connects with its stored credentials, runs SELECT 1, and "
                        + "answers the round-trip time and the server's version. Changes nothing. Admins only.",
                input, output, annotations, call -> {
                    String name = call.args().string("connection");
                    ConnectionCheck check = ws.connections().test(call.caller(), name, call.origin());
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("name", check.name());
                    m.put("kind", check.kind());
                    m.put("roundTripMs", check.roundTrip().toNanos() / 1_000_000.0);
                    m.put("serverVersion", check.serverVersion().orElse(null));
                    String text = "Connection " + check.name() + " works: " + check.kind()
                            + check.serverVersion().map(v -> " " + v).orElse("") + ", round trip "
                            + String.format(java.util.Locale.ROOT, "%.1f", check.roundTrip().toNanos() / 1_000_000.0) + " ms.";
                    return McpTool.Answer.of(text, m).target(name);
                });
    }
}
