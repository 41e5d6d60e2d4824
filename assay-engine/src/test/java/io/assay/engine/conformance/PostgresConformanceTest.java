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
 * The conformance suite on PostgreSQL: {@code ASSAY_TEST_POSTGRES_URL} (default
 * {@value #DEFAULT_URL}) as {@code ASSAY_TEST_POSTGRES_USER} (default {@code postgres}).
 */
class PostgresConformanceTest extends EngineConformanceTest {

    private static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test";

    @Override
    protected Engine openEngine() {
        String url = env("ASSAY_TEST_POSTGRES_URL", DEFAULT_URL);
        assumeReachable("PostgreSQL", url, 5432);
        return Engines.open(new EngineSettings(url, Optional.empty(), OptionalInt.empty(), Optional.empty(), Map.of(
                "user", env("ASSAY_TEST_POSTGRES_USER", "postgres"),
                "password", env("ASSAY_TEST_POSTGRES_PASSWORD", ""))));
    }

    @Override
    protected String endlessQuery() {
        return "SELECT pg_sleep(600)";
    }

    @Override
    protected void refreshStatistics(Session session, RelationRef table) {
        session.execute(SqlStatement.of("ANALYZE " + session.engine().dialect().qualify(table)));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
