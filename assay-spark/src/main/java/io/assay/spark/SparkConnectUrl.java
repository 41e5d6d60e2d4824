package io.assay.spark;

import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A Spark Connect URL as Assay takes it: Spark's own form, {@code sc://host:port/;key=value;...}, plus three keys of
 * Assay's that are removed before the URL goes to Spark's client:
 * <ul>
 *   <li>{@code token_env=NAME}: the bearer token is read from the environment variable {@code NAME} when the engine
 *       opens (Databricks personal access tokens), so that no secret is written into the URL Assay stores;</li>
 *   <li>{@code catalog=NAME}: the catalog to use ({@code USE CATALOG}), such as a Unity Catalog catalog;</li>
 *   <li>{@code schema=NAME}: the default schema (database) for unqualified names and listings.</li>
 * </ul>
 * A token given as the connection's password is used the same way. A {@code token=} written into the URL itself is
 * refused: it would be stored and shown.
 */
record SparkConnectUrl(String host, int port, String clientUrl, Optional<String> catalog, Optional<String> schema,
                       String redacted) {

    static final String SCHEME = "sc://";
    static final int DEFAULT_PORT = 15002;

    static SparkConnectUrl parse(String url, Optional<String> password, UnaryOperator<String> environment) {
        if (!url.startsWith(SCHEME)) {
            throw invalid("The URL '" + url + "' is not a Spark Connect URL.", "Give one such as sc://HOST:15002.");
        }
        String rest = url.substring(SCHEME.length());
        int semi = rest.indexOf(';');
        String authority = semi < 0 ? rest : rest.substring(0, semi);
        if (authority.endsWith("/")) {
            authority = authority.substring(0, authority.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create("sc://" + authority);
        } catch (IllegalArgumentException e) {
            throw invalid("The Spark Connect URL '" + url + "' has no valid host and port.", "Write it as sc://HOST:PORT/;key=value.");
        }
        if (uri.getHost() == null || (uri.getPath() != null && !uri.getPath().isEmpty())) {
            throw invalid("The Spark Connect URL '" + url + "' has no valid host and port.", "Write it as sc://HOST:PORT/;key=value.");
        }
        int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
        Map<String, String> params = new LinkedHashMap<>();
        if (semi >= 0) {
            for (String pair : rest.substring(semi + 1).split(";")) {
                if (pair.isBlank()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw invalid("The Spark Connect URL parameter '" + pair + "' is not key=value.", "Write parameters as ;key=value.");
                }
                params.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        if (params.containsKey("token")) {
            throw invalid("The Spark Connect URL carries a token.", "Put the token in an environment variable and write "
                    + ";token_env=VARIABLE instead, or give it as the connection's password.");
        }
        Optional<String> catalog = Optional.ofNullable(params.remove("catalog")).filter(s -> !s.isBlank());
        Optional<String> schema = Optional.ofNullable(params.remove("schema")).filter(s -> !s.isBlank());
        String tokenEnv = params.remove("token_env");
        String redactedParams = render(params) + (tokenEnv == null ? "" : ";token_env=" + tokenEnv)
                + catalog.map(c -> ";catalog=" + c).orElse("") + schema.map(s -> ";schema=" + s).orElse("");
        String redacted = SCHEME + uri.getHost() + ":" + port + "/" + redactedParams;
        Optional<String> token = password.filter(p -> !p.isEmpty());
        if (tokenEnv != null) {
            String value = environment.apply(tokenEnv);
            if (value == null || value.isBlank()) {
                throw invalid("The environment variable " + tokenEnv + " named by token_env is not set.",
                        "Set " + tokenEnv + " to the access token before starting Assay.");
            }
            token = Optional.of(value.trim());
        }
        token.ifPresent(t -> params.put("token", t));
        if (token.isPresent() && !params.containsKey("use_ssl")) {
            // Spark's client sends a token only over TLS; a token is a remote service's (Databricks).
            params.put("use_ssl", "true");
        }
        String client = SCHEME + uri.getHost() + ":" + port + "/" + render(params);
        return new SparkConnectUrl(uri.getHost(), port, client, catalog, schema, redacted);
    }

    private static String render(Map<String, String> params) {
        StringBuilder b = new StringBuilder();
        params.forEach((k, v) -> b.append(';').append(k).append('=').append(v));
        return b.toString();
    }

    private static AssayException invalid(String message, String hint) {
        return AssayException.of(ErrorCode.INVALID_INPUT, message).hint(hint).detail("parameter", "url").build();
    }

    @Override
    public String toString() {
        return redacted;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
