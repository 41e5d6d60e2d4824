package io.assay.platform.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden files: expected report output kept in {@code src/test/resources/golden/}. When a renderer changes on
 * purpose, regenerate them and review the diff before committing:
 * <pre>
 * mvn -o test -pl assay-platform -Dtest='io.assay.platform.report.*Test' -Dassay.updateGolden=true
 * </pre>
 */
final class Golden {

    private static final Path FOLDER = Path.of("src", "test", "resources", "golden");
    private static final boolean UPDATE = Boolean.getBoolean("assay.updateGolden");

    private Golden() {
    }

    /** Asserts that {@code actual} equals the golden file byte for byte, or rewrites the file when updating. */
    static void assertMatches(String name, String actual) throws IOException {
        Path file = FOLDER.resolve(name);
        if (UPDATE) {
            Files.createDirectories(FOLDER);
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        assertThat(file).as("golden file %s (create it with -Dassay.updateGolden=true)", file).exists();
        assertThat(actual).as("output against golden file %s", file)
                .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }
}
