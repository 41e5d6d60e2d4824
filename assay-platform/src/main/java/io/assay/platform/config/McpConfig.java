package io.assay.platform.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the Model Context Protocol front door ({@code assay mcp}, {@code /mcp} on {@code assay serve}).
 *
 * @param importFolders the only folders {@code import_file} may read from (resolved, absolute); empty: none
 * @param maxRows       the most rows one {@code run_query} answer carries
 * @param maxChars      the most characters of the text table one {@code run_query} answer carries
 * @param queryTimeout  how long one query from an assistant may run (never longer than {@code query.timeout})
 * @param allowedHosts  host names, besides loopback and {@code server.host}, that HTTP requests to /mcp may name
 *                      in their Host and Origin headers (the guard against DNS rebinding)
 * @param readOnly      true: only the tools annotated read-only are offered, whoever the assistant acts for
 * @param adminStatements true: admins are offered {@code execute_sql}, any statement, confirmed by the user where the
 *                      client can ask
 */
public record McpConfig(List<Path> importFolders, int maxRows, int maxChars, Duration queryTimeout, List<String> allowedHosts,
                        boolean readOnly, boolean adminStatements) {

    public McpConfig {
        importFolders = List.copyOf(importFolders);
        allowedHosts = List.copyOf(allowedHosts);
        Objects.requireNonNull(queryTimeout, "queryTimeout");
    }
}
