package io.assay.platform.report;

import io.assay.engine.AssayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportsTest {

    private final Reports reports = new Reports(ReportFixtures.CLOCK);

    @TempDir
    Path folder;

    @Test
    void writesTheFormatTheExtensionNames() throws IOException {
        Path md = reports.write(ReportFixtures.orders(), folder.resolve("orders.md"));
        Path json = reports.write(ReportFixtures.orders(), folder.resolve("sub/orders.json"));
        Path xlsx = reports.write(ReportFixtures.orders(), folder.resolve("orders.xlsx"));

        assertThat(md).isAbsolute().content(StandardCharsets.UTF_8).startsWith("# orders\n");
        assertThat(json).content(StandardCharsets.UTF_8).startsWith("{\n  \"schemaVersion\": \"1.1\"");
        assertThat(Files.readAllBytes(xlsx)).startsWith('P', 'K');
        assertThat(entries(folder)).containsExactlyInAnyOrder("orders.md", "sub", "orders.xlsx");
    }

    @Test
    void replacesAnExistingFileWhole() throws IOException {
        Path file = folder.resolve("orders.md");
        Files.writeString(file, "old");
        reports.write(ReportFixtures.orders(), file);
        assertThat(file).content(StandardCharsets.UTF_8).startsWith("# orders");
    }

    @Test
    void leavesNothingBehindWhenWritingFails() throws IOException {
        Path file = folder.resolve("orders.md");
        Files.writeString(file, "old");

        assertThatThrownBy(() -> AtomicFiles.write(file, out -> {
            out.write("half a report".getBytes(StandardCharsets.UTF_8));
            throw new UncheckedIOException(new IOException("disk full"));
        })).hasMessageContaining("disk full");

        assertThat(file).hasContent("old");
        assertThat(entries(folder)).containsExactly("orders.md");
    }

    @Test
    void refusesAnUnknownExtensionBeforeWritingAnything() throws IOException {
        assertThatThrownBy(() -> reports.write(ReportFixtures.orders(), folder.resolve("orders.docx")))
                .isInstanceOf(AssayException.class);
        assertThat(entries(folder)).isEmpty();
    }

    @Test
    void givesAWriterForEveryFormat() {
        for (ReportFormat format : ReportFormat.values()) {
            assertThat(reports.writer(format)).isNotNull();
        }
    }

    private static Stream<String> entries(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).toList().stream();
        }
    }
}
