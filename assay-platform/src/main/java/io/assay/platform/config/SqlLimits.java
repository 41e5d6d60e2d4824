package io.assay.platform.config;

/**
 * How large and how complex a SQL text the server accepts, checked by a lexical scan before the engine parses
 * it, so that a text built to keep the engine's parser and planner busy is refused at once.
 *
 * @param maxLength the most characters ({@code query.max-sql-length}); the metadata store keeps saved SQL in a
 *                  column of 100,000 characters, and that is the default
 * @param maxDepth  the deepest nesting of brackets ({@code query.max-sql-depth}): parentheses, which also nest
 *                  subqueries, and list and struct brackets
 * @param maxTerms  the most terms ({@code query.max-sql-terms}): names, keywords, numbers, strings and parameters
 */
public record SqlLimits(int maxLength, int maxDepth, int maxTerms) {

    public static final SqlLimits DEFAULTS = new SqlLimits(100_000, 64, 5_000);

    public SqlLimits {
        if (maxLength < 1 || maxDepth < 1 || maxTerms < 1) {
            throw new IllegalArgumentException("SQL limits must be positive: " + maxLength + ", " + maxDepth + ", " + maxTerms);
        }
    }
}
