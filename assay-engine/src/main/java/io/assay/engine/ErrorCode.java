package io.assay.engine;

/**
 * The small, closed set of things that can go wrong. Every front door maps these the same way:
 * the CLI to an exit status, REST to an HTTP status, MCP to an {@code isError} result.
 */
public enum ErrorCode {
    /** The caller gave something wrong: a file, a parameter, SQL text. Fixable by the caller. */
    INVALID_INPUT(2, 400),
    /** A dataset, file, connection or job that does not exist. */
    NOT_FOUND(3, 404),
    /** The caller may not do this. */
    FORBIDDEN(4, 403),
    /** The request clashes with the current state (a dataset exists already, a concurrent change). */
    CONFLICT(5, 409),
    /** A configured limit was reached: rows, bytes, concurrent work. */
    LIMIT_EXCEEDED(6, 413),
    /** The work took longer than allowed and was stopped. */
    TIMEOUT(7, 408),
    /** The caller cancelled the work. */
    CANCELLED(130, 499),
    /** The engine failed in a way the caller did not cause. */
    ENGINE_ERROR(8, 502),
    /** A defect in Assay itself. */
    INTERNAL(1, 500);

    private final int exitStatus;
    private final int httpStatus;

    ErrorCode(int exitStatus, int httpStatus) {
        this.exitStatus = exitStatus;
        this.httpStatus = httpStatus;
    }

    /** The process exit status the CLI uses for this code. */
    public int exitStatus() {
        return exitStatus;
    }

    /** The HTTP status REST uses for this code. */
    public int httpStatus() {
        return httpStatus;
    }
}
