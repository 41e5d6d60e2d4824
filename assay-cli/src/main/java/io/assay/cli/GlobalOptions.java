package io.assay.cli;

import io.assay.platform.config.AssayConfig;
import io.assay.platform.config.ConfigLoader;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Options every command takes; they override assay.yaml and the environment. */
final class GlobalOptions {

    @Option(names = "--data-dir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Data directory (default ./assay-data, or ASSAY_HOME).")
    Path dataDir;

    @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Configuration file (default ./assay.yaml when present, or ASSAY_CONFIG).")
    Path config;

    @Option(names = "--memory-limit", scope = ScopeType.INHERIT, paramLabel = "SIZE",
            description = "Memory cap for the embedded engine, such as 4GB.")
    String memoryLimit;

    @Option(names = "--threads", scope = ScopeType.INHERIT, paramLabel = "N", description = "Engine worker threads.")
    Integer threads;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Show stack traces and debug logs.")
    boolean debug;

    @Option(names = "--no-progress", scope = ScopeType.INHERIT, description = "Do not show progress.")
    boolean noProgress;

    AssayConfig load() {
        return load(Map.of());
    }

    /** Loads the configuration with a command's own settings ({@code server.port}, ...) on top. */
    AssayConfig load(Map<String, String> commandSettings) {
        Map<String, String> flags = new LinkedHashMap<>();
        if (dataDir != null) {
            flags.put("data-dir", dataDir.toString());
        }
        if (memoryLimit != null) {
            flags.put("engine.memory-limit", memoryLimit);
        }
        if (threads != null) {
            flags.put("engine.threads", threads.toString());
        }
        flags.putAll(commandSettings);
        return ConfigLoader.load(System.getenv(), Optional.ofNullable(config), flags);
    }
}
