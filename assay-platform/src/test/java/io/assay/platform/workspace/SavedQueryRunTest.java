package io.assay.platform.workspace;

import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.platform.audit.AuditRecord;
import io.assay.platform.audit.AuditService;
import io.assay.platform.auth.Principal;
import io.assay.platform.config.ConfigLoader;
import io.assay.platform.export.ResultFormat;
import io.assay.platform.export.ResultWriter;
import io.assay.platform.imports.ImportRequest;
import io.assay.platform.query.QueryOutput;
import io.assay.platform.saved.QueryParameter;
import io.assay.platform.saved.QueryParameter.Type;
import io.assay.platform.saved.SavedQuery;
import io.assay.platform.saved.SavedQueryService;
import io.assay.platform.task.TaskContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Saved queries with typed parameters on the embedded DuckDB warehouse: declared when saved, kept in the metadata
 * store, bound as engine parameters when run (an optional one left out is NULL), and recorded with their values.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SavedQueryRunTest {

    static final String SQL = "SELECT region, count(*) AS orders, sum(amount) AS total FROM sales "
            + "WHERE ({{region}} IS NULL OR region = {{region}}) AND day >= {{from}} AND amount >= {{min}} "
            + "GROUP BY region ORDER BY region";
    static final List<QueryParameter> PARAMETERS = List.of(QueryParameter.optional("region", Type.TEXT),
            new QueryParameter("from", Type.DATE, Optional.of("2025-01-01"), false),
            new QueryParameter("min", Type.NUMBER, Optional.empty(), true));

    @TempDir
    static Path dir;
    private Workspace ws;
    private final Principal admin = Principal.local();

    @BeforeAll
    void open() throws Exception {
        Path sales = dir.resolve("sales.csv");
        Files.writeString(sales, """
                region,day,amount
                North,2025-01-05,10
                North,2025-02-10,20.5
                South,2025-01-20,7
                South,2025-03-01,30
                East,2024-12-31,99
                """);
        ws = Workspace.open(ConfigLoader.load(Map.of(), Optional.empty(), Map.of("data-dir", dir.resolve("data").toString())),
                new SimpleMeterRegistry());
        ws.datasets().importLocal(admin, ImportRequest.of(sales), AuditService.Origin.NONE, TaskContext.silent());
    }

    @AfterAll
    void close() {
        ws.close();
    }

    @Test
    void theParametersAreKeptAndShown() {
        SavedQuery saved = ws.savedQueries().create(admin, "sales by region", SQL, Optional.empty(), PARAMETERS);
        assertThat(ws.savedQueries().get(admin, saved.id()).parameters()).isEqualTo(PARAMETERS);
        assertThat(ws.savedQueries().list(admin, Optional.empty(), 100)).filteredOn(q -> q.id().equals(saved.id()))
                .singleElement().satisfies(q -> assertThat(q.parameters()).isEqualTo(PARAMETERS));
        SavedQuery plain = ws.savedQueries().update(admin, saved.id(), "sales", "SELECT count(*) FROM sales", Optional.empty(), List.of());
        assertThat(plain.parameters()).isEmpty();
    }

    @Test
    void aRunBindsTheValuesAndAnOptionalOneLeftOutIsNull() {
        String id = ws.savedQueries().create(admin, "sales filtered", SQL, Optional.empty(), PARAMETERS).id();
        assertThat(run(id, Map.of("region", "North", "min", "0"))).isEqualTo("region,orders,total\nNorth,2,30.5\n");
        assertThat(run(id, Map.of("min", 10))).isEqualTo("region,orders,total\nNorth,2,30.5\nSouth,1,30\n");
        assertThat(run(id, Map.of("min", "0", "from", "2024-01-01"))).isEqualTo("region,orders,total\nEast,1,99\nNorth,2,30.5\nSouth,2,37\n");
        assertThat(run(id, Map.of("region", "North' OR '1'='1", "min", "0"))).isEqualTo("region,orders,total\n");
    }

    @Test
    void aRunIsRecordedWithItsValues() {
        String id = ws.savedQueries().create(admin, "audited", SQL, Optional.empty(), PARAMETERS).id();
        run(id, Map.of("region", "South", "min", "5"));
        List<AuditRecord> records = ws.audit().find(new AuditService.Filter(Optional.empty(), Optional.of("query.run"), Optional.of(id),
                Optional.empty(), Optional.empty(), Optional.empty()), OptionalLong.empty(), 10);
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo("ok");
            assertThat(r.detail()).get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .contains("saved query 'audited'; parameters region='South', from=2025-01-01, min=5");
            assertThat(r.sql()).get(org.assertj.core.api.InstanceOfAssertFactories.STRING).doesNotContain("South").contains("CAST(? AS VARCHAR)");
        });
    }

    @Test
    void aFailedRunIsRecordedWithItsValuesAndTheError() {
        String id = ws.savedQueries().create(admin, "fails", "SELECT CAST({{code}} AS INTEGER) AS code", Optional.empty(),
                List.of(QueryParameter.optional("code", Type.TEXT))).id();
        assertThatThrownBy(() -> run(id, Map.of("code", "abc"))).isInstanceOf(AssayException.class);
        List<AuditRecord> records = ws.audit().find(new AuditService.Filter(Optional.empty(), Optional.of("query.run"), Optional.of(id),
                Optional.empty(), Optional.empty(), Optional.empty()), OptionalLong.empty(), 10);
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isNotEqualTo("ok");
            assertThat(r.detail()).get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .startsWith("saved query 'fails'; parameters code='abc'; ").contains("abc").hasSizeGreaterThan(45);
        });
    }

    @Test
    void badSavesAndRunsAreRefusedNamingTheParameter() {
        assertRefused(() -> ws.savedQueries().create(admin, "undeclared", SQL, Optional.empty(), PARAMETERS.subList(0, 2)), "min");
        String id = ws.savedQueries().create(admin, "checked", SQL, Optional.empty(), PARAMETERS).id();
        assertRefused(() -> run(id, Map.of("region", "North")), "min");
        assertRefused(() -> run(id, Map.of("min", "ten")), "min");
        assertRefused(() -> run(id, Map.of("min", "1", "regoin", "North")), "regoin");
    }

    private String run(String id, Map<String, ?> values) {
        SavedQueryService.Prepared p = ws.savedQueries().prepare(admin, id, values);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ws.queries().run(admin, p.request(Optional.empty(), OptionalLong.empty()), QueryOutput.answer(ResultFormat.CSV,
                        cached -> ResultWriter.of(ResultFormat.CSV), out, QueryOutput.Delivery.RESPONSE),
                p.event(admin, AuditService.Origin.NONE), TaskContext.silent());
        return out.toString(StandardCharsets.UTF_8).replace("\r\n", "\n");
    }

    private static void assertRefused(Runnable r, String parameter) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(AssayException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(e.details()).containsEntry("parameter", parameter);
            assertThat(e.getMessage()).contains("'" + parameter + "'");
        });
    }
}
