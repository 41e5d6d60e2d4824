package io.assay.engine.conformance;

import io.assay.engine.Engine;
import io.assay.engine.EngineSettings;
import io.assay.engine.Engines;
import io.assay.engine.RelationRef;
import io.assay.engine.Session;
import io.assay.engine.SqlStatement;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The conformance suite on MariaDB: {@code ASSAY_TEST_MARIADB_URL} (default {@value #DEFAULT_URL}) as
 * {@code ASSAY_TEST_MARIADB_USER} (default {@code root}, empty password).
 */
class MariaDbConformanceTest extends EngineConformanceTest {

    private static final String DEFAULT_URL = "jdbc:mariadb://127.0.0.1:3306/test";

    @Override
    protected Engine openEngine() {
        String url = env("ASSAY_TEST_MARIADB_URL", DEFAULT_URL);
        assumeReachable("MariaDB", url, 3306);
        return Engines.open(new EngineSettings(url, Optional.empty(), OptionalInt.empty(), Optional.empty(), Map.of(
                "user", env("ASSAY_TEST_MARIADB_USER", "root"),
                "password", env("ASSAY_TEST_MARIADB_PASSWORD", ""))));
    }

    /** A scan of MariaDB's built-in sequence engine that would take hours. */
    @Override
    protected String endlessQuery() {
        return "SELECT count(*) FROM seq_1_to_100000000000 WHERE seq % 7 = 3";
    }

    /** DATETIME, because MariaDB's TIMESTAMP converts through the session's time zone and stops in 2038. */
    @Override
    protected String timestampType() {
        return "DATETIME";
    }

    @Override
    protected void refreshStatistics(Session session, RelationRef table) {
        session.execute(SqlStatement.of("ANALYZE TABLE " + session.engine().dialect().qualify(table)));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
