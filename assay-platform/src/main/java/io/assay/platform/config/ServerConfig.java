package io.assay.platform.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the shared service ({@code assay serve}): where it listens, where its metadata lives,
 * and the limits that keep one caller from starving the others.
 *
 * @param host                 address to bind; 127.0.0.1 by default, so nothing is exposed by accident
 * @param port                 port to listen on (0: any free port)
 * @param dbUrl                JDBC URL of a PostgreSQL metadata store; the embedded H2 file when empty
 * @param dbUser               user for {@code dbUrl}
 * @param dbPassword           password for {@code dbUrl}
 * @param maxUploadBytes       the largest upload accepted (streamed to disk, never held in memory)
 * @param maxConcurrentQueries queries running at once; the next waits briefly, then is refused (429)
 * @param maxResponseRows      the most rows one synchronous query response carries
 * @param cacheMaxBytes        memory for cached query results
 * @param cacheTtl             how long a cached result lives
 * @param jobThreads           jobs running at once
 * @param sessionTtl           how long a browser sign-in lasts
 * @param maxFailedSignIns     failed sign-ins in a row before the name is locked out
 * @param lockout              how long a locked-out name waits
 * @param maxExportRows        the most rows an export job writes to its file
 * @param maxExportStorage     the disk the export files waiting for download may take together
 * @param maxExpandedUploadBytes the most bytes a compressed upload may expand to
 * @param metricsToken         a bearer token that opens {@code GET /metrics} and nothing else (for a scraper)
 * @param publicUrl            the origin clients reach the server at ({@code https://assay.example.com}), when it is not the
 *                             one a request names (a reverse proxy in front); empty: the request's scheme and Host
 * @param authorizationServers the OAuth 2.1 authorization servers (issuer URLs) the protected-resource metadata names;
 *                             empty: none is named. Assay accepts only its own API tokens as bearer tokens, so name only
 *                             a server that hands out such tokens
 */
public record ServerConfig(String host, int port, Optional<String> dbUrl, String dbUser, String dbPassword,
                           long maxUploadBytes, int maxConcurrentQueries, long maxResponseRows,
                           long cacheMaxBytes, Duration cacheTtl, int jobThreads, Duration sessionTtl,
                           int maxFailedSignIns, Duration lockout, long maxExportRows, long maxExportStorage,
                           long maxExpandedUploadBytes, Optional<String> metricsToken,
                           Optional<java.net.URI> publicUrl, java.util.List<java.net.URI> authorizationServers) {

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dbUrl, "dbUrl");
        Objects.requireNonNull(dbUser, "dbUser");
        Objects.requireNonNull(dbPassword, "dbPassword");
        Objects.requireNonNull(cacheTtl, "cacheTtl");
        Objects.requireNonNull(sessionTtl, "sessionTtl");
        Objects.requireNonNull(lockout, "lockout");
        Objects.requireNonNull(metricsToken, "metricsToken");
        Objects.requireNonNull(publicUrl, "publicUrl");
        authorizationServers = java.util.List.copyOf(authorizationServers);
    }

    @Override
    public String toString() {
        // Never print the password or the metrics token.
        return "ServerConfig[host=" + host + ", port=" + port + ", dbUrl=" + dbUrl + ", dbUser=" + dbUser
                + ", maxUploadBytes=" + maxUploadBytes + ", maxConcurrentQueries=" + maxConcurrentQueries
                + ", maxResponseRows=" + maxResponseRows + ", cacheMaxBytes=" + cacheMaxBytes + ", cacheTtl=" + cacheTtl
                + ", jobThreads=" + jobThreads + ", sessionTtl=" + sessionTtl + ", maxFailedSignIns=" + maxFailedSignIns
                + ", lockout=" + lockout + ", maxExportRows=" + maxExportRows + ", maxExportStorage=" + maxExportStorage
                + ", maxExpandedUploadBytes=" + maxExpandedUploadBytes + ", metricsToken=" + (metricsToken.isPresent() ? "(set)" : "(none)") + ", publicUrl=" + publicUrl
                + ", authorizationServers=" + authorizationServers + "]";
    }
}
