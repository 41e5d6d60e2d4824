package io.assay.server.mcp;

import io.assay.platform.auth.Role;
import io.assay.platform.config.ServerConfig;

import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728), as the MCP authorization spec asks of an MCP server: a document at
 * {@code /.well-known/oauth-protected-resource/mcp} that describes the MCP endpoint (the resource {@code <origin>/mcp}),
 * one at {@code /.well-known/oauth-protected-resource} that describes the server as a whole (the resource
 * {@code <origin>}, the REST API included), and the {@code WWW-Authenticate} challenge of a 401 that points a client at
 * the right one ({@code resource_metadata}).
 *
 * <p>Assay is a resource server without an authorization server of its own: the bearer tokens it accepts are its API
 * tokens, and their scopes are its roles ({@code viewer}, {@code analyst}, {@code admin}). The authorization servers the
 * document names come from {@code server.oauth.authorization-servers}; with none configured the member is left out.
 *
 * <p>The origin is {@code server.public-url} when configured (a proxy in front), else the scheme and {@code Host} of the
 * request, so that the resource a client sees is the URL it used (RFC 9728 §3.3).
 */
public final class ResourceMetadata {

    /** The well-known path of the server's own metadata; the MCP endpoint's is this followed by {@link McpHttp#PATH}. */
    public static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";
    /** A Host header fit to be put in a URL and a quoted header parameter: a name or address and a port, nothing else. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]+(:\\d{1,5})?|\\[[0-9A-Fa-f:.]+](:\\d{1,5})?");

    private final ServerConfig config;

    public ResourceMetadata(ServerConfig config) {
        this.config = config;
    }

    /** The scopes a token may carry: the roles, least first. */
    static List<String> scopes() {
        return Arrays.stream(Role.values()).map(Role::id).toList();
    }

    /**
     * The origin ({@code scheme://host[:port]}) clients reach this server at: the configured public URL, else the one
     * the request names; a Host header that is no plain host and port falls back to the address the server listens on.
     */
    public String origin(String scheme, String hostHeader, int localPort) {
        if (config.publicUrl().isPresent()) {
            return config.publicUrl().get().toString();
        }
        String s = "https".equalsIgnoreCase(scheme) ? "https" : "http";
        String host = hostHeader == null ? "" : hostHeader.trim();
        if (!HOST.matcher(host).matches()) {
            String listen = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
            host = (listen.equals("0.0.0.0") || listen.equals("[::]") ? "127.0.0.1" : listen) + ":" + localPort;
        }
        return s + "://" + host.toLowerCase(Locale.ROOT);
    }

    /** The URL of the metadata of the resource at {@code path} ("" for the server as a whole, {@code /mcp} for MCP). */
    public static String metadataUrl(String origin, String path) {
        return origin + WELL_KNOWN + path;
    }

    /** The metadata document of the resource at {@code path} of {@code origin} ("" or {@link McpHttp#PATH}). */
    public Map<String, Object> document(String origin, String path) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("resource", origin + path);
        if (!config.authorizationServers().isEmpty()) {
            doc.put("authorization_servers", config.authorizationServers().stream().map(URI::toString).toList());
        }
        doc.put("bearer_methods_supported", List.of("header"));
        doc.put("scopes_supported", scopes());
        if (path.equals(McpHttp.PATH)) {
            doc.put("resource_name", "Assay MCP server");
        } else {
            doc.put("resource_name", "Assay");
            doc.put("resource_documentation", origin + "/api/v1/docs");
        }
        return doc;
    }

    /**
     * The {@code WWW-Authenticate} value of a 401 for the resource at {@code path}: a Bearer challenge with the metadata
     * URL, and {@code error="invalid_token"} when a token was sent but is not good (RFC 6750 §3.1).
     */
    public static String challenge(String origin, String path, Optional<String> error) {
        return "Bearer realm=\"assay\", resource_metadata=\"" + metadataUrl(origin, path) + "\""
                + error.map(e -> ", error=\"" + e + "\"").orElse("");
    }
}
