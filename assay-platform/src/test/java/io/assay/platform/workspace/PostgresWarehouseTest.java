package io.assay.platform.workspace;

import io.assay.analysis.model.AnalysisMode;
import io.assay.analysis.model.ColumnProfile;
import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.platform.audit.AuditService;
import io.assay.platform.auth.DatasetAccess;
import io.assay.platform.auth.Principal;
import io.assay.platform.auth.Role;
import io.assay.platform.catalog.DatasetName;
import io.assay.platform.config.ConfigLoader;
import io.assay.platform.export.ResultFormat;
import io.assay.platform.imports.ImportMode;
import io.assay.platform.imports.ImportRequest;
import io.assay.platform.imports.ImportResult;
import io.assay.platform.query.QueryOutcome;
import io.assay.platform.query.QueryOutput;
import io.assay.platform.query.QueryRequest;
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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * PostgreSQL as the warehouse ({@code warehouse.url}): files import through the embedded file reader and
 * COPY, analyses run in PostgreSQL and agree with the same analysis on the embedded DuckDB warehouse, and
 * people who are not admins run SQL confined by PostgreSQL's own privileges to the datasets they may read.
 * Runs against the PostgreSQL server of this machine and CI (127.0.0.1:5432, trust), in a database of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresWarehouseTest {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";

    @TempDir
    static Path dir;
    private final String database = "assay_wh_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private Workspace pg;
    private Workspace duck;
    private Path sales;
    private final Principal admin = Principal.local();
    private final Principal vera = Principal.user("vera", Role.VIEWER);

    @BeforeAll
    void open() throws Exception {
        try (Connection c = DriverManager.getConnection(SERVER + "test", "postgres", ""); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        sales = writeSales(dir.resolve("sales.csv"), 600);
        pg = Workspace.open(ConfigLoader.load(Map.of(), Optional.empty(), Map.of("data-dir", dir.resolve("pg").toString(),
                "warehouse.url", SERVER + database, "warehouse.user", "postgres")), new SimpleMeterRegistry());
        duck = Workspace.open(ConfigLoader.load(Map.of(), Optional.empty(), Map.of("data-dir", dir.resolve("duck").toString())),
                new SimpleMeterRegistry());
        pg.users().create("vera", Role.VIEWER, "a-long-password-1");
        for (Workspace ws : List.of(pg, duck)) {
            ws.datasets().importLocal(admin, ImportRequest.of(sales), AuditService.Origin.NONE, TaskContext.silent());
        }
        pg.datasets().importLocal(admin, new ImportRequest(writeSales(dir.resolve("secret.csv"), 10), Optional.of(DatasetName.of("secret")),
                ImportMode.CREATE, Map.of(), false), AuditService.Origin.NONE, TaskContext.silent());
        pg.datasets().grant(admin, DatasetName.of("sales"), "vera", DatasetAccess.Access.READ, AuditService.Origin.NONE);
    }

    @AfterAll
    void close() throws Exception {
        if (pg != null) {
            pg.close();
        }
        if (duck != null) {
            duck.close();
        }
        try (Connection c = DriverManager.getConnection(SERVER + "test", "postgres", ""); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            List<String> roles = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT rolname FROM pg_roles WHERE rolname LIKE 'assay\\_read\\_%' "
                    + "AND NOT EXISTS (SELECT 1 FROM pg_shdepend d WHERE d.refobjid = pg_roles.oid)")) {
                while (rs.next()) {
                    roles.add(rs.getString(1));
                }
            }
            for (String r : roles) {
                s.execute("DROP ROLE IF EXISTS \"" + r + "\"");
            }
        }
    }

    /** Rows with a date, a category, an amount (some missing), a count and text holding commas and quotes. */
    private static Path writeSales(Path file, int rows) throws Exception {
        StringBuilder csv = new StringBuilder("order_id,day,region,amount,units,note\n");
        String[] regions = {"APAC", "EMEA", "AMER", "LATAM"};
        for (int i = 1; i <= rows; i++) {
            csv.append(i).append(',').append(java.time.LocalDate.of(2025, 1, 1).plusDays(i % 90)).append(',')
                    .append(regions[(i * 7) % regions.length]).append(',')
                    .append(i % 25 == 0 ? "" : String.format(java.util.Locale.ROOT, "%.2f", 10 + (i * 37 % 1000) / 7.0)).append(',')
                    .append(i % 9).append(',')
                    .append(i % 50 == 0 ? "\"says \"\"hi\"\", then, leaves\"" : "plain " + (i % 4)).append('\n');
        }
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void importsIntoPostgresAndAppendsByColumnName() throws Exception {
        assertThat(pg.datasets().view(admin, DatasetName.of("sales")).dataset().rows()).isEqualTo(600);
        assertThat(scalar("SELECT count(*) FROM sales")).isEqualTo("600");
        assertThat(scalar("SELECT note FROM sales WHERE order_id = 50")).isEqualTo("says \"hi\", then, leaves");
        assertThat(scalar("SELECT count(*) FROM information_schema.tables WHERE table_name LIKE '\\_\\_assay%'")).isEqualTo("0");

        Path reordered = dir.resolve("more.csv");
        Files.writeString(reordered, "note,units,amount,region,day,order_id\nlate,3,12.5,APAC,2025-04-01,601\n");
        ImportResult more = pg.datasets().importLocal(admin, new ImportRequest(reordered, Optional.of(DatasetName.of("more")),
                ImportMode.CREATE, Map.of(), false), AuditService.Origin.NONE, TaskContext.silent());
        assertThat(more.rowsLoaded()).isEqualTo(1);
        pg.datasets().importLocal(admin, new ImportRequest(reordered, Optional.of(DatasetName.of("more")), ImportMode.APPEND,
                Map.of(), false), AuditService.Origin.NONE, TaskContext.silent());
        assertThat(scalar("SELECT count(*) || ':' || sum(order_id) FROM more")).isEqualTo("2:1202");
    }

    @Test
    void aBadFileLeavesNothingBehindAndSaysWhere() throws Exception {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "a,b\n1,2\n3,4,5,6\n");
        assertThatThrownBy(() -> pg.datasets().importLocal(admin, ImportRequest.of(bad), AuditService.Origin.NONE, TaskContext.silent()))
                .isInstanceOfSatisfying(AssayException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.getMessage()).contains("bad.csv").contains("3");
                });
        assertThat(scalar("SELECT count(*) FROM information_schema.tables WHERE table_name LIKE '\\_\\_assay%' OR table_name = 'bad'"))
                .isEqualTo("0");
    }

    @Test
    void theAnalysisInPostgresAgreesWithDuckDb() {
        var onPg = pg.analyze(admin, "sales", AnalysisMode.FULL, Optional.empty(), OptionalLong.empty(), AuditService.Origin.NONE,
                TaskContext.silent()).result();
        var onDuck = duck.analyze(admin, "sales", AnalysisMode.FULL, Optional.empty(), OptionalLong.empty(), AuditService.Origin.NONE,
                TaskContext.silent()).result();
        assertThat(onPg.engine()).isEqualTo("postgresql");
        assertThat(onPg.table().rows()).isEqualTo(onDuck.table().rows()).isEqualTo(600);
        assertThat(onPg.columns()).hasSameSizeAs(onDuck.columns());
        for (int i = 0; i < onPg.columns().size(); i++) {
            ColumnProfile p = onPg.columns().get(i);
            ColumnProfile d = onDuck.columns().get(i);
            assertThat(p.name()).isEqualTo(d.name());
            assertThat(p.missing()).as(p.name() + " missing").isEqualTo(d.missing());
            assertThat(p.distinct()).as(p.name() + " distinct").isEqualTo(d.distinct());
            assertThat(p.kind()).as(p.name() + " kind").isEqualTo(d.kind());
            assertThat(p.topValues()).as(p.name() + " top values").isEqualTo(d.topValues());
        }
        assertThat(pg.analyses().latestFinished(admin, DatasetName.of("sales"))).isPresent();
        assertThat(pg.datasets().view(admin, DatasetName.of("sales")).qualityScore()).isPresent();
    }

    @Test
    void aViewerRunsSqlConfinedToTheDatasetsTheyMayRead() throws Exception {
        assertThat(query(vera, "SELECT region, count(*) AS n FROM sales GROUP BY region ORDER BY region")).contains("APAC");
        for (String sql : List.of("SELECT count(*) FROM secret",
                "SELECT * FROM query_to_xml('SELECT * FROM secret', true, false, '')",
                "SELECT pg_read_file('/etc/hostname')",
                "DELETE FROM sales",
                "DROP TABLE sales",
                "CREATE TABLE mine AS SELECT * FROM sales",
                "SELECT set_config('role', 'postgres', false), count(*) FROM secret")) {
            assertThatThrownBy(() -> query(vera, sql)).as(sql).isInstanceOfSatisfying(AssayException.class,
                    e -> assertThat(e.code()).isIn(ErrorCode.FORBIDDEN));
        }
        assertThat(scalar("SELECT count(*) FROM sales")).isEqualTo("600");
        assertThatThrownBy(() -> pg.queries().run(vera, QueryRequest.of("SELECT * FROM sales"), new QueryOutput.Keep(),
                AuditService.Origin.NONE, TaskContext.silent()))
                .isInstanceOfSatisfying(AssayException.class, e -> assertThat(e.getMessage()).contains("confined"));
        assertThat(query(admin, "SELECT count(*) FROM secret")).contains("10");
    }

    @Test
    void aViewerWhoMayReadNothingReadsNothing() {
        Principal nobody = Principal.user("nobody", Role.VIEWER);
        assertThatThrownBy(() -> query(nobody, "SELECT count(*) FROM sales")).isInstanceOfSatisfying(AssayException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThat(query(nobody, "SELECT 6 * 7 AS answer")).contains("42");
    }

    @Test
    void aSavedQueryRunsWithTypedParametersAndAnOptionalOneLeftOutIsNull() {
        String sql = "SELECT count(*) AS n FROM sales WHERE ({{region}} IS NULL OR region = {{region}}) AND day >= {{from}} "
                + "AND ({{min}} IS NULL OR amount >= {{min}}) AND ({{big}} IS NULL OR {{big}} = (units > 4))";
        String id = pg.savedQueries().create(admin, "sales since", sql, Optional.empty(), List.of(
                io.assay.platform.saved.QueryParameter.optional("region", io.assay.platform.saved.QueryParameter.Type.TEXT),
                new io.assay.platform.saved.QueryParameter("from", io.assay.platform.saved.QueryParameter.Type.DATE, Optional.of("2025-03-01"), true),
                io.assay.platform.saved.QueryParameter.optional("min", io.assay.platform.saved.QueryParameter.Type.NUMBER),
                io.assay.platform.saved.QueryParameter.optional("big", io.assay.platform.saved.QueryParameter.Type.BOOLEAN))).id();
        for (Map<String, Object> values : List.<Map<String, Object>>of(Map.of(), Map.of("region", "APAC", "min", "50.5"),
                Map.of("from", "2025-01-15", "big", true), Map.of("region", "EMEA", "from", "2025-02-01", "min", 100, "big", "false"))) {
            var prepared = pg.savedQueries().prepare(admin, id, values);
            String filter = "day >= DATE '" + values.getOrDefault("from", "2025-03-01") + "'"
                    + (values.containsKey("region") ? " AND region = '" + values.get("region") + "'" : "")
                    + (values.containsKey("min") ? " AND amount >= " + values.get("min") : "")
                    + (values.containsKey("big") ? " AND (units > 4) = " + values.get("big") : "");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            pg.queries().run(admin, prepared.request(Optional.empty(), OptionalLong.empty()), QueryOutput.answer(ResultFormat.CSV,
                    cached -> io.assay.platform.export.ResultWriter.of(ResultFormat.CSV), out, QueryOutput.Delivery.RESPONSE),
                    prepared.event(admin, AuditService.Origin.NONE), TaskContext.silent());
            String expected = query(admin, "SELECT count(*) AS n FROM sales WHERE " + filter);
            assertThat(out.toString(StandardCharsets.UTF_8)).as(values.toString()).isEqualTo(expected).doesNotEndWith("\n0\r\n");
        }
    }

    private String query(Principal caller, String sql) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        QueryOutcome o = pg.queries().run(caller, QueryRequest.of(sql), QueryOutput.answer(ResultFormat.CSV,
                cached -> io.assay.platform.export.ResultWriter.of(ResultFormat.CSV), out, QueryOutput.Delivery.RESPONSE),
                AuditService.Origin.NONE, TaskContext.silent());
        assertThat(o.rows()).isGreaterThanOrEqualTo(0);
        return out.toString(StandardCharsets.UTF_8);
    }

    private String scalar(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(SERVER + database, "postgres", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
