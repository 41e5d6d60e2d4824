package io.assay.platform.export;

import io.assay.engine.Column;
import io.assay.engine.RowStream;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

/**
 * A result as an Excel workbook of one sheet, header row first, streamed: rows are flushed to the
 * output every few thousand, so memory stays flat. A sheet holds at most {@value #MAX_ROWS} data
 * rows; a larger result stops there and says so in a last row.
 */
public final class XlsxResultWriter implements ResultWriter {

    public static final int MAX_ROWS = 1_048_575;
    private static final int FLUSH_EVERY = 5_000;

    @Override
    public long write(RowStream rows, OutputStream out) throws IOException {
        List<Column> columns = rows.columns();
        Workbook wb = new Workbook(new KeepOpenOutputStream(out), "Assay", "1.0");
        Worksheet ws = wb.newWorksheet("result");
        for (int c = 0; c < columns.size(); c++) {
            ws.value(0, c, columns.get(c).name());
            ws.style(0, c).bold().set();
        }
        int r = 0;
        boolean more = false;
        while (rows.next()) {
            if (r >= MAX_ROWS - 1) {
                more = true;
                break;
            }
            r++;
            for (int c = 0; c < columns.size(); c++) {
                cell(ws, r, c, rows.get(c));
            }
            if (r % FLUSH_EVERY == 0) {
                ws.flush();
            }
        }
        if (more) {
            ws.value(r + 1, 0, "(the result has more rows than a sheet holds; export CSV or Parquet for all of them)");
        }
        wb.finish();
        return r;
    }

    private static void cell(Worksheet ws, int r, int c, Object v) {
        if (v == null) {
            return;
        }
        if (v instanceof Boolean b) {
            ws.value(r, c, b);
        } else if (v instanceof Long || v instanceof Integer || v instanceof BigDecimal || v instanceof BigInteger) {
            ws.value(r, c, (Number) v);
        } else if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                ws.value(r, c, d.toString());
            } else {
                ws.value(r, c, d);
            }
        } else if (v instanceof LocalDate d) {
            ws.value(r, c, d);
            ws.style(r, c).format("yyyy-mm-dd").set();
        } else if (v instanceof LocalDateTime t) {
            ws.value(r, c, t);
            ws.style(r, c).format("yyyy-mm-dd hh:mm:ss").set();
        } else {
            ws.value(r, c, Values.toText(v));
        }
    }
}
