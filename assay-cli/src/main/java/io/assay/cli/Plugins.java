package io.assay.cli;

import io.assay.engine.Engines;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Engine plugins (such as assay-spark's {@code assay-spark-plugin.jar}): every jar in the {@code plugins} folder beside
 * {@code assay.jar}, and every jar or folder of jars named in {@code ASSAY_PLUGINS} (separated like a class path), is
 * put on a class loader over Assay's own, where {@link Engines} looks for engine providers.
 */
final class Plugins {

    private static boolean installed;

    private Plugins() {
    }

    static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        List<Path> jars = new ArrayList<>();
        besideJar().ifPresent(dir -> addJars(dir, jars));
        String env = System.getenv("ASSAY_PLUGINS");
        if (env != null && !env.isBlank()) {
            for (String part : env.split(File.pathSeparator)) {
                if (!part.isBlank()) {
                    addJars(Path.of(part.trim()), jars);
                }
            }
        }
        if (!jars.isEmpty()) {
            LoggerFactory.getLogger(Plugins.class).debug("engine plugins: {}", jars);
            Engines.usePlugins(jars);
        }
    }

    /** The {@code plugins} folder beside the running {@code assay.jar}, when Assay runs from a jar. */
    private static java.util.Optional<Path> besideJar() {
        try {
            var source = Main.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return java.util.Optional.empty();
            }
            Path location = Path.of(source.getLocation().toURI());
            if (!Files.isRegularFile(location)) {
                return java.util.Optional.empty();
            }
            Path dir = location.toAbsolutePath().getParent().resolve("plugins");
            return Files.isDirectory(dir) ? java.util.Optional.of(dir) : java.util.Optional.empty();
        } catch (URISyntaxException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    private static void addJars(Path path, List<Path> jars) {
        if (Files.isRegularFile(path) && path.toString().endsWith(".jar")) {
            jars.add(path.toAbsolutePath());
        } else if (Files.isDirectory(path)) {
            try (Stream<Path> files = Files.list(path)) {
                files.filter(f -> f.toString().endsWith(".jar") && Files.isRegularFile(f)).sorted()
                        .forEach(f -> jars.add(f.toAbsolutePath()));
            } catch (IOException e) {
                throw new UncheckedIOException("reading the plugins folder " + path, e);
            }
        }
    }
}
