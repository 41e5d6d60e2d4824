package io.assay.platform;

import io.assay.platform.workspace.Internals;

import io.assay.engine.RowStream;
import io.assay.engine.Session;
import io.assay.engine.SqlStatement;
import io.assay.platform.config.ConfigLoader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Opens the internal services of a real workspace on a fresh data directory, and reads back what tests need to check. */
public final class TestWarehouse {

    private TestWarehouse() {
    }

    public static Internals open(Path dataDir) {
        return Internals.open(ConfigLoader.load(Map.of(), Optional.empty(), Map.of("data-dir", dataDir.toString())));
    }

    /** The first column of every row of a query. */
    public static List<Object> column(Internals assay, String sql) {
        List<Object> out = new ArrayList<>();
        try (Session s = assay.warehouse().openSession(); RowStream rows = s.query(SqlStatement.of(sql))) {
            while (rows.next()) {
                out.add(rows.get(0));
            }
        }
        return out;
    }

    public static Object scalar(Internals assay, String sql) {
        return column(assay, sql).get(0);
    }

    /** Tables in the warehouse that are neither datasets, rejects nor the catalog: leftovers of a failed import. */
    public static List<Object> strayTables(Internals assay) {
        return column(assay, "SELECT table_schema || '.' || table_name FROM information_schema.tables "
                + "WHERE position('__assay' IN table_name) = 1");
    }

    /** The shared datasets folder beside the project, when present. */
    public static Optional<Path> sharedDatasets() {
        String dir = System.getProperty("assay.shared.dir", "../../shared");
        Path p = Path.of(dir).resolve("datasets");
        return Files.isDirectory(p) ? Optional.of(p.toAbsolutePath().normalize()) : Optional.empty();
    }

    /**
     * The shared datasets folder, or the test is skipped with a message where it is absent. Where
     * {@code ASSAY_SHARED_REQUIRED} is set (CI sets it: CI has the folder) its absence fails the test
     * instead, so that a check on real files can never be skipped silently there.
     */
    public static Path requireSharedDatasets() {
        Optional<Path> datasets = sharedDatasets();
        if (datasets.isEmpty() && System.getenv("ASSAY_SHARED_REQUIRED") != null) {
            throw new AssertionError("../shared/datasets is absent but ASSAY_SHARED_REQUIRED is set: looked in "
                    + Path.of(System.getProperty("assay.shared.dir", "../../shared")).toAbsolutePath());
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(datasets.isPresent(), "../shared/datasets is absent: tests on shared files skipped");
        return datasets.get();
    }

    /** A test fixture from src/test/resources/fixtures. */
    public static Path fixture(String name) {
        try {
            return Path.of(TestWarehouse.class.getResource("/fixtures/" + name).toURI());
        } catch (Exception e) {
            throw new IllegalStateException("missing fixture " + name, e);
        }
    }
}
