package io.assay.server.mcp;

import io.assay.engine.AssayException;

import java.util.Optional;

/**
 * What to do about an error, in the terms of an AI assistant: the tools and their arguments. The
 * platform says what the caller can do as a code ({@link AssayException.Remedy}); this door words it; a
 * remedy it has no words for falls back to the error's door-neutral hint.
 */
final class McpHints {

    private McpHints() {
    }

    static Optional<String> of(AssayException e) {
        return e.remedy().flatMap(McpHints::words).or(e::hint);
    }

    private static Optional<String> words(AssayException.Remedy r) {
        return Optional.ofNullable(switch (r.id()) {
            case "rephrase-question" -> "Name a column or a value of '" + r.param("dataset") + "' (describe_dataset lists them), or write the SQL and call run_query.";
            case "replace-or-append" -> "Call import_file again with mode replace or append, or give another name.";
            case "raise-timeout" -> "Narrow the query (filters, LIMIT), or pass a larger timeout_seconds.";
            case "list" -> r.param("what").equals("datasets") ? "list_datasets lists the datasets you may read." : null;
            case "import-first" -> r.param("what").equals("datasets") ? "Import one with import_file." : null;
            case "query-as-job" -> "Try again in a moment.";
            default -> null;
        });
    }
}
