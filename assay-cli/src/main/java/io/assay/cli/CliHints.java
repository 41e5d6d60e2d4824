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
            case "replace-or-append" -> "Use --replace to swap in the new data, --append to add rows, or --name to pick another name.";
            case "replace-or-delete" -> "Import it again with --replace, or delete it with `assay delete " + dataset + "`.";
            case "fix-or-skip-bad-rows" -> "Fix the file there; or override what was detected with --option (delimiter, quote, header, "
                    + "encoding, date_format); or use --skip-bad-rows to load the good rows and keep the bad ones for `assay rejects`.";
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
