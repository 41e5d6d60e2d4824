package io.assay.platform.imports;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assay.engine.AssayException;
import io.assay.engine.Dialect;
import io.assay.engine.ErrorCode;
import io.assay.engine.LoadResult.Rejection;
import io.assay.engine.RelationRef;
import io.assay.engine.RowAppender;
import io.assay.engine.Session;
import io.assay.engine.SqlStatement;
import io.assay.platform.export.Values;
import io.assay.platform.task.TaskContext;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Newline-delimited JSON read one line at a time, for when the engine refused the file: finds the
 * lines that are not one JSON value each, with their true line numbers, and splits the file into the
 * good lines (a file the engine then loads) and the bad ones (kept aside as rejects). Memory holds one
 * line whatever the file's size; blank lines are neither rows nor errors.
 */
final class NdjsonLines {

    /** The first bad lines kept for messages. */
    private static final int SAMPLE = 5;
    /** The most of a bad line a message quotes. */
    private static final int EXCERPT = 80;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private NdjsonLines() {
    }

    /**
     * What the scan found.
     *
     * @param lines    the lines of the file
     * @param badLines how many were not one JSON value
     * @param first    the first few of those (line, error, an excerpt of the line)
     * @param rejects  the bad lines, written for {@link #appendRejects}
     */
    record Split(long lines, long badLines, List<Rejection> first, Path rejects) {
    }

    /**
     * Reads {@code file} (gunzipping it when asked) line by line; writes the good lines to {@code good}
     * when given and every bad line, whole, to {@code rejects}.
     */
    static Split split(Path file, boolean gunzip, Optional<Path> good, Path rejects, TaskContext ctx) {
        long line = 0;
        long bad = 0;
        List<Rejection> first = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = new BufferedInputStream(gunzip ? new GZIPInputStream(raw, 1 << 16) : raw, 1 << 16);
             OutputStream goodOut = good.isPresent() ? new BufferedOutputStream(Files.newOutputStream(good.get()), 1 << 16)
                     : OutputStream.nullOutputStream();
             DataOutputStream badOut = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(rejects), 1 << 16))) {
            ByteArrayOutputStream current = new ByteArrayOutputStream();
            boolean more = true;
            while (more) {
                current.reset();
                int b;
                while ((b = in.read()) >= 0 && b != '\n') {
                    current.write(b);
                }
                more = b >= 0;
                if (!more && current.size() == 0) {
                    break;
                }
                line++;
                if ((line & 0xffff) == 0) {
                    ctx.checkCancelled();
                }
                byte[] bytes = current.toByteArray();
                if (isBlank(bytes)) {
                    continue;
                }
                Optional<String> error = problem(bytes);
                if (error.isEmpty()) {
                    goodOut.write(bytes);
                    goodOut.write('\n');
                    continue;
                }
                bad++;
                String text = new String(bytes, StandardCharsets.UTF_8).stripTrailing();
                if (first.size() < SAMPLE) {
                    first.add(new Rejection(line, "", error.get(), Values.abbreviate(text, EXCERPT)));
                }
                badOut.writeLong(line);
                writeText(badOut, error.get());
                writeText(badOut, text);
            }
        } catch (IOException e) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "Cannot read " + file + " line by line: " + e.getMessage())
                    .hint("Check that the file is complete and that the data directory has room for a copy of it.")
                    .detail("file", file.toString())
                    .cause(e)
                    .build();
        }
        return new Split(line, bad, first, rejects);
    }

    /** Appends the bad lines {@link #split} wrote to the table {@code rejects} (line, column_name, error, raw_line). */
    static void appendRejects(Split split, Session session, RelationRef rejects) {
        Dialect d = session.engine().dialect();
        Optional<RowAppender> appender = session.appender(rejects);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(split.rejects()), 1 << 16))) {
            for (long i = 0; i < split.badLines(); i++) {
                Object[] row = {in.readLong(), "", readText(in), readText(in)};
                if (appender.isPresent()) {
                    appender.get().append(row);
                } else {
                    session.execute(new SqlStatement("INSERT INTO " + d.qualify(rejects) + " VALUES (?, ?, ?, ?)", List.of(row)));
                }
            }
        } catch (EOFException e) {
            throw AssayException.internal("The rejected lines kept in " + split.rejects() + " end early", e);
        } catch (IOException e) {
            throw AssayException.internal("Cannot read the rejected lines kept in " + split.rejects(), e);
        } finally {
            appender.ifPresent(RowAppender::close);
        }
    }

    /** What is wrong with a line as one JSON value, or empty when nothing is. */
    static Optional<String> problem(byte[] line) {
        try {
            JSON.readTree(line);
            return Optional.empty();
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage();
            int cut = message.indexOf(" (start marker");
            message = cut > 0 ? message.substring(0, cut) : message;
            cut = message.indexOf('\n');
            message = cut > 0 ? message.substring(0, cut) : message;
            String at = e.getLocation() == null || e instanceof JsonParseException && e.getLocation().getColumnNr() < 1 ? ""
                    : " at character " + e.getLocation().getColumnNr();
            return Optional.of("not valid JSON" + at + ": " + Values.abbreviate(message.strip(), EXCERPT));
        } catch (IOException e) {
            return Optional.of("not valid JSON: " + Values.abbreviate(String.valueOf(e.getMessage()), EXCERPT));
        }
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readText(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
