package io.assay.platform.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds {@link AssayConfig} from defaults, a YAML file, the environment and flags, later ones
 * winning. Every setting has one dotted key ({@code engine.memory-limit}); its environment
 * variable is the key in capitals with {@code _} for {@code .} and {@code -}
 * ({@code ASSAY_ENGINE_MEMORY_LIMIT}). Unknown keys are errors, so a typo never passes silently.
 */
public final class ConfigLoader {

    /** Known keys with their defaults and a short description, the single list of settings. */
    public static final Map<String, Setting> SETTINGS = new LinkedHashMap<>();

    static {
        add("data-dir", "assay-data", "data directory (warehouse, metadata, reports); also ASSAY_HOME");
        add("warehouse.url", "", "JDBC URL of the warehouse that holds the datasets, such as jdbc:postgresql://HOST:5432/DB; "
                + "the embedded DuckDB file warehouse.duckdb in the data directory when empty");
        add("warehouse.user", "", "user name for the warehouse");
        add("warehouse.password", "", "password for the warehouse (prefer the ASSAY_WAREHOUSE_PASSWORD environment variable)");
        add("engine.memory-limit", "", "memory cap for the embedded engine, such as 4GB or 80% (engine default when empty)");
        add("engine.threads", "", "worker threads for the embedded engine (all cores when empty)");
        add("query.timeout", "5m", "how long a query may run: 30s, 5m, 1h");
        add("query.max-rows", "0", "the most rows a query result may return (0: no cap)");
        add("query.max-sql-length", String.valueOf(SqlLimits.DEFAULTS.maxLength()),
                "the most characters of SQL the server accepts in one query (more is 413)");
        add("query.max-sql-depth", String.valueOf(SqlLimits.DEFAULTS.maxDepth()),
                "the deepest nesting of parentheses and brackets (subqueries, expressions) in one query (deeper is 400)");
        add("query.max-sql-terms", String.valueOf(SqlLimits.DEFAULTS.maxTerms()),
                "the most terms (names, keywords, numbers, strings, parameters) in one query (more is 400)");
        add("server.host", "127.0.0.1", "the address `assay serve` listens on");
        add("server.port", "8080", "the port `assay serve` listens on");
        add("server.metrics-token", "", "a bearer token that opens GET /metrics and nothing else, for a Prometheus server to scrape "
                + "with (at least 32 characters, such as `openssl rand -hex 32`; prefer the ASSAY_SERVER_METRICS_TOKEN environment "
                + "variable); empty: only admins read the metrics");
        add("server.public-url", "", "the origin clients reach the server at, such as https://assay.example.com, when a proxy "
                + "stands in front (it names the MCP resource in the OAuth protected-resource metadata); empty: the scheme and "
                + "Host of each request");
        add("server.oauth.authorization-servers", "", "comma-separated issuer URLs of OAuth 2.1 authorization servers that the "
                + "protected-resource metadata names (only servers that hand out Assay API tokens: Assay accepts no other bearer "
                + "token); empty: none is named");
        add("db.url", "", "JDBC URL of the metadata store (PostgreSQL); embedded H2 in the data directory when empty");
        add("db.user", "", "user name for the metadata store");
        add("db.password", "", "password for the metadata store (prefer the ASSAY_DB_PASSWORD environment variable)");
        add("limits.upload-size", "2GB", "the largest upload the server accepts: 500MB, 2GB");
        add("limits.concurrent-queries", "8", "queries that may run at once on the server; more wait briefly, then get 429");
        add("limits.response-rows", "100000", "the most rows one synchronous query response returns, in every format");
        add("limits.export-rows", "10000000", "the most rows an export job writes to its file");
        add("limits.export-storage", "10GB", "disk that export files waiting for download may take together; more exports are refused");
        add("limits.upload-expanded-size", "8GB", "the most a compressed (gzip) upload may expand to; larger ones are refused");
        add("cache.max-size", "64MB", "memory for cached query results");
        add("cache.ttl", "10m", "how long a cached result is kept");
        add("jobs.threads", "2", "jobs (imports, analyses, exports, long queries) that run at once");
        add("auth.session-ttl", "12h", "how long a browser sign-in lasts");
        add("auth.max-failed-sign-ins", "5", "failed sign-ins in a row before a name is locked out");
        add("auth.lockout", "15m", "how long a locked-out name must wait");
        add("mcp.import-folders", "imports", "comma-separated folders the MCP tool import_file may read from; relative ones "
                + "are in the data directory (default: its imports/ folder); 'none' for none");
        add("mcp.max-rows", "500", "the most rows one MCP run_query answer carries");
        add("mcp.max-chars", "20000", "the most characters of the text table one MCP run_query answer carries");
        add("mcp.query-timeout", "60s", "how long one query from an AI assistant may run (at most query.timeout)");
        add("mcp.allowed-hosts", "", "comma-separated host names, besides loopback and server.host, that requests to /mcp may "
                + "name in Host and Origin (a guard against DNS rebinding)");
        add("mcp.read-only", "false", "true: assistants get only the read-only tools (no import_file or analyze_dataset), whoever "
                + "they act for");
        add("mcp.admin-statements", "false", "true: offer admins the tool execute_sql, which runs any statement (writes, DDL) "
                + "after the user confirms it where the client can ask (never offered under mcp.read-only)");
        add("ask.model.url", "", "an OpenAI-compatible chat-completions endpoint that turns questions into SQL (empty: the offline "
                + "parser only)");
        add("ask.model.name", "gpt-4o-mini", "the model asked at ask.model.url");
        add("ask.model.api-key-env", "ASSAY_ASK_API_KEY", "the environment variable holding the API key for ask.model.url");
        add("ask.model.timeout", "20s", "how long to wait for the model before answering offline");
    }

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    private ConfigLoader() {
    }

