package io.assay.server.mcp;

import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.List;
import java.util.Map;

/** Prompts a user can pick in the assistant: analyse a dataset, investigate a metric change, check data quality. */
final class McpPrompts {

    private McpPrompts() {
    }

    static List<McpServerFeatures.SyncPromptSpecification> prompts() {
        return List.of(
                prompt("analyse_dataset", "Analyse a dataset", "Profile a dataset, summarise what is in it and what stands out.",
                        List.of(arg("dataset", "the dataset to analyse", true)),
                        a -> "Analyse the Assay dataset '" + a.get("dataset") + "'.\n"
                                + "1. Call describe_dataset to learn its columns and types.\n"
                                + "2. Call analyze_dataset with mode \"full\" (it reports progress) for profiles, findings and insights over time.\n"
                                + "3. Summarise for me: what one row is, the size and time span, the key columns and their distributions, "
                                + "the most important data-quality findings, and any trend, seasonality or anomaly.\n"
                                + "4. Back each claim with a number from the tools; where useful, run_query a short aggregate and "
                                + "make_chart the main measure over time.\n"
                                + "Keep it to what matters; say what you could not check."),
                prompt("investigate_metric_change", "Investigate a metric change",
                        "Find when a metric moved unusually and what drove it.",
                        List.of(arg("dataset", "the dataset", true),
                                arg("metric", "the measure: a numeric column to sum, or 'rows' to count (default rows)", false),
                                arg("date", "the date or period in question, if known (ISO-8601)", false)),
                        a -> "Investigate a change in the metric " + a.getOrDefault("metric", "rows") + " of the Assay dataset '"
                                + a.get("dataset") + "'" + (a.containsKey("date") ? " around " + a.get("date") : "") + ".\n"
                                + "1. describe_dataset to find its time column and category columns.\n"
                                + "2. detect_anomalies with that measure (leave measure out to count rows) at a day grain; if the span is "
                                + "long, also at week grain. Use the filter argument to narrow to a segment when asked.\n"
                                + "3. For each anomaly near the date in question, report the actual vs expected value and the top "
                                + "contributors (which category values moved beyond their usual share).\n"
                                + "4. Confirm with run_query: the metric per day around the anomaly, broken down by the top contributor's "
                                + "column; then make_chart that series.\n"
                                + "5. Conclude: what changed, when, by how much, where (which segment), and what is still unexplained."),
                prompt("check_data_quality", "Check data quality", "Review a dataset's data quality and suggest fixes.",
                        List.of(arg("dataset", "the dataset to check", true)),
                        a -> "Check the data quality of the Assay dataset '" + a.get("dataset") + "'.\n"
                                + "1. get_findings; if it has not been analysed, analyze_dataset (quick is enough; full adds semantic "
                                + "types and personal-data checks) and then get_findings.\n"
                                + "2. Group the findings by severity; for the critical and warning ones, verify the count with a "
                                + "run_query (for example the share of NULL or placeholder values) and show one or two example rows.\n"
                                + "3. For each, say what it risks downstream and the fix (a cleaning step, a constraint, a check to add).\n"
                                + "4. End with the quality score and the three fixes that would raise it most."));
    }

    private static McpSchema.PromptArgument arg(String name, String description, boolean required) {
        return new McpSchema.PromptArgument(name, description, required);
    }

    private interface Text {
        String of(Map<String, Object> arguments);
    }

    private static McpServerFeatures.SyncPromptSpecification prompt(String name, String title, String description,
                                                                    List<McpSchema.PromptArgument> arguments, Text text) {
        return new McpServerFeatures.SyncPromptSpecification(new McpSchema.Prompt(name, title, description, arguments),
                (exchange, request) -> {
                    Map<String, Object> a = request.arguments() == null ? Map.of() : request.arguments();
                    for (McpSchema.PromptArgument p : arguments) {
                        if (Boolean.TRUE.equals(p.required()) && (a.get(p.name()) == null || a.get(p.name()).toString().isBlank())) {
                            throw new io.modelcontextprotocol.spec.McpError(new McpSchema.JSONRPCResponse.JSONRPCError(
                                    McpSchema.ErrorCodes.INVALID_PARAMS, "The prompt " + name + " needs the argument '" + p.name() + "' ("
                                    + p.description() + ").", null));
                        }
                    }
                    return new McpSchema.GetPromptResult(description, List.of(new McpSchema.PromptMessage(McpSchema.Role.USER,
                            new McpSchema.TextContent(text.of(a)))));
                });
    }
}
