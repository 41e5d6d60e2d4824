package io.assay.server.mcp;

import io.assay.analysis.model.AnalysisResult;
import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.platform.audit.AuditService;
import io.assay.platform.auth.Principal;
import io.assay.platform.report.ReportJson;
import io.assay.platform.workspace.DatasetGateway;
import io.assay.platform.workspace.Workspace;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Each dataset's schema and latest profile as resources, {@code assay://datasets/{name}/schema} and
 * {@code assay://datasets/{name}/profile}, read with the caller's access; {@code assay://datasets} lists the
 * ones the caller may read. The server is shared by all callers, so no dataset is listed globally:
 * clients find names through {@code assay://datasets}, through completion of {@code {name}}, or list_datasets.
 */
final class McpResources {

    static final String SCHEMA = "assay://datasets/{name}/schema";
    static final String PROFILE = "assay://datasets/{name}/profile";
    static final String INDEX = "assay://datasets";
    static final String DASHBOARDS = "assay://dashboards";
    static final String DASHBOARD = "assay://dashboards/{id}";
    private static final Pattern DASHBOARD_URI = Pattern.compile("assay://dashboards/([^/]+)");
    private static final Pattern URI = Pattern.compile("assay://datasets/([^/]+)/(schema|profile)");

    private final Workspace ws;
    private final McpCaller callers;

    McpResources(Workspace ws, McpCaller callers) {
        this.ws = ws;
        this.callers = callers;
    }

    /**
     * A link to a dataset's latest profile, for a tool answer to carry instead of the profile itself (hundreds of KB for a
     * wide table): a client reads it only when it wants the whole of it.
     */
    static McpSchema.ResourceLink profileLink(String dataset) {
        return McpSchema.ResourceLink.builder().name(dataset + "-profile").title("Profile of " + dataset)
                .uri(PROFILE.replace("{name}", dataset)).mimeType("application/json")
                .description("The whole latest analysis of " + dataset + ": every column's profile, the findings and the insights over "
                        + "time, as JSON.").build();
    }

    /** A link to a dataset's schema (columns, types, examples). */
    static McpSchema.ResourceLink schemaLink(String dataset) {
        return McpSchema.ResourceLink.builder().name(dataset + "-schema").title("Schema of " + dataset)
                .uri(SCHEMA.replace("{name}", dataset)).mimeType("application/json")
                .description("The columns of " + dataset + " with SQL types, nullability and example values.").build();
    }

    List<McpServerFeatures.SyncResourceTemplateSpecification> templates() {
        return List.of(
                new McpServerFeatures.SyncResourceTemplateSpecification(McpSchema.ResourceTemplate.builder().uriTemplate(SCHEMA)
                        .name("dataset-schema").title("Dataset schema")
                        .description("A dataset's columns with SQL types, nullability and example values, its row count and source.")
                        .mimeType("application/json").build(), this::read),
                new McpServerFeatures.SyncResourceTemplateSpecification(McpSchema.ResourceTemplate.builder().uriTemplate(PROFILE)
                        .name("dataset-profile").title("Dataset profile")
                        .description("The latest analysis of a dataset: every column's profile, findings, quality score and insights "
                                + "over time (Assay's analysis-result JSON, schema version " + AnalysisResult.SCHEMA_VERSION + ").")
                        .mimeType("application/json").build(), this::read),
                new McpServerFeatures.SyncResourceTemplateSpecification(McpSchema.ResourceTemplate.builder().uriTemplate(DASHBOARD)
                        .name("dashboard").title("Dashboard")
                        .description("A dashboard you may see: its cards (the saved charts, KPIs and text it shows) and its filters, "
                                + "as the REST API answers GET /api/v1/dashboards/{id}; the tool run_dashboard runs it.")
                        .mimeType("application/json").build(), this::readDashboard));
    }

    /** The index of datasets and the index of dashboards, each listing what the reader may see. */
    List<McpServerFeatures.SyncResourceSpecification> indexes() {
        McpSchema.Resource r = McpSchema.Resource.builder().uri(DASHBOARDS).name("dashboards").title("Dashboards you may see")
                .description("The dashboards you may see, with the URIs of their resources.").mimeType("application/json").build();
        return List.of(index(), new McpServerFeatures.SyncResourceSpecification(r, (exchange, request) -> {
            Principal caller = caller(exchange);
            List<Map<String, Object>> out = new ArrayList<>();
            for (io.assay.platform.saved.Dashboard d : ws.dashboards().list(caller, Optional.empty(), Optional.empty(), 500)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", d.id());
                m.put("name", d.name());
                m.put("description", d.description().orElse(null));
                m.put("owner", d.owner());
                m.put("uri", DASHBOARD.replace("{id}", d.id()));
                out.add(m);
            }
            ws.audit().record(AuditService.event(caller, "mcp.resource.dashboards").origin(callers.origin(exchange)).rows(out.size()));
            return new McpSchema.ReadResourceResult(List.of(new McpSchema.TextResourceContents(DASHBOARDS, "application/json",
                    json(Map.of("dashboards", out)))));
        }));
    }

    private McpSchema.ReadResourceResult readDashboard(McpSyncServerExchange exchange, McpSchema.ReadResourceRequest request) {
        Principal caller = caller(exchange);
        Matcher m = DASHBOARD_URI.matcher(request.uri());
        if (!m.matches()) {
            throw new McpError(new McpSchema.JSONRPCResponse.JSONRPCError(McpSchema.ErrorCodes.INVALID_PARAMS,
                    "Not a dashboard resource: " + request.uri() + ". Use " + DASHBOARD + ".", null));
        }
        String id = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
        AuditService.Event event = AuditService.event(caller, "mcp.resource.dashboard").target(id).origin(callers.origin(exchange));
        try {
            io.assay.platform.saved.Dashboard d = ws.dashboards().get(caller, id);
            String text = json(io.assay.server.api.DashboardApi.view(ws, caller, d));
            ws.audit().record(event);
            return new McpSchema.ReadResourceResult(List.of(new McpSchema.TextResourceContents(request.uri(), "application/json", text)));
        } catch (AssayException e) {
            ws.audit().record(event.failed(e));
            throw new McpError(new McpSchema.JSONRPCResponse.JSONRPCError(e.code() == ErrorCode.NOT_FOUND ? McpSchema.ErrorCodes.RESOURCE_NOT_FOUND
                    : McpSchema.ErrorCodes.INVALID_PARAMS, McpTool.message(e), Map.of("uri", request.uri())));
        }
    }

    McpServerFeatures.SyncResourceSpecification index() {
        McpSchema.Resource r = McpSchema.Resource.builder().uri(INDEX).name("datasets").title("Datasets you may read")
                .description("The datasets you may read, with the URIs of their schema and profile resources.")
                .mimeType("application/json").build();
        return new McpServerFeatures.SyncResourceSpecification(r, (exchange, request) -> {
            Principal caller = caller(exchange);
            List<Map<String, Object>> out = new ArrayList<>();
            for (DatasetGateway.View v : ws.datasets().list(caller)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", v.dataset().name());
                m.put("rows", v.dataset().rows());
                m.put("schema", SCHEMA.replace("{name}", v.dataset().name()));
                m.put("profile", PROFILE.replace("{name}", v.dataset().name()));
                out.add(m);
            }
            return new McpSchema.ReadResourceResult(List.of(new McpSchema.TextResourceContents(INDEX, "application/json",
                    json(Map.of("datasets", out)))));
        });
    }

    private McpSchema.ReadResourceResult read(McpSyncServerExchange exchange, McpSchema.ReadResourceRequest request) {
        Principal caller = caller(exchange);
        Matcher m = URI.matcher(request.uri());
        if (!m.matches()) {
            throw new McpError(new McpSchema.JSONRPCResponse.JSONRPCError(McpSchema.ErrorCodes.INVALID_PARAMS,
                    "Not a dataset resource: " + request.uri() + ". Use " + SCHEMA + " or " + PROFILE + ".", null));
        }
        String raw = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
        String name = raw.length() > io.assay.platform.catalog.DatasetName.MAX_GIVEN_LENGTH ? raw : io.assay.platform.catalog.DatasetName.of(raw).value();
        AuditService.Event event = AuditService.event(caller, "mcp.resource." + m.group(2)).target(name).origin(callers.origin(exchange));
        try {
            String text;
            if (m.group(2).equals("schema")) {
                DatasetGateway.Detail d = ws.datasets().describe(caller, io.assay.platform.catalog.DatasetName.of(name), callers.origin(exchange));
                Map<String, Object> s = DatasetTools.structure(d.description(), ws.analyses().latestResult(caller, io.assay.platform.catalog.DatasetName.of(name)));
                s.remove("findings");
                s.remove("profile");
                text = json(s);
            } else {
                ws.datasets().view(caller, io.assay.platform.catalog.DatasetName.of(name));
                AnalysisResult r = ws.analyses().latestResult(caller, io.assay.platform.catalog.DatasetName.of(name)).orElseThrow(() ->
                        AssayException.of(ErrorCode.NOT_FOUND, "The dataset '" + name + "' has not been analysed yet.")
                                .hint("Run the tool analyze_dataset on it first.").build());
                text = ReportJson.mapper().writeValueAsString(r);
            }
            ws.audit().record(event);
            return new McpSchema.ReadResourceResult(List.of(new McpSchema.TextResourceContents(request.uri(), "application/json", text)));
        } catch (AssayException e) {
            ws.audit().record(event.failed(e));
            throw new McpError(new McpSchema.JSONRPCResponse.JSONRPCError(e.code() == ErrorCode.NOT_FOUND ? McpSchema.ErrorCodes.RESOURCE_NOT_FOUND
                    : McpSchema.ErrorCodes.INVALID_PARAMS, McpTool.message(e), Map.of("uri", request.uri())));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Principal caller(McpSyncServerExchange exchange) {
        Optional<Principal> p = callers.of(exchange);
        return p.orElseThrow(() -> new McpError(new McpSchema.JSONRPCResponse.JSONRPCError(McpSchema.ErrorCodes.INVALID_REQUEST,
                "Not signed in: send Authorization: Bearer <token>.", null)));
    }

    private static String json(Object o) {
        try {
            return McpTool.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
