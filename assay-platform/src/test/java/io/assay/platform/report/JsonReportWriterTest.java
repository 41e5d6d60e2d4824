package io.assay.platform.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.assay.analysis.model.AnalysisResult;
import io.assay.analysis.model.ColumnKind;
import io.assay.analysis.model.ColumnProfile;
import io.assay.analysis.model.FindingKind;
import io.assay.analysis.model.SemanticType;
import io.assay.analysis.model.Severity;
import io.assay.analysis.model.TrendInsight;
import io.assay.engine.TimeGrain;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class JsonReportWriterTest {

    private static final String SCHEMA = "analysis-result.schema.json";

    @Test
    void rendersTheFixtureAsTheGoldenFile() throws IOException {
        Golden.assertMatches("orders.json", render(ReportFixtures.orders()));
    }

    @Test
    void outputFollowsThePublishedSchema() throws IOException {
        JsonSchema schema = schema();
        for (AnalysisResult result : List.of(ReportFixtures.orders(), ReportFixtures.hostile(), withoutInsights())) {
            Set<ValidationMessage> errors = schema.validate(ReportJson.mapper().readTree(render(result)));
            assertThat(errors).as(result.dataset()).isEmpty();
        }
    }

    @Test
    void schemaRequiresTheCurrentSchemaVersion() throws IOException {
        JsonNode schema = ReportJson.mapper().readTree(resource(SCHEMA));
        assertThat(schema.at("/properties/schemaVersion/const").asText()).isEqualTo(AnalysisResult.SCHEMA_VERSION);
        assertThat(schema.at("/required")).extracting(JsonNode::asText).contains("schemaVersion");

        JsonNode document = ReportJson.mapper().readTree(render(ReportFixtures.orders()));
        ((ObjectNode) document).put("schemaVersion", "0.9");
        assertThat(schema().validate(document)).isNotEmpty();
    }

    @Test
    void schemaListsEveryConstantOfTheModelsEnumerations() throws IOException {
        JsonNode defs = ReportJson.mapper().readTree(resource(SCHEMA)).get("$defs");
        assertEnum(defs.at("/finding/properties/kind/enum"), FindingKind.class);
        assertEnum(defs.at("/severity/enum"), Severity.class);
        assertEnum(defs.at("/column/properties/kind/enum"), ColumnKind.class);
        assertEnum(defs.at("/column/properties/semanticType/enum"), SemanticType.class);
        assertEnum(defs.at("/column/properties/monotonic/enum"), ColumnProfile.Monotonicity.class);
        assertEnum(defs.at("/trend/properties/direction/enum"), TrendInsight.Direction.class);
        assertEnum(defs.at("/insights/properties/grain/enum"), TimeGrain.class);
    }

    @Test
    void writesInstantsInIsoFormDurationsInSecondsAndAbsentValuesAsNull() throws IOException {
        JsonNode json = ReportJson.mapper().readTree(render(withoutInsights()));

        assertThat(json.get("schemaVersion").asText()).isEqualTo("1.1");
        assertThat(json.get("startedAt").asText()).isEqualTo("2024-03-01T09:30:00Z");
        assertThat(json.get("elapsed").isNumber()).isTrue();
        assertThat(json.get("elapsed").decimalValue()).isEqualByComparingTo("2.35");
        assertThat(json.has("insights")).isTrue();
        assertThat(json.get("insights").isNull()).isTrue();
        assertThat(json.at("/columns/0/text").isNull()).isTrue();
        assertThat(json.at("/findings/2/column").isNull()).isTrue();
    }

    @Test
    void readsBackToTheSameDocument() throws IOException {
        String json = render(ReportFixtures.orders());
        AnalysisResult read = ReportJson.mapper().readValue(json, AnalysisResult.class);

        assertThat(render(read)).isEqualTo(json);
        assertThat(read.elapsed()).isEqualTo(Duration.ofMillis(2_350));
        assertThat(read.insights()).isPresent();
    }

    @Test
    void leavesTheStreamOpen() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                throw new AssertionError("the writer closed the caller's stream");
            }
        };
        new JsonReportWriter().write(ReportFixtures.orders(), out);
        assertThat(out.size()).isPositive();
    }

    static String render(AnalysisResult result) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new JsonReportWriter().write(result, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void assertEnum(JsonNode listed, Class<? extends Enum<?>> type) {
        assertThat(listed).as(type.getSimpleName()).extracting(JsonNode::asText)
                .containsExactly(Arrays.stream(type.getEnumConstants()).map(Enum::name).toArray(String[]::new));
    }

    private static AnalysisResult withoutInsights() {
        AnalysisResult r = ReportFixtures.orders();
        return new AnalysisResult(r.schemaVersion(), r.dataset(), r.engine(), r.mode(), r.startedAt(), r.elapsed(),
                r.table(), r.columns(), r.findings(), r.quality(), Optional.empty(), r.sections(), r.notes());
    }

    private static JsonSchema schema() throws IOException {
        try (InputStream in = resource(SCHEMA)) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    private static InputStream resource(String name) {
        return JsonReportWriter.class.getResourceAsStream(name);
    }
}
