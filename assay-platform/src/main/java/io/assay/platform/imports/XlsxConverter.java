package io.assay.platform.imports;

import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.platform.task.Progress;
import io.assay.platform.task.TaskContext;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Streams one sheet of an XLSX workbook into a CSV file, row by row, so that the engine's CSV
 * reader (with its type detection) loads it. Dates are written in ISO form; numbers exactly.
 */
final class XlsxConverter {

    private XlsxConverter() {
    }

    /** Writes {@code sheetName} (or the first sheet) of {@code xlsx} to {@code csv}; answers the rows written. */
    static long convert(Path xlsx, Optional<String> sheetName, Path csv, TaskContext ctx) {
        try (ReadableWorkbook wb = new ReadableWorkbook(xlsx.toFile(), new ReadingOptions(true, false))) {
            Sheet sheet = sheetName.isPresent()
                    ? wb.findSheet(sheetName.get()).orElseThrow(() -> noSuchSheet(xlsx, sheetName.get(), wb))
                    : wb.getFirstSheet();
            long rows = 0;
            try (Stream<Row> stream = sheet.openStream();
                 Writer out = new BufferedWriter(Files.newBufferedWriter(csv, StandardCharsets.UTF_8), 1 << 16)) {
                Iterator<Row> it = stream.iterator();
                int width = -1;
                int lastRowNum = 0;
                while (it.hasNext()) {
                    Row row = it.next();
                    if (width < 0) {
                        width = row.getCellCount(); // the first row (the header) sets the width
                    }
                    // Excel leaves empty rows out of the file: keep them, so lines match the sheet.
                    for (int gap = lastRowNum + 1; gap < row.getRowNum() && lastRowNum > 0; gap++) {
                        writeRow(out, null, width);
                    }
                    lastRowNum = row.getRowNum();
                    writeRow(out, row, width);
                    if (++rows % 10_000 == 0) {
                        ctx.checkCancelled();
                        ctx.progress("reading sheet " + sheet.getName(), rows, -1, Progress.Unit.ROWS);
                    }
                }
            }
            return rows;
        } catch (IOException | UncheckedIOException | org.dhatim.fastexcel.reader.ExcelReaderException e) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "Could not read " + xlsx + " as an XLSX workbook: " + e.getMessage())
                    .hint("Open and save it again in Excel or LibreOffice, or export the sheet as CSV.")
                    .detail("file", xlsx.toString())
                    .cause(e)
                    .build();
        }
    }

    private static AssayException noSuchSheet(Path xlsx, String name, ReadableWorkbook wb) {
        List<String> names = wb.getSheets().map(Sheet::getName).toList();
        return AssayException.of(ErrorCode.INVALID_INPUT, xlsx + " has no sheet named '" + name + "'.")
                .hint("Its sheets are: " + String.join(", ", names) + ".")
                .detail("file", xlsx.toString())
                .detail("parameter", "sheet")
                .build();
    }

    private static void writeRow(Writer out, Row row, int width) throws IOException {
        int n = Math.max(width, 0);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.write(',');
            }
            if (row != null && i < row.getCellCount()) {
                Cell cell = row.getCell(i);
                if (cell != null) {
                    writeField(out, text(cell));
                }
            }
        }
        out.write('\n');
    }

    private static String text(Cell cell) {
        return switch (cell.getType()) {
            case NUMBER -> isDate(cell) ? dateText(cell.asDate()) : plain(cell.asNumber());
            case BOOLEAN -> cell.asBoolean().toString();
            case EMPTY -> "";
            case ERROR -> "";
            case FORMULA -> {
                // A formula's cached result; its raw value is what Excel last computed.
                String raw = cell.getRawValue();
                yield raw == null ? "" : raw;
            }
            default -> cell.getText();
        };
    }

    private static String plain(BigDecimal n) {
        return n == null ? "" : n.stripTrailingZeros().toPlainString();
    }

    private static String dateText(LocalDateTime t) {
        if (t == null) {
            return "";
        }
        return t.toLocalTime().equals(LocalTime.MIDNIGHT) ? t.toLocalDate().toString() : t.toString().replace('T', ' ');
    }

    /** True when the cell's number format shows a date or time (d, m, y, h, s outside quotes and brackets). */
    static boolean isDate(Cell cell) {
        String format = cell.getDataFormatString();
        if (format == null || format.isBlank() || format.equalsIgnoreCase("General")) {
            Integer id = cell.getDataFormatId();
            return id != null && ((id >= 14 && id <= 22) || (id >= 45 && id <= 47));
        }
        boolean quoted = false;
        boolean bracket = false;
        for (char c : format.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '[') {
                bracket = true;
            } else if (c == ']') {
                bracket = false;
            } else if (!quoted && !bracket && "dmyhsDMYHS".indexOf(c) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static void writeField(Writer out, String value) throws IOException {
        if (value.isEmpty()) {
            return;
        }
        boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0 || value.startsWith(" ") || value.endsWith(" ");
        if (quote) {
            out.write('"');
            out.write(value.replace("\"", "\"\""));
            out.write('"');
        } else {
            out.write(value);
        }
    }
}
