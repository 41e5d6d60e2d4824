package io.assay.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds the {@link EngineProvider} for a URL among those on the class path. */
public final class Engines {

    private Engines() {
    }

    public static Engine open(EngineSettings settings) {
        List<String> kinds = new ArrayList<>();
        for (EngineProvider provider : ServiceLoader.load(EngineProvider.class)) {
            if (provider.accepts(settings.url())) {
                return provider.create(settings);
            }
            kinds.add(provider.kind());
        }
        throw AssayException.of(ErrorCode.INVALID_INPUT, "No engine handles the URL '" + redact(settings.url()) + "'.")
                .hint("Use a URL for one of the installed engines: " + String.join(", ", kinds) + ".")
                .detail("parameter", "url")
                .build();
    }

    /** A URL with any password parameter blanked, fit for messages and logs. */
    public static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
