package io.assay.platform.demo;

import io.assay.engine.Dialect;
import io.assay.engine.RelationRef;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

/**
 * The small vocabulary the demo's SQL is written in: random draws, picks from fixed lists, and
 * literals. Everything engine-specific goes through the {@link Dialect}; the rest is standard SQL
 * (CASE, CAST, FLOOR, arithmetic, ||). The only values written into SQL text are the generator's own
 * constants and validated numbers, never input.
 */
final class DemoSql {

    /** One outcome of a weighted choice: an SQL expression and its relative weight. */
    record Option(String sql, double weight) {
    }

    private final Dialect dialect;
    private final String schema;
    private final String seedKey;

    DemoSql(Dialect dialect, String schema, long seed) {
        this.dialect = dialect;
        this.schema = schema;
        this.seedKey = "CAST(" + seed + " AS BIGINT)";
    }

    /** The quoted, qualified name of a table in the target schema. */
    String table(String name) {
        return dialect.qualify(new RelationRef(schema, name));
    }

    /** Integers 0..rows-1 in {@code column}, as a relation that still needs an alias. */
    String series(String column, long rows) {
        return dialect.integerSeries(column, Long.toString(rows));
    }

    /** A number in [0, 1) drawn from {@code draw} for the row identified by {@code keys}. */
    String uniform(Draw draw, String... keys) {
        String[] all = Stream.concat(Stream.concat(Stream.of(seedKey), Stream.of(keys)),
                Stream.of(Integer.toString(draw.salt()))).toArray(String[]::new);
        return dialect.uniformHash(all);
    }

    /** An integer 0..n-1 from a uniform expression. */
    static String index(String uniform, long n) {
        return "CAST(FLOOR((" + uniform + ") * " + n + ") AS INTEGER)";
    }

    /** An integer lo..hi from a uniform expression. */
    static String between(String uniform, long lo, long hi) {
        return "CAST(" + lo + " + FLOOR((" + uniform + ") * " + (hi - lo + 1) + ") AS BIGINT)";
    }

    /** The decimal digits of an integer lo..hi; choose lo and hi of one width for fixed-width text. */
    String digits(String uniform, long lo, long hi) {
        return dialect.castToText(between(uniform, lo, hi));
    }

    /** The text value at {@code indexExpr} (0-based) of a fixed list. */
    static String choose(String indexExpr, List<String> values) {
        return chooseSql(indexExpr, values.stream().map(DemoSql::text).toList());
    }

    /** The SQL expression at {@code indexExpr} (0-based) of a fixed list. */
    static String chooseSql(String indexExpr, List<String> expressions) {
        StringBuilder sql = new StringBuilder("CASE ").append(indexExpr);
        for (int i = 0; i < expressions.size() - 1; i++) {
            sql.append(" WHEN ").append(i).append(" THEN ").append(expressions.get(i));
        }
        return sql.append(" ELSE ").append(expressions.get(expressions.size() - 1)).append(" END").toString();
    }

    /** One of the options, each with probability proportional to its weight, from a uniform expression. */
    static String weighted(String uniform, List<Option> options) {
        double total = options.stream().mapToDouble(Option::weight).sum();
        StringBuilder sql = new StringBuilder("CASE");
        double cumulative = 0;
        for (int i = 0; i < options.size() - 1; i++) {
            cumulative += options.get(i).weight();
            sql.append(" WHEN ").append(uniform).append(" < ").append(number(cumulative / total))
                    .append(" THEN ").append(options.get(i).sql());
        }
        return sql.append(" ELSE ").append(options.get(options.size() - 1).sql()).append(" END").toString();
    }

    /** Weighted text values: {@code "a", 0.7, "b", 0.3}. */
    static List<Option> texts(Object... valueWeightPairs) {
        return pairs(valueWeightPairs, true);
    }

    /** Weighted numbers: {@code 1, 0.7, 2, 0.3}. */
    static List<Option> numbers(Object... valueWeightPairs) {
        return pairs(valueWeightPairs, false);
    }

    private static List<Option> pairs(Object[] valueWeightPairs, boolean text) {
        if (valueWeightPairs.length % 2 != 0) {
            throw new IllegalArgumentException("values and weights must come in pairs");
        }
        Option[] options = new Option[valueWeightPairs.length / 2];
        for (int i = 0; i < options.length; i++) {
            Object value = valueWeightPairs[2 * i];
            String sql = text ? text((String) value) : number(((Number) value).doubleValue());
            options[i] = new Option(sql, ((Number) valueWeightPairs[2 * i + 1]).doubleValue());
        }
        return List.of(options);
    }

    /** A string constant of the generator as an SQL literal. */
    static String text(String constant) {
        return "'" + constant.replace("'", "''") + "'";
    }

    /** A number as a plain SQL literal (never in exponent notation). */
    static String number(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("not a finite number: " + value);
        }
        BigDecimal decimal = BigDecimal.valueOf(value).stripTrailingZeros();
        return decimal.scale() < 0 ? decimal.setScale(0).toPlainString() : decimal.toPlainString();
    }

    /** A date as a standard SQL literal. */
    static String date(LocalDate date) {
        return "DATE '" + date + "'";
    }

    String toText(String expr) {
        return dialect.castToText(expr);
    }

    String addDays(String dateExpr, String daysExpr) {
        return dialect.addDays(dateExpr, daysExpr);
    }

    String addSeconds(String timestampExpr, String secondsExpr) {
        return dialect.addSeconds(timestampExpr, secondsExpr);
    }

    /** The schema the tables go in, unquoted. */
    String schema() {
        return schema;
    }

    /** A clause that keeps the first {@code rows} rows of an ordered query. */
    String limit(long rows) {
        return dialect.limitClause(rows);
    }

    String quote(String identifier) {
        return dialect.quoteIdentifier(identifier);
    }
}
