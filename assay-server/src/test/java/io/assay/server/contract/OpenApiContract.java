package io.assay.server.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.AnnotationKeyword;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API's OpenAPI 3.1 document as a test oracle: which operations exist, and whether a request or
 * response agrees with what the document says about it.
 *
 * <p>Bodies are checked with JSON Schema 2020-12. The whole document is registered with the schema
 * factory under {@link #DOCUMENT_URI}; the schema of a body is copied out of the document with its
 * local {@code #/components/...} references made absolute, so they resolve against the document.
 *
 * <p>Typical use in a server test:
 * <pre>{@code
 * OpenApiContract api = OpenApiContract.load();
 * String template = api.matchTemplate("GET", "/api/v1/datasets/orders").orElseThrow();
 * api.validateResponse("GET", template, response.statusCode(), response.contentType(), response.body());
 * }</pre>
 */
public final class OpenApiContract {

    /** Where the document is on the class path. */
    public static final String RESOURCE = "/io/assay/server/api/openapi.json";
    /** The base URI the document is registered under for resolving references. */
    public static final String DOCUMENT_URI = "https://assay.dev/api/v1/openapi.json";

    private static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Formats are asserted, so a timestamp that is not ISO-8601 fails. */
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .build();

    private final JsonNode document;
    private final JsonSchemaFactory factory;
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    private OpenApiContract(String text) {
        try {
            this.document = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The OpenAPI document is not valid JSON: " + e.getOriginalMessage(), e);
        }
        // The document's own keywords (openapi, paths, ...) and OpenAPI's are annotations, not errors.
        JsonMetaSchema dialect = JsonMetaSchema.builder(JsonMetaSchema.getV202012())
                .unknownKeywordFactory((keyword, context) -> new AnnotationKeyword(keyword))
                .build();
        this.factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder
                .metaSchema(dialect)
                .schemaLoaders(loaders -> loaders.schemas(Map.of(DOCUMENT_URI, text))));
    }

    /** The document from the class path resource {@link #RESOURCE}. */
    public static OpenApiContract load() {
        try (InputStream in = OpenApiContract.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("No OpenAPI document on the class path at " + RESOURCE);
            }
            return new OpenApiContract(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }

    /** A document given as text, e.g. as the server answered it at {@code /api/v1/openapi.json}. */
    public static OpenApiContract parse(String json) {
        return new OpenApiContract(json);
    }

    /** The parsed document. Do not modify it. */
    public JsonNode document() {
        return document;
    }

    /** Every operation as {@code "METHOD /path/template"}, e.g. {@code GET /api/v1/datasets/{name}}, in document order. */
    public Set<String> operations() {
        Set<String> out = new LinkedHashSet<>();
        document.path("paths").fields().forEachRemaining(path -> {
            for (String m : METHODS) {
                if (path.getValue().has(m)) {
                    out.add(m.toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            }
        });
        return out;
    }

    /** The operation object of a method and path template, if the document has it. */
    public Optional<JsonNode> operation(String method, String pathTemplate) {
        JsonNode op = document.path("paths").path(pathTemplate).path(method.toLowerCase(Locale.ROOT));
        return op.isObject() ? Optional.of(op) : Optional.empty();
    }

    /**
     * The path template of the document that a concrete path matches for a method: {@code /api/v1/datasets/orders}
     * → {@code /api/v1/datasets/{name}}. A query string is ignored. Where several match, the one with the most
     * literal segments wins ({@code /api/v1/query/jobs} before a template variable).
     */
    public Optional<String> matchTemplate(String method, String concretePath) {
        String path = concretePath;
        int q = path.indexOf('?');
        if (q >= 0) {
            path = path.substring(0, q);
        }
        String[] actual = path.split("/", -1);
        String best = null;
        int bestLiterals = -1;
        for (Iterator<Map.Entry<String, JsonNode>> it = document.path("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().has(method.toLowerCase(Locale.ROOT))) {
                continue;
            }
            String[] template = entry.getKey().split("/", -1);
            if (template.length != actual.length) {
                continue;
            }
            int literals = 0;
            boolean matches = true;
            for (int i = 0; i < template.length && matches; i++) {
                String t = template[i];
                if (t.startsWith("{") && t.endsWith("}")) {
                    matches = !actual[i].isEmpty();
                } else {
                    matches = t.equals(actual[i]);
                    literals++;
                }
            }
            if (matches && literals > bestLiterals) {
                best = entry.getKey();
                bestLiterals = literals;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * Checks a response against the document: the status must be documented for the operation (exactly, as
     * {@code 4XX}, or as {@code default}), the content type among the documented media types, and a JSON body
     * (application/json or any {@code +json} type) must match the schema. For other media types only the status
     * and the media type are checked.
     *
     * @throws AssertionError listing every violation
     */
    public void validateResponse(String method, String pathTemplate, int status, String contentType, String body) {
        fail(responseViolations(method, pathTemplate, status, contentType, body));
    }

    /** The violations {@link #validateResponse} would report; empty when the response agrees with the document. */
    public List<String> responseViolations(String method, String pathTemplate, int status, String contentType, String body) {
        String where = method.toUpperCase(Locale.ROOT) + " " + pathTemplate + " → " + status;
        List<String> out = new ArrayList<>();
        Optional<JsonNode> op = operation(method, pathTemplate);
        if (op.isEmpty()) {
            out.add(where + ": the document has no operation " + method.toUpperCase(Locale.ROOT) + " " + pathTemplate);
            return out;
        }
        JsonNode responses = op.get().path("responses");
        String code = String.valueOf(status);
        JsonNode response = responses.get(code);
        if (response == null) {
            response = responses.get(code.charAt(0) + "XX");
        }
        if (response == null) {
            response = responses.get("default");
        }
        if (response == null) {
            List<String> documented = new ArrayList<>();
            responses.fieldNames().forEachRemaining(documented::add);
            out.add(where + ": status " + status + " is not documented for this operation; documented: " + documented);
            return out;
        }
        checkContent(where, resolve(response).path("content"), contentType, body, false, out);
        return out;
    }

    /**
     * Checks a request body against the document: the operation must take a body of that media type, a required
     * body must be there, and a JSON body must match the schema. For other media types only the media type is checked.
     *
     * @throws AssertionError listing every violation
     */
    public void validateRequest(String method, String pathTemplate, String contentType, String body) {
        fail(requestViolations(method, pathTemplate, contentType, body));
    }

    /** The violations {@link #validateRequest} would report; empty when the request agrees with the document. */
    public List<String> requestViolations(String method, String pathTemplate, String contentType, String body) {
        String where = method.toUpperCase(Locale.ROOT) + " " + pathTemplate + " request";
        List<String> out = new ArrayList<>();
        Optional<JsonNode> op = operation(method, pathTemplate);
        if (op.isEmpty()) {
            out.add(where + ": the document has no operation " + method.toUpperCase(Locale.ROOT) + " " + pathTemplate);
            return out;
        }
        JsonNode requestBody = resolve(op.get().path("requestBody"));
        if (requestBody.isMissingNode()) {
            if (body != null && !body.isEmpty()) {
                out.add(where + ": the operation takes no request body, but one was sent");
            }
            return out;
        }
        if ((body == null || body.isEmpty())) {
            if (requestBody.path("required").asBoolean(false)) {
                out.add(where + ": the request body is required, but none was sent");
            }
            return out;
        }
        checkContent(where, requestBody.path("content"), contentType, body, true, out);
        return out;
    }

    /**
     * Checks a JSON value against a schema of {@code components/schemas}, e.g. {@code validateSchema("Dataset", json)}.
     *
     * @throws AssertionError listing every violation
     */
    public void validateSchema(String schemaName, String json) {
        JsonNode schema = document.path("components").path("schemas").path(schemaName);
        if (schema.isMissingNode()) {
            throw new AssertionError("The document has no schema components/schemas/" + schemaName);
        }
        List<String> out = new ArrayList<>();
        checkJson(schemaName, MAPPER.createObjectNode().put("$ref", "#/components/schemas/" + schemaName), json, out);
        fail(out);
    }

    /** A node with its {@code $ref} followed (within the document), repeatedly; other nodes as they are. */
    public JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; current.isObject() && current.has("$ref") && hops < 20; hops++) {
            String ref = current.get("$ref").asText();
            if (!ref.startsWith("#")) {
                throw new IllegalArgumentException("Only references within the document are supported: " + ref);
            }
            current = document.at(ref.substring(1));
        }
        return current;
    }

    private void checkContent(String where, JsonNode content, String contentType, String body, boolean request,
                              List<String> out) {
        boolean hasBody = body != null && !body.isEmpty();
        if (content.isMissingNode() || content.isEmpty()) {
            if (hasBody) {
                out.add(where + ": documented without a body, but a body was " + (request ? "sent" : "answered")
                        + " (" + contentType + ")");
            }
            return;
        }
        List<String> documented = new ArrayList<>();
        content.fieldNames().forEachRemaining(documented::add);
        if (contentType == null || contentType.isBlank()) {
            out.add(where + ": no Content-Type; documented: " + documented);
            return;
        }
        String mediaType = mediaType(contentType);
        String key = matchMediaType(documented, mediaType);
        if (key == null) {
            out.add(where + ": content type " + contentType + " is not documented; documented: " + documented);
            return;
        }
        if (!isJson(key)) {
            return;
        }
        if (!hasBody) {
            out.add(where + ": " + mediaType + " documented, but the body is empty");
            return;
        }
        JsonNode schema = content.path(key).path("schema");
        if (schema.isMissingNode()) {
            return;
        }
        checkJson(where + " (" + mediaType + ")", schema, body, out);
    }

    private void checkJson(String where, JsonNode schemaInDocument, String body, List<String> out) {
        JsonNode value;
        try {
            value = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            out.add(where + ": the body is not valid JSON: " + e.getOriginalMessage());
            return;
        }
        JsonSchema schema = schemas.computeIfAbsent(schemaInDocument.toString(), k -> compile(schemaInDocument));
        Set<ValidationMessage> messages = schema.validate(value);
        for (ValidationMessage m : messages) {
            out.add(where + ": " + m.getMessage());
        }
    }

    /** A standalone schema: the document's schema with local references made absolute against the document. */
    private JsonSchema compile(JsonNode schemaInDocument) {
        JsonNode copy = absolutize(schemaInDocument.deepCopy());
        ObjectNode root = MAPPER.createObjectNode();
        root.put("$schema", DIALECT);
        root.putArray("allOf").add(copy);
        return factory.getSchema(root, CONFIG);
    }

    private static JsonNode absolutize(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isTextual() && ref.asText().startsWith("#")) {
                object.set("$ref", TextNode.valueOf(DOCUMENT_URI + ref.asText()));
            }
            object.fields().forEachRemaining(e -> {
                if (!e.getKey().equals("$ref")) {
                    absolutize(e.getValue());
                }
            });
        } else if (node.isArray()) {
            node.forEach(OpenApiContract::absolutize);
        }
        return node;
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        String type = semicolon >= 0 ? contentType.substring(0, semicolon) : contentType;
        return type.trim().toLowerCase(Locale.ROOT);
    }

    private static String matchMediaType(List<String> documented, String mediaType) {
        for (String d : documented) {
            if (mediaType(d).equals(mediaType)) {
                return d;
            }
        }
        String range = mediaType.contains("/") ? mediaType.substring(0, mediaType.indexOf('/')) + "/*" : mediaType;
        for (String d : documented) {
            if (mediaType(d).equals(range)) {
                return d;
            }
        }
        for (String d : documented) {
            if (mediaType(d).equals("*/*")) {
                return d;
            }
        }
        return null;
    }

    private static boolean isJson(String mediaType) {
        String m = mediaType(mediaType);
        return m.equals("application/json") || m.endsWith("+json");
    }

    private static void fail(List<String> violations) {
        if (!violations.isEmpty()) {
            throw new AssertionError(violations.size() + " violation(s) of the OpenAPI document:\n  - "
                    + String.join("\n  - ", violations));
        }
    }
}
