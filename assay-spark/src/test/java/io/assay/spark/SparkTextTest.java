package io.assay.spark;

import io.assay.engine.AssayException;
import io.assay.engine.RelationRef;
import io.assay.engine.StatementInfo;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parts of the Spark engine that need no server: URLs, parameter markers, and reading printed plans. */
class SparkTextTest {

    @Test
    void countsParameterMarkersOutsideLiteralsIdentifiersAndComments() {
        assertThat(SparkSqlText.parameterCount("SELECT ?, ?")).isEqualTo(2);
        assertThat(SparkSqlText.parameterCount("SELECT '?' AS q, ? AS v")).isEqualTo(1);
        assertThat(SparkSqlText.parameterCount("SELECT 'it\\'s ?', \"?\", `a?``b` FROM t -- ?\nWHERE x = ? /* ? /* ? */ ? */")).isEqualTo(1);
    }

    @Test
    void readsSparkConnectUrlsWithTokensFromTheEnvironment() {
        SparkConnectUrl local = SparkConnectUrl.parse("sc://127.0.0.1:15077", Optional.empty(), name -> null);
        assertThat(local.clientUrl()).isEqualTo("sc://127.0.0.1:15077/");
        assertThat(local.port()).isEqualTo(15077);

        Map<String, String> env = Map.of("DATABRICKS_TOKEN", "dapi-secret");
        SparkConnectUrl databricks = SparkConnectUrl.parse("sc://adb-1.azuredatabricks.net:443/;token_env=DATABRICKS_TOKEN;"
                + "x-databricks-cluster-id=0123-abc;catalog=main;schema=sales", Optional.empty(), env::get);
        assertThat(databricks.clientUrl()).isEqualTo("sc://adb-1.azuredatabricks.net:443/;x-databricks-cluster-id=0123-abc;"
                + "token=dapi-secret;use_ssl=true");
        assertThat(databricks.redacted()).doesNotContain("dapi-secret").contains("token_env=DATABRICKS_TOKEN");
        assertThat(databricks.catalog()).contains("main");
        assertThat(databricks.schema()).contains("sales");

        assertThatThrownBy(() -> SparkConnectUrl.parse("sc://h:443/;token=abc", Optional.empty(), name -> null))
                .isInstanceOfSatisfying(AssayException.class, e -> assertThat(e.details()).containsEntry("parameter", "url"));
        assertThatThrownBy(() -> SparkConnectUrl.parse("sc://h:443/;token_env=MISSING", Optional.empty(), name -> null))
                .hasMessageContaining("MISSING");
    }

    @Test
    void readsParsedPlans() {
        String query = """
                == Parsed Logical Plan ==
                CTE [c]
                :  +- 'SubqueryAlias c
                :     +- 'Project [*]
                :        +- 'UnresolvedRelation [default, t2], [], false
                +- 'Project [unresolvedalias('count(1)), unresolvedalias('percentile('r, 0.5))]
                   +- 'Filter ('v IN (list#2380 []))
                      :  +- 'Project ['v]
                      :     +- 'UnresolvedRelation [t3], [], false
                      +- 'Join Inner, ('c.id = 'x.id)
                         :- 'UnresolvedRelation [c], [], false
                         +- 'UnresolvedRelation [other, x], [], false

                == Analyzed Logical Plan ==
                whatever
                """;
        StatementInfo info = SparkStatementInspector.read(query, "default");
        assertThat(info.isContainedQuery()).isTrue();
        assertThat(info.relations()).containsExactly(new RelationRef("default", "t2"), new RelationRef("default", "t3"),
                new RelationRef("other", "x"));
        assertThat(info.functions()).contains("count", "percentile");

        StatementInfo insert = SparkStatementInspector.read("""
                == Parsed Logical Plan ==
                'InsertIntoStatement 'UnresolvedRelation [default, t2], [], false, false, false, false
                +- 'Project [*]
                   +- 'UnresolvedRelation [default, t2], [], false

                == Analyzed Logical Plan ==
                """, "default");
        assertThat(insert.readOnlyQuery()).isFalse();
        assertThat(insert.outsideReach()).anyMatch(r -> r.contains("InsertIntoStatement"));

        StatementInfo files = SparkStatementInspector.read("""
                == Parsed Logical Plan ==
                'Project [*]
                +- 'UnresolvedRelation [parquet, /tmp/x], [], false

                == Analyzed Logical Plan ==
                """, "default");
        assertThat(files.reachesOutside()).isTrue();

        // A string constant that forges a section header cannot hide the relations after it.
        StatementInfo forged = SparkStatementInspector.read("""
                == Parsed Logical Plan ==
                'Project [a
                == Analyzed Logical Plan == AS x#2433]
                +- 'UnresolvedRelation [secret], [], false

                == Analyzed Logical Plan ==
                """, "default");
        assertThat(forged.isContainedQuery()).isFalse();
    }
}
