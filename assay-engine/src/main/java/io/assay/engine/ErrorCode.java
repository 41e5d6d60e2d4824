package io.assay.engine;

/**
 * The small, closed set of things that can go wrong. Each front door maps them in its own terms: the
 * command line to an exit status ({@code ExitStatus}), REST to an HTTP status ({@code Problems}), MCP to
 * an {@code isError} result with the code's name.
 */
public enum ErrorCode {
    /** The caller gave something wrong: a file, a parameter, SQL text. Fixable by the caller. */
    INVALID_INPUT,
    /** A dataset, file, connection or job that does not exist. */
    NOT_FOUND,
    /** The caller may not do this. */
    FORBIDDEN,
    /** The request clashes with the current state (a dataset exists already, a concurrent change). */
    CONFLICT,
    /** A configured limit was reached: rows, bytes, concurrent work. */
    LIMIT_EXCEEDED,
    /** The work took longer than allowed and was stopped. */
    TIMEOUT,
    /** The caller cancelled the work. */
    CANCELLED,
    /** The engine failed in a way the caller did not cause. */
    ENGINE_ERROR,
    /** A defect in Assay itself. */
    INTERNAL
}
