package io.assay.platform.export;

import io.assay.engine.Column;
import io.assay.engine.RowStream;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An aligned text table for people: column names, their types, the rows (numbers to the right),
 * and a line saying how many rows there were. Holds at most {@code maxShown} rows, to align them.
 */
public final class TextTableWriter implements ResultWriter {

    public static final int DEFAULT_SHOWN_ROWS = 100;
    private static final int MAX_CELL = 40;
    private static final String NULL = "∅";

    private final int maxShown;
    private final boolean showTypes;

    /** A table of query results: names, types, rows. */
    public TextTableWriter(int maxShown) {
        this(maxShown, true);
    }

    /** With {@code showTypes} false, a plain listing (of datasets, of columns) without the type line. */
    public TextTableWriter(int maxShown, boolean showTypes) {
        this.maxShown = maxShown;
        this.showTypes = showTypes;
    }

    @Override
    public long write(RowStream rows, OutputStream out) throws IOException {
        List<Column> columns = rows.columns();
        int n = columns.size();
        List<String[]> shown = new ArrayList<>();
        long total = 0;
        while (rows.next()) {
            total++;
            if (shown.size() < maxShown) {
                String[] cells = new String[n];
                for (int i = 0; i < n; i++) {
                    Object v = rows.get(i);
                    cells[i] = v == null ? NULL : Values.abbreviate(Values.toText(v), MAX_CELL);
                }
                shown.add(cells);
            }
        }
        int[] width = new int[n];
        boolean[] right = new boolean[n];
        for (int i = 0; i < n; i++) {
            Column c = columns.get(i);
            right[i] = c.type().isNumeric();
            width[i] = Math.max(Values.abbreviate(c.name(), MAX_CELL).length(),
                    showTypes ? Math.min(MAX_CELL, c.type().nativeName().length()) : 0);
            for (String[] row : shown) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        PrintStream p = new PrintStream(out, false, StandardCharsets.UTF_8);
        String[] names = new String[n];
        String[] types = new String[n];
        for (int i = 0; i < n; i++) {
            names[i] = Values.abbreviate(columns.get(i).name(), MAX_CELL);
            types[i] = Values.abbreviate(columns.get(i).type().nativeName().toLowerCase(java.util.Locale.ROOT), width[i]);
        }
        line(p, names, width, new boolean[n]);
        if (showTypes) {
            line(p, types, width, new boolean[n]);
        }
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < n; i++) {
            rule.append(i == 0 ? "" : "─┼─").append("─".repeat(width[i]));
        }
        p.println(rule);
        for (String[] row : shown) {
            line(p, row, width, right);
        }
        String count = total == 1 ? "1 row" : String.format("%,d rows", total);
        if (rows.truncated()) {
            p.println("(" + count + " shown; more rows exist: raise --limit, or use --format csv with --out)");
        } else if (total > shown.size()) {
            p.println("(" + count + ", first " + shown.size() + " shown)");
        } else {
            p.println("(" + count + ")");
        }
        p.flush();
        return total;
    }

    private static void line(PrintStream p, String[] cells, int[] width, boolean[] right) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                b.append(" │ ");
            }
            String pad = " ".repeat(Math.max(0, width[i] - cells[i].length()));
            b.append(right[i] ? pad + cells[i] : cells[i] + pad);
        }
        p.println(b.toString().stripTrailing());
    }
}
