package io.assay.server;

import io.assay.engine.AssayException;

import java.util.Optional;

/**
 * What to do about an error, in the terms of the REST API (and the page over it): its fields and
 * routes. The platform says what the caller can do as a code ({@link AssayException.Remedy}); this door
 * words it; a remedy it has no words for falls back to the error's door-neutral hint.
 */
public final class ApiHints {

    private ApiHints() {
    }

    /** The hint of a problem+json answer, if any. */
    public static Optional<String> of(AssayException e) {
        return e.remedy().flatMap(ApiHints::words).or(e::hint);
    }

    private static Optional<String> words(AssayException.Remedy r) {
        String dataset = r.param("dataset");
        return Optional.ofNullable(switch (r.id()) {
            case "rephrase-question" -> "Name a column or a value of '" + dataset + "' (GET /api/v1/datasets/" + dataset + " lists them), add a synonym with PUT /api/v1/datasets/" + dataset + "/synonyms/{phrase}, or send SQL to POST /api/v1/query.";
            case "replace-or-append" -> "Send mode=replace to swap in the new data, mode=append to add rows, or another name.";
            case "replace-or-delete" -> "Upload it again with mode=replace, or DELETE /api/v1/datasets/" + dataset + ".";
            case "fix-or-skip-bad-rows" -> "Fix the file there; or override what was detected with option.KEY=VALUE (delimiter, quote, header, "
                    + "encoding, date_format" + (r.param("maxLineSize").isEmpty() ? "" : ", option.max_line_size=" + r.param("maxLineSize"))
                    + "); or send skipBadRows=true to load the good rows and keep the bad ones as the dataset's rejects.";
            case "fix-json-lines-or-skip" -> "Fix the line there (each line must be one JSON object); or send skipBadRows=true to load the good "
                    + "lines and keep the bad ones as the dataset's rejects.";
            case "max-line-size" -> "If the file is right (a long text in one field), send option.max_line_size=" + r.param("maxLineSize")
                    + "; else check its quoting: an unclosed quote runs to the end of the file.";
            case "reader-option" -> "Check the file's delimiter, quoting and encoding; override what was detected with "
                    + "option.delimiter=; (or option.quote, option.header, option.encoding, option.date_format).";
            case "raise-timeout" -> "Narrow the query (filters, LIMIT), or send a larger timeoutMs (up to the server's query.timeout).";
            case "data-dir" -> "The server's data directory cannot be used; an admin must fix it.";
            case "list" -> "GET /api/v1/" + r.param("what") + " lists them.";
            case "follow-job" -> "Follow its job at /api/v1/jobs/" + r.param("job") + "/events.";
            case "start-export" -> "Start one with POST /api/v1/query/jobs and a format.";
            case "query-as-job" -> "Try again in a moment, or run a long query as a job (POST /api/v1/query/jobs).";
            case "import-first" -> "Upload one with POST /api/v1/datasets.";
            case "add-connection" -> "Add one with POST /api/v1/connections.";
            case "connection-password" -> "Send the password in the password field instead; it is stored encrypted.";
            case "remove-connection" -> "DELETE /api/v1/connections/" + r.param("name") + " first, or choose another name.";
            default -> null;
        });
    }
}
