package io.assay.platform.workspace;

import io.assay.analysis.insight.MetricAnomalies;
import io.assay.analysis.model.AnalysisMode;
import io.assay.analysis.model.AnomalyInsight;
import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.engine.TimeGrain;
import io.assay.platform.catalog.DatasetName;
import io.assay.platform.audit.AuditService;
import io.assay.platform.auth.Principal;
import io.assay.platform.auth.Role;
import io.assay.platform.config.ConfigLoader;
import io.assay.platform.imports.ImportMode;
import io.assay.platform.jobs.Job;
import io.assay.platform.task.TaskContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The platform services the MCP front door needs and REST can offer later: anomalies in a named metric,
 * column search across datasets, imports from configured folders, and analysis results read back.
 * On the demo data (seed 42, scale 1) with its planted 2025-03-14 outage and 2025-09-20 APAC spike.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class McpServicesTest {

    @TempDir
    static Path dir;
    private Internals assay;
    private Workspace ws;
    private final Principal admin = Principal.local();
    private Principal viewer;
    private Principal analyst;

    @BeforeAll
    void open() throws Exception {
        Files.createDirectories(dir.resolve("data/imports"));
        assay = Internals.open(ConfigLoader.load(Map.of(), Optional.empty(), Map.of("data-dir", dir.resolve("data").toString())));
        ws = assay.workspace(new SimpleMeterRegistry());
        assay.demo().generate(42, 1, TaskContext.silent());
        ws.users().create("vera", Role.VIEWER, "a-long-password-1");
        ws.users().create("anna", Role.ANALYST, "a-long-password-2");
        viewer = Principal.user("vera", Role.VIEWER);
        analyst = Principal.user("anna", Role.ANALYST);
    }

    @AfterAll
    void close() {
        ws.close();
        assay.close();
    }

    @Test
    void findsThePlantedOutageInDailyOrdersAndTheApacSpikeWithItsContributor() {
        MetricAnomalies.Result r = ws.insights().anomalies(admin, DatasetName.of("orders"), new MetricAnomalies.Spec(Optional.of("order_date"),
                Optional.empty(), MetricAnomalies.Aggregate.COUNT, Optional.of(TimeGrain.DAY), List.of(), List.of(), 5),
                Optional.empty(), AuditService.Origin.NONE, TaskContext.silent());
        assertThat(r.series().anomalies()).extracting(AnomalyInsight::at).contains(Instant.parse("2025-03-14T00:00:00Z"));
        AnomalyInsight outage = r.series().anomalies().stream().filter(a -> a.at().equals(Instant.parse("2025-03-14T00:00:00Z")))
                .findFirst().orElseThrow();
        assertThat(outage.value()).isLessThan(outage.expected() / 2);

        MetricAnomalies.Result spike = ws.insights().anomalies(admin, DatasetName.of("orders"), new MetricAnomalies.Spec(Optional.of("order_date"),
                Optional.of("total_amount"), MetricAnomalies.Aggregate.SUM, Optional.of(TimeGrain.DAY),
                List.of(new MetricAnomalies.Condition("order_date", MetricAnomalies.Op.GE, List.of(java.time.LocalDate.parse("2025-07-01")))),
                List.of("region"), 3), Optional.empty(), AuditService.Origin.NONE, TaskContext.silent());
        AnomalyInsight apac = spike.series().anomalies().stream().filter(a -> a.at().equals(Instant.parse("2025-09-20T00:00:00Z")))
                .findFirst().orElseThrow();
        assertThat(apac.value()).isGreaterThan(apac.expected());
        assertThat(apac.contributors()).isNotEmpty();
        assertThat(apac.contributors().get(0).value()).isEqualTo("APAC");
        assertThat(ws.audit().find(new AuditService.Filter(Optional.empty(), Optional.of("insight.anomalies"), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty()), java.util.OptionalLong.empty(), 10)).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void aViewerWithoutAGrantCannotSeeTheDatasetExist() {
        assertThatThrownBy(() -> ws.insights().anomalies(viewer, DatasetName.of("orders"), new MetricAnomalies.Spec(Optional.empty(), Optional.empty(),
                MetricAnomalies.Aggregate.COUNT, Optional.empty(), List.of(), List.of(), 5), Optional.empty(), AuditService.Origin.NONE,
                TaskContext.silent()))
                .isInstanceOfSatisfying(AssayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(ws.datasets().searchColumns(viewer, Optional.of("email"), Optional.empty(), Optional.empty(), 50)).isEmpty();
    }

    @Test
    void searchesColumnsByNameTypeAndSemanticType() throws Exception {
        List<DatasetGateway.ColumnMatch> byName = ws.datasets().searchColumns(admin, Optional.of("EMAIL"), Optional.empty(), Optional.empty(), 50);
        assertThat(byName).extracting(m -> m.dataset() + "." + m.column()).contains("customers.email");
        List<DatasetGateway.ColumnMatch> temporal = ws.datasets().searchColumns(admin, Optional.empty(), Optional.of("temporal"), Optional.empty(), 50);
        assertThat(temporal).extracting(DatasetGateway.ColumnMatch::column).contains("order_date").allSatisfy(c -> assertThat(c).isNotBlank());
        assertThat(temporal).allMatch(m -> m.type().isTemporal());

        // Semantic types come from the latest analysis.
        AnalysisRuns.Run run = ws.analyses().start(admin, DatasetName.of("customers"), AnalysisMode.FULL, Optional.empty(), java.util.OptionalLong.empty(),
                AuditService.Origin.NONE);
        waitFor(run.jobId());
        assertThat(ws.analyses().latestResult(admin, DatasetName.of("customers"))).isPresent();
        List<DatasetGateway.ColumnMatch> emails = ws.datasets().searchColumns(admin, Optional.empty(), Optional.empty(), Optional.of("email"), 50);
        assertThat(emails).extracting(m -> m.dataset() + "." + m.column()).containsExactly("customers.email");
        assertThat(emails.get(0).personalData()).contains(true);
        assertThatThrownBy(() -> ws.datasets().searchColumns(admin, Optional.empty(), Optional.empty(), Optional.of("colour"), 50))
                .hasMessageContaining("not a semantic type");
    }

    @Test
    void importsOnlyFromTheConfiguredFoldersAndNeverMovesTheFile() throws Exception {
        List<Path> folders = assay.config().mcp().importFolders();
        assertThat(folders).containsExactly(dir.resolve("data/imports").toAbsolutePath().normalize());
        Path file = dir.resolve("data/imports/cities.csv");
        Files.writeString(file, "city,people\nOslo,700000\nBergen,290000\n");
        Job job = ws.datasets().importFromFolder(analyst, file, folders, Optional.empty(), ImportMode.CREATE, AuditService.Origin.NONE);
        Job done = waitFor(job.id(), analyst);
        assertThat(done.status()).isEqualTo(Job.Status.SUCCEEDED);
        assertThat(done.result().orElseThrow()).containsEntry("dataset", "cities");
        assertThat(file).exists();

        Path outside = dir.resolve("secret.csv");
        Files.writeString(outside, "a\n1\n");
        assertThatThrownBy(() -> ws.datasets().importFromFolder(analyst, outside, folders, Optional.empty(), ImportMode.CREATE,
                AuditService.Origin.NONE)).isInstanceOfSatisfying(AssayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        Path sneaky = dir.resolve("data/imports/../../secret.csv");
        assertThatThrownBy(() -> ws.datasets().importFromFolder(analyst, sneaky, folders, Optional.empty(), ImportMode.CREATE,
                AuditService.Origin.NONE)).hasMessageContaining("not a file in an import folder");
        // Outside the folders, a path that does not exist is refused exactly as one that does: the answer tells nothing of the disk.
        assertThatThrownBy(() -> ws.datasets().importFromFolder(analyst, dir.resolve("no-such-file.csv"), folders, Optional.empty(),
                ImportMode.CREATE, AuditService.Origin.NONE)).isInstanceOfSatisfying(AssayException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
                    assertThat(e.getMessage()).contains("not a file in an import folder");
                });
        Path link = dir.resolve("data/imports/link.csv");
        Files.createSymbolicLink(link, outside);
        assertThatThrownBy(() -> ws.datasets().importFromFolder(analyst, link, folders, Optional.empty(), ImportMode.CREATE,
                AuditService.Origin.NONE)).hasMessageContaining("not a file in an import folder");
        assertThatThrownBy(() -> ws.datasets().importFromFolder(viewer, file, folders, Optional.empty(), ImportMode.CREATE,
                AuditService.Origin.NONE)).isInstanceOfSatisfying(AssayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThatThrownBy(() -> ws.datasets().importFromFolder(analyst, file, List.of(), Optional.empty(), ImportMode.CREATE,
                AuditService.Origin.NONE)).hasMessageContaining("No import folders");
    }

    private Job waitFor(String jobId) throws InterruptedException {
        return waitFor(jobId, admin);
    }

    private Job waitFor(String jobId, Principal who) throws InterruptedException {
        for (int i = 0; i < 1200; i++) {
            Job j = ws.jobs().get(who, jobId);
            if (j.status().finished()) {
                return j;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job " + jobId + " did not finish");
    }
}