    /** One setting: its key, default and what it is for. */
    public record Setting(String key, String defaultValue, String description) {

        public String environmentVariable() {
            return "ASSAY_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        }
    }

    private static void add(String key, String defaultValue, String description) {
        SETTINGS.put(key, new Setting(key, defaultValue, description));
    }

    /**
     * Loads the configuration.
     *
     * @param env        the environment (System.getenv() in production)
     * @param configFile an explicit YAML file; when empty, {@code ASSAY_CONFIG} or {@code ./assay.yaml} if present
     * @param flags      values from the command line by key
     */
    public static AssayConfig load(Map<String, String> env, Optional<Path> configFile, Map<String, String> flags) {
        Map<String, String> values = new LinkedHashMap<>();
        SETTINGS.values().forEach(s -> values.put(s.key(), s.defaultValue()));

        Optional<Path> file = configFile.or(() -> Optional.ofNullable(env.get("ASSAY_CONFIG")).map(Path::of));
        if (file.isPresent()) {
            values.putAll(readYaml(file.get(), true));
        } else if (Files.isRegularFile(Path.of("assay.yaml"))) {
            values.putAll(readYaml(Path.of("assay.yaml"), false));
        }
        if (env.containsKey("ASSAY_HOME")) {
            values.put("data-dir", env.get("ASSAY_HOME"));
        }
        for (Setting s : SETTINGS.values()) {
            String v = env.get(s.environmentVariable());
            if (v != null) {
                values.put(s.key(), v);
            }
        }
        for (Map.Entry<String, String> flag : flags.entrySet()) {
            requireKnown(flag.getKey(), "command line");
            values.put(flag.getKey(), flag.getValue());
        }
        return build(values);
    }

    private static AssayConfig build(Map<String, String> v) {
        String dataDir = v.get("data-dir").trim();
        if (dataDir.isEmpty()) {
            throw invalid("data-dir", "", "a folder path");
        }
        String memory = v.get("engine.memory-limit").trim();
        String threads = v.get("engine.threads").trim();
        OptionalInt threadCount = OptionalInt.empty();
        if (!threads.isEmpty()) {
            try {
                int t = Integer.parseInt(threads);
                if (t < 1) {
                    throw invalid("engine.threads", threads, "a whole number of at least 1");
                }
                threadCount = OptionalInt.of(t);
            } catch (NumberFormatException e) {
                throw invalid("engine.threads", threads, "a whole number of at least 1");
            }
        }
        long maxRows;
        try {
            maxRows = Long.parseLong(v.get("query.max-rows").trim());
            if (maxRows < 0) {
                throw invalid("query.max-rows", v.get("query.max-rows"), "0 or a positive whole number");
            }
        } catch (NumberFormatException e) {
            throw invalid("query.max-rows", v.get("query.max-rows"), "0 or a positive whole number");
        }
        Path dir = Path.of(dataDir).toAbsolutePath().normalize();
        return new AssayConfig(dir, memory.isEmpty() ? Optional.empty() : Optional.of(memory), threadCount,
                parseDuration("query.timeout", v.get("query.timeout")), maxRows,
                new SqlLimits((int) parseCount("query.max-sql-length", v, 100, Integer.MAX_VALUE),
                        (int) parseCount("query.max-sql-depth", v, 1, 10_000),
                        (int) parseCount("query.max-sql-terms", v, 1, Integer.MAX_VALUE)),
                server(v), mcp(v, dir), warehouse(v),
                new AskConfig(Optional.of(v.get("ask.model.url").trim()).filter(u -> !u.isEmpty()), v.get("ask.model.name").trim(),
                        v.get("ask.model.api-key-env").trim(), parseDuration("ask.model.timeout", v.get("ask.model.timeout"))));
    }

