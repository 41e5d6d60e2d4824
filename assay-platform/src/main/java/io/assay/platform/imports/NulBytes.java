package io.assay.platform.imports;

import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.platform.task.TaskContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * NUL bytes (0x00) found in a text file: where the first one is. NUL is never text in the encodings
 * Assay reads as bytes of one (UTF-8, Latin-1); it comes from padding, a crashed writer or a binary
 * field, and stands for nothing in a value. Such a file is imported with the NUL bytes taken out
 * (not replaced, so that {@code 12\0} still reads as the number 12), and the import says so.
 *
 * @param firstOffset the 0-based byte offset of the first NUL byte (in the decompressed text for .gz)
 * @param firstLine   the 1-based line it is on
 */
record NulBytes(long firstOffset, long firstLine) {

    /** Finds the first NUL byte of {@code head}, when there is one. */
    static java.util.Optional<NulBytes> find(byte[] head) {
        long line = 1;
        for (int i = 0; i < head.length; i++) {
            if (head[i] == '\n') {
                line++;
            } else if (head[i] == 0) {
                return java.util.Optional.of(new NulBytes(i, line));
            }
        }
        return java.util.Optional.empty();
    }

    /** {@code head} without its NUL bytes. */
    static byte[] strip(byte[] head) {
        byte[] out = new byte[head.length];
        int n = 0;
        for (byte b : head) {
            if (b != 0) {
                out[n++] = b;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /**
     * Copies {@code from} (decompressing it when {@code gunzip}) to {@code to} without its NUL bytes,
     * a buffer at a time, and answers how many were left out.
     */
    static long copyWithout(Path from, boolean gunzip, Path to, TaskContext ctx) {
        long removed = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream raw = Files.newInputStream(from); InputStream in = gunzip ? new GZIPInputStream(raw, 1 << 16) : raw;
             OutputStream out = Files.newOutputStream(to)) {
            int read;
            while ((read = in.read(buf)) > 0) {
                ctx.checkCancelled();
                int n = 0;
                for (int i = 0; i < read; i++) {
                    if (buf[i] != 0) {
                        buf[n++] = buf[i];
                    }
                }
                removed += read - n;
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "Cannot copy " + from + " without its NUL bytes: " + e.getMessage())
                    .hint("Check that the file is complete and that the data directory has room for a copy of it.")
                    .detail("file", from.toString())
                    .cause(e)
                    .build();
        }
        return removed;
    }
}
