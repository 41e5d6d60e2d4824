package io.assay.analysis.profile;

import io.assay.analysis.model.AnalysisMode;
import io.assay.analysis.model.AnalysisResult;
import io.assay.analysis.model.ColumnProfile;
import io.assay.engine.Engine;
import io.assay.engine.EngineSettings;
import io.assay.engine.Engines;
import io.assay.engine.QueryOptions;
import io.assay.engine.RelationInfo;
import io.assay.engine.RelationRef;
import io.assay.engine.RowStream;
import io.assay.engine.Session;
import io.assay.engine.SqlStatement;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wide tables (hundreds or thousands of columns) analyse in full, in bounded time, with bounded SQL:
 * a 50 × 500 table once overflowed a native stack in the engine (the process died with SIGSEGV) from
 * one SELECT of every aggregate of every column, and 3,000 columns ran past 400 s. The tables are
 * generated here; the analysis runs on a thread with a small stack, as a server's worker would.
 */
class WideTableAnalysisTest {

    /** Generous on a loaded 2-core machine: the point is that time grows with the width, not beyond it. */
    private static final long SECONDS_PER_100_COLUMNS = 12;

    @Test
    void fiveHundredColumnsAnalyseInFull() throws Exception {
        analyseWide(500);
    }

    @Test
    void threeThousandColumnsAnalyseInFull() throws Exception {
        analyseWide(3_000);
    }

    private void analyseWide(int width) throws Exception {
        try (Engine engine = Engines.open(EngineSettings.of("jdbc:duckdb:")); Session real = engine.openSession()) {
            StringBuilder create = new StringBuilder("CREATE TABLE wide AS SELECT ");
            for (int i = 0; i < width; i++) {
                // A third text categories, the rest integers in a range of their own; column 1 is NULL on odd rows.
                String value = i % 3 == 0 ? "'v' || ((range * " + (i + 7) + ") % 6)"
                        : i == 1 ? "CASE WHEN range % 2 = 0 THEN range END" : "(range * " + (i + 13) + ") % 1000";
                create.append(i == 0 ? "" : ", ").append(value).append(" AS c").append(i);
            }
            create.append(" FROM range(50)");
            real.execute(SqlStatement.of(create.toString()));
            Recording session = new Recording(real);

            long started = System.nanoTime();
            AtomicReference<Object> outcome = new AtomicReference<>();
            Thread worker = new Thread(null, () -> {
                try {
                    outcome.set(new Analyzer(session, QueryOptions.NONE).analyze("wide", new RelationRef("main", "wide"),
                            AnalysisOptions.of(AnalysisMode.FULL), (stage, step, total) -> System.out.printf("  %.1f s: %s%n", (System.nanoTime() - started) / 1e9, stage)));
                } catch (Throwable t) {
                    outcome.set(t);
                }
            }, "wide-analysis", 512 * 1024);
            worker.start();
            worker.join();
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("%d columns: full analysis in %.1f s, %d queries, longest SQL %,d characters%n",
                    width, seconds, session.queries, session.longest);

            assertThat(outcome.get()).isInstanceOf(AnalysisResult.class);
            AnalysisResult result = (AnalysisResult) outcome.get();
            assertThat(result.notes()).noneMatch(n -> n.startsWith("Could not compute"));
            assertThat(result.table().rows()).isEqualTo(50);
            assertThat(result.columns()).hasSize(width);
            assertThat(result.columns()).allSatisfy(c -> assertThat(c.count() + c.missing()).isEqualTo(50));
            ColumnProfile text = column(result, "c0");
            assertThat(text.distinct()).isEqualTo(6);
            assertThat(text.distinctExact()).isTrue();
            assertThat(text.topValues()).hasSize(6);
            ColumnProfile halfMissing = column(result, "c1");
            assertThat(halfMissing.missing()).isEqualTo(25);
            ColumnProfile last = column(result, "c" + (width - 1));
            assertThat(last.max()).isPresent();
            assertThat(last.histogram()).isPresent();
            // Every SELECT stays small whatever the width (the one duplicate-row query names every column once).
            assertThat(session.longestAggregate).isLessThan(64_000);
            assertThat(seconds).isLessThan(SECONDS_PER_100_COLUMNS * width / 100.0);
        }
    }

    private static ColumnProfile column(AnalysisResult result, String name) {
        return result.columns().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    /** Forwards to a real session and records the queries' sizes. */
    private static final class Recording implements Session {
        private final Session inner;
        int queries;
        int longest;
        int longestAggregate;

        Recording(Session inner) {
            this.inner = inner;
        }

        @Override
        public io.assay.engine.Engine engine() {
            return inner.engine();
        }

        @Override
        public RowStream query(SqlStatement statement, QueryOptions options) {
            queries++;
            int length = statement.sql().length();
            longest = Math.max(longest, length);
            if (!statement.sql().contains("SELECT DISTINCT")) {
                longestAggregate = Math.max(longestAggregate, length);
            }
            return inner.query(statement, options);
        }

        @Override
        public long execute(SqlStatement statement, QueryOptions options) {
            return inner.execute(statement, options);
        }

        @Override
        public <T> T inTransaction(TransactionWork<T> work) {
            return inner.inTransaction(work);
        }

        @Override
        public void cancel() {
            inner.cancel();
        }

        @Override
        public OptionalDouble progress() {
            return inner.progress();
        }

        @Override
        public List<String> schemas() {
            return inner.schemas();
        }

        @Override
        public List<RelationInfo> relations(String schema) {
            return inner.relations(schema);
        }

        @Override
        public Optional<RelationInfo> describe(RelationRef ref) {
            return inner.describe(ref);
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
