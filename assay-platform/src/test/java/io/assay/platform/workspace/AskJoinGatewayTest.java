package io.assay.platform.workspace;

import io.assay.engine.AssayException;
import io.assay.engine.RowStream;
import io.assay.platform.ask.AskPlan;
import io.assay.platform.audit.AuditService;
import io.assay.platform.auth.Principal;
import io.assay.platform.auth.Role;
import io.assay.platform.catalog.DatasetName;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Questions whose answer needs a join, on the real engine: a small library (loans of books to members; books by
 * authors, keyed by {@code id}) imported from CSV files without a profile, so that the keys are found unique and
 * contained by the engine; and the demo data's own example question. The answers are compared with hand-written SQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AskJoinGatewayTest {

    @TempDir
    static Path dir;
    private Internals assay;
    private Workspace ws;
    private final Principal admin = Principal.local();

    @BeforeAll
    void open() throws Exception {
        Files.createDirectories(dir.resolve("data/imports"));
        Path authors = dir.resolve("authors.csv");
        Files.writeString(authors, "id,name,nationality\n1,Ada Quill,Irish\n2,Bo Reed,Welsh\n3,Cy Marsh,Irish\n");
        Path books = dir.resolve("books.csv");
        Files.writeString(books, "book_id,author_id,title,genre,page_count\n10,1,Salt Roads,Poetry,80\n11,1,Low Tide,Novel,320\n"
                + "12,2,Iron Hills,Novel,410\n13,3,Small Hours,Poetry,64\n14,2,Glass Garden,Essays,150\n");
        Path members = dir.resolve("members.csv");
        Files.writeString(members, "member_id,city,joined_on\n100,Leeds,2020-02-01\n101,York,2021-05-10\n102,Leeds,2022-07-15\n");
        StringBuilder loans = new StringBuilder("loan_id,book_id,member_id,loaned_on,copies,late_fee\n");
        int[][] rows = {{10, 100, 3, 1}, {11, 101, 5, 2}, {12, 100, 3, 1}, {13, 102, 3, 2}, {10, 101, 4, 1}, {14, 102, 3, 3},
                {11, 100, 3, 4}, {12, 102, 6, 1}, {10, 102, 3, 2}, {13, 100, 3, 1}, {11, 102, 2, 1}, {12, 101, 3, 5}};
        for (int i = 0; i < rows.length; i++) {
            loans.append(500 + i).append(',').append(rows[i][0]).append(',').append(rows[i][1]).append(',')
                    .append(String.format("2024-%02d-%02d", rows[i][2], 1 + i)).append(',').append(rows[i][3]).append(',')
                    .append(i % 3 == 0 ? "0.5" : "1.25").append('\n');
        }
        Path l = dir.resolve("loans.csv");
        Files.writeString(l, loans);
        assay = Internals.open(ConfigLoader.load(Map.of(), Optional.empty(), Map.of("data-dir", dir.resolve("data").toString())));
        ws = assay.workspace(new SimpleMeterRegistry());
        for (Path p : List.of(authors, books, members, l)) {
            ws.datasets().importLocal(admin, new ImportRequest(p, Optional.empty(), ImportMode.CREATE, Map.of(), false),
                    AuditService.Origin.NONE, TaskContext.silent());
        }
        assay.demo().generate(42, 1, TaskContext.silent());
        ws.users().create("vera", Role.VIEWER, "a-long-password-1");
    }

    @AfterAll
    void close() {
        ws.close();
        assay.close();
    }

    private AskPlan plan(Principal who, String question, String... datasets) {
        return ws.ask().plan(who, question, Arrays.stream(datasets).map(DatasetName::of).toList(), AuditService.Origin.NONE, TaskContext.silent());
    }

    private static final String[] LIBRARY = {"authors", "books", "members", "loans"};

    private List<List<String>> rows(String sql) {
        List<List<String>> out = new ArrayList<>();
        ResultWriter collect = (RowStream s, OutputStream o) -> {
            while (s.next()) {
                List<String> r = new ArrayList<>();
                for (int i = 0; i < s.columns().size(); i++) {
                    r.add(s.get(i) == null ? null : s.get(i) instanceof Number n ? String.valueOf(Math.round(n.doubleValue() * 10000) / 10000.0)
                            : Values.toText(s.get(i)));
                }
                out.add(r);
            }
            return out.size();
        };
        ws.queries().run(admin, QueryRequest.of(sql), new QueryOutput.Stream(c -> collect, OutputStream.nullOutputStream(),
                QueryOutput.Delivery.FILE), AuditService.Origin.NONE, TaskContext.silent());
        return out;
    }

    @Test
    void joinsFoundInTheEngineAnswerLikeHandWrittenSql() {
        AskPlan perGenre = plan(admin, "How many loans per genre?", LIBRARY);
        assertThat(perGenre.sql()).isEqualTo("SELECT b.\"genre\", count(*) FROM \"loans\" l JOIN \"books\" b ON b.\"book_id\" = l.\"book_id\" "
                + "GROUP BY b.\"genre\" ORDER BY b.\"genre\"");
        assertThat(perGenre.explanation()).contains("loans joined with books");
        assertThat(rows(perGenre.sql())).containsExactlyElementsOf(
                rows("SELECT genre, count(*) FROM loans JOIN books USING (book_id) GROUP BY genre ORDER BY genre"));

        String leeds = plan(admin, "What is the total late fee of members from Leeds?", LIBRARY).sql();
        assertThat(leeds).contains("JOIN \"members\" m ON m.\"member_id\" = l.\"member_id\"").contains("m.\"city\" = 'Leeds'");
        assertThat(rows(leeds)).isEqualTo(rows("SELECT sum(late_fee) FROM loans JOIN members USING (member_id) WHERE city = 'Leeds'"));

        String chain = plan(admin, "How many loans per nationality?", LIBRARY).sql();
        assertThat(chain).contains("JOIN \"authors\" a ON a.\"id\" = b.\"author_id\"");
        assertThat(rows(chain)).isEqualTo(rows("SELECT a.nationality, count(*) FROM loans l JOIN books b ON b.book_id = l.book_id "
                + "JOIN authors a ON a.id = b.author_id GROUP BY 1 ORDER BY 1"));

        String top = plan(admin, "Which 2 books had the most copies loaned in March?", LIBRARY).sql();
        assertThat(rows(top)).isEqualTo(rows("SELECT title, sum(copies) FROM loans JOIN books USING (book_id) WHERE month(loaned_on) = 3 "
                + "GROUP BY book_id, title ORDER BY 2 DESC LIMIT 2"));

        String once = plan(admin, "How many members borrowed poetry?", LIBRARY).sql();
        assertThat(once).startsWith("SELECT count(DISTINCT m.\"member_id\")");
        assertThat(rows(once)).isEqualTo(rows("SELECT count(DISTINCT member_id) FROM loans JOIN books USING (book_id) WHERE genre = 'Poetry'"));

        assertThat(plan(admin, "How many members are there?", LIBRARY).sql()).isEqualTo("SELECT count(*) FROM \"members\"");
    }

    @Test
    void theIssuesExampleOnTheDemoData() {
        AskPlan p = plan(admin, "Which 3 products sold the most units in March?");
        assertThat(p.sql()).isEqualTo("SELECT p.\"product_name\", sum(oi.\"quantity\") FROM \"order_items\" oi "
                + "JOIN \"orders\" o ON o.\"order_id\" = oi.\"order_id\" JOIN \"products\" p ON p.\"product_id\" = oi.\"product_id\" "
                + "WHERE EXTRACT(MONTH FROM o.\"ordered_at\") = 3 AND p.\"product_name\" IS NOT NULL "
                + "GROUP BY p.\"product_id\", p.\"product_name\" ORDER BY sum(oi.\"quantity\") DESC NULLS LAST LIMIT 3");
        assertThat(rows(p.sql())).isEqualTo(rows("SELECT p.product_name, sum(i.quantity) FROM order_items i JOIN products p ON p.product_id = i.product_id "
                + "JOIN orders o ON o.order_id = i.order_id WHERE month(o.order_date) = 3 GROUP BY p.product_id, p.product_name ORDER BY 2 DESC LIMIT 3"));
    }

    @Test
    void aJoinIsMadeOnlyOverTablesTheCallerMayRead() {
        Principal vera = Principal.user("vera", Role.VIEWER);
        ws.datasets().grant(admin, DatasetName.of("loans"), "vera", io.assay.platform.auth.DatasetAccess.Access.READ, AuditService.Origin.NONE);
        // Naming a dataset she may not read is refused like any query.
        assertThatThrownBy(() -> plan(vera, "How many loans per genre?", "loans", "books")).isInstanceOfSatisfying(AssayException.class,
                e -> assertThat(e.code()).isEqualTo(io.assay.engine.ErrorCode.NOT_FOUND));
        // Over what she may read, members are not joined in.
        assertThat(plan(vera, "What is the total late fee of members from Leeds?").sql()).isEqualTo("SELECT sum(\"late_fee\") FROM \"loans\"");
        assertThat(plan(vera, "How many loans per member id?").sql()).doesNotContain("JOIN");
    }
}
