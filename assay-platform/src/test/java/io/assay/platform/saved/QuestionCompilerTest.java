package io.assay.platform.saved;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assay.engine.AssayException;
import io.assay.engine.ColumnType;
import io.assay.engine.duckdb.DuckDbDialect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Questions compiled to DuckDB SQL and run on a real DuckDB: every measure, every grain, every filter, values bound and never
 * pasted, and bad input refused naming the field.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuestionCompilerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final DuckDbDialect dialect = new DuckDbDialect();
    private final Map<String, ColumnType> columns = new LinkedHashMap<>();
    private Connection db;

    @BeforeAll
    void start() throws Exception {
        db = DriverManager.getConnection("jdbc:duckdb:");
        try (var s = db.createStatement()) {
            s.execute("CREATE TABLE sales (ts TIMESTAMP, region VARCHAR, amount DECIMAL(10,2), qty INTEGER, ok BOOLEAN)");
            s.execute("INSERT INTO sales VALUES "
                    + "('2025-01-01 10:15:00', 'North', 10, 1, true), ('2025-01-01 11:30:00', 'South', 20, 2, false), "
                    + "('2025-01-02 09:00:00', 'North', 30, 3, true), ('2025-02-10 12:00:00', 'West_1', 40, 4, true), "
                    + "('2025-05-20 08:00:00', NULL, 50, 5, NULL)");
        }
        columns.put("ts", new ColumnType(ColumnType.Kind.TIMESTAMP, "TIMESTAMP"));
        columns.put("region", new ColumnType(ColumnType.Kind.TEXT, "VARCHAR"));
        columns.put("amount", new ColumnType(ColumnType.Kind.DECIMAL, "DECIMAL(10,2)"));
        columns.put("qty", new ColumnType(ColumnType.Kind.INTEGER, "INTEGER"));
        columns.put("ok", new ColumnType(ColumnType.Kind.BOOLEAN, "BOOLEAN"));
    }

    @AfterAll
    void stop() throws Exception {
        db.close();
    }

    private QuestionCompiler.Compiled compile(String json) throws Exception {
        return QuestionCompiler.compile(Question.parse(JSON.readTree(json), ""), dialect.quoteIdentifier("sales"), columns, dialect);
    }

    private List<List<Object>> run(QuestionCompiler.Compiled c) throws Exception {
        try (PreparedStatement ps = db.prepareStatement(c.sql())) {
            for (int i = 0; i < c.params().size(); i++) {
                ps.setObject(i + 1, c.params().get(i));
            }
            List<List<Object>> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.add(rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    private List<List<Object>> run(String json) throws Exception {
        return run(compile(json));
    }

    private static double num(Object o) {
        return ((Number) o).doubleValue();
    }

    @Test
    void everyMeasureIsComputedByTheEngine() throws Exception {
        QuestionCompiler.Compiled c = compile("""
                {"dataset": "sales", "measures": [{"fn": "count"}, {"fn": "count", "column": "region"}, {"fn": "sum", "column": "amount"},
                 {"fn": "avg", "column": "amount"}, {"fn": "min", "column": "amount"}, {"fn": "max", "column": "amount"},
                 {"fn": "distinct", "column": "region"}, {"fn": "p25", "column": "qty"}, {"fn": "p50", "column": "qty"},
                 {"fn": "p75", "column": "qty"}, {"fn": "p90", "column": "qty"}, {"fn": "p95", "column": "qty"}, {"fn": "p99", "column": "qty"}]}""");
        assertThat(c.sql()).startsWith("SELECT count(*) AS \"count\", count(\"region\") AS \"count_region\", sum(\"amount\") AS \"sum_amount\"")
                .contains("quantile_cont(\"qty\", 0.9) AS \"p90_qty\"").contains("FROM \"sales\"").doesNotContain("GROUP BY");
        List<Object> row = run(c).get(0);
        assertThat(num(row.get(0))).isEqualTo(5);
        assertThat(num(row.get(1))).isEqualTo(4);
        assertThat(num(row.get(2))).isEqualTo(150);
        assertThat(num(row.get(3))).isEqualTo(30);
        assertThat(num(row.get(4))).isEqualTo(10);
        assertThat(num(row.get(5))).isEqualTo(50);
        assertThat(num(row.get(6))).isEqualTo(3);
        assertThat(num(row.get(7))).isEqualTo(2);
        assertThat(num(row.get(8))).isEqualTo(3);
        assertThat(num(row.get(9))).isEqualTo(4);
        assertThat(num(row.get(10))).isCloseTo(4.6, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(num(row.get(11))).isCloseTo(4.8, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(num(row.get(12))).isCloseTo(4.96, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void everyGrainTruncatesTheTimeAndGroupsByIt() throws Exception {
        Map<String, Integer> groups = Map.of("none", 5, "minute", 5, "hour", 5, "day", 4, "week", 3, "month", 3, "quarter", 2, "year", 1);
        for (Map.Entry<String, Integer> g : groups.entrySet()) {
            QuestionCompiler.Compiled c = compile("{\"dataset\": \"sales\", \"dimensions\": [{\"column\": \"ts\", \"grain\": \"" + g.getKey()
                    + "\"}], \"measures\": [{\"fn\": \"sum\", \"column\": \"amount\"}]}");
            if (!g.getKey().equals("none")) {
                assertThat(c.sql()).as(g.getKey()).contains("date_trunc('" + g.getKey() + "', \"ts\") AS \"ts_" + g.getKey() + "\"")
                        .contains("GROUP BY date_trunc('" + g.getKey() + "', \"ts\")").contains("ORDER BY \"ts_" + g.getKey() + "\"");
            }
            List<List<Object>> rows = run(c);
            assertThat(rows).as(g.getKey()).hasSize(g.getValue());
            assertThat(rows.stream().mapToDouble(r -> num(r.get(1))).sum()).as(g.getKey()).isEqualTo(150);
        }
        List<List<Object>> months = run("{\"dataset\": \"sales\", \"dimensions\": [{\"column\": \"ts\", \"grain\": \"month\"}], "
                + "\"measures\": [{\"fn\": \"count\"}]}");
        assertThat(months.get(0).get(0).toString()).startsWith("2025-01-01");
        assertThat(num(months.get(0).get(1))).isEqualTo(3);
    }

    @Test
    void everyFilterIsAConditionWithItsValuesBound() throws Exception {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("{\"column\": \"region\", \"op\": \"=\", \"values\": [\"North\"]}", 2);
        counts.put("{\"column\": \"region\", \"op\": \"!=\", \"values\": [\"North\"]}", 2);
        counts.put("{\"column\": \"amount\", \"op\": \"<\", \"values\": [30]}", 2);
        counts.put("{\"column\": \"amount\", \"op\": \"<=\", \"values\": [30]}", 3);
        counts.put("{\"column\": \"amount\", \"op\": \">\", \"values\": [\"30\"]}", 2);
        counts.put("{\"column\": \"qty\", \"op\": \">=\", \"value\": 4}", 2);
        counts.put("{\"column\": \"region\", \"op\": \"in\", \"values\": [\"North\", \"West_1\"]}", 3);
        counts.put("{\"column\": \"ts\", \"op\": \"between\", \"values\": [\"2025-01-01\", \"2025-01-31\"]}", 3);
        counts.put("{\"column\": \"region\", \"op\": \"contains\", \"values\": [\"_\"]}", 1);
        counts.put("{\"column\": \"region\", \"op\": \"contains\", \"values\": [\"orth\"]}", 2);
        counts.put("{\"column\": \"region\", \"op\": \"is_null\"}", 1);
        counts.put("{\"column\": \"region\", \"op\": \"not_null\"}", 4);
        counts.put("{\"column\": \"ok\", \"op\": \"=\", \"values\": [true]}", 3);
        for (Map.Entry<String, Integer> f : counts.entrySet()) {
            QuestionCompiler.Compiled c = compile("{\"dataset\": \"sales\", \"measures\": [{\"fn\": \"count\"}], \"filters\": [" + f.getKey() + "]}");
            assertThat(num(run(c).get(0).get(0))).as(f.getKey() + " → " + c.sql() + " " + c.params()).isEqualTo(f.getValue().doubleValue());
        }
        // Two filters hold together; values are bound, never pasted into the text.
        QuestionCompiler.Compiled c = compile("""
                {"dataset": "sales", "measures": [{"fn": "count"}], "filters": [{"column": "region", "op": "=", "values": ["North' OR '1'='1"]},
                 {"column": "amount", "op": ">", "values": [0]}]}""");
        assertThat(c.sql()).doesNotContain("North").contains("WHERE \"region\" = CAST(? AS VARCHAR)\n  AND \"amount\" > ");
        assertThat(c.params()).hasSize(2).first().isEqualTo("North' OR '1'='1");
        assertThat(num(run(c).get(0).get(0))).isZero();
    }

    @Test
    void dimensionsSortAndLimit() throws Exception {
        QuestionCompiler.Compiled c = compile("""
                {"dataset": "sales", "dimensions": ["region"], "measures": [{"fn": "sum", "column": "amount"}],
                 "sort": [{"column": "sum_amount", "direction": "desc"}, "region"], "limit": 2}""");
        assertThat(c.sql()).endsWith("ORDER BY \"sum_amount\" DESC, \"region\" ASC\nLIMIT 2");
        List<List<Object>> rows = run(c);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get(0)).isNull(); // the NULL region's 50
        assertThat(rows.get(1).get(0)).isEqualTo("North");
        // Dimensions alone: their distinct values.
        assertThat(compile("{\"dataset\": \"sales\", \"dimensions\": [\"region\"]}").sql()).startsWith("SELECT DISTINCT \"region\"");
        assertThat(run("{\"dataset\": \"sales\", \"dimensions\": [\"region\"]}")).hasSize(4);
    }

    private AssayException refused(String json) {
        AssayException e = catchThrowableOfType(AssayException.class, () -> compile(json));
        assertThat(e).as(json).isNotNull();
        return e;
    }

    @Test
    void badInputIsRefusedNamingTheField() {
        AssayException unknown = refused("{\"dataset\": \"sales\", \"measures\": [{\"fn\": \"count\"}, {\"fn\": \"sum\", \"column\": \"amout\"}]}");
        assertThat(unknown.getMessage()).isEqualTo("measures[1].column: unknown column 'amout'.");
        assertThat(unknown.details()).containsEntry("parameter", "measures[1].column");
        assertThat(unknown.hint()).hasValueSatisfying(h -> assertThat(h).contains("ts, region, amount, qty, ok"));

        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("{\"dataset\": \"sales\", \"measures\": [{\"fn\": \"median\", \"column\": \"amount\"}]}", "measures[0].fn");
        fields.put("{\"dataset\": \"sales\", \"measures\": [{\"fn\": \"sum\"}]}", "measures[0].column");
        fields.put("{\"dataset\": \"sales\", \"measures\": [{\"fn\": \"avg\", \"column\": \"region\"}]}", "measures[0].column");
        fields.put("{\"dataset\": \"sales\", \"measures\": [{\"fn\": \"p90\", \"column\": \"ts\"}]}", "measures[0].column");
        fields.put("{\"dataset\": \"sales\", \"dimensions\": [{\"column\": \"region\", \"grain\": \"month\"}]}", "dimensions[0].grain");
        fields.put("{\"dataset\": \"sales\", \"dimensions\": [{\"column\": \"ts\", \"grain\": \"fortnight\"}]}", "dimensions[0].grain");
        fields.put("{\"dataset\": \"sales\", \"dimensions\": [{\"column\": \"nope\"}]}", "dimensions[0].column");
        fields.put("{\"dataset\": \"sales\", \"measures\": [{\"fn\": \"count\"}], \"filters\": [{\"column\": \"qty\", \"op\": \"~\", \"values\": [1]}]}",
                "filters[0].op");
        fields.put("{\"dataset\": \"sales\", \"measures\": [{\"fn\": \"count\"}], \"filters\": [{\"column\": \"qty\", \"op\": \"between\", \"values\": [1]}]}",
                "filters[0].values");
        fields.put("{\"dataset\": \"sales\", \"measures\": [{\"fn\": \"count\"}], \"filters\": [{\"column\": \"qty\", \"op\": \"is_null\", \"values\": [1]}]}",
                "filters[0].values");
        fields.put("{\"dataset\": \"sales\", \"measures\": [{\"fn\": \"count\"}], \"filters\": [{\"column\": \"qty\", \"op\": \"=\", \"values\": [\"many\"]}]}",
                "filters[0].values[0]");
        fields.put("{\"dataset\": \"sales\", \"measures\": [{\"fn\": \"count\"}], \"filters\": [{\"column\": \"ts\", \"op\": \">\", \"values\": [\"yesterday\"]}]}",
                "filters[0].values[0]");
        fields.put("{\"dataset\": \"sales\", \"measures\": [{\"fn\": \"count\"}], \"sort\": [{\"column\": \"sum_amount\"}]}", "sort[0].column");
        fields.put("{\"dataset\": \"sales\", \"measures\": [{\"fn\": \"count\"}], \"sort\": [{\"column\": \"count\", \"direction\": \"up\"}]}",
                "sort[0].direction");
        fields.put("{\"dataset\": \"sales\", \"measures\": [{\"fn\": \"count\"}], \"limit\": 0}", "limit");
        fields.put("{\"dataset\": \"sales\", \"measures\": [{\"fn\": \"count\"}, {\"fn\": \"count\"}]}", "measures[1]");
        fields.put("{\"dataset\": \"sales\"}", "measures");
        fields.put("{\"measures\": [{\"fn\": \"count\"}]}", "dataset");
        for (Map.Entry<String, String> f : fields.entrySet()) {
            assertThat(refused(f.getKey()).details()).as(f.getKey()).containsEntry("parameter", f.getValue());
        }
    }

    @Test
    void aQuestionInsideAnotherObjectIsNamedWithItsPrefix() throws Exception {
        JsonNode body = JSON.readTree("{\"question\": {\"dataset\": \"sales\", \"measures\": [{\"fn\": \"nope\"}]}}");
        AssayException e = catchThrowableOfType(AssayException.class, () -> Question.parse(body.get("question"), "question"));
        assertThat(e.details()).containsEntry("parameter", "question.measures[0].fn");
    }
}
