package io.assay.platform.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of asking in plain English: an optional language model behind an OpenAI-compatible chat-completions
 * endpoint. Without a URL, questions are answered by the offline parser alone.
 *
 * @param modelUrl  the chat-completions endpoint (such as {@code https://api.openai.com/v1/chat/completions}); empty: none
 * @param modelName the model to ask for
 * @param apiKeyEnv the environment variable that holds the API key (never the key itself in configuration)
 * @param timeout   how long to wait for the model before answering offline
 */
public record AskConfig(Optional<String> modelUrl, String modelName, String apiKeyEnv, Duration timeout) {

    public AskConfig {
        Objects.requireNonNull(modelUrl, "modelUrl");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(apiKeyEnv, "apiKeyEnv");
        Objects.requireNonNull(timeout, "timeout");
    }

    public static AskConfig offline() {
        return new AskConfig(Optional.empty(), "", "", Duration.ofSeconds(20));
    }
}
