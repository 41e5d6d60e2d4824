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

    // ----- joins, on a small library: loans of books to members, books written by authors -----------------------------

    private static final AskTable LOANS = new AskTable("loans", List.of(
            new AskTable.Column("loan_id", AskTable.Kind.NUMBER, true, List.of()),
            new AskTable.Column("book_id", AskTable.Kind.NUMBER),
            new AskTable.Column("member_id", AskTable.Kind.NUMBER),
            new AskTable.Column("loaned_on", AskTable.Kind.TIME),
            new AskTable.Column("copies", AskTable.Kind.NUMBER),
            new AskTable.Column("late_fee", AskTable.Kind.NUMBER)), Map.of());
    private static final AskTable BOOKS = new AskTable("books", List.of(
            new AskTable.Column("book_id", AskTable.Kind.NUMBER, true, List.of()),
            new AskTable.Column("author_id", AskTable.Kind.NUMBER),
            new AskTable.Column("title", AskTable.Kind.TEXT),
            new AskTable.Column("genre", AskTable.Kind.TEXT),
            new AskTable.Column("published_on", AskTable.Kind.TIME),
            new AskTable.Column("page_count", AskTable.Kind.NUMBER)), Map.of());
    private static final AskTable MEMBERS = new AskTable("members", List.of(
            new AskTable.Column("member_id", AskTable.Kind.NUMBER, true, List.of()),
            new AskTable.Column("city", AskTable.Kind.TEXT),
            new AskTable.Column("joined_on", AskTable.Kind.TIME)), Map.of());
    private static final AskTable AUTHORS = new AskTable("authors", List.of(
            new AskTable.Column("id", AskTable.Kind.NUMBER, true, List.of()),
            new AskTable.Column("name", AskTable.Kind.TEXT),
            new AskTable.Column("nationality", AskTable.Kind.TEXT)), Map.of());
    private static final List<AskTable> LIBRARY = List.of(MEMBERS, AUTHORS, BOOKS, LOANS);

    private static final ValueLookup LIBRARY_VALUES = (table, phrases) -> {
        List<ValueLookup.Hit> out = new ArrayList<>();
        if (table.name().equals("members") && phrases.contains("leeds")) {
            out.add(new ValueLookup.Hit("leeds", "city", "Leeds", 40));
        }
        if (table.name().equals("books") && phrases.contains("poetry")) {
            out.add(new ValueLookup.Hit("poetry", "genre", "Poetry", 12));
        }
        return out;
    };

    /** The joins the names suggest whose parent column is unique: what the gateway confirms in the engine. */
    private static final List<AskJoin> LIBRARY_JOINS = AskJoin.candidates(LIBRARY).stream()
            .filter(j -> LIBRARY.stream().anyMatch(t -> t.name().equals(j.parent()) && t.column(j.parentColumn()).orElseThrow().unique())).toList();

    private String library(String question) {
        return parser.parse(question, LIBRARY, LIBRARY_JOINS, LIBRARY_VALUES).sql();
    }

    @Test
    void joinsAreSuggestedByKeyNamesAndByATablesIdColumn() {
        // Names alone cannot tell which side is unique: both ways are suggested where both names match.
        assertThat(AskJoin.candidates(LIBRARY)).containsExactlyInAnyOrder(
                new AskJoin("loans", "member_id", "members", "member_id"), new AskJoin("members", "member_id", "loans", "member_id"),
                new AskJoin("books", "author_id", "authors", "id"),
                new AskJoin("loans", "book_id", "books", "book_id"), new AskJoin("books", "book_id", "loans", "book_id"));
        assertThat(LIBRARY_JOINS).containsExactlyInAnyOrder(new AskJoin("loans", "member_id", "members", "member_id"),
                new AskJoin("books", "author_id", "authors", "id"), new AskJoin("loans", "book_id", "books", "book_id"));
    }

    @Test
    void aQuestionOverTwoTablesJoinsThemOnTheirKey() {
        assertThat(library("How many loans per genre?")).isEqualTo("SELECT b.\"genre\", count(*) FROM \"loans\" l JOIN \"books\" b "
                + "ON b.\"book_id\" = l.\"book_id\" GROUP BY b.\"genre\" ORDER BY b.\"genre\"");
        assertThat(library("What is the total late fee of members from Leeds?")).isEqualTo("SELECT sum(l.\"late_fee\") FROM \"loans\" l "
                + "JOIN \"members\" m ON m.\"member_id\" = l.\"member_id\" WHERE m.\"city\" = 'Leeds'");
    }

    @Test
    void whichParentHadTheMostIsGroupedByTheParentsKeyWithTheDateFromTheChild() {
        assertThat(library("Which 3 books had the most copies loaned in March?")).isEqualTo("SELECT b.\"title\", sum(l.\"copies\") "
                + "FROM \"loans\" l JOIN \"books\" b ON b.\"book_id\" = l.\"book_id\" WHERE EXTRACT(MONTH FROM l.\"loaned_on\") = 3 "
                + "AND b.\"title\" IS NOT NULL GROUP BY b.\"book_id\", b.\"title\" ORDER BY sum(l.\"copies\") DESC NULLS LAST LIMIT 3");
    }

    @Test
    void aTablesNounBeforeItsColumnIsPartOfTheColumnsName() {
        assertThat(library("Total late fee per member city")).isEqualTo("SELECT m.\"city\", sum(l.\"late_fee\") FROM \"loans\" l "
                + "JOIN \"members\" m ON m.\"member_id\" = l.\"member_id\" GROUP BY m.\"city\" ORDER BY m.\"city\"");
        assertThat(library("Which member city has the highest total late fee?")).startsWith("SELECT m.\"city\", sum(l.\"late_fee\")");
    }

    @Test
    void aDateOfTheTableCountedIsNotTakenFromAJoinedOne() {
        assertThat(library("How many members joined in 2021?")).isEqualTo("SELECT count(*) FROM \"members\" "
                + "WHERE \"joined_on\" >= DATE '2021-01-01' AND \"joined_on\" < DATE '2022-01-01'");
    }

    @Test
    void aTableNamedInTwoWordsIsThatTable() {
        AskTable lines = new AskTable("invoice_lines", List.of(new AskTable.Column("invoice_id", AskTable.Kind.NUMBER),
                new AskTable.Column("qty", AskTable.Kind.NUMBER), new AskTable.Column("line_total", AskTable.Kind.NUMBER)), Map.of(), 5000);
        AskTable invoices = new AskTable("invoices", List.of(new AskTable.Column("invoice_id", AskTable.Kind.NUMBER, true, List.of()),
                new AskTable.Column("invoiced_at", AskTable.Kind.TIME), new AskTable.Column("desk", AskTable.Kind.TEXT)), Map.of(), 900);
        List<AskTable> both = List.of(lines, invoices);
        List<AskJoin> joins = List.of(new AskJoin("invoice_lines", "invoice_id", "invoices", "invoice_id"));
        assertThat(parser.parse("How many invoice lines have a qty above 3?", both, joins, VALUES).sql())
                .isEqualTo("SELECT count(*) FROM \"invoice_lines\" WHERE \"qty\" > 3");
        assertThat(parser.parse("Total qty per desk in March", both, joins, VALUES).sql()).isEqualTo("SELECT i.\"desk\", sum(il.\"qty\") "
                + "FROM \"invoice_lines\" il JOIN \"invoices\" i ON i.\"invoice_id\" = il.\"invoice_id\" "
                + "WHERE EXTRACT(MONTH FROM i.\"invoiced_at\") = 3 GROUP BY i.\"desk\" ORDER BY i.\"desk\"");
    }

    @Test
    void aParentOfAParentIsReachedThroughTheShortestChain() {
        assertThat(library("How many loans per nationality?")).isEqualTo("SELECT a.\"nationality\", count(*) FROM \"loans\" l "
                + "JOIN \"books\" b ON b.\"book_id\" = l.\"book_id\" JOIN \"authors\" a ON a.\"id\" = b.\"author_id\" "
                + "GROUP BY a.\"nationality\" ORDER BY a.\"nationality\"");
        // Books and their authors suffice: loans are not joined in.
        assertThat(library("Average page count per nationality")).isEqualTo("SELECT a.\"nationality\", avg(b.\"page_count\") "
                + "FROM \"books\" b JOIN \"authors\" a ON a.\"id\" = b.\"author_id\" GROUP BY a.\"nationality\" ORDER BY a.\"nationality\"");
    }

    @Test
    void aQuestionOneTableAnswersIsNotJoined() {
        assertThat(library("How many members are there?")).isEqualTo("SELECT count(*) FROM \"members\"");
        assertThat(library("How many books per genre?")).isEqualTo("SELECT \"genre\", count(*) FROM \"books\" GROUP BY \"genre\" ORDER BY \"genre\"");
    }

    @Test
    void countingAParentOverItsChildrenCountsEachOnce() {
        assertThat(library("How many members borrowed poetry?")).isEqualTo("SELECT count(DISTINCT m.\"member_id\") FROM \"loans\" l "
                + "JOIN \"members\" m ON m.\"member_id\" = l.\"member_id\" JOIN \"books\" b ON b.\"book_id\" = l.\"book_id\" "
                + "WHERE b.\"genre\" = 'Poetry'");
    }

    // ----- nouns for columns -----------------------------------------------------------------------------------------

    @Test
    void unitsAreCountedByAQuantityColumnNotByAUnitPrice() {
        AskTable lines = new AskTable("invoice_lines", List.of(new AskTable.Column("sku", AskTable.Kind.TEXT),
                new AskTable.Column("unit_price", AskTable.Kind.NUMBER), new AskTable.Column("qty", AskTable.Kind.NUMBER)), Map.of());
        assertThat(sql("How many units were sold per sku?", lines)).isEqualTo("SELECT \"sku\", sum(\"qty\") FROM \"invoice_lines\" GROUP BY \"sku\" ORDER BY \"sku\"");
        assertThat(sql("What is the average unit price?", lines)).isEqualTo("SELECT avg(\"unit_price\") FROM \"invoice_lines\"");
    }

    @Test
    void aNounNamesTheColumnCountingIt() {
        AskTable baskets = new AskTable("baskets", List.of(new AskTable.Column("basket_ref", AskTable.Kind.TEXT),
                new AskTable.Column("fruit_count", AskTable.Kind.NUMBER), new AskTable.Column("weight_kg", AskTable.Kind.NUMBER)), Map.of());
        assertThat(sql("How many baskets hold more than 5 fruits?", baskets)).isEqualTo("SELECT count(*) FROM \"baskets\" WHERE \"fruit_count\" > 5");
    }

    @Test
    void theTotalOfTwoColumnsIsTheSumOfBoth() {
        AskTable invoices = new AskTable("invoices", List.of(new AskTable.Column("net_value", AskTable.Kind.NUMBER),
                new AskTable.Column("freight", AskTable.Kind.NUMBER), new AskTable.Column("desk", AskTable.Kind.TEXT)), Map.of());
        assertThat(sql("What is the total of net value and freight?", invoices)).isEqualTo("SELECT sum(\"net_value\" + \"freight\") FROM \"invoices\"");
    }

    @Test
    void theHighestColumnThatIsATotalIsSummedPerGroup() {
        AskTable invoices = new AskTable("invoices", List.of(new AskTable.Column("gross_total", AskTable.Kind.NUMBER),
                new AskTable.Column("weight", AskTable.Kind.NUMBER), new AskTable.Column("desk", AskTable.Kind.TEXT)), Map.of());
        assertThat(sql("Which desk has the highest gross total?", invoices)).isEqualTo("SELECT \"desk\", sum(\"gross_total\") FROM \"invoices\" "
                + "WHERE \"desk\" IS NOT NULL GROUP BY \"desk\" ORDER BY sum(\"gross_total\") DESC NULLS LAST LIMIT 1");
        assertThat(sql("Which desk has the highest weight?", invoices)).contains("max(\"weight\")");
    }
}
