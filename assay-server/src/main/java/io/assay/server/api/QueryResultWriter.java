package io.assay.server.api;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.assay.engine.Column;
import io.assay.engine.RowStream;
import io.assay.platform.export.JsonResultWriter;
import io.assay.platform.export.ResultWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A query result in the API's JSON shape ({@code QueryResult}), streamed row by row: columns first,
 * then rows as arrays, then the counts, the time taken and whether the cache answered.
 */
final class QueryResultWriter implements ResultWriter {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    private final Instant started;
    private final boolean cached;

    QueryResultWriter(Instant started, boolean cached) {
        this.started = started;
        this.cached = cached;
    }

    @Override
    public long write(RowStream rows, OutputStream out) throws IOException {
        List<Column> columns = rows.columns();
        long n = 0;
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            g.writeStartObject();
            writeColumns(g, columns);
            g.writeArrayFieldStart("rows");
            while (rows.next()) {
                g.writeStartArray();
                for (int i = 0; i < columns.size(); i++) {
                    JsonResultWriter.value(g, rows.get(i));
                }
                g.writeEndArray();
                n++;
            }
            g.writeEndArray();
            g.writeNumberField("rowCount", n);
            g.writeBooleanField("truncated", rows.truncated());
            g.writeNumberField("elapsedMs", Duration.between(started, Instant.now()).toMillis());
            g.writeBooleanField("cached", cached);
            g.writeNullField("nextCursor");
            g.writeNullField("resultId");
            g.writeEndObject();
        }
        return n;
    }

    static void writeColumns(JsonGenerator g, List<Column> columns) throws IOException {
        g.writeArrayFieldStart("columns");
        for (Column c : columns) {
            g.writeStartObject();
            g.writeStringField("name", c.name());
            g.writeStringField("type", c.type().nativeName().toUpperCase(Locale.ROOT));
            g.writeBooleanField("nullable", c.nullable());
            g.writeEndObject();
        }
        g.writeEndArray();
    }
}
