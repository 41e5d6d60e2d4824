package io.assay.cli;

import io.assay.engine.ErrorCode;

/** The process exit status of each kind of failure, as the README's "Errors" section lists them. */
final class ExitStatus {

    private ExitStatus() {
    }

    static int of(ErrorCode code) {
        return switch (code) {
            case INTERNAL -> 1;
            case INVALID_INPUT -> 2;
            case NOT_FOUND -> 3;
            case FORBIDDEN -> 4;
            case CONFLICT -> 5;
            case LIMIT_EXCEEDED -> 6;
            case TIMEOUT -> 7;
            case ENGINE_ERROR -> 8;
            case CANCELLED -> 130;
        };
    }
}
