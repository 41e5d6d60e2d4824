package io.assay.server.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Validates tool arguments and structured results against their JSON Schemas (draft 2020-12), for the
 * MCP SDK. The SDK's own validator needs json-schema-validator 2.x; the build keeps 1.5.x (the OpenAPI
 * contract tests use it), so this one does the same job over 1.5.x. Messages name the path and what was
 * wrong, such as {@code $.max_rows: string found, integer expected}.
 */
public final class SchemaValidator implements JsonSchemaValidator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

    @Override
    public ValidationResponse validate(Map<String, Object> schema, Object content) {
        try {
            JsonNode schemaNode = JSON.valueToTree(schema);
            JsonSchema s = compiled.computeIfAbsent(schemaNode.toString(), k -> factory.getSchema(schemaNode));
            JsonNode value = content instanceof String text ? JSON.readTree(text) : JSON.valueToTree(content);
            Set<ValidationMessage> errors = s.validate(value);
            if (errors.isEmpty()) {
                return ValidationResponse.asValid(value.toString());
            }
            return ValidationResponse.asInvalid(errors.stream().map(ValidationMessage::getMessage).sorted()
                    .collect(Collectors.joining("; ")));
        } catch (Exception e) {
            return ValidationResponse.asInvalid("could not be checked against its schema: " + e.getMessage());
        }
    }
}
