package io.assay.platform.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.OptionalDouble;

/**
 * The JSON form of analysis results, for reports, REST and MCP alike. The document is the
 * {@link io.assay.analysis.model.AnalysisResult} record tree with its fields in declaration order, described by
 * {@code analysis-result.schema.json} beside this class, and follows these rules:
 * <ul>
 *   <li>instants are ISO-8601 text in UTC ({@code 2024-03-01T00:00:00Z});</li>
 *   <li>durations are a number of seconds, with up to nine decimals ({@code "elapsed": 2.35});</li>
 *   <li>an absent value (an empty {@code Optional}, {@code OptionalLong} or {@code OptionalDouble}) is
 *       {@code null}: every field is always present;</li>
 *   <li>a number that is not finite (NaN, ±∞) is {@code null}, as JSON has no such numbers;</li>
 *   <li>enumerations are their constant names ({@code "FULL"}, {@code "CRITICAL"}).</li>
 * </ul>
 * The mapper reads documents back as well: reading and writing again gives the same text.
 */
public final class ReportJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .addModule(reportRules())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private static final ObjectWriter PRETTY = MAPPER.writer(new Printer());

    private ReportJson() {
    }

    /** The configured mapper (thread-safe; do not reconfigure it). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A writer that pretty-prints with two-space indentation and {@code \n} line ends on every platform. */
    public static ObjectWriter prettyWriter() {
        return PRETTY;
    }

    private static SimpleModule reportRules() {
        SimpleModule module = new SimpleModule("assay-report-json");
        module.addSerializer(Double.class, new FiniteDoubleSerializer());
        module.addSerializer(Double.TYPE, new FiniteDoubleSerializer());
        module.addSerializer(OptionalDouble.class, new OptionalDoubleSerializer());
        module.addSerializer(Duration.class, new SecondsSerializer());
        return module;
    }

    /**
     * Writes a double as its shortest decimal, plainly where that is readable ({@code 12480}, {@code 0.0264},
     * {@code 77885440}) and in exponent form only beyond that ({@code 1.0E-9}); null when it is not finite.
     */
    private static void writeDouble(JsonGenerator g, double d) throws IOException {
        double abs = Math.abs(d);
        if (!Double.isFinite(d)) {
            g.writeNull();
        } else if (abs == 0 || abs >= 1e-6 && abs < 1e16) {
            g.writeNumber(BigDecimal.valueOf(d).stripTrailingZeros());
        } else {
            g.writeNumber(d);
        }
    }

    /** Doubles by {@link #writeDouble}. */
    private static final class FiniteDoubleSerializer extends StdSerializer<Double> {
        FiniteDoubleSerializer() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator g, SerializerProvider provider) throws IOException {
            writeDouble(g, value);
        }
    }

    /** An OptionalDouble as its number by {@link #writeDouble}, or null when empty. */
    private static final class OptionalDoubleSerializer extends StdSerializer<OptionalDouble> {
        OptionalDoubleSerializer() {
            super(OptionalDouble.class);
        }

        @Override
        public void serialize(OptionalDouble value, JsonGenerator g, SerializerProvider provider) throws IOException {
            if (value.isPresent()) {
                writeDouble(g, value.getAsDouble());
            } else {
                g.writeNull();
            }
        }

        @Override
        public boolean isEmpty(SerializerProvider provider, OptionalDouble value) {
            return value == null || value.isEmpty();
        }
    }

    /**
     * Two-space indentation, {@code "name": value}, {@code \n} line ends on every platform, and empty arrays and
     * objects written {@code []} and {@code {}}.
     */
    private static final class Printer extends DefaultPrettyPrinter {
        Printer() {
            super(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));
            DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
            indentObjectsWith(indenter);
            indentArraysWith(indenter);
        }

        private Printer(Printer base) {
            super(base);
        }

        @Override
        public DefaultPrettyPrinter createInstance() {
            return new Printer(this);
        }

        @Override
        public void writeEndArray(JsonGenerator g, int values) throws IOException {
            if (values == 0) {
                _nesting--;
                g.writeRaw(']');
            } else {
                super.writeEndArray(g, values);
            }
        }

        @Override
        public void writeEndObject(JsonGenerator g, int entries) throws IOException {
            if (entries == 0) {
                _nesting--;
                g.writeRaw('}');
            } else {
                super.writeEndObject(g, entries);
            }
        }
    }

    /** A duration as a plain number of seconds: {@code 2.35}, {@code 120}. */
    private static final class SecondsSerializer extends StdSerializer<Duration> {
        SecondsSerializer() {
            super(Duration.class);
        }

        @Override
        public void serialize(Duration value, JsonGenerator g, SerializerProvider provider) throws IOException {
            g.writeNumber(BigDecimal.valueOf(value.getSeconds())
                    .add(BigDecimal.valueOf(value.getNano(), 9))
                    .stripTrailingZeros());
        }
    }
}
