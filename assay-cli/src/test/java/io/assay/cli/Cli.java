package io.assay.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the built assay.jar as a separate process, the way a user does. */
final class Cli {

    private final Path dataDir;
    private final Path workDir;

    Cli(Path workDir) {
        this.workDir = workDir;
        this.dataDir = workDir.resolve("assay-data");
    }

    Path dataDir() {
        return dataDir;
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("assay.jar", "target/assay.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("assay.jar is not built at " + jar.toAbsolutePath() + "; run mvn verify");
        }
        return jar.toAbsolutePath();
    }

    /** The command line for {@code assay ARGS} with extra JVM options. */
    List<String> command(List<String> jvmOptions, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        if (Runtime.version().feature() >= 22) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        cmd.add("-jar");
        cmd.add(jar().toString());
        cmd.addAll(List.of(args));
        cmd.add("--data-dir");
        cmd.add(dataDir.toString());
        return cmd;
    }

    Process start(List<String> jvmOptions, Path stdout, String... args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(jvmOptions, args)).directory(workDir.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(workDir.resolve("stderr-" + System.nanoTime() + ".txt").toFile());
        return pb.start();
    }

    Result run(String... args) throws Exception {
        return run(List.of(), args);
    }

    Result run(List<String> jvmOptions, String... args) throws Exception {
        Path out = Files.createTempFile(workDir, "out-", ".txt");
        Path err = Files.createTempFile(workDir, "err-", ".txt");
        Process p = new ProcessBuilder(command(jvmOptions, args)).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("assay " + String.join(" ", args) + " did not finish in 5 minutes");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    /** What a run printed and how it ended. */
    record Result(int status, String out, String err) {
        @Override
        public String toString() {
            return "status " + status + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }
}
