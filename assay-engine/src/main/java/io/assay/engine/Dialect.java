package io.assay.engine;

/**
 * How one engine spells SQL. All SQL text outside an engine module is produced through this
 * interface, so the same analysis runs on every engine. Methods take SQL expressions (already
 * quoted where they are identifiers) and return SQL expressions; values never pass through here,
 * they are bind parameters.
 */
public interface Dialect {

    /** Quotes an identifier so that any name (quotes, spaces, keywords, unicode) is safe. */
    String quoteIdentifier(String name);

    /** The schema an unqualified relation name resolves to. */
    String defaultSchema();

    /** A relation's fully qualified, quoted name. */
    default String qualify(RelationRef ref) {
        return quoteIdentifier(ref.schema()) + "." + quoteIdentifier(ref.name());
    }

    /** The clause that caps a query's rows, such as {@code LIMIT 10}. */
    default String limitClause(long rows) {
        return "LIMIT " + rows;
    }

    /** Approximate count of distinct non-null values, exact where the engine has nothing cheaper. */
    String approxDistinct(String expr);

    /** The {@code p}-quantile (0..1) of a numeric expression, exact or approximate per engine. */
    String quantile(String expr, double p);

    /** Truncates a date or timestamp to the start of its {@code grain}. */
    String dateTrunc(TimeGrain grain, String expr);

    /** True where {@code expr} fully matches the regular expression given as a bind parameter. */
    String regexFullMatch(String expr, String patternParameter);

    /** Casts any expression to text. */
    String castToText(String expr);

    /**
     * A relation of {@code rows} consecutive integers 0..rows-1 in a column named {@code column},
     * the seed of generated data.
     */
    String integerSeries(String column, String rowsExpr);

    /**
     * A deterministic pseudo-random number in [0, 1) from the given key expressions: the same keys
     * give the same number on every run, whatever the parallelism.
     */
    String uniformHash(String... keyExprs);

    /** {@code dateExpr} plus {@code daysExpr} days, as a date. */
    String addDays(String dateExpr, String daysExpr);

    /** {@code timestampExpr} plus {@code secondsExpr} seconds, as a timestamp. */
    String addSeconds(String timestampExpr, String secondsExpr);
}
