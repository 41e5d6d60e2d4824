package io.assay.platform.imports;

import io.assay.engine.AssayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileSnifferTest {

    @TempDir
    Path dir;

    private Path write(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    @Test
    void picksTheMostConsistentDelimiter() {
        assertThat(FileSniffer.detectDelimiter("a,b,c\n1,2,3\n4,5,6\n")).contains(',');
        assertThat(FileSniffer.detectDelimiter("a;b\n1,5;2\n3;4,25\n")).contains(';');
        assertThat(FileSniffer.detectDelimiter("a\tb\n1\t2\n")).contains('\t');
        assertThat(FileSniffer.detectDelimiter("a|b|c\n1|2|3\n")).contains('|');
        // Quoted delimiters and newlines do not count.
        assertThat(FileSniffer.detectDelimiter("id;note\n1;\"x, y, z\"\n2;\"a,\nb\"\n")).contains(';');
        // Most lines agree even where a few are ragged.
        assertThat(FileSniffer.detectDelimiter("id,v,w\n1,2,3\n2,3,4\n3,Jan 5, 2024,x\n4,5,6\n")).contains(',');
        assertThat(FileSniffer.detectDelimiter("just one column\nvalue\n")).isEmpty();
    }

    @Test
    void detectsEncodings() {
        assertThat(FileSniffer.detectEncoding("plain ascii".getBytes(StandardCharsets.US_ASCII))).contains("utf-8");
        assertThat(FileSniffer.detectEncoding("Zürich".getBytes(StandardCharsets.UTF_8))).contains("utf-8");
        assertThat(FileSniffer.detectEncoding("Zürich".getBytes(StandardCharsets.ISO_8859_1))).contains("latin-1");
        assertThat(FileSniffer.detectEncoding("a,b\n1,2\n".getBytes(StandardCharsets.UTF_16))).contains("utf-16");
        assertThat(FileSniffer.detectEncoding("a,b\n1,2\n".getBytes(StandardCharsets.UTF_16LE))).contains("utf-16");
        assertThat(FileSniffer.detectEncoding(new byte[] {0, 1, 2, 3, (byte) 0xff, 5, 0, 9, 7})).isEmpty();
    }

    @Test
    void recognisesFormatsByContentAndName() throws IOException {
        assertThat(FileSniffer.sniff(write("x.csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8))).format()).isEqualTo(SourceFormat.CSV);
        assertThat(FileSniffer.sniff(write("noext", "[{\"a\":1}]".getBytes(StandardCharsets.UTF_8))).format()).isEqualTo(SourceFormat.JSON);
        assertThat(FileSniffer.sniff(write("x.jsonl", "{\"a\":1}\n".getBytes(StandardCharsets.UTF_8))).format()).isEqualTo(SourceFormat.NDJSON);
        assertThat(FileSniffer.sniff(write("x.bin", "PAR1....".getBytes(StandardCharsets.US_ASCII))).format()).isEqualTo(SourceFormat.PARQUET);
        assertThat(FileSniffer.sniff(write("x.tsv", "a b\tc\n".getBytes(StandardCharsets.UTF_8))).delimiter()).isEqualTo(Optional.of('\t'));
        assertThat(FileSniffer.sniff(write("lines.json", "{\"a\":1}\n\n{\"a\":2}\n".getBytes(StandardCharsets.UTF_8))).format())
                .isEqualTo(SourceFormat.NDJSON);
        assertThat(FileSniffer.sniff(write("pretty.json", "{\n  \"a\": {\"b\": 1}\n}\n".getBytes(StandardCharsets.UTF_8))).format())
                .isEqualTo(SourceFormat.JSON);
        assertThat(FileSniffer.sniff(write("one.json", "{\"a\":1}\n".getBytes(StandardCharsets.UTF_8))).format())
                .isEqualTo(SourceFormat.JSON);
        assertThat(FileSniffer.sniff(write("nul.csv", "a,b\n1,x\u0000y\n".getBytes(StandardCharsets.UTF_8))).nulBytes())
                .hasValueSatisfying(n -> assertThat(n.firstLine()).isEqualTo(2));
        Path gz = dir.resolve("data.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("a;b\n1;2\n".getBytes(StandardCharsets.UTF_8));
        }
        FileSniffer.Sniffed s = FileSniffer.sniff(gz);
        assertThat(s.compressed()).isTrue();
        assertThat(s.format()).isEqualTo(SourceFormat.CSV);
        assertThat(s.delimiter()).contains(';');
    }

    @Test
    void refusesBinaryAndOldExcelFilesWithAClearMessage() throws IOException {
        Path bin = write("blob.dat", new byte[] {0, 1, 2, 3, 4, 0, 0, 7, 8, 9});
        assertThatThrownBy(() -> FileSniffer.sniff(bin)).isInstanceOf(AssayException.class)
                .hasMessageContaining("blob.dat").hasMessageContaining("not a data file");
        Path xls = write("old.xls", "whatever".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> FileSniffer.sniff(xls)).isInstanceOf(AssayException.class)
                .hasMessageContaining(".xls");
    }
}
