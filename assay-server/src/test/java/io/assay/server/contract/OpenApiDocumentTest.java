package io.assay.server.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenApiDocumentTest {

    private static final OpenApiContract API = OpenApiContract.load();
    private static final JsonNode DOC = API.document();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final String PROBLEM = "#/components/schemas/Problem";

    /** The operations of the contract (/work/api-spec.md): the document has these and no others. */
    private static final Set<String> CONTRACT = Set.of(
            "POST /api/v1/session", "GET /api/v1/session", "PUT /api/v1/session/password", "DELETE /api/v1/session", "GET /api/v1/info",
            "GET /api/v1/datasets", "POST /api/v1/datasets", "GET /api/v1/datasets/{name}", "DELETE /api/v1/datasets/{name}",
            "GET /api/v1/datasets/{name}/rejects", "GET /api/v1/datasets/{name}/data",
            "PUT /api/v1/datasets/{name}/grants/{grantee}", "DELETE /api/v1/datasets/{name}/grants/{grantee}",
            "POST /api/v1/datasets/{name}/anomalies", "GET /api/v1/columns",
            "POST /api/v1/ask", "GET /api/v1/datasets/{name}/synonyms", "PUT /api/v1/datasets/{name}/synonyms/{phrase}",
            "DELETE /api/v1/datasets/{name}/synonyms/{phrase}",
            "GET /api/v1/connections", "POST /api/v1/connections", "POST /api/v1/connections/{name}/test", "DELETE /api/v1/connections/{name}",
            "POST /api/v1/query", "POST /api/v1/query/jobs", "GET /api/v1/results/{resultId}", "GET /api/v1/exports/{id}", "POST /api/v1/charts/recommend",
            "GET /api/v1/saved-queries", "POST /api/v1/saved-queries", "GET /api/v1/saved-queries/{id}",
            "PUT /api/v1/saved-queries/{id}", "DELETE /api/v1/saved-queries/{id}", "POST /api/v1/saved-queries/{id}/run",
            "GET /api/v1/saved-charts", "POST /api/v1/saved-charts", "GET /api/v1/saved-charts/{id}", "PUT /api/v1/saved-charts/{id}",
            "DELETE /api/v1/saved-charts/{id}", "POST /api/v1/saved-charts/{id}/run", "PUT /api/v1/saved-charts/{id}/grants/{grantee}",
            "DELETE /api/v1/saved-charts/{id}/grants/{grantee}",
            "GET /api/v1/dashboards", "POST /api/v1/dashboards", "GET /api/v1/dashboards/{id}", "PUT /api/v1/dashboards/{id}",
            "DELETE /api/v1/dashboards/{id}", "POST /api/v1/dashboards/{id}/run", "PUT /api/v1/dashboards/{id}/grants/{grantee}",
            "DELETE /api/v1/dashboards/{id}/grants/{grantee}", "GET /api/v1/dashboards/{id}/grants",
            "POST /api/v1/dashboards/{id}/cards/{cardId}/rows", "POST /api/v1/dashboards/{id}/links", "GET /api/v1/dashboards/{id}/links",
            "DELETE /api/v1/dashboards/{id}/links/{linkId}", "GET /api/v1/public/dashboards/{token}",
            "GET /api/v1/dashboards/{id}/export", "GET /api/v1/public/dashboards/{token}/export",
            "POST /api/v1/questions/sql", "POST /api/v1/questions/run",
            "POST /api/v1/analyses", "GET /api/v1/analyses", "GET /api/v1/analyses/{id}",
            "GET /api/v1/analyses/{id}/result", "GET /api/v1/analyses/{id}/report",
            "GET /api/v1/jobs", "GET /api/v1/jobs/{id}", "POST /api/v1/jobs/{id}/cancel", "GET /api/v1/jobs/{id}/events",
            "GET /api/v1/users", "POST /api/v1/users", "GET /api/v1/users/{name}", "PATCH /api/v1/users/{name}",
            "DELETE /api/v1/users/{name}",
            "GET /api/v1/tokens", "POST /api/v1/tokens", "DELETE /api/v1/tokens/{id}",
            "GET /api/v1/audit", "GET /api/v1/openapi.json", "GET /api/v1/docs",
            "GET /health/live", "GET /health/ready", "GET /metrics");

    private static final Set<String> PUBLIC = Set.of("signIn", "getOpenApiDocument", "getApiDocs", "getLiveness", "getReadiness",
            "getPublicDashboard", "exportPublicDashboard");

    /** Calls the action with "METHOD /path" and the operation, for every operation. */
    private static void eachOperation(BiConsumer<String, JsonNode> action) {
        DOC.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(m -> {
            if (METHODS.contains(m.getKey())) {
                action.accept(m.getKey().toUpperCase() + " " + path.getKey(), m.getValue());
            }
        }));
    }

    @Test
    void isAnOpenApi31DocumentWithInfo() {
        assertThat(DOC.path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(DOC.path("info").path("version").asText()).isEqualTo("0.1.0");
        assertThat(DOC.path("info").path("title").asText()).isNotBlank();
        assertThat(DOC.path("info").path("license").path("identifier").asText()).isEqualTo("Apache-2.0");
        assertThat(DOC.path("servers").path(0).path("url").asText()).isEqualTo("/");
    }

    @Test
    void documentsExactlyTheOperationsOfTheContract() {
        assertThat(API.operations()).containsExactlyInAnyOrderElementsOf(CONTRACT);
    }

    @Test
    void everyReferenceResolves() {
        List<String> broken = new ArrayList<>();
        walk(DOC, "", (pointer, node) -> {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual()) {
                String r = ref.asText();
                if (!r.startsWith("#/") || DOC.at(r.substring(1)).isMissingNode()) {
                    broken.add(pointer + " → " + r);
                }
            }
        });
        assertThat(broken).isEmpty();
    }

    @Test
    void everyOperationIsDescribed() {
        Set<String> tags = new TreeSet<>();
        DOC.path("tags").forEach(t -> tags.add(t.path("name").asText()));
        assertThat(tags).containsExactlyInAnyOrder("session", "info", "datasets", "ask", "query", "saved-queries", "charts", "saved-charts", "dashboards", "analyses",
                "jobs", "connections", "users", "tokens", "audit", "docs", "operations");
        List<String> problems = new ArrayList<>();
        eachOperation((name, op) -> {
            if (!op.path("operationId").asText().matches("[a-z][a-zA-Z0-9]*")) {
                problems.add(name + ": operationId missing or not camelCase");
            }
            if (op.path("summary").asText().isBlank()) {
                problems.add(name + ": no summary");
            }
            if (op.path("description").asText().length() < 40) {
                problems.add(name + ": no real description");
            }
            if (op.path("tags").size() != 1 || !tags.contains(op.path("tags").path(0).asText())) {
                problems.add(name + ": not one declared tag: " + op.path("tags"));
            }
            List<String> statuses = new ArrayList<>();
            op.path("responses").fieldNames().forEachRemaining(statuses::add);
            if (statuses.stream().noneMatch(s -> s.startsWith("2"))) {
                problems.add(name + ": no 2xx response");
            }
            op.path("responses").fields().forEachRemaining(r -> {
                if (API.resolve(r.getValue()).path("description").asText().isBlank()) {
                    problems.add(name + " " + r.getKey() + ": response without description");
                }
            });
            if (!PUBLIC.contains(op.path("operationId").asText())) {
                if (!statuses.contains("401") && !op.path("operationId").asText().matches("signOut|getServerInfo")) {
                    problems.add(name + ": authenticated but no 401");
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void operationIdsAreUnique() {
        List<String> ids = new ArrayList<>();
        eachOperation((name, op) -> ids.add(op.path("operationId").asText()));
        assertThat(ids).doesNotHaveDuplicates().hasSize(CONTRACT.size());
    }

    @Test
    void errorResponsesAreProblems() {
        List<String> problems = new ArrayList<>();
        eachOperation((name, op) -> op.path("responses").fields().forEachRemaining(r -> {
            String status = r.getKey();
            boolean error = status.startsWith("4") || status.startsWith("5");
            if (!error || (name.equals("GET /health/ready") && status.equals("503"))) {
                return;
            }
            JsonNode content = API.resolve(r.getValue()).path("content");
            if (content.size() != 1 || !PROBLEM.equals(content.path("application/problem+json").path("schema").path("$ref").asText())) {
                problems.add(name + " " + status + ": not application/problem+json with the Problem schema");
            }
        }));
        assertThat(problems).isEmpty();
    }

    @Test
    void everyPathParameterIsDeclared() {
        Pattern variable = Pattern.compile("\\{([^}]+)}");
        List<String> problems = new ArrayList<>();
        DOC.path("paths").fields().forEachRemaining(path -> {
            Set<String> inTemplate = new LinkedHashSet<>();
            Matcher m = variable.matcher(path.getKey());
            while (m.find()) {
                inTemplate.add(m.group(1));
            }
            path.getValue().fields().forEachRemaining(method -> {
                if (!METHODS.contains(method.getKey())) {
                    return;
                }
                Set<String> declared = new LinkedHashSet<>();
                List<JsonNode> parameters = new ArrayList<>();
                path.getValue().path("parameters").forEach(parameters::add);
                method.getValue().path("parameters").forEach(parameters::add);
                for (JsonNode p : parameters) {
                    JsonNode parameter = API.resolve(p);
                    if (parameter.path("schema").isMissingNode()) {
                        problems.add(method.getKey() + " " + path.getKey() + ": parameter " + parameter.path("name") + " without schema");
                    }
                    if ("path".equals(parameter.path("in").asText())) {
                        declared.add(parameter.path("name").asText());
                        if (!parameter.path("required").asBoolean()) {
                            problems.add(method.getKey() + " " + path.getKey() + ": path parameter not required");
                        }
                    }
                }
                if (!declared.equals(inTemplate)) {
                    problems.add(method.getKey() + " " + path.getKey() + ": path parameters " + declared + " ≠ " + inTemplate);
                }
            });
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void securityIsDeclaredAndPublicOperationsAreOpen() {
        JsonNode schemes = DOC.path("components").path("securitySchemes");
        assertThat(schemes.path("bearerAuth").path("type").asText()).isEqualTo("http");
        assertThat(schemes.path("bearerAuth").path("scheme").asText()).isEqualTo("bearer");
        assertThat(schemes.path("sessionCookie").path("type").asText()).isEqualTo("apiKey");
        assertThat(schemes.path("sessionCookie").path("in").asText()).isEqualTo("cookie");
        assertThat(schemes.path("sessionCookie").path("name").asText()).isEqualTo("assay_session");
        assertThat(DOC.path("security").toString()).isEqualTo("[{\"bearerAuth\":[]},{\"sessionCookie\":[]}]");
        List<String> problems = new ArrayList<>();
        eachOperation((name, op) -> {
            String id = op.path("operationId").asText();
            JsonNode security = op.get("security");
            if (PUBLIC.contains(id) != (security != null && security.isArray() && security.isEmpty())) {
                problems.add(name + ": security " + security);
            }
            if (security != null) {
                security.forEach(requirement -> requirement.fieldNames().forEachRemaining(s -> {
                    if (!schemes.has(s)) {
                        problems.add(name + ": unknown security scheme " + s);
                    }
                }));
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void schemasAreJsonSchema2020WithoutOpenApi30Keywords() {
        List<String> problems = new ArrayList<>();
        List<JsonNode> roots = new ArrayList<>();
        DOC.path("components").path("schemas").forEach(roots::add);
        walk(DOC.path("paths"), "/paths", (pointer, node) -> {
            if (node.has("schema")) {
                roots.add(node.get("schema"));
            }
        });
        walk(DOC.path("components").path("parameters"), "", (pointer, node) -> {
            if (node.has("schema")) {
                roots.add(node.get("schema"));
            }
        });
        Set<String> types = Set.of("null", "boolean", "object", "array", "number", "string", "integer");
        for (JsonNode root : roots) {
            eachSchema(root, schema -> {
                for (String keyword : List.of("nullable", "example", "discriminator", "xml", "x-nullable")) {
                    if (schema.has(keyword)) {
                        problems.add("OpenAPI 3.0 keyword " + keyword + " in " + schema);
                    }
                }
                JsonNode type = schema.get("type");
                if (type != null) {
                    List<JsonNode> list = new ArrayList<>();
                    if (type.isArray()) {
                        type.forEach(list::add);
                    } else {
                        list.add(type);
                    }
                    list.stream().filter(t -> !types.contains(t.asText())).forEach(t -> problems.add("bad type " + t));
                }
            });
        }
        JsonSchema meta = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        DOC.path("components").path("schemas").fields().forEachRemaining(e -> {
            for (ValidationMessage m : meta.validate(e.getValue())) {
                problems.add(e.getKey() + ": " + m.getMessage());
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void examplesInTheDocumentMatchTheirSchemas() {
        List<String> checked = new ArrayList<>();
        eachOperation((name, op) -> {
            String method = name.substring(0, name.indexOf(' '));
            String path = name.substring(name.indexOf(' ') + 1);
            op.path("responses").fields().forEachRemaining(r -> API.resolve(r.getValue()).path("content").fields()
                    .forEachRemaining(mt -> mt.getValue().path("examples").forEach(example -> {
                        API.validateResponse(method, path, Integer.parseInt(r.getKey()), mt.getKey(),
                                API.resolve(example).path("value").toString());
                        checked.add(name + " " + r.getKey());
                    })));
        });
        assertThat(checked).hasSizeGreaterThan(5);
    }

    @Test
    void uploadTakesAMultipartFileOrRawBytes() {
        JsonNode content = API.operation("POST", "/api/v1/datasets").orElseThrow().path("requestBody").path("content");
        assertThat(content.has("application/octet-stream")).isTrue();
        assertThat(content.has("text/csv")).isTrue();
        JsonNode form = API.resolve(content.path("multipart/form-data").path("schema"));
        assertThat(form.path("properties").path("file").path("format").asText()).isEqualTo("binary");
        assertThat(form.path("required").toString()).contains("file");
    }

    @Test
    void theReferencePageLoadsNothingButItsOwnFiles() throws Exception {
        String html = resource("docs.html");
        String js = resource("docs.js");
        String css = resource("docs.css");
        assertThat(html).contains("src=\"/api/v1/docs/docs.js\"").contains("href=\"/api/v1/docs/docs.css\"");
        assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE).matcher(html).find())
                .as("inline script").isFalse();
        assertThat(Pattern.compile("\\s(style|on[a-z]+)=", Pattern.CASE_INSENSITIVE).matcher(html).find())
                .as("inline style or event handler").isFalse();
        for (String text : List.of(html, js, css)) {
            assertThat(text).doesNotContain("http://", "https://", "@import", "url(", "innerHTML", "eval(");
        }
        assertThat(js).contains("openapi.json");
        assertThat(css).contains("prefers-color-scheme: dark");
    }

    private static String resource(String name) throws Exception {
        try (var in = OpenApiDocumentTest.class.getResourceAsStream("/io/assay/server/api/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** Calls the action on every object node below {@code node}, with its JSON pointer. */
    private static void walk(JsonNode node, String pointer, BiConsumer<String, JsonNode> action) {
        if (node.isObject()) {
            action.accept(pointer, node);
            node.fields().forEachRemaining(e -> walk(e.getValue(),
                    pointer + "/" + e.getKey().replace("~", "~0").replace("/", "~1"), action));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), pointer + "/" + i, action);
            }
        }
    }

    /** Calls the action on a schema and every subschema in it (not on property names or examples). */
    private static void eachSchema(JsonNode schema, java.util.function.Consumer<JsonNode> action) {
        if (!schema.isObject()) {
            return;
        }
        action.accept(schema);
        for (String map : List.of("properties", "patternProperties", "$defs", "dependentSchemas")) {
            schema.path(map).forEach(s -> eachSchema(s, action));
        }
        for (String list : List.of("allOf", "anyOf", "oneOf", "prefixItems")) {
            schema.path(list).forEach(s -> eachSchema(s, action));
        }
        for (String one : List.of("items", "additionalProperties", "propertyNames", "not", "contains", "if", "then", "else",
                "unevaluatedItems", "unevaluatedProperties")) {
            eachSchema(schema.path(one), action);
        }
    }

    @Nested
    class TheContractHelper {

        private final Map<String, Object> dataset = new HashMap<>(Map.ofEntries(
                Map.entry("name", "orders"), Map.entry("source", "orders.csv"), Map.entry("format", "csv"),
                Map.entry("rows", 120000), Map.entry("columns", 9), Map.entry("sourceBytes", 8412337),
                Map.entry("storedBytes", 2210304), Map.entry("rejectedRows", 0),
                Map.entry("importedAt", "2026-11-30T10:00:00Z"), Map.entry("updatedAt", "2026-12-01T23:10:18.123Z"),
                Map.entry("qualityScore", 91.5), Map.entry("access", "write")));

        private String datasetList(Map<String, Object> item) throws Exception {
            Map<String, Object> page = new HashMap<>();
            page.put("items", List.of(item));
            page.put("nextCursor", null);
            return MAPPER.writeValueAsString(page);
        }

        private String problem(int status, String code) {
            return """
                    {"type":"https://assay.dev/problems/not-found","title":"Not found","status":%d,
                     "detail":"No dataset named orderz. Did you mean orders?","instance":"/api/v1/datasets/orderz",
                     "code":"%s","requestId":"r-1"}""".formatted(status, code);
        }

        @Test
        void listsOperationsAsMethodAndTemplate() {
            assertThat(API.operations()).contains("GET /api/v1/datasets/{name}", "POST /api/v1/query", "GET /metrics");
        }

        @Test
        void aValidDatasetListValidates() throws Exception {
            dataset.put("owner", null);
            String body = datasetList(dataset);
            assertThatCode(() -> API.validateResponse("GET", "/api/v1/datasets", 200, "application/json; charset=utf-8", body))
                    .doesNotThrowAnyException();
            dataset.put("owner", "ada");
            assertThatCode(() -> API.validateResponse("GET", "/api/v1/datasets", 200, "application/json", datasetList(dataset)))
                    .doesNotThrowAnyException();
        }

        @Test
        void aMissingRequiredFieldFailsNamingTheField() throws Exception {
            dataset.put("owner", null);
            dataset.remove("storedBytes");
            String body = datasetList(dataset);
            assertThatThrownBy(() -> API.validateResponse("GET", "/api/v1/datasets", 200, "application/json", body))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("storedBytes")
                    .hasMessageContaining("GET /api/v1/datasets");
        }

        @Test
        void aWrongEnumValueFailsNamingTheField() throws Exception {
            dataset.put("owner", null);
            dataset.put("access", "admin");
            String body = datasetList(dataset);
            assertThatThrownBy(() -> API.validateResponse("GET", "/api/v1/datasets", 200, "application/json", body))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("access");
        }

        @Test
        void aWrongTypeOrNullWhereNotAllowedFails() throws Exception {
            dataset.put("owner", null);
            dataset.put("qualityScore", "high");
            dataset.put("rows", null);
            String body = datasetList(dataset);
            assertThatThrownBy(() -> API.validateResponse("GET", "/api/v1/datasets", 200, "application/json", body))
                    .hasMessageContaining("qualityScore")
                    .hasMessageContaining("rows");
        }

        @Test
        void timestampsMustBeIso8601() throws Exception {
            dataset.put("owner", null);
            dataset.put("importedAt", "30/11/2026 10:00");
            String body = datasetList(dataset);
            assertThatThrownBy(() -> API.validateResponse("GET", "/api/v1/datasets", 200, "application/json", body))
                    .hasMessageContaining("importedAt");
        }

        @Test
        void anUndocumentedStatusFails() {
            assertThatThrownBy(() -> API.validateResponse("GET", "/api/v1/datasets/{name}", 418, "application/json", "{}"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("418")
                    .hasMessageContaining("not documented");
            assertThatThrownBy(() -> API.validateResponse("POST", "/api/v1/saved-queries", 200, "application/json", "{}"))
                    .hasMessageContaining("status 200 is not documented");
        }

        @Test
        void anUndocumentedContentTypeFails() {
            assertThatThrownBy(() -> API.validateResponse("GET", "/api/v1/datasets/{name}", 200, "text/html", "<p>"))
                    .hasMessageContaining("text/html");
        }

        @Test
        void anUnknownOperationFails() {
            assertThatThrownBy(() -> API.validateResponse("GET", "/api/v1/nothing", 200, "application/json", "{}"))
                    .hasMessageContaining("no operation");
        }

        @Test
        void errorsMustBeProblems() {
            assertThatCode(() -> API.validateResponse("GET", "/api/v1/datasets/{name}", 404, "application/problem+json",
                    problem(404, "NOT_FOUND"))).doesNotThrowAnyException();
            assertThatThrownBy(() -> API.validateResponse("GET", "/api/v1/datasets/{name}", 404, "application/problem+json",
                    problem(404, "MISSING")))
                    .hasMessageContaining("code");
            assertThatThrownBy(() -> API.validateResponse("GET", "/api/v1/datasets/{name}", 404, "application/json",
                    problem(404, "NOT_FOUND")))
                    .hasMessageContaining("application/json is not documented");
            assertThatThrownBy(() -> API.validateResponse("GET", "/api/v1/datasets/{name}", 404, "application/problem+json",
                    "{\"title\":\"Not found\",\"status\":404}"))
                    .hasMessageContaining("requestId")
                    .hasMessageContaining("detail");
        }

        @Test
        void nestedSchemasAndNullableReferencesAreChecked() {
            String job = """
                    {"id":"j1","kind":"import","status":"failed","owner":"ada","description":"import x.csv",
                     "progress":null,"createdAt":"2026-12-01T23:10:18.123Z","startedAt":null,
                     "finishedAt":"2026-12-01T23:10:19Z","result":null,
                     "error":%s,
                     "links":{"self":"/api/v1/jobs/j1","events":"/api/v1/jobs/j1/events"}}""";
            assertThatCode(() -> API.validateResponse("GET", "/api/v1/jobs/{id}", 200, "application/json",
                    job.formatted(problem(400, "INVALID_INPUT")))).doesNotThrowAnyException();
            assertThatThrownBy(() -> API.validateResponse("GET", "/api/v1/jobs/{id}", 200, "application/json",
                    job.formatted("{\"title\":\"x\"}").replace("\"failed\"", "\"done\"")))
                    .hasMessageContaining("status")
                    .hasMessageContaining("error");
        }

        @Test
        void nonJsonAnswersCheckOnlyStatusAndMediaType() {
            assertThatCode(() -> API.validateResponse("GET", "/metrics", 200, "text/plain; version=0.0.4; charset=utf-8",
                    "# HELP up 1\nup 1\n")).doesNotThrowAnyException();
            assertThatCode(() -> API.validateResponse("POST", "/api/v1/query", 200, "text/csv", "a,b\n1,2\n"))
                    .doesNotThrowAnyException();
            assertThatThrownBy(() -> API.validateResponse("GET", "/metrics", 200, "text/html", "<p>"))
                    .hasMessageContaining("text/html");
        }

        @Test
        void noContentMeansNoBody() {
            assertThatCode(() -> API.validateResponse("DELETE", "/api/v1/datasets/{name}", 204, null, ""))
                    .doesNotThrowAnyException();
            assertThatThrownBy(() -> API.validateResponse("DELETE", "/api/v1/datasets/{name}", 204, "application/json", "{}"))
                    .hasMessageContaining("without a body");
        }

        @Test
        void requestBodiesAreChecked() {
            assertThatCode(() -> API.validateRequest("POST", "/api/v1/query", "application/json",
                    "{\"sql\":\"SELECT * FROM orders WHERE id = ?\",\"params\":[1],\"format\":\"csv\"}"))
                    .doesNotThrowAnyException();
            assertThatThrownBy(() -> API.validateRequest("POST", "/api/v1/query", "application/json", "{\"params\":[]}"))
                    .hasMessageContaining("sql");
            assertThatThrownBy(() -> API.validateRequest("POST", "/api/v1/query", "application/json",
                    "{\"sql\":\"SELECT 1\",\"pageSize\":0,\"format\":\"html\"}"))
                    .hasMessageContaining("pageSize")
                    .hasMessageContaining("format");
            assertThatCode(() -> API.validateRequest("POST", "/api/v1/users", "application/json",
                    "{\"name\":\"bob\",\"role\":\"viewer\",\"password\":\"s3cret-enough\"}"))
                    .doesNotThrowAnyException();
            assertThatThrownBy(() -> API.validateRequest("POST", "/api/v1/query", "text/plain", "SELECT 1"))
                    .hasMessageContaining("text/plain");
            assertThatThrownBy(() -> API.validateRequest("POST", "/api/v1/query", null, null))
                    .hasMessageContaining("required");
            assertThatThrownBy(() -> API.validateRequest("GET", "/api/v1/datasets", "application/json", "{}"))
                    .hasMessageContaining("takes no request body");
        }

        @Test
        void uploadsAcceptAnyFileWithoutValidatingIt() {
            assertThatCode(() -> API.validateRequest("POST", "/api/v1/datasets", "multipart/form-data; boundary=x", "--x--"))
                    .doesNotThrowAnyException();
            assertThatCode(() -> API.validateRequest("POST", "/api/v1/datasets", "text/csv", "a,b\n1,2\n"))
                    .doesNotThrowAnyException();
            assertThatCode(() -> API.validateRequest("POST", "/api/v1/datasets", "application/x-ndjson", "{\"a\":1}\n"))
                    .doesNotThrowAnyException();
        }

        @Test
        void componentSchemasCanBeCheckedByName() {
            assertThatCode(() -> API.validateSchema("Grant", "{\"grantee\":\"*\",\"access\":\"read\"}")).doesNotThrowAnyException();
            assertThatThrownBy(() -> API.validateSchema("Grant", "{\"grantee\":\"*\",\"access\":\"all\"}"))
                    .hasMessageContaining("access");
            assertThatThrownBy(() -> API.validateSchema("NoSuchThing", "{}")).hasMessageContaining("NoSuchThing");
        }

        @Test
        void concretePathsMatchTheirTemplates() {
            assertThat(API.matchTemplate("GET", "/api/v1/datasets/orders")).contains("/api/v1/datasets/{name}");
            assertThat(API.matchTemplate("GET", "/api/v1/datasets")).contains("/api/v1/datasets");
            assertThat(API.matchTemplate("GET", "/api/v1/datasets?limit=5&sort=rows")).contains("/api/v1/datasets");
            assertThat(API.matchTemplate("PUT", "/api/v1/datasets/orders/grants/*")).contains("/api/v1/datasets/{name}/grants/{grantee}");
            assertThat(API.matchTemplate("GET", "/api/v1/datasets/orders/data")).contains("/api/v1/datasets/{name}/data");
            assertThat(API.matchTemplate("POST", "/api/v1/query/jobs")).contains("/api/v1/query/jobs");
            assertThat(API.matchTemplate("post", "/api/v1/jobs/j1/cancel")).contains("/api/v1/jobs/{id}/cancel");
            assertThat(API.matchTemplate("GET", "/health/ready")).contains("/health/ready");
            assertThat(API.matchTemplate("PATCH", "/api/v1/datasets/orders")).isEmpty();
            assertThat(API.matchTemplate("GET", "/api/v1/datasets/")).isEmpty();
            assertThat(API.matchTemplate("GET", "/api/v2/datasets")).isEmpty();
        }
    }
}
