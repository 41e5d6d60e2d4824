package io.assay.platform.saved;

import io.assay.engine.AssayException;
import io.assay.engine.Dialect;
import io.assay.engine.ErrorCode;
import io.assay.engine.duckdb.DuckDbDialect;
import io.assay.engine.postgres.PostgresDialect;
import io.assay.platform.saved.QueryParameter.Type;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlTemplateTest {

    private static final Dialect DUCK = new DuckDbDialect();
    private static final QueryParameter REGION = QueryParameter.optional("region", Type.TEXT);

    @Test
    void placeholdersBecomeTypedBindParametersInOrderRepeatsIncluded() {
        SqlTemplate t = SqlTemplate.parse("SELECT * FROM sales WHERE ({{region}} IS NULL OR region = {{ region }}) AND day >= {{from}}");
        assertThat(t.names()).containsExactly("region", "from");
        SqlTemplate.Bound b = t.bind(List.of(REGION, QueryParameter.optional("from", Type.DATE)),
                Map.of("region", "North", "from", "2025-02-01"), DUCK);
        assertThat(b.sql()).isEqualTo("SELECT * FROM sales WHERE (CAST(? AS VARCHAR) IS NULL OR region = CAST(? AS VARCHAR)) "
                + "AND day >= CAST(? AS DATE)");
        assertThat(b.params()).containsExactly("North", "North", LocalDate.of(2025, 2, 1));
        assertThat(b.values()).containsExactly(Map.entry("region", "North"), Map.entry("from", LocalDate.of(2025, 2, 1)));
    }

    @Test
    void valuesNeverEnterTheText() {
        String hostile = "x'); DROP TABLE sales; --";
        SqlTemplate.Bound b = SqlTemplate.parse("SELECT {{region}}").bind(List.of(REGION), Map.of("region", hostile), DUCK);
        assertThat(b.sql()).isEqualTo("SELECT CAST(? AS VARCHAR)").doesNotContain("DROP");
        assertThat(b.params()).containsExactly(hostile);
    }

    @Test
    void placeholdersInLiteralsQuotedIdentifiersAndCommentsAreLeftAlone() {
        String sql = "SELECT '{{region}}', 'it''s {{region}}', E'a\\' {{region}}', $$ {{region}} $$, $q$ {{region}} $q$, "
                + "\"{{region}}\" -- {{region}}\n /* {{region}} /* nested {{region}} */ {{region}} */ , {{region}}";
        SqlTemplate.Bound b = SqlTemplate.parse(sql).bind(List.of(REGION), Map.of("region", "N"), DUCK);
        assertThat(b.params()).containsExactly("N");
        assertThat(b.sql()).isEqualTo(sql.substring(0, sql.lastIndexOf("{{region}}")) + "CAST(? AS VARCHAR)");
    }

    @Test
    void braceThatIsNotAPlaceholderStaysSql() {
        SqlTemplate t = SqlTemplate.parse("SELECT {'a': {'b': 1}} AS s, {{ 1 }}");
        assertThat(t.names()).isEmpty();
        assertThat(t.bind(List.of(), Map.of(), DUCK).sql()).isEqualTo("SELECT {'a': {'b': 1}} AS s, {{ 1 }}");
    }

    @Test
    void aBareQuestionMarkIsRefused() {
        assertThatThrownBy(() -> SqlTemplate.parse("SELECT * FROM t WHERE a = ?"))
                .isInstanceOfSatisfying(AssayException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.getMessage()).contains("{{name}}", "character 27");
                });
        assertThat(SqlTemplate.parse("SELECT '?' AS q, \"?\" -- ?").names()).isEmpty();
    }

    @Test
    void everyPlaceholderMustBeDeclaredAndEveryDeclaredOneUsed() {
        SqlTemplate t = SqlTemplate.parse("SELECT {{region}}, {{n}}");
        assertRefused(() -> t.checkDeclared(List.of(REGION)), "n", "no parameter 'n' is declared");
        assertRefused(() -> t.checkDeclared(List.of(REGION, QueryParameter.optional("n", Type.NUMBER),
                QueryParameter.optional("extra", Type.TEXT))), "extra", "has no {{extra}} placeholder");
        assertRefused(() -> t.checkDeclared(List.of(REGION, REGION, QueryParameter.optional("n", Type.NUMBER))), "region", "declared twice");
        t.checkDeclared(List.of(QueryParameter.optional("n", Type.NUMBER), REGION));
    }

    @Test
    void unknownAndMissingValuesAreRefusedByName() {
        SqlTemplate t = SqlTemplate.parse("SELECT {{region}}");
        assertRefused(() -> t.bind(List.of(REGION), Map.of("regoin", "N"), DUCK), "regoin", "no parameter 'regoin'; its parameters: region");
        QueryParameter required = new QueryParameter("region", Type.TEXT, Optional.empty(), true);
        assertRefused(() -> t.bind(List.of(required), Map.of(), DUCK), "region", "'region' (text) needs a value");
    }

    @Test
    void optionalWithoutValueIsNullAndADefaultStandsIn() {
        SqlTemplate t = SqlTemplate.parse("SELECT {{region}}");
        assertThat(t.bind(List.of(REGION), Map.of(), DUCK).params()).containsExactly((Object) null);
        Map<String, Object> explicitNull = new HashMap<>();
        explicitNull.put("region", null);
        QueryParameter withDefault = new QueryParameter("region", Type.TEXT, Optional.of("North"), true);
        assertThat(t.bind(List.of(withDefault), explicitNull, DUCK).params()).containsExactly("North");
        assertThat(t.bind(List.of(withDefault), Map.of("region", "South"), DUCK).params()).containsExactly("South");
    }

    @Test
    void valuesAreConvertedToTheDeclaredType() {
        SqlTemplate t = SqlTemplate.parse("SELECT {{n}}, {{d}}, {{b}}, {{s}}");
        List<QueryParameter> declared = List.of(QueryParameter.optional("n", Type.NUMBER), QueryParameter.optional("d", Type.DATE),
                QueryParameter.optional("b", Type.BOOLEAN), QueryParameter.optional("s", Type.TEXT));
        SqlTemplate.Bound fromText = t.bind(declared, Map.of("n", " 12.50", "d", "2024-02-29", "b", "TRUE", "s", "007"), DUCK);
        assertThat(fromText.params()).containsExactly(new BigDecimal("12.50"), LocalDate.of(2024, 2, 29), true, "007");
        SqlTemplate.Bound fromJson = t.bind(declared, Map.of("n", 7L, "d", "2024-01-01", "b", false, "s", 5L), DUCK);
        assertThat(fromJson.params()).containsExactly(BigDecimal.valueOf(7), LocalDate.of(2024, 1, 1), false, "5");
        SqlTemplate.Bound large = t.bind(declared, Map.of("n", new java.math.BigInteger("123456789012345678901234"), "s", new BigDecimal("1E+3")), DUCK);
        assertThat(large.params()).containsExactly(new BigDecimal("123456789012345678901234"), null, null, "1000");
        assertThat(t.bind(declared, Map.of("n", 2.5), DUCK).params().get(0)).isEqualTo(new BigDecimal("2.5"));
        assertThat(fromText.sql()).isEqualTo("SELECT CAST(? AS DOUBLE PRECISION), CAST(? AS DATE), CAST(? AS BOOLEAN), CAST(? AS VARCHAR)");
        assertThat(t.bind(declared, Map.of(), new PostgresDialect()).sql())
                .isEqualTo("SELECT CAST(? AS DOUBLE PRECISION), CAST(? AS DATE), CAST(? AS BOOLEAN), CAST(? AS text)");
    }

    @Test
    void aBadValueNamesTheParameterAndTheValue() {
        SqlTemplate t = SqlTemplate.parse("SELECT {{n}}, {{d}}, {{b}}");
        List<QueryParameter> declared = List.of(QueryParameter.optional("n", Type.NUMBER), QueryParameter.optional("d", Type.DATE),
                QueryParameter.optional("b", Type.BOOLEAN));
        AssayException number = refused(() -> t.bind(declared, Map.of("n", "12,5"), DUCK));
        assertThat(number.getMessage()).isEqualTo("Parameter 'n' is a number: '12,5' is not a number, such as 42 or -3.5.");
        assertThat(number.details()).containsEntry("parameter", "n").containsEntry("value", "12,5");
        AssayException date = refused(() -> t.bind(declared, Map.of("d", "2025-02-30"), DUCK));
        assertThat(date.getMessage()).contains("'d' is a date", "'2025-02-30'");
        assertThat(date.details()).containsEntry("parameter", "d").containsEntry("value", "2025-02-30");
        assertThat(refused(() -> t.bind(declared, Map.of("b", "yes"), DUCK)).getMessage()).contains("'b' is a boolean", "'yes'", "true or false");
    }

    @Test
    void aDeclarationIsCheckedWhenMade() {
        assertRefused(() -> new QueryParameter("from", Type.DATE, Optional.of("yesterday"), false), "from", "'yesterday' is not a date");
        assertRefused(() -> new QueryParameter("1st", Type.TEXT, Optional.empty(), false), "1st", "is not a parameter name");
        assertRefused(() -> Type.of("money", "price"), "price", "the types are text, number, date and boolean");
        assertRefused(() -> new QueryParameter("note", Type.TEXT, Optional.of("x".repeat(201)), false), "note", "longer than 200 characters");
        assertThat(Arrays.stream(Type.values()).map(Type::label)).containsExactly("text", "number", "date", "boolean");
    }

    @Test
    void describeShowsTheValuesForTheRecord() {
        Map<String, Object> values = new java.util.LinkedHashMap<>();
        values.put("region", "O'Neil");
        values.put("from", LocalDate.of(2025, 1, 1));
        values.put("n", null);
        assertThat(SqlTemplate.describe(values)).isEqualTo("region='O''Neil', from=2025-01-01, n=NULL");
    }

    private static AssayException refused(Runnable r) {
        try {
            r.run();
        } catch (AssayException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            return e;
        }
        throw new AssertionError("not refused");
    }

    private static void assertRefused(Runnable r, String parameter, String message) {
        AssayException e = refused(r);
        assertThat(e.getMessage()).contains(message);
        assertThat(e.details()).containsEntry("parameter", parameter);
    }
}
