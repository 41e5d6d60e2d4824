package io.assay.cli;

import io.assay.engine.AssayException;

import java.util.Optional;

/**
 * What to do about an error, in the terms of the command line: its flags and commands. The platform
 * says what the caller can do as a code ({@link AssayException.Remedy}); this door words it; a remedy
 * it has no words for falls back to the error's door-neutral hint.
 */
final class CliHints {

    private CliHints() {
    }

    /** The hint to print under the error, if any. */
    static Optional<String> of(AssayException e) {
        return e.remedy().flatMap(CliHints::words).or(e::hint);
    }

    /** The error and its hint, the way a person at the terminal reads them. */
    static String describe(AssayException e) {
        return e.getMessage() + of(e).map(h -> "\n  hint: " + h).orElse("");
    }

    private static Optional<String> words(AssayException.Remedy r) {
        String dataset = r.param("dataset");
        return Optional.ofNullable(switch (r.id()) {
            case "rephrase-question" -> "Name a column or a value of '" + dataset + "' (`assay describe " + dataset + "` lists them), add a synonym with `assay synonyms " + dataset + " --set PHRASE=EXPRESSION`, or run SQL with `assay query`.";
            case "replace-or-append" -> "Use --replace to swap in the new data, --append to add rows, or --name to pick another name.";
            case "replace-or-delete" -> "Import it again with --replace, or delete it with `assay delete " + dataset + "`.";
            case "fix-or-skip-bad-rows" -> "Fix the file there; or override what was detected with --option (delimiter, quote, header, "
                    + "encoding, date_format)" + (r.param("maxLineSize").isEmpty() ? "" : "; a line longer than the reader takes by default "
                    + "is read with --option max_line_size=" + r.param("maxLineSize")) + "; or use --skip-bad-rows to load the good rows "
                    + "and keep the bad ones for `assay rejects`.";
            case "fix-json-lines-or-skip" -> "Fix the line there (each line must be one JSON object); or use --skip-bad-rows to load the "
                    + "good lines and keep the bad ones for `assay rejects`.";
            case "max-line-size" -> "If the file is right (a long text in one field), import it with --option max_line_size="
                    + r.param("maxLineSize") + "; else check its quoting: an unclosed quote runs to the end of the file.";
            case "reader-option" -> "Check the file's delimiter, quoting and encoding; override what was detected with "
                    + "--option delimiter=';' (or quote, header, encoding, date_format).";
            case "raise-timeout" -> "Narrow the query (filters, LIMIT), or raise the limit with --timeout.";
            case "data-dir" -> "Choose a writable data directory that no other Assay uses, with --data-dir or ASSAY_HOME.";
            case "list" -> switch (r.param("what")) {
                case "datasets" -> "`assay datasets` lists them.";
                case "connections" -> "`assay connect list` lists them.";
                default -> null;
            };
            case "import-first" -> "Import one with `assay import FILE`.";
            case "add-connection" -> "Add one with `assay connect add NAME --url JDBC-URL`.";
            case "connection-password" -> "Give the password with --password-env VAR instead; it is stored encrypted.";
            case "remove-connection" -> "Remove it first with `assay connect remove " + r.param("name") + "`, or choose another name.";
            case "import-under-another-name" -> "Analyse it by name, or import this file under another name with `assay import FILE --name NAME`.";
            default -> null;
        });
    }
}
