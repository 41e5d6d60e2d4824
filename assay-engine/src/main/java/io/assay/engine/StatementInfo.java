package io.assay.engine;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What one SQL text does, as the engine's own parser understood it, so that governance can decide
 * whether a caller may run it without ever matching strings in the SQL. Made by
 * {@link Session#inspect(String)} on engines with {@link Capability#INSPECT_STATEMENTS}.
 *
 * <p>Nothing here runs the SQL or binds it against the catalog: it is the parse tree read back. The
 * facts are therefore about what the text <em>names</em>; whether those relations exist is for the
 * engine to find out when the query runs. Where the parse tree cannot settle a question the
 * inspector errs on the strict side: it reports a relation it is not sure is a CTE, and it adds a
 * reason to {@link #outsideReach()} for every construct it does not know.
 *
 * <p>How governance is meant to use it, for a caller who may only read what they were granted:
 * <ol>
 *   <li>refuse unless {@link #readOnlyQuery()}: one statement, and that statement a query;</li>
 *   <li>refuse if {@link #reachesOutside()}, showing the caller {@link #outsideReach()};</li>
 *   <li>refuse unless every one of {@link #relations()} is granted. Compare names the way the engine
 *       does: DuckDB matches identifiers case-insensitively (ASCII letters only), so {@code Orders}
 *       and {@code orders} are the same table.</li>
 * </ol>
 *
 * @param statementCount how many statements the text holds; empty when the engine parsed the text
 *                       but could not describe it (DuckDB describes only queries, so a text with any
 *                       other statement in it has an unknown count, and is never read-only)
 * @param readOnlyQuery  true when the text is exactly one query: {@code SELECT}, {@code VALUES},
 *                       {@code TABLE t}, {@code FROM t ...}, set operations, {@code WITH ... SELECT},
 *                       and DuckDB's {@code DESCRIBE}, {@code SUMMARIZE} and {@code PIVOT ... IN (...)},
 *                       which are queries over a relation. Everything else is false: {@code EXPLAIN}
 *                       (including {@code EXPLAIN ANALYZE}, which runs its statement), {@code PRAGMA},
 *                       {@code SET}, {@code COPY}, {@code ATTACH}, {@code CALL}, DDL, DML,
 *                       transaction control, and several statements in one text
 * @param relations      the base tables and views the query names, in order of appearance, each
 *                       with its schema resolved: an unqualified name is in the dialect's
 *                       {@link Dialect#defaultSchema() default schema}. Names that refer to a CTE in
 *                       scope are left out. Relations in another catalog are not listed here: they are
 *                       a reason in {@link #outsideReach()} instead
 * @param tableFunctions the table functions called in {@code FROM}, lower case, qualified as written
 *                       ({@code range}, {@code read_csv}, {@code system.main.range})
 * @param functions      the scalar, aggregate and window functions called, lower case, qualified as
 *                       written; operators ({@code +}, {@code LIKE}) are left out
 * @param outsideReach   why the text may reach beyond the warehouse's granted relations, one
 *                       human-readable reason each: files, URLs, other catalogs, the engine's catalog
 *                       or settings, environment variables, statements that are not queries, or
 *                       constructs the inspector does not know. Empty when it stays inside
 */
public record StatementInfo(
        OptionalInt statementCount,
        boolean readOnlyQuery,
        Set<RelationRef> relations,
        Set<String> tableFunctions,
        Set<String> functions,
        List<String> outsideReach) {

    public StatementInfo {
        Objects.requireNonNull(statementCount, "statementCount");
        relations = frozen(relations, "relations");
        tableFunctions = frozen(tableFunctions, "tableFunctions");
        functions = frozen(functions, "functions");
        outsideReach = List.copyOf(outsideReach);
        if (readOnlyQuery && statementCount.orElse(0) != 1) {
            throw new IllegalArgumentException("a read-only query is exactly one statement, not " + statementCount);
        }
    }

    /** True when the text may reach beyond the warehouse, see {@link #outsideReach()}. */
    public boolean reachesOutside() {
        return !outsideReach.isEmpty();
    }

    /**
     * True for the one kind of text a caller restricted to reading may run: one read-only query that
     * stays inside the warehouse. The relations it reads still need to be checked against the caller's grants.
     */
    public boolean isContainedQuery() {
        return readOnlyQuery && !reachesOutside();
    }

    private static <T> Set<T> frozen(Set<T> values, String what) {
        Objects.requireNonNull(values, what);
        return Collections.unmodifiableSet(new LinkedHashSet<>(values));
    }
}
