package io.assay.platform.report;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Fills one worksheet row by row with typed cells: text as text, numbers as numbers, instants as Excel dates
 * (in UTC), shares as percentages, yes/no as booleans. Header rows are bold and stay in view when scrolling.
 */
final class SheetWriter {

    /** Excel keeps no more characters in a cell. */
    private static final int MAX_CELL_TEXT = 32_767;
    private static final String DATE_FORMAT = "yyyy-mm-dd hh:mm";
    private static final String COUNT_FORMAT = "#,##0";
    private static final String PERCENT_FORMAT = "0.0%";

    private final Worksheet sheet;
    private int row = -1;
    private int column;

    SheetWriter(Workbook workbook, String name) {
        this.sheet = workbook.newWorksheet(name);
    }

    /** Starts a bold header row with these titles; the first header of a sheet is frozen in view. */
    SheetWriter header(String... titles) {
        boolean first = row < 0;
        row();
        for (String title : titles) {
            sheet.style(row, column).bold().set();
            text(title);
        }
        if (first) {
            sheet.freezePane(0, row + 1);
        }
        return this;
    }

    /** Starts a new row. */
    SheetWriter row() {
        row++;
        column = 0;
        return this;
    }

    /** Leaves a row empty. */
    SheetWriter gap() {
        row++;
        return this;
    }

    SheetWriter text(String s) {
        sheet.value(row, column++, cellText(s));
        return this;
    }

    /** A number, or an empty cell when it is not finite. */
    SheetWriter number(double d) {
        if (Double.isFinite(d)) {
            sheet.value(row, column, d);
        }
        column++;
        return this;
    }

    /** A whole number shown with thousands separators. */
    SheetWriter count(long n) {
        sheet.value(row, column, n);
        sheet.style(row, column++).format(COUNT_FORMAT).set();
        return this;
    }

    /** A share (0..1) shown as a percentage with one decimal. */
    SheetWriter percent(double share) {
        if (Double.isFinite(share)) {
            sheet.value(row, column, share);
            sheet.style(row, column).format(PERCENT_FORMAT).set();
        }
        column++;
        return this;
    }

    /** An instant as an Excel date and time in UTC. */
    SheetWriter date(Instant at) {
        sheet.value(row, column, LocalDateTime.ofInstant(at, ZoneOffset.UTC));
        sheet.style(row, column++).format(DATE_FORMAT).set();
        return this;
    }

    SheetWriter bool(boolean b) {
        sheet.value(row, column++, b);
        return this;
    }

    SheetWriter empty() {
        column++;
        return this;
    }

    /** Sets the widths of the first columns, in characters. */
    SheetWriter widths(double... widths) {
        for (int i = 0; i < widths.length; i++) {
            sheet.width(i, widths[i]);
        }
        return this;
    }

    /** Text Excel can hold: characters XML forbids become U+FFFD, and overlong text is cut. */
    private static String cellText(String s) {
        StringBuilder out = new StringBuilder(Math.min(s.length(), MAX_CELL_TEXT));
        for (int i = 0; i < s.length() && out.length() < MAX_CELL_TEXT; i++) {
            char c = s.charAt(i);
            boolean allowed = c >= 0x20 ? c != 0xFFFE && c != 0xFFFF : c == '\t' || c == '\n' || c == '\r';
            out.append(allowed ? c : '\uFFFD');
        }
        if (out.length() == MAX_CELL_TEXT && Character.isHighSurrogate(out.charAt(out.length() - 1))) {
            out.setLength(out.length() - 1);
        }
        return out.toString();
    }
}
