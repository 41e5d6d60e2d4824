package io.assay.spark;

import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import org.apache.spark.SparkThrowable;

/** Spark's errors (SQLSTATE and error condition) as Assay's codes, keeping Spark's message. */
final class SparkErrors {

    private SparkErrors() {
    }

    static AssayException translate(Throwable e, String context) {
        String state = "";
        String condition = "";
        if (e instanceof SparkThrowable t) {
            state = t.getSqlState() == null ? "" : t.getSqlState();
            condition = t.getCondition() == null ? "" : t.getCondition();
        }
        String message = e.getMessage() == null ? e.toString() : e.getMessage().trim();
        ErrorCode code;
        String hint = null;
        if (condition.startsWith("OPERATION_CANCELED") || state.equals("HY008")) {
            code = ErrorCode.CANCELLED;
        } else if (state.equals("42P01") || condition.startsWith("TABLE_OR_VIEW_NOT_FOUND")
                || condition.startsWith("SCHEMA_NOT_FOUND") || state.equals("3F000") || condition.startsWith("PATH_NOT_FOUND")) {
            code = ErrorCode.NOT_FOUND;
            hint = "Check the schema and table names; list the relations to see what exists.";
        } else if (condition.startsWith("PARSE_SYNTAX_ERROR") || state.equals("42601")) {
            code = ErrorCode.INVALID_INPUT;
            hint = "Check the SQL near the position the message gives (Spark SQL quotes names with back-ticks).";
        } else if (condition.startsWith("TABLE_OR_VIEW_ALREADY_EXISTS") || state.startsWith("23")) {
            code = ErrorCode.CONFLICT;
        } else {
            String category = state.length() >= 2 ? state.substring(0, 2) : "";
            code = switch (category) {
                case "22", "42", "0A", "21", "2B", "07" -> ErrorCode.INVALID_INPUT;
                case "53", "54" -> ErrorCode.LIMIT_EXCEEDED;
                default -> ErrorCode.ENGINE_ERROR;
            };
        }
        String text = code == ErrorCode.ENGINE_ERROR ? "Spark failed while " + context + ": " + message : message;
        return AssayException.of(code, text).hint(hint).detail("engine", "spark").detail("sqlState", state)
                .detail("condition", condition).cause(e).build();
    }

    static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return m.lines().findFirst().orElse(m).trim();
    }
}
