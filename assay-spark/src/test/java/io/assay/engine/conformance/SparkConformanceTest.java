package io.assay.engine.conformance;

import io.assay.engine.AssayException;
import io.assay.engine.Column;
import io.assay.engine.RelationInfo;
import io.assay.engine.Engine;
import io.assay.engine.EngineSettings;
import io.assay.engine.Engines;
import io.assay.engine.ErrorCode;
import io.assay.engine.RelationRef;
import io.assay.engine.RowStream;
import io.assay.engine.Session;
import io.assay.engine.SqlStatement;
import io.assay.spark.SparkTestServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shared conformance suite on Apache Spark 4.0.1 (Spark Connect, {@code local[2]} in a separate JVM), found
 * through the engine SPI's ServiceLoader by its {@code sc://} URL. Where Spark differs it says so here, with the
 * engine's capability flags telling the truth: no declared keys, no transactions, no counts of changed rows.
 */
@Tag("spark")
class SparkConformanceTest extends EngineConformanceTest {

    @Override
    protected Engine openEngine() {
        return Engines.open(EngineSettings.of(SparkTestServer.url()));
    }

    /**
     * Forty one-second sleeps on two cores: twenty seconds unless interrupted. Not minutes, on purpose: an interrupt that
     * reaches Spark Connect while the statement is still being planned stops the operation but not the job it then
     * submits (Spark 4.0.1), and such a job would hold both of local[2]'s cores for as long as it runs.
     */
    @Override
    protected String endlessQuery() {
        return "SELECT count(*) FROM range(0, 40, 1, 2) WHERE reflect('java.lang.Thread', 'sleep', CAST(1000 AS BIGINT)) IS NULL";
    }

    @Override
    protected String timestampType() {
        return "TIMESTAMP_NTZ";
    }

    /** Spark 4.0's tables have no declared keys (constraints come in Spark 4.1). */
    @Override
    protected String primaryKeyClause() {
        return "";
    }

    /** Spark keeps no NOT NULL on Parquet data source tables: SHOW CREATE TABLE and the schema say nullable. */
    @Override
    protected boolean keepsNotNull() {
        return false;
    }

    @Override
    protected String doubleType() {
        return "DOUBLE";
    }

    /** Spark knows a table's row count once ANALYZE TABLE computed it. */
    @Override
    protected void refreshStatistics(Session session, RelationRef table) {
        session.execute(SqlStatement.of("ANALYZE TABLE " + session.engine().dialect().qualify(table) + " COMPUTE STATISTICS"));
    }

    /**
     * The suite's hostile names, with one difference Spark imposes: its session catalog takes table (and schema) names
     * of letters, digits and _ only, and refuses others however they are quoted (INVALID_SCHEMA_OR_RELATION_NAME or
     * INVALID_ATTRIBUTE_NAME_SYNTAX), which this test asserts; the hostile column names round-trip.
     */
    @Override
    @Test
    void quotesHostileIdentifiers() {
        List<String> columns = List.of("select", "with space", "\"quoted\"", "back`tick", "it's", "ünï ✓", "Mixed Case");
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        try (Engine engine = openEngine(); Session s = engine.openSession()) {
            var d = engine.dialect();
            String defs = String.join(", ", columns.stream().map(c -> d.quoteIdentifier(c) + " VARCHAR(20)").toList());
            RelationRef refused = new RelationRef(d.defaultSchema(), "conf h\"q `b` ü select " + id);
            assertThatThrownBy(() -> s.execute(SqlStatement.of("CREATE TABLE " + d.qualify(refused) + " (" + defs + ")")))
                    .isInstanceOfSatisfying(AssayException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                        assertThat(e.getMessage()).containsAnyOf("INVALID_ATTRIBUTE_NAME_SYNTAX", "INVALID_SCHEMA_OR_RELATION_NAME");
                    });
            RelationRef t = new RelationRef(d.defaultSchema(), "conf_hostile_" + id);
            s.execute(SqlStatement.of("CREATE TABLE " + d.qualify(t) + " (" + defs + ")"));
            try {
                String list = String.join(", ", columns.stream().map(d::quoteIdentifier).toList());
                String marks = String.join(", ", columns.stream().map(c -> "?").toList());
                s.execute(new SqlStatement("INSERT INTO " + d.qualify(t) + " (" + list + ") VALUES (" + marks + ")",
                        new ArrayList<>(columns)));
                try (RowStream rows = s.query(SqlStatement.of("SELECT " + list + " FROM " + d.qualify(t)))) {
                    assertThat(rows.columns()).extracting(Column::name).containsExactlyElementsOf(columns);
                    assertThat(rows.next()).isTrue();
                    for (int i = 0; i < columns.size(); i++) {
                        assertThat(rows.get(i)).isEqualTo(columns.get(i));
                    }
                }
                assertThat(s.describe(t).orElseThrow().columns()).extracting(Column::name).containsExactlyElementsOf(columns);
                assertThat(s.relations(d.defaultSchema())).extracting(RelationInfo::ref).contains(t);
            } finally {
                s.execute(SqlStatement.of("DROP TABLE IF EXISTS " + d.qualify(t)));
            }
        }
    }

    /**
     * Spark answers a statement without rows with an empty result (it does not report how many rows changed), and its
     * Parquet tables refuse DELETE (a v1 data source): the suite's version asserts a count of changed rows instead.
     */
    @Override
    @Test
    void aStatementWithoutRowsAnswersTheRowsItChangedAsOneRow() {
        String name = "conf_count_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        try (Engine engine = openEngine(); Session s = engine.openSession()) {
            String t = engine.dialect().qualify(new RelationRef(engine.dialect().defaultSchema(), name));
            s.execute(SqlStatement.of("CREATE TABLE " + t + " (v INT) USING parquet"));
            try {
                try (RowStream inserted = s.query(SqlStatement.of("INSERT INTO " + t + " VALUES (1), (2), (3)"))) {
                    assertThat(inserted.columns()).isEmpty();
                    assertThat(inserted.next()).isFalse();
                }
                assertThat(s.execute(SqlStatement.of("INSERT INTO " + t + " VALUES (4)"))).as("unknown count").isEqualTo(-1L);
                try (RowStream rows = s.query(SqlStatement.of("SELECT count(*) FROM " + t))) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.get(0)).isEqualTo(4L);
                }
                assertThatThrownBy(() -> s.execute(SqlStatement.of("DELETE FROM " + t + " WHERE v > ?", 1)))
                        .isInstanceOfSatisfying(AssayException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                            assertThat(e.getMessage()).contains("does not support DELETE");
                        });
            } finally {
                s.execute(SqlStatement.of("DROP TABLE IF EXISTS " + t));
            }
        }
    }
}
