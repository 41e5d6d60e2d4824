package io.assay.platform.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.assay.engine.Column;
import io.assay.engine.RowStream;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

/** JSON (one array of objects) or NDJSON (one object per line), streamed with Jackson's generator. */
public final class JsonResultWriter implements ResultWriter {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    private final boolean lines;

    public JsonResultWriter(boolean lines) {
        this.lines = lines;
    }

    @Override
    public long write(RowStream rows, OutputStream out) throws IOException {
        List<Column> columns = rows.columns();
        long n = 0;
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            if (lines) {
                g.setRootValueSeparator(new com.fasterxml.jackson.core.io.SerializedString("\n"));
            } else {
                g.writeStartArray();
            }
            while (rows.next()) {
                g.writeStartObject();
                for (int i = 0; i < columns.size(); i++) {
                    g.writeFieldName(columns.get(i).name());
                    value(g, rows.get(i));
                }
                g.writeEndObject();
                n++;
            }
            if (!lines) {
                g.writeEndArray();
            }
            g.writeRaw('\n');
        }
        return n;
    }

    /** Writes one value: numbers and booleans natively, non-finite doubles as null, the rest as text. */
    public static void value(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                g.writeNull();
            } else {
                g.writeNumber(d);
            }
        } else if (v instanceof BigDecimal d) {
            g.writeNumber(d);
        } else if (v instanceof BigInteger i) {
            g.writeNumber(i);
        } else {
            g.writeString(Values.toText(v));
        }
    }
}
