package io.assay.server.mcp;

import io.assay.platform.auth.Principal;
import io.assay.platform.workspace.DatasetGateway;
import io.assay.platform.workspace.Workspace;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Completion of arguments as the user types them, always with the caller's access: {@code {name}} in the dataset
 * resource templates and a prompt's {@code dataset} with the names of the datasets the caller may read; a prompt's
 * {@code metric} with {@code rows} and the numeric columns of the dataset already chosen (the request's context).
 */
final class McpCompletions {

    /** The most values one completion answers (the protocol's own cap). */
    private static final int MAX_VALUES = 100;

    private final Workspace ws;
    private final McpCaller callers;

    McpCompletions(Workspace ws, McpCaller callers) {
        this.ws = ws;
        this.callers = callers;
    }

    List<McpServerFeatures.SyncCompletionSpecification> all(List<McpServerFeatures.SyncPromptSpecification> prompts) {
        List<McpServerFeatures.SyncCompletionSpecification> out = new ArrayList<>();
        for (String template : List.of(McpResources.SCHEMA, McpResources.PROFILE)) {
            out.add(new McpServerFeatures.SyncCompletionSpecification(new McpSchema.ResourceReference(template),
                    (exchange, request) -> answer(datasets(exchange, typed(request)))));
        }
        for (McpServerFeatures.SyncPromptSpecification p : prompts) {
            out.add(new McpServerFeatures.SyncCompletionSpecification(new McpSchema.PromptReference(p.prompt().name()),
                    (exchange, request) -> answer(switch (request.argument() == null ? "" : request.argument().name()) {
                        case "dataset" -> datasets(exchange, typed(request));
                        case "metric" -> metrics(exchange, chosenDataset(request), typed(request));
                        default -> List.of();
                    })));
        }
        return out;
    }

    private List<String> datasets(McpSyncServerExchange exchange, String prefix) {
        return ws.datasets().list(caller(exchange)).stream().map(v -> v.dataset().name()).filter(n -> n.startsWith(prefix)).toList();
    }

    private List<String> metrics(McpSyncServerExchange exchange, Optional<String> dataset, String prefix) {
        Stream<String> columns = dataset.stream().flatMap(d -> ws.datasets()
                .searchColumns(caller(exchange), Optional.of(prefix), Optional.of("numeric"), Optional.empty(), 10_000).stream()
                .filter(c -> c.dataset().equals(d)).map(DatasetGateway.ColumnMatch::column));
        return Stream.concat(Stream.of("rows"), columns).filter(c -> c.startsWith(prefix)).toList();
    }

    private static Optional<String> chosenDataset(McpSchema.CompleteRequest request) {
        Map<String, String> chosen = request.context() == null || request.context().arguments() == null ? Map.of()
                : request.context().arguments();
        return Optional.ofNullable(chosen.get("dataset")).filter(d -> !d.isBlank());
    }

    private static String typed(McpSchema.CompleteRequest request) {
        return request.argument() == null || request.argument().value() == null ? "" : request.argument().value();
    }

    private static McpSchema.CompleteResult answer(List<String> values) {
        List<String> shown = values.stream().limit(MAX_VALUES).toList();
        return new McpSchema.CompleteResult(new McpSchema.CompleteResult.CompleteCompletion(shown, values.size(), values.size() > shown.size()));
    }

    private Principal caller(McpSyncServerExchange exchange) {
        return callers.of(exchange).orElseThrow(() -> new McpError(new McpSchema.JSONRPCResponse.JSONRPCError(
                McpSchema.ErrorCodes.INVALID_REQUEST, "Not signed in: send Authorization: Bearer <token>.", null)));
    }
}
