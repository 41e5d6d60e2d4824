package io.assay.server.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.assay.engine.AssayException;
import io.assay.platform.audit.AuditService;
import io.assay.platform.auth.Principal;
import io.assay.platform.catalog.DatasetName;
import io.assay.platform.workspace.Workspace;
import io.modelcontextprotocol.spec.McpSchema;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who may subscribe to what. The SDK takes every {@code resources/subscribe} as it comes, whatever the URI; a subscriber
 * then hears when a dataset is imported again, analysed or deleted. So a transport adapter asks here first, with the
 * caller it knows, and answers the request itself with a JSON-RPC error when the caller could not read the resource:
 * {@code -32002} (resource not found) for a dataset the caller may not read, alike whether it exists (as reading it
 * says), or a URI that names no resource of this server; {@code -32602} for a request without a URI.
 */
final class Subscriptions {

    private static final Pattern DATASET = Pattern.compile("assay://datasets/([^/]+)/(schema|profile)");

    private Subscriptions() {
    }

    /**
     * The error response to a {@code resources/subscribe} request the caller may not make, or null when the message is
     * no such request or the caller may make it (then the SDK records the subscription).
     */
    static ObjectNode refusal(Workspace ws, Principal caller, AuditService.Origin origin, ObjectNode message) {
        if (!"resources/subscribe".equals(message.path("method").asText()) || !message.hasNonNull("id")) {
            return null;
        }
        JsonNode id = message.get("id");
        JsonNode uriNode = message.path("params").path("uri");
        if (!uriNode.isTextual() || uriNode.asText().isBlank()) {
            return JsonRpcCheck.error(id, McpSchema.ErrorCodes.INVALID_PARAMS, "Invalid params: resources/subscribe needs the \"uri\" "
                    + "of a resource, such as " + McpResources.SCHEMA.replace("{name}", "orders"));
        }
        String uri = uriNode.asText();
        if (uri.equals(McpResources.INDEX)) {
            return null;
        }
        Matcher m = DATASET.matcher(uri);
        AuditService.Event event = AuditService.event(caller, "mcp.resource.subscribe").target(uri).origin(origin);
        if (uri.equals(McpResources.DASHBOARDS) || uri.startsWith(McpResources.DASHBOARDS + "/")) {
            // The same answer whether or not the dashboard exists or is the caller's to see.
            ws.audit().record(event.denied("dashboards send no updates"));
            return JsonRpcCheck.error(id, McpSchema.ErrorCodes.INVALID_PARAMS, "Dashboard resources send no change notifications: read "
                    + uri + " again when you need it, or call run_dashboard for its cards' results.");
        }
        if (!m.matches()) {
            ws.audit().record(event.denied("no such resource"));
            return notFound(id, uri, "There is no resource " + uri + " on this server. Subscribe to " + McpResources.INDEX + ", "
                    + McpResources.SCHEMA + " or " + McpResources.PROFILE + ".");
        }
        try {
            ws.datasets().view(caller, DatasetName.of(URLDecoder.decode(m.group(1), StandardCharsets.UTF_8)));
            ws.audit().record(event);
            return null;
        } catch (AssayException | IllegalArgumentException e) {
            String why = e instanceof AssayException a ? McpTool.message(a) : e.getMessage();
            ws.audit().record(event.denied(why));
            return notFound(id, uri, why);
        }
    }

    private static ObjectNode notFound(JsonNode id, String uri, String message) {
        ObjectNode response = JsonRpcCheck.error(id, McpSchema.ErrorCodes.RESOURCE_NOT_FOUND, message);
        ((ObjectNode) response.get("error")).set("data", JsonNodeFactory.instance.objectNode().put("uri", uri));
        return response;
    }
}
