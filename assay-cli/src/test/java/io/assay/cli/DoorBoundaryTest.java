package io.assay.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The doors (the command line, REST and the web page, MCP) reach the platform only through the
 * {@code Workspace}'s governed services, never through the internal services under it, which check no
 * permission and record nothing. A door that needs something new asks the workspace for it. The workspace's
 * {@code Warehouse}, which holds those services, is package-private, so no door can even name it; the services
 * themselves are public classes (other platform packages use them), so this test keeps the doors off them.
 */
class DoorBoundaryTest {

    /** The platform's internal services over the warehouse, by fully qualified name. */
    private static final Pattern INTERNAL = Pattern.compile("io\\.assay\\.platform\\.(query\\.QueryService|imports\\.ImportService"
            + "|analysis\\.AnalysisService|catalog\\.DatasetService|catalog\\.DatasetCatalog|connect\\.ConnectionService"
            + "|demo\\.DemoDataGenerator)\\b");

    @Test
    void noDoorUsesAnInternalService() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path root : List.of(Path.of("src/main/java"), Path.of("../assay-server/src/main/java"))) {
            assertThat(root).isDirectory();
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String text = Files.readString(f);
                    Matcher m = INTERNAL.matcher(text);
                    while (m.find()) {
                        found.add(root.relativize(f) + ": " + m.group());
                    }
                }
            }
        }
        assertThat(found).as("doors reaching past the workspace").isEmpty();
    }
}
