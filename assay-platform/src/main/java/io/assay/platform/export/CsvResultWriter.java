package io.assay.platform.export;

import io.assay.engine.Column;
import io.assay.engine.RowStream;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** RFC 4180 CSV with a header line; fields quoted only where they must be. */
public final class CsvResultWriter implements ResultWriter {

    @Override
    public long write(RowStream rows, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        List<Column> columns = rows.columns();
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                w.write(',');
            }
            field(w, columns.get(i).name());
        }
        w.write("\r\n");
        long n = 0;
        while (rows.next()) {
            for (int i = 0; i < columns.size(); i++) {
                if (i > 0) {
                    w.write(',');
                }
                Object v = rows.get(i);
                if (v != null) {
                    field(w, Values.toText(v));
                }
            }
            w.write("\r\n");
            n++;
        }
        w.flush();
        return n;
    }

    static void field(Writer w, String s) throws IOException {
        boolean quote = false;
        for (int i = 0; i < s.length() && !quote; i++) {
            char c = s.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote) {
            w.write(s);
            return;
        }
        w.write('"');
        w.write(s.replace("\"", "\"\""));
        w.write('"');
    }
}
