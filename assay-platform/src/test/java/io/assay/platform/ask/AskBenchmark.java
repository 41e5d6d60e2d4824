package io.assay.platform.ask;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assay.engine.AssayException;
import io.assay.engine.RowStream;
import io.assay.platform.audit.AuditService;
import io.assay.platform.auth.Principal;
import io.assay.platform.catalog.DatasetName;
import io.assay.platform.config.ConfigLoader;
import io.assay.platform.export.ResultWriter;
import io.assay.platform.export.Values;
import io.assay.platform.imports.ImportMode;
import io.assay.platform.imports.ImportRequest;
import io.assay.platform.query.QueryOutput;
import io.assay.platform.query.QueryRequest;
import io.assay.platform.task.TaskContext;
import io.assay.platform.workspace.Workspace;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The plain-English benchmark: the 40 questions of {@code shared/nlq/} over the shared vega files, each asked through
 * the same call as {@code assay ask --sql-only} ({@link io.assay.platform.workspace.AskGateway#plan}), its SQL and the
 * reference SQL run on the same warehouse and scored by execution accuracy as {@code shared/nlq/README.md} says.
 * Writes {@code bench/ask/results.md}. Not part of the default build (the class is not named like a test); run it
 * with the command in {@link #COMMAND}. Skips when the shared folder is absent.
 */
class AskBenchmark {

    static final String COMMAND = "mvn -B -o test -pl assay-platform -am -Pbench -Dtest=AskBenchmark -Dsurefire.failIfNoSpecifiedTests=false";

    @TempDir
    Path dir;

    private record Outcome(String id, String question, String reference, String produced, boolean correct, String why) {
    }

    @Test
    void asksEveryQuestionAndScoresTheAnswers() throws Exception {
        Path shared = Path.of(System.getProperty("assay.shared.dir", "../../shared")).toAbsolutePath().normalize();
        Path nlq = shared.resolve("nlq");
        assumeTrue(Files.isRegularFile(nlq.resolve("questions.jsonl")), "shared/nlq is absent (set -Dassay.shared.dir): skipping");
        ObjectMapper json = new ObjectMapper();
        JsonNode tables = json.readTree(nlq.resolve("tables.json").toFile());
        Principal local = Principal.local();
        List<Outcome> outcomes = new ArrayList<>();
        long started = System.nanoTime();
        try (Workspace ws = Workspace.open(ConfigLoader.load(Map.of(), Optional.empty(), Map.of("data-dir", dir.resolve("data").toString())),
                new SimpleMeterRegistry())) {
            for (Iterator<Map.Entry<String, JsonNode>> it = tables.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> t = it.next();
                ws.datasets().importLocal(local, new ImportRequest(shared.resolve(t.getValue().asText()), Optional.of(DatasetName.of(t.getKey())),
                        ImportMode.CREATE, Map.of(), false), AuditService.Origin.NONE, TaskContext.silent());
            }
            for (String line : Files.readAllLines(nlq.resolve("questions.jsonl"))) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode q = json.readTree(line);
                List<DatasetName> among = new ArrayList<>();
                q.get("tables").forEach(n -> among.add(DatasetName.of(n.asText())));
                String question = q.get("question").asText();
                String reference = q.get("sql").asText();
                List<List<String>> expected = rows(ws, local, reference);
                String produced = null;
                try {
                    produced = ws.ask().plan(local, question, among, AuditService.Origin.NONE, TaskContext.silent()).sql();
                    List<List<String>> got = rows(ws, local, produced);
                    String why = compare(expected, got);
                    outcomes.add(new Outcome(q.get("id").asText(), question, reference, produced, why == null, why));
                } catch (AssayException e) {
                    outcomes.add(new Outcome(q.get("id").asText(), question, reference, produced, false,
                            (produced == null ? "declined: " : "failed: ") + e.getMessage()));
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Path out = Path.of(System.getProperty("assay.bench.dir", "../bench")).resolve("ask").resolve("results.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report(outcomes, seconds));
        System.out.println(Files.readString(out));
    }

    private static List<List<String>> rows(Workspace ws, Principal caller, String sql) {
        List<List<String>> rows = new ArrayList<>();
        ResultWriter collect = (RowStream stream, OutputStream o) -> {
            long n = 0;
            while (stream.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 0; i < stream.columns().size(); i++) {
                    row.add(normalise(stream.get(i)));
                }
                rows.add(row);
                n++;
            }
            return n;
        };
        ws.queries().run(caller, QueryRequest.of(sql), new QueryOutput.Stream(c -> collect, OutputStream.nullOutputStream(),
                QueryOutput.Delivery.FILE), AuditService.Origin.NONE, TaskContext.silent());
        return rows;
    }

    /** Values as text: numbers rounded to 4 decimal places (1 and 1.0 alike), dates as ISO text, NULL as NULL. */
    static String normalise(Object v) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof Number n) {
            if (n instanceof Double d && !Double.isFinite(d)) {
                return d.toString();
            }
            BigDecimal b = new BigDecimal(n.toString()).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros();
            return b.compareTo(BigDecimal.ZERO) == 0 ? "0" : b.toPlainString();
        }
        return Values.toText(v);
    }

    /** Null when the answer holds the reference (README rule), else why not. */
    static String compare(List<List<String>> expected, List<List<String>> got) {
        if (expected.size() != got.size()) {
            return "rows: expected " + expected.size() + ", got " + got.size();
        }
        // Pair each reference row with its own result row holding all of its values (greedy, then a small search).
        boolean[] taken = new boolean[got.size()];
        if (!pair(expected, got, 0, taken)) {
            return "values differ (first reference row " + (expected.isEmpty() ? "" : expected.get(0)) + ", first answer row "
                    + (got.isEmpty() ? "" : got.get(0)) + ")";
        }
        return null;
    }

    private static boolean pair(List<List<String>> expected, List<List<String>> got, int i, boolean[] taken) {
        if (i == expected.size()) {
            return true;
        }
        for (int j = 0; j < got.size(); j++) {
            if (!taken[j] && contains(got.get(j), expected.get(i))) {
                taken[j] = true;
                if (pair(expected, got, i + 1, taken)) {
                    return true;
                }
                taken[j] = false;
                if (expected.size() > 200) {
                    return false; // large results: greedy only
                }
            }
        }
        return false;
    }

    private static boolean contains(List<String> row, List<String> values) {
        List<String> left = new ArrayList<>(row);
        for (String v : values) {
            if (!left.remove(v)) {
                return false;
            }
        }
        return true;
    }

    private static String report(List<Outcome> outcomes, double seconds) {
        long correct = outcomes.stream().filter(Outcome::correct).count();
        StringBuilder s = new StringBuilder("# Asking in plain English: execution accuracy\n\n")
                .append("Made by `").append(COMMAND).append("` (from the repository root) on ").append(LocalDate.now())
                .append(", on a machine with ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch")).append(", Java ")
                .append(System.getProperty("java.version")).append(". Written by `AskBenchmark`; edit that class, not this file.\n\n")
                .append("Data: the ").append(outcomes.size()).append(" questions of `shared/nlq/questions.jsonl` over the vega files of ")
                .append("`shared/nlq/tables.json`, each imported under its name. Each question is asked through the same call as ")
                .append("`assay ask --sql-only` (`AskGateway.plan`, the offline parser, no model) with its `tables` as `--dataset`; its SQL ")
                .append("and the reference SQL run on the same warehouse. Scoring as `shared/nlq/README.md` says: same number of rows, each ")
                .append("reference row paired with its own answer row holding all of its values (extra columns allowed, order ignored), ")
                .append("numbers rounded to 4 places; a declined question or a failing query is wrong.\n\n")
                .append("## Result\n\n")
                .append(String.format(Locale.ROOT, "**%d of %d correct: %.1f%%** (offline; %.1f s for the whole run, imports included).%n%n",
                        correct, outcomes.size(), 100.0 * correct / Math.max(1, outcomes.size()), seconds));
        s.append("## Failures\n\n");
        if (correct == outcomes.size()) {
            s.append("None.\n\n");
        } else {
            s.append("| id | question | reference | produced | why |\n|---|---|---|---|---|\n");
            for (Outcome o : outcomes) {
                if (!o.correct()) {
                    s.append("| ").append(o.id()).append(" | ").append(cell(o.question())).append(" | `").append(cell(o.reference()))
                            .append("` | ").append(o.produced() == null ? "–" : "`" + cell(o.produced()) + "`").append(" | ")
                            .append(cell(o.why())).append(" |\n");
                }
            }
            s.append('\n');
        }
        s.append("## Every question\n\n| id | question | produced SQL | correct |\n|---|---|---|---|\n");
        for (Outcome o : outcomes) {
            s.append("| ").append(o.id()).append(" | ").append(cell(o.question())).append(" | ")
                    .append(o.produced() == null ? "–" : "`" + cell(o.produced()) + "`").append(" | ").append(o.correct() ? "yes" : "no").append(" |\n");
        }
        return s.toString();
    }

    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }
}
