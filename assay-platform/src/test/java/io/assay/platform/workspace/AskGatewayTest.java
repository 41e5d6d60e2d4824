package io.assay.platform.workspace;

import com.sun.net.httpserver.HttpServer;
import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.engine.RowStream;
import io.assay.platform.ask.AskModel;
import io.assay.platform.ask.AskPlan;
import io.assay.platform.audit.AuditService;
import io.assay.platform.auth.Principal;
import io.assay.platform.auth.Role;
import io.assay.platform.catalog.DatasetName;
import io.assay.platform.config.AskConfig;
import io.assay.platform.config.ConfigLoader;
import io.assay.platform.export.ResultWriter;
import io.assay.platform.export.Values;
import io.assay.platform.imports.ImportMode;
import io.assay.platform.imports.ImportRequest;
import io.assay.platform.query.QueryOutput;
import io.assay.platform.query.QueryRequest;
import io.assay.platform.task.TaskContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Asking in plain English on the project's own fixtures (a small orders table and a football results table, with
 * spaces, units, camel case and underscores in their column names): each kind of question, its SQL and its answer
 * from the engine; synonyms; refusal; the audit record; the optional model over a local HTTP endpoint.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AskGatewayTest {

    @TempDir
    static Path dir;
    private Workspace ws;
    private final Principal admin = Principal.local();

    @BeforeAll
    void open() throws Exception {
        StringBuilder orders = new StringBuilder("order_id,order_date,sales_region,Product Name,paymentMethod,quantity,Unit Price ($),Weight (kg)\n");
        String[] regions = {"APAC", "EMEA", "Americas"};
        String[] products = {"Urban Storage Baskets", "Desk Lamp", "Paper Clips", "Office Chair"};
        String[] payments = {"gift_card", "credit_card", "invoice"};
        for (int i = 1; i <= 48; i++) {
            int month = (i - 1) % 12 + 1;
            int year = i <= 24 ? 2023 : 2024;
            orders.append(i).append(',').append(String.format("%d-%02d-%02d", year, month, 1 + i % 27)).append(',')
                    .append(regions[i % 3]).append(',').append(products[i % 4]).append(',').append(payments[i % 3 == 0 ? 0 : i % 3])
                    .append(',').append(i % 7 + 1).append(',').append(10 + i % 4 * 5).append(".50,").append(i % 5 + 0.5).append('\n');
        }
        Path o = dir.resolve("orders.csv");
        Files.writeString(o, orders);
        Path m = dir.resolve("matches.csv");
        Files.writeString(m, "season,home_team,away_team,home_goals,away_goals\n2021,Lions,Tigers,2,1\n2021,Bears,Lions,0,3\n"
                + "2022,Tigers,Bears,4,4\n2022,Lions,Bears,1,0\n2022,Tigers,Lions,2,2\n");
        ws = Workspace.open(ConfigLoader.load(Map.of(), Optional.empty(), Map.of("data-dir", dir.resolve("data").toString())), new SimpleMeterRegistry());
        for (Path p : List.of(o, m)) {
            ws.datasets().importLocal(admin, new ImportRequest(p, Optional.empty(), ImportMode.CREATE, Map.of(), false),
                    AuditService.Origin.NONE, TaskContext.silent());
        }
        ws.users().create("vera", Role.VIEWER, "a-long-password-1");
        // A saved profile refines the grounding (unique columns, common values): questions are asked over it.
        for (String d : List.of("orders", "matches")) {
            ws.analyze(admin, d, io.assay.analysis.model.AnalysisMode.FULL, Optional.empty(), java.util.OptionalLong.empty(),
                    AuditService.Origin.NONE, TaskContext.silent());
        }
    }

    @AfterAll
    void close() {
        ws.close();
    }

    private AskPlan plan(String question, String... datasets) {
        return ws.ask().plan(admin, question, java.util.Arrays.stream(datasets).map(DatasetName::of).toList(), AuditService.Origin.NONE,
                TaskContext.silent());
    }

    private List<List<String>> rows(String sql) {
        List<List<String>> rows = new ArrayList<>();
        ResultWriter collect = (RowStream s, OutputStream out) -> {
            while (s.next()) {
                List<String> r = new ArrayList<>();
                for (int i = 0; i < s.columns().size(); i++) {
                    r.add(s.get(i) == null ? null : s.get(i) instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                            ? String.valueOf((long) n.doubleValue()) : Values.toText(s.get(i)));
                }
                rows.add(r);
            }
            return rows.size();
        };
        ws.queries().run(admin, QueryRequest.of(sql), new QueryOutput.Stream(c -> collect, OutputStream.nullOutputStream(),
                QueryOutput.Delivery.FILE), AuditService.Origin.NONE, TaskContext.silent());
        return rows;
    }

    private List<List<String>> answer(String question, String... datasets) {
        return rows(plan(question, datasets).sql());
    }

    @Test
    void countsSumsAveragesMinimaMaximaAndDistinctCounts() {
        assertThat(plan("How many orders are there?", "orders").sql()).isEqualTo("SELECT count(*) FROM \"orders\"");
        assertThat(answer("How many orders are there?", "orders")).containsExactly(List.of("48"));
        assertThat(plan("What is the total quantity?", "orders").sql()).isEqualTo("SELECT sum(\"quantity\") FROM \"orders\"");
        assertThat(answer("What is the total quantity?", "orders")).isEqualTo(rows("SELECT sum(quantity) FROM orders"));
        assertThat(plan("What is the average unit price?", "orders").sql()).isEqualTo("SELECT avg(\"Unit Price ($)\") FROM \"orders\"");
        assertThat(plan("What is the maximum weight?", "orders").sql()).isEqualTo("SELECT max(\"Weight (kg)\") FROM \"orders\"");
        assertThat(plan("What is the lowest unit price?", "orders").sql()).isEqualTo("SELECT min(\"Unit Price ($)\") FROM \"orders\"");
        assertThat(plan("How many different products are there?", "orders").sql())
                .isEqualTo("SELECT count(DISTINCT \"Product Name\") FROM \"orders\"");
        assertThat(answer("How many different products are there?", "orders")).containsExactly(List.of("4"));
    }

    @Test
    void groupsPerByAndForEach() {
        assertThat(plan("What is the total quantity per sales region?", "orders").sql())
                .isEqualTo("SELECT \"sales_region\", sum(\"quantity\") FROM \"orders\" GROUP BY \"sales_region\" ORDER BY \"sales_region\"");
        assertThat(answer("average unit price by payment method", "orders")).hasSize(3);
        assertThat(plan("Number of orders for each product name", "orders").sql())
                .isEqualTo("SELECT \"Product Name\", count(*) FROM \"orders\" GROUP BY \"Product Name\" ORDER BY \"Product Name\"");
        assertThat(plan("total quantity per month", "orders").sql()).contains("date_trunc('month', \"order_date\")").contains("GROUP BY");
        assertThat(answer("total quantity per year", "orders")).isEqualTo(
                rows("SELECT year(order_date), sum(quantity) FROM orders GROUP BY 1 ORDER BY 1"));
    }

    @Test
    void topNAndWhichHasTheMost() {
        AskPlan p = plan("Which 3 products sold the most quantity in March?", "orders");
        assertThat(p.sql()).isEqualTo("SELECT \"Product Name\", sum(\"quantity\") FROM \"orders\" WHERE EXTRACT(MONTH FROM \"order_date\") = 3 "
                + "AND \"Product Name\" IS NOT NULL GROUP BY \"Product Name\" ORDER BY sum(\"quantity\") DESC NULLS LAST LIMIT 3");
        assertThat(p.explanation()).isEqualTo("sum of quantity per Product Name, March only, the 3 largest");
        assertThat(answer("Which region has the most orders?", "orders")).hasSize(1);
        assertThat(plan("Which sales region has the most orders?", "orders").sql()).contains("count(*)").contains("LIMIT 1");
        assertThat(plan("Which order has the highest quantity?", "orders").sql())
                .isEqualTo("SELECT \"Product Name\", \"quantity\" FROM \"orders\" ORDER BY \"quantity\" DESC NULLS LAST LIMIT 1");
    }

    @Test
    void filtersOnValuesLookedUpInTheEngine() {
        assertThat(plan("How many orders came from APAC?", "orders").sql())
                .isEqualTo("SELECT count(*) FROM \"orders\" WHERE \"sales_region\" = 'APAC'");
        assertThat(plan("total quantity paid by gift_card", "orders").sql()).contains("\"paymentMethod\" = 'gift_card'");
        assertThat(plan("What is the total quantity of urban storage baskets?", "orders").sql())
                .isEqualTo("SELECT sum(\"quantity\") FROM \"orders\" WHERE \"Product Name\" = 'Urban Storage Baskets'");
        assertThat(answer("How many orders came from APAC?", "orders")).isEqualTo(rows("SELECT count(*) FROM orders WHERE sales_region = 'APAC'"));
    }

    @Test
    void numbersComparisonsYearsMonthsAndDateRanges() {
        assertThat(plan("How many orders have a quantity of more than 5?", "orders").sql())
                .isEqualTo("SELECT count(*) FROM \"orders\" WHERE \"quantity\" > 5");
        assertThat(plan("How many orders have at least 3 quantity?", "orders").sql()).contains("\"quantity\" >= 3");
        assertThat(plan("How many orders with 7 quantity?", "orders").sql()).contains("\"quantity\" = 7");
        assertThat(plan("total quantity in 2023", "orders").sql())
                .isEqualTo("SELECT sum(\"quantity\") FROM \"orders\" WHERE \"order_date\" >= DATE '2023-01-01' AND \"order_date\" < DATE '2024-01-01'");
        assertThat(plan("How many orders in January 2024?", "orders").sql())
                .contains("\"order_date\" >= DATE '2024-01-01' AND \"order_date\" < DATE '2024-02-01'");
        assertThat(answer("How many orders in January 2024?", "orders"))
                .isEqualTo(rows("SELECT count(*) FROM orders WHERE year(order_date) = 2024 AND month(order_date) = 1"));
        assertThat(plan("How many orders since 2024?", "orders").sql()).contains("\"order_date\" >= DATE '2024-01-01'");
        assertThat(plan("How many orders between 2023-03-01 and 2023-05-31?", "orders").sql())
                .contains("\"order_date\" >= DATE '2023-03-01' AND \"order_date\" < DATE '2023-06-01'");
        assertThat(plan("How many matches were played in season 2022?", "matches").sql()).endsWith("WHERE \"season\" = 2022");
    }

    @Test
    void expressionsOverTwoColumns() {
        AskPlan p = plan("What is the average of home and away goals per season?", "matches");
        assertThat(p.sql()).isEqualTo("SELECT \"season\", avg(\"home_goals\" + \"away_goals\") FROM \"matches\" GROUP BY \"season\" ORDER BY \"season\"");
        assertThat(rows(p.sql())).containsExactly(List.of("2021", "3"), List.of("2022", "4.333333333333333"));
    }

    @Test
    void deletingADatasetDeletesItsSynonyms() throws Exception {
        Path csv = dir.resolve("parcels.csv");
        Files.writeString(csv, "parcel,grams\np1,120\np2,300\n");
        ImportRequest imp = new ImportRequest(csv, Optional.empty(), ImportMode.CREATE, Map.of(), false);
        ws.datasets().importLocal(admin, imp, AuditService.Origin.NONE, TaskContext.silent());
        ws.ask().putSynonym(admin, DatasetName.of("parcels"), "heft", "sum(grams)", AuditService.Origin.NONE);
        assertThat(ws.ask().synonyms(admin, DatasetName.of("parcels"))).containsEntry("heft", "sum(grams)");

        ws.datasets().delete(admin, DatasetName.of("parcels"), AuditService.Origin.NONE);
        ws.datasets().importLocal(admin, imp, AuditService.Origin.NONE, TaskContext.silent());
        // A new dataset of the same name starts without the deleted one's synonyms.
        assertThat(ws.ask().synonyms(admin, DatasetName.of("parcels"))).isEmpty();
        assertThatThrownBy(() -> plan("What is the heft?", "parcels")).isInstanceOf(AssayException.class);
        ws.datasets().delete(admin, DatasetName.of("parcels"), AuditService.Origin.NONE);
    }

    @Test
    void synonymsAreEditableAndUsed() {
        ws.ask().putSynonym(admin, DatasetName.of("orders"), "revenue", "sum(quantity * \"Unit Price ($)\")", AuditService.Origin.NONE);
        assertThat(ws.ask().synonyms(admin, DatasetName.of("orders"))).containsEntry("revenue", "sum(quantity * \"Unit Price ($)\")");
        assertThat(plan("revenue per sales region", "orders").sql())
                .isEqualTo("SELECT \"sales_region\", sum(quantity * \"Unit Price ($)\") FROM \"orders\" GROUP BY \"sales_region\" ORDER BY \"sales_region\"");
        assertThat(answer("What is the revenue in APAC?", "orders")).isEqualTo(
                rows("SELECT sum(quantity * \"Unit Price ($)\") FROM orders WHERE sales_region = 'APAC'"));
        ws.ask().removeSynonym(admin, DatasetName.of("orders"), "revenue", AuditService.Origin.NONE);
        assertThat(ws.ask().synonyms(admin, DatasetName.of("orders"))).isEmpty();
        assertThatThrownBy(() -> ws.ask().putSynonym(admin, DatasetName.of("orders"), "x", "1; DROP TABLE orders", AuditService.Origin.NONE))
                .isInstanceOf(AssayException.class);
    }

    @Test
    void choosesTheDatasetWhenNoneIsNamed() {
        assertThat(plan("How many matches are there?").dataset()).isEqualTo("matches");
        assertThat(plan("average quantity by sales region").dataset()).isEqualTo("orders");
    }

    @Test
    void declinesWhatItCannotGroundSayingWhatItUnderstood() {
        assertThatThrownBy(() -> plan("Which unicorns sold the most quantity?", "orders"))
                .isInstanceOfSatisfying(AssayException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.getMessage()).contains("did not understand 'unicorns'").contains("\"quantity\" → column quantity")
                            .contains("sales_region");
                    assertThat(e.remedy()).hasValueSatisfying(r -> assertThat(r.id()).isEqualTo("rephrase-question"));
                });
        assertThatThrownBy(() -> plan("Tell me a joke", "orders")).isInstanceOf(AssayException.class).hasMessageContaining("names none of its columns");
    }

    @Test
    void aDatasetTheCallerMayNotReadIsRefusedAndTheAuditKeepsTheQuestion() {
        Principal vera = Principal.user("vera", Role.VIEWER);
        assertThatThrownBy(() -> ws.ask().plan(vera, "How many orders?", List.of(DatasetName.of("orders")), AuditService.Origin.NONE,
                TaskContext.silent())).isInstanceOfSatisfying(AssayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        String sql = plan("How many orders are there?", "orders").sql();
        ws.ask().run(admin, "How many orders are there?", QueryRequest.of(sql), new QueryOutput.Stream(c -> (s, o) -> 0,
                OutputStream.nullOutputStream(), QueryOutput.Delivery.FILE), AuditService.Origin.NONE, TaskContext.silent());
        List<String[]> audit = ws.store().query("SELECT action, sql_text, detail FROM audit_log WHERE action = 'query.ask'",
                r -> new String[] {r.string("action"), r.string("sql_text"), r.string("detail")});
        assertThat(audit).anySatisfy(a -> {
            assertThat(a[1]).isEqualTo(sql);
            assertThat(a[2]).startsWith("question: How many orders are there?");
        });
    }

    @Test
    void aModelAnswersThroughAnOpenAiCompatibleEndpointAndFailuresFallBackOffline() throws Exception {
        AtomicReference<String> request = new AtomicReference<>();
        AtomicReference<String> reply = new AtomicReference<>("SELECT count(*) AS n FROM \"orders\"");
        AtomicReference<Integer> status = new AtomicReference<>(200);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", x -> {
            request.set(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8) + "\nauth=" + x.getRequestHeaders().getFirst("Authorization"));
            String body = "{\"id\":\"c1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
                    + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString("```sql\n" + reply.get() + "\n```")
                    + "},\"finish_reason\":\"stop\"}]}";
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(status.get(), b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        server.start();
        try {
            AskModel model = new AskModel(new AskConfig(Optional.of("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/chat/completions"),
                    "test-model", "TEST_KEY", Duration.ofSeconds(5)), k -> k.equals("TEST_KEY") ? "sk-test" : null);
            AskPlan offline = plan("How many orders are there?", "orders");
            io.assay.platform.ask.AskTable table = new io.assay.platform.ask.AskTable("orders",
                    List.of(new io.assay.platform.ask.AskTable.Column("order_id", io.assay.platform.ask.AskTable.Kind.NUMBER)), Map.of());
            AskPlan answered = model.improve("How many orders are there?", List.of(table), offline).orElseThrow();
            assertThat(answered.source()).isEqualTo("model");
            assertThat(answered.sql()).isEqualTo("SELECT count(*) AS n FROM \"orders\"");
            assertThat(request.get()).contains("\"model\":\"test-model\"").contains("candidateSql").contains("order_id").contains("auth=Bearer sk-test");
            assertThat(rows(answered.sql())).containsExactly(List.of("48"));

            reply.set("CANNOT");
            AskPlan refused = model.improve("How many orders are there?", List.of(table), offline).orElseThrow();
            assertThat(refused.source()).isEqualTo("offline");
            assertThat(refused.notes()).singleElement().asString().contains("declined").contains("offline answer");

            reply.set("DROP TABLE orders");
            assertThat(model.improve("q", List.of(table), offline).orElseThrow().source()).isEqualTo("offline");
            status.set(500);
            reply.set("SELECT 1");
            assertThat(model.improve("q", List.of(table), offline).orElseThrow().notes()).singleElement().asString().contains("HTTP 500");
            assertThat(model.improve("q", List.of(table), null)).isEmpty();
        } finally {
            server.stop(0);
        }
    }
}
