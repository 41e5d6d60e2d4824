package io.assay.platform.config;

import io.assay.engine.AssayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void defaultsApplyWhenNothingIsSet() {
        AssayConfig c = ConfigLoader.load(Map.of(), Optional.empty(), Map.of());
        assertThat(c.dataDir()).isEqualTo(Path.of("assay-data").toAbsolutePath());
        assertThat(c.queryTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.engineMemoryLimit()).isEmpty();
        assertThat(c.queryMaxRows()).isZero();
    }

    @Test
    void laterSourcesWin() throws IOException {
        Path yaml = dir.resolve("assay.yaml");
        Files.writeString(yaml, "data-dir: /from/yaml\nengine:\n  memory-limit: 2GB\n  threads: 2\nquery:\n  timeout: 30s\n");
        AssayConfig fromFile = ConfigLoader.load(Map.of(), Optional.of(yaml), Map.of());
        assertThat(fromFile.dataDir()).isEqualTo(Path.of("/from/yaml"));
        assertThat(fromFile.engineMemoryLimit()).contains("2GB");
        assertThat(fromFile.engineThreads().getAsInt()).isEqualTo(2);
        assertThat(fromFile.queryTimeout()).isEqualTo(Duration.ofSeconds(30));

        AssayConfig fromEnv = ConfigLoader.load(Map.of("ASSAY_HOME", "/from/env", "ASSAY_ENGINE_THREADS", "3"),
                Optional.of(yaml), Map.of());
        assertThat(fromEnv.dataDir()).isEqualTo(Path.of("/from/env"));
        assertThat(fromEnv.engineThreads().getAsInt()).isEqualTo(3);

        AssayConfig fromFlags = ConfigLoader.load(Map.of("ASSAY_HOME", "/from/env"), Optional.of(yaml),
                Map.of("data-dir", "/from/flag", "query.timeout", "2m"));
        assertThat(fromFlags.dataDir()).isEqualTo(Path.of("/from/flag"));
        assertThat(fromFlags.queryTimeout()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void rejectsUnknownKeysAndBadValuesNamingThem() throws IOException {
        Path yaml = dir.resolve("typo.yaml");
        Files.writeString(yaml, "engine:\n  memry-limit: 2GB\n");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Optional.of(yaml), Map.of()))
                .isInstanceOfSatisfying(AssayException.class, e -> {
                    assertThat(e.getMessage()).contains("engine.memry-limit").contains("typo.yaml");
                    assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h).contains("engine.memory-limit"));
                });
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("ASSAY_QUERY_TIMEOUT", "soon"), Optional.empty(), Map.of()))
                .isInstanceOfSatisfying(AssayException.class, e -> assertThat(e.details()).containsEntry("parameter", "query.timeout"));
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Optional.of(dir.resolve("missing.yaml")), Map.of()))
                .hasMessageContaining("missing.yaml");
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "query: [unclosed\n");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Optional.of(broken), Map.of()))
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void parsesDurations() {
        assertThat(ConfigLoader.parseDuration("k", "250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(ConfigLoader.parseDuration("k", "90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(ConfigLoader.parseDuration("k", "1h")).isEqualTo(Duration.ofHours(1));
        assertThat(ConfigLoader.parseDuration("k", "PT5M")).isEqualTo(Duration.ofMinutes(5));
        assertThatThrownBy(() -> ConfigLoader.parseDuration("k", "0s")).isInstanceOf(AssayException.class);
    }

    @Test
    void readsThePublicOriginAndTheAuthorizationServersFromAYamlListOrACommaSeparatedText() throws IOException {
        AssayConfig none = ConfigLoader.load(Map.of(), Optional.empty(), Map.of());
        assertThat(none.server().publicUrl()).isEmpty();
        assertThat(none.server().authorizationServers()).isEmpty();

        Path yaml = dir.resolve("oauth.yaml");
        Files.writeString(yaml, "server:\n  public-url: HTTPS://assay.example.com/\n  oauth:\n    authorization-servers:\n"
                + "      - https://auth.example.com\n      - https://login.example.org/realms/data\n");
        AssayConfig c = ConfigLoader.load(Map.of(), Optional.of(yaml), Map.of());
        assertThat(c.server().publicUrl()).contains(java.net.URI.create("https://assay.example.com"));
        assertThat(c.server().authorizationServers()).containsExactly(java.net.URI.create("https://auth.example.com"),
                java.net.URI.create("https://login.example.org/realms/data"));
        AssayConfig env = ConfigLoader.load(Map.of("ASSAY_SERVER_OAUTH_AUTHORIZATION_SERVERS", " https://a.example , https://b.example"),
                Optional.empty(), Map.of());
        assertThat(env.server().authorizationServers()).extracting(java.net.URI::toString).containsExactly("https://a.example", "https://b.example");

        for (Map.Entry<String, String> bad : Map.of("server.public-url", "https://assay.example.com/assay",
                "server.oauth.authorization-servers", "auth.example.com").entrySet()) {
            assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Optional.empty(), Map.of(bad.getKey(), bad.getValue())))
                    .isInstanceOfSatisfying(AssayException.class, e -> assertThat(e.details()).containsEntry("parameter", bad.getKey()));
        }
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Optional.empty(), Map.of("server.public-url", "ftp://assay.example.com")))
                .isInstanceOf(AssayException.class);
    }
}
