package io.assay.platform.governance;

import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.platform.config.AssayConfig;
import io.assay.platform.config.ConfigLoader;
import io.assay.platform.config.SqlLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lexical measure of SQL texts, the limits on it, and where the limits come from. */
class SqlShapeTest {

    @Test
    void countsTermsAndTheDeepestBrackets() {
        SqlShape s = SqlShape.of("SELECT count(*) FROM t WHERE x IN (1, 2.5, ?) AND y = 'a''b' AND z = [1, [2]]");
        // SELECT count FROM t WHERE x IN 1 2.5 ? AND y 'a''b' AND z 1 2
        assertThat(s.terms()).isEqualTo(17);
        assertThat(s.depth()).isEqualTo(2);
        assertThat(s.length()).isEqualTo(77);
    }

    @Test
    void bracketsAndWordsInQuotesAndCommentsDoNotCount() {
        SqlShape s = SqlShape.of("SELECT '((( a b c' AS \"(( x y\", E'\\' ((' -- ((( d e f\n /* (( /* nested (( */ g h */ $$ (( i $$,"
                + " $tag$ ((( $$ $tag$ FROM t");
        // SELECT '...' AS "..." E (with its string) $$...$$ $tag$...$tag$ FROM t
        assertThat(s.depth()).isZero();
        assertThat(s.terms()).isEqualTo(9);
    }

    @Test
    void anUnterminatedQuoteRunsToTheEnd() {
        assertThat(SqlShape.of("SELECT '((((").depth()).isZero();
        assertThat(SqlShape.of("SELECT /* ((((").depth()).isZero();
    }

    @Test
    void refusesTooLongWithLimitExceededAndTooDeepOrLargeWithInvalidInput() {
        SqlLimits limits = new SqlLimits(100, 3, 10);
        assertThatThrownBy(() -> SqlShape.check("SELECT " + "1".repeat(200), limits))
                .isInstanceOfSatisfying(AssayException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
                    assertThat(e.details()).containsEntry("limit", "sql-length").containsEntry("max", 100)
                            .containsEntry("actual", 207).containsEntry("parameter", "sql");
                    assertThat(e.getMessage()).contains("207 characters").contains("100");
                });
        assertThatThrownBy(() -> SqlShape.check("SELECT 1\nFROM ((((t))))", limits))
                .isInstanceOfSatisfying(AssayException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.details()).containsEntry("limit", "sql-depth").containsEntry("actual", 4)
                            .containsEntry("line", 2).containsEntry("column", 9);
                });
        assertThatThrownBy(() -> SqlShape.check("SELECT a, b, c, d, e, f, g, h, i, j, k", limits))
                .isInstanceOfSatisfying(AssayException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.details()).containsEntry("limit", "sql-terms").containsEntry("actual", 12).containsEntry("max", 10);
                });
        assertThat(SqlShape.check("SELECT ((a)) FROM t", limits).depth()).isEqualTo(2);
    }

    @Test
    void theLimitsAreSettingsWithDefaultsFileAndEnvironment(@TempDir Path dir) throws Exception {
        AssayConfig defaults = ConfigLoader.load(Map.of(), Optional.empty(), Map.of());
        assertThat(defaults.sqlLimits()).isEqualTo(new SqlLimits(100_000, 64, 5_000));
        Path yaml = dir.resolve("assay.yaml");
        Files.writeString(yaml, "query:\n  max-sql-length: 20000\n  max-sql-depth: 10\n  max-sql-terms: 300\n");
        assertThat(ConfigLoader.load(Map.of(), Optional.of(yaml), Map.of()).sqlLimits()).isEqualTo(new SqlLimits(20_000, 10, 300));
        assertThat(ConfigLoader.load(Map.of("ASSAY_QUERY_MAX_SQL_TERMS", "400"), Optional.of(yaml), Map.of()).sqlLimits())
                .isEqualTo(new SqlLimits(20_000, 10, 400));
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("ASSAY_QUERY_MAX_SQL_DEPTH", "0"), Optional.empty(), Map.of()))
                .isInstanceOfSatisfying(AssayException.class, e -> assertThat(e.getMessage()).contains("query.max-sql-depth"));
    }
}