    private static WarehouseConfig warehouse(Map<String, String> v) {
        String url = v.get("warehouse.url").trim();
        if (!url.isEmpty() && !url.startsWith("jdbc:")) {
            throw invalid("warehouse.url", url, "a JDBC URL such as jdbc:postgresql://HOST:5432/DB");
        }
        return new WarehouseConfig(url.isEmpty() ? Optional.empty() : Optional.of(url), v.get("warehouse.user").trim(),
                v.get("warehouse.password"));
    }

    private static McpConfig mcp(Map<String, String> v, Path dataDir) {
        java.util.List<Path> folders = new java.util.ArrayList<>();
        String text = v.get("mcp.import-folders").trim();
        if (!text.equalsIgnoreCase("none")) {
            for (String part : text.split(",")) {
                if (!part.isBlank()) {
                    folders.add(dataDir.resolve(part.trim()).toAbsolutePath().normalize());
                }
            }
        }
        return new McpConfig(folders, (int) parseCount("mcp.max-rows", v, 1, 100_000), (int) parseCount("mcp.max-chars", v, 100, 10_000_000),
                parseDuration("mcp.query-timeout", v.get("mcp.query-timeout")),
                java.util.Arrays.stream(v.get("mcp.allowed-hosts").split(",")).map(String::trim).filter(h -> !h.isEmpty())
                        .map(h -> h.toLowerCase(Locale.ROOT)).toList(), parseBoolean("mcp.read-only", v.get("mcp.read-only")),
                parseBoolean("mcp.admin-statements", v.get("mcp.admin-statements")));
    }

    private static boolean parseBoolean(String key, String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off", "" -> false;
            default -> throw invalid(key, text, "true or false");
        };
    }

    private static ServerConfig server(Map<String, String> v) {
        String url = v.get("db.url").trim();
        return new ServerConfig(v.get("server.host").trim(), (int) parseCount("server.port", v, 0, 65535),
                url.isEmpty() ? Optional.empty() : Optional.of(url), v.get("db.user").trim(), v.get("db.password"),
                parseSize("limits.upload-size", v.get("limits.upload-size")),
                (int) parseCount("limits.concurrent-queries", v, 1, 10_000),
                parseCount("limits.response-rows", v, 1, Long.MAX_VALUE),
                parseSize("cache.max-size", v.get("cache.max-size")), parseDuration("cache.ttl", v.get("cache.ttl")),
                (int) parseCount("jobs.threads", v, 1, 256), parseDuration("auth.session-ttl", v.get("auth.session-ttl")),
                (int) parseCount("auth.max-failed-sign-ins", v, 1, 1000), parseDuration("auth.lockout", v.get("auth.lockout")),
                parseCount("limits.export-rows", v, 1, Long.MAX_VALUE), parseSize("limits.export-storage", v.get("limits.export-storage")),
                parseSize("limits.upload-expanded-size", v.get("limits.upload-expanded-size")), metricsToken(v),
                publicUrl(v), authorizationServers(v));
    }

    private static Optional<java.net.URI> publicUrl(Map<String, String> v) {
        String text = v.get("server.public-url").trim();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        java.net.URI u = httpUrl("server.public-url", text, "an origin such as https://assay.example.com");
        if (!(u.getRawPath() == null || u.getRawPath().isEmpty() || u.getRawPath().equals("/"))) {
            // The well-known metadata lives at the root of the origin, and so does /mcp: a path prefix would name neither.
            throw invalid("server.public-url", text, "an origin without a path, such as https://assay.example.com "
                    + "(Assay serves /mcp and /.well-known at the root of its origin)");
        }
        return Optional.of(java.net.URI.create(u.getScheme().toLowerCase(Locale.ROOT) + "://" + u.getRawAuthority()));
    }

    private static java.util.List<java.net.URI> authorizationServers(Map<String, String> v) {
        java.util.List<java.net.URI> out = new java.util.ArrayList<>();
        for (String part : v.get("server.oauth.authorization-servers").split(",")) {
            if (!part.isBlank()) {
                out.add(httpUrl("server.oauth.authorization-servers", part.trim(), "issuer URLs such as https://auth.example.com"));
            }
        }
        return out;
    }

