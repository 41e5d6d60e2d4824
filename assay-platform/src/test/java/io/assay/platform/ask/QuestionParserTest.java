package io.assay.platform.ask;

import io.assay.engine.AssayException;
import io.assay.engine.duckdb.DuckDbDialect;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parser alone, over a schema and a value lookup given to it: no engine. */
class QuestionParserTest {

    private static final AskTable SHIPMENTS = new AskTable("shipments", List.of(
            new AskTable.Column("shipmentId", AskTable.Kind.NUMBER, true, List.of()),
            new AskTable.Column("shipped_at", AskTable.Kind.TIME),
            new AskTable.Column("Carrier Name", AskTable.Kind.TEXT),
            new AskTable.Column("destinationHub", AskTable.Kind.TEXT),
            new AskTable.Column("originHub", AskTable.Kind.TEXT),
            new AskTable.Column("Parcel Weight (lb)", AskTable.Kind.NUMBER),
            new AskTable.Column("Fee $", AskTable.Kind.NUMBER)), Map.of("revenue", "sum(\"Fee $\")"));

    private static final AskTable ORDERS = new AskTable("orders", List.of(
            new AskTable.Column("ordered_at", AskTable.Kind.TIME), new AskTable.Column("region", AskTable.Kind.TEXT)), Map.of());

    /** Values held by the fixtures, as the engine would find them (ignoring case). */
    private static final ValueLookup VALUES = (table, phrases) -> {
        Map<String, List<String[]>> held = Map.of(
                "north hub", List.of(new String[] {"destinationHub", "North Hub"}, new String[] {"originHub", "North Hub"}),
                "swiftpost", List.<String[]>of(new String[] {"Carrier Name", "SwiftPost"}),
                "apac", List.<String[]>of(new String[] {"region", "APAC"}));
        List<ValueLookup.Hit> out = new ArrayList<>();
        for (String p : phrases) {
            for (String[] h : held.getOrDefault(p, List.of())) {
                if (table.column(h[0]).isPresent()) {
                    out.add(new ValueLookup.Hit(p, h[0], h[1], 10));
                }
            }
        }
        return out;
    };

    private final QuestionParser parser = new QuestionParser(new DuckDbDialect());

    private String sql(String question, AskTable... tables) {
        return parser.parse(question, List.of(tables), VALUES).sql();
    }

    @Test
    void camelCaseUnitsAndDollarSignsAreColumnNames() {
        assertThat(sql("average parcel weight per carrier name", SHIPMENTS))
                .isEqualTo("SELECT \"Carrier Name\", avg(\"Parcel Weight (lb)\") FROM \"shipments\" GROUP BY \"Carrier Name\" ORDER BY \"Carrier Name\"");
        assertThat(sql("What is the total fee?", SHIPMENTS)).isEqualTo("SELECT sum(\"Fee $\") FROM \"shipments\"");
        assertThat(sql("How many shipments per destination hub?", SHIPMENTS)).contains("GROUP BY \"destinationHub\"");
    }

    @Test
    void aValueInTwoColumnsFollowsFromAndTo() {
        assertThat(sql("How many shipments went to North Hub?", SHIPMENTS)).endsWith("WHERE \"destinationHub\" = 'North Hub'");
        assertThat(sql("How many shipments left from North Hub?", SHIPMENTS)).endsWith("WHERE \"originHub\" = 'North Hub'");
        assertThat(sql("revenue of SwiftPost in 2024", SHIPMENTS)).isEqualTo("SELECT sum(\"Fee $\") FROM \"shipments\" WHERE "
                + "\"Carrier Name\" = 'SwiftPost' AND \"shipped_at\" >= DATE '2024-01-01' AND \"shipped_at\" < DATE '2025-01-01'");
    }

    @Test
    void theTableNameIsTheRowsNotAColumnThatSharesItsWord() {
        assertThat(sql("How many orders came from APAC?", ORDERS)).isEqualTo("SELECT count(*) FROM \"orders\" WHERE \"region\" = 'APAC'");
        assertThat(sql("How many orders per month?", ORDERS)).contains("date_trunc('month', \"ordered_at\")");
    }

    @Test
    void picksTheTableTheQuestionIsAbout() {
        assertThat(parser.parse("How many orders per region?", List.of(SHIPMENTS, ORDERS), VALUES).dataset()).isEqualTo("orders");
        assertThat(parser.parse("heaviest parcel weight", List.of(ORDERS, SHIPMENTS), VALUES).sql())
                .isEqualTo("SELECT max(\"Parcel Weight (lb)\") FROM \"shipments\"");
    }

    @Test
    void distinctValuesOfANumericKeyAreCountedNotSummed() {
        AskTable parcels = new AskTable("parcels", List.of(new AskTable.Column("senderId", AskTable.Kind.NUMBER),
                new AskTable.Column("Parcel Weight (lb)", AskTable.Kind.NUMBER)), Map.of());
        assertThat(sql("How many distinct senders sent parcels?", parcels)).isEqualTo("SELECT count(DISTINCT \"senderId\") FROM \"parcels\"");
        assertThat(sql("How many different senders are there?", parcels)).isEqualTo("SELECT count(DISTINCT \"senderId\") FROM \"parcels\"");
    }

    @Test
    void anAggregateWordIsNotPartOfAColumnItOnlyStartsWith() {
        AskTable sales = new AskTable("sales", List.of(new AskTable.Column("total_price", AskTable.Kind.NUMBER),
                new AskTable.Column("rebate", AskTable.Kind.NUMBER)), Map.of());
        assertThat(sql("What was the total rebate?", sales)).isEqualTo("SELECT sum(\"rebate\") FROM \"sales\"");
        assertThat(sql("What is the average total price?", sales)).isEqualTo("SELECT avg(\"total_price\") FROM \"sales\"");
    }

    @Test
    void comparisonsWithoutAColumnAreDeclined() {
        assertThatThrownBy(() -> sql("How many orders with more than 5?", ORDERS)).isInstanceOf(AssayException.class)
                .hasMessageContaining("did not understand 'more 5'");
    }
}
