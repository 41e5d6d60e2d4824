package io.assay.platform.ask;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.assay.platform.config.AskConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * A language model behind an OpenAI-compatible chat-completions endpoint, asked to turn a question into SQL. It is
 * given the schema, a summary of the profile (kinds and common values), the values the offline parser matched and
 * the parser's candidate; it answers one SELECT. Whatever it answers is only a candidate: it must be one read-only
 * query over the datasets given, and it is governed and run by the pipeline like any query. When the model fails,
 * times out, refuses or answers something else, the offline answer is given instead, and says so.
 */
public final class AskModel {

    private static final Logger LOG = LoggerFactory.getLogger(AskModel.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AskConfig config;
    private final String url;
    private final Function<String, String> env;
    private final HttpClient http;

    public AskModel(AskConfig config, Function<String, String> env) {
        this.config = config;
        this.url = config.modelUrl().orElseThrow(() -> new IllegalArgumentException("no ask.model.url"));
        this.env = env;
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
    }

    /** The model for the configuration, when it names one. */
    public static Optional<AskModel> of(AskConfig config) {
        return config.modelUrl().map(u -> new AskModel(config, System::getenv));
    }

    /**
     * The model's answer to the question as a plan, or, when the model gives no SQL that fits (it fails, times out,
     * refuses or answers something else), the offline plan with a note saying so; empty when there is neither.
     */
    public Optional<AskPlan> improve(String question, List<AskTable> tables, AskPlan offline) {
        try {
            String sql = ask(question, tables, offline);
            String lower = sql.toLowerCase(Locale.ROOT);
            String dataset = tables.stream().map(AskTable::name).filter(n -> lower.contains(n.toLowerCase(Locale.ROOT)))
                    .findFirst().orElse(offline != null ? offline.dataset() : tables.get(0).name());
            return Optional.of(new AskPlan(dataset, sql, "the model's answer"
                    + (offline != null ? " (the offline parser read the question as: " + offline.explanation() + ")" : ""),
                    offline != null ? offline.matched() : List.of(), "model", List.of()));
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            LOG.info("The model gave no SQL ({}); answering offline", why);
            return Optional.ofNullable(offline).map(o -> o.withNote("The model gave no usable answer (" + why + "); this is the offline answer."));
        }
    }

    /** Asks the model; answers its SQL, checked to be one SELECT or WITH, or throws saying why not. */
    String ask(String question, List<AskTable> tables, AskPlan offline) {
        String key = config.apiKeyEnv().isEmpty() ? null : env.apply(config.apiKeyEnv());
        ObjectNode body = JSON.createObjectNode();
        body.put("model", config.modelName());
        body.put("temperature", 0);
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content",
                "You turn questions about tables into one SQL query in DuckDB's dialect. Answer only the SQL, one SELECT "
                        + "(or WITH) statement reading only the tables given, with no explanation. Quote identifiers with "
                        + "double quotes. If the question cannot be answered from these tables, answer exactly CANNOT.");
        messages.addObject().put("role", "user").put("content", prompt(question, tables, offline));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(config.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (key != null && !key.isEmpty()) {
            request.header("Authorization", "Bearer " + key);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the model could not be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the model", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("the model answered HTTP " + response.statusCode());
        }
        String content;
        try {
            JsonNode answer = JSON.readTree(response.body());
            content = answer.path("choices").path(0).path("message").path("content").asText("");
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the model's answer was not JSON", e);
        }
        String sql = content.strip().replaceAll("(?s)^```(?:sql)?\\s*", "").replaceAll("(?s)\\s*```$", "").strip();
        if (sql.endsWith(";")) {
            sql = sql.substring(0, sql.length() - 1).strip();
        }
        if (sql.isEmpty() || sql.equalsIgnoreCase("CANNOT")) {
            throw new IllegalStateException("the model declined the question");
        }
        String lower = sql.toLowerCase(Locale.ROOT);
        if (!(lower.startsWith("select") || lower.startsWith("with")) || sql.contains(";")) {
            throw new IllegalStateException("the model answered something other than one query");
        }
        return sql;
    }

    private static String prompt(String question, List<AskTable> tables, AskPlan offline) {
        ObjectNode p = JSON.createObjectNode();
        p.put("question", question);
        ArrayNode ts = p.putArray("tables");
        for (AskTable t : tables) {
            ObjectNode o = ts.addObject();
            o.put("name", t.name());
            ArrayNode cs = o.putArray("columns");
            for (AskTable.Column c : t.columns()) {
                ObjectNode co = cs.addObject().put("name", c.name()).put("kind", c.kind().name().toLowerCase(Locale.ROOT));
                if (c.unique()) {
                    co.put("unique", true);
                }
                if (!c.topValues().isEmpty()) {
                    ArrayNode tv = co.putArray("commonValues");
                    c.topValues().stream().limit(10).forEach(tv::add);
                }
            }
            if (!t.synonyms().isEmpty()) {
                ObjectNode syn = o.putObject("synonyms");
                t.synonyms().forEach(syn::put);
            }
        }
        if (offline != null) {
            ArrayNode m = p.putArray("matched");
            offline.matched().forEach(m::add);
            p.put("candidateSql", offline.sql());
            p.put("candidateMeaning", offline.explanation());
        }
        return p.toString();
    }
}