    /** An absolute http(s) URL with a host and no query or fragment. */
    private static java.net.URI httpUrl(String key, String text, String expected) {
        try {
            java.net.URI u = new java.net.URI(text);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null && u.getRawQuery() == null
                    && u.getRawFragment() == null && u.getRawUserInfo() == null) {
                return u;
            }
        } catch (java.net.URISyntaxException e) {
            // Reported below.
        }
        throw invalid(key, text, expected);
    }

    private static Optional<String> metricsToken(Map<String, String> v) {
        String token = v.get("server.metrics-token").trim();
        if (token.isEmpty()) {
            return Optional.empty();
        }
        if (token.length() < 32) {
            // Never echo the value: it is a secret, even a weak one.
            throw AssayException.of(ErrorCode.INVALID_INPUT, "Setting server.metrics-token is " + token.length()
                            + " characters long; a scrape token needs at least 32.")
                    .hint("Make one with `openssl rand -hex 32` and give it in ASSAY_SERVER_METRICS_TOKEN.")
                    .detail("parameter", "server.metrics-token")
                    .build();
        }
        return Optional.of(token);
    }

    private static long parseCount(String key, Map<String, String> v, long min, long max) {
        String text = v.get(key).trim();
        try {
            long n = Long.parseLong(text);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw invalid(key, text, "a whole number from " + min + (max == Long.MAX_VALUE ? " up" : " to " + max));
    }

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(b|kb|mb|gb|tb)?");

    /** Parses a byte size: {@code 512}, {@code 64KB}, {@code 500MB}, {@code 2GB} (powers of 1024). */
    public static long parseSize(String key, String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw invalid(key, text, "a size such as 64MB or 2GB");
        }
        double n = Double.parseDouble(m.group(1));
        int power = switch (m.group(2) == null ? "b" : m.group(2)) {
            case "kb" -> 1;
            case "mb" -> 2;
            case "gb" -> 3;
            case "tb" -> 4;
            default -> 0;
        };
        long bytes = (long) (n * Math.pow(1024, power));
        if (bytes < 1) {
            throw invalid(key, text, "a positive size such as 64MB or 2GB");
        }
        return bytes;
    }

    /** Parses {@code 30s}, {@code 5m}, {@code 1h}, {@code 250ms}, a bare number of seconds, or ISO-8601 ({@code PT5M}). */
    public static Duration parseDuration(String key, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SIMPLE_DURATION.matcher(t);
        Duration d;
        if (t.matches("\\d+")) {
            d = Duration.ofSeconds(Long.parseLong(t));
        } else if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        } else {
            try {
                d = Duration.parse(text.trim().toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw invalid(key, text, "a duration such as 30s, 5m or 1h");
            }
        }
        if (d.isZero() || d.isNegative()) {
            throw invalid(key, text, "a positive duration such as 30s, 5m or 1h");
        }
        return d;
    }

    private static Map<String, String> readYaml(Path file, boolean required) {
        if (!Files.isRegularFile(file)) {
            if (!required) {
                return Map.of();
            }
            throw AssayException.of(ErrorCode.NOT_FOUND, "The configuration file " + file + " does not exist.")
                    .hint("Check the path given with --config or ASSAY_CONFIG.")
                    .detail("file", file.toString())
                    .build();
        }
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "The configuration file " + file + " is not valid YAML: "
                            + e.getMessage().lines().findFirst().orElse(""))
                    .hint("Fix the YAML at the line named; see README's configuration section for the keys.")
                    .detail("file", file.toString())
                    .cause(e)
                    .build();
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (root != null && !root.isNull() && !root.isMissingNode()) {
            if (!root.isObject()) {
                throw AssayException.of(ErrorCode.INVALID_INPUT, "The configuration file " + file + " must hold a mapping of settings.")
                        .detail("file", file.toString())
                        .build();
            }
            flatten("", root, out, file);
        }
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out, Path file) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String key = prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey();
            if (f.getValue().isObject()) {
                flatten(key, f.getValue(), out, file);
            } else if (f.getValue().isArray()) {
                // A YAML list of a comma-separated setting (mcp.import-folders, server.oauth.authorization-servers, ...).
                requireKnown(key, file.toString());
                java.util.List<String> items = new java.util.ArrayList<>();
                f.getValue().forEach(item -> items.add(item.asText()));
                out.put(key, String.join(",", items));
            } else {
                requireKnown(key, file.toString());
                out.put(key, f.getValue().isNull() ? "" : f.getValue().asText());
            }
        }
    }

    private static void requireKnown(String key, String where) {
        if (!SETTINGS.containsKey(key)) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "Unknown setting '" + key + "' in " + where + ".")
                    .hint("Known settings: " + String.join(", ", SETTINGS.keySet()) + ".")
                    .detail("parameter", key)
                    .build();
        }
    }

    private static AssayException invalid(String key, String value, String expected) {
        return AssayException.of(ErrorCode.INVALID_INPUT, "Setting " + key + "='" + value + "' is not valid.")
                .hint("Give " + expected + ".")
                .detail("parameter", key)
                .build();
    }
}
