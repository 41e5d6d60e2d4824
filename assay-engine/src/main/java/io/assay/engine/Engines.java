package io.assay.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds the {@link EngineProvider} for a URL among those on the class path. */
public final class Engines {

    /** Where providers are looked for: Assay's own class loader, or one over it that adds plugin jars. */
    private static volatile ClassLoader loader = Engines.class.getClassLoader();

    private Engines() {
    }

    /**
     * Adds the engines of plugin jars (each a jar with a {@code META-INF/services/io.assay.engine.EngineProvider}), such
     * as assay-spark's: a class loader over Assay's own, used from now on by {@link #providers()}. Called once, early,
     * by the program's entry point; it also becomes the calling thread's context class loader.
     */
    public static synchronized ClassLoader usePlugins(java.util.List<java.nio.file.Path> jars) {
        if (jars.isEmpty()) {
            return loader;
        }
        java.net.URL[] urls = new java.net.URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (java.net.MalformedURLException e) {
                throw new IllegalArgumentException("not a plugin jar path: " + jars.get(i), e);
            }
        }
        loader = new java.net.URLClassLoader("assay-plugins", urls, Engines.class.getClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        return loader;
    }

    /** The installed engine providers: Assay's own and those of plugins (see {@link #usePlugins}). */
    public static List<EngineProvider> providers() {
        List<EngineProvider> providers = new ArrayList<>();
        ServiceLoader.load(EngineProvider.class, loader).forEach(providers::add);
        return providers;
    }

    public static Engine open(EngineSettings settings) {
        List<String> kinds = new ArrayList<>();
        for (EngineProvider provider : providers()) {
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

    /**
     * An embedded engine that reads files ({@link Capability#READ_FILES}), kept in {@code file}: the
     * staging ground where a file is parsed, checked and typed before its rows go to a warehouse
     * that cannot read files itself. Close it and delete the file when done.
     *
     * @param like memory limit, threads and spill folder to use; its URL and properties are ignored
     */
    public static Engine openFileReader(java.nio.file.Path file, EngineSettings like) {
        for (EngineProvider provider : providers()) {
            java.util.Optional<String> url = provider.embeddedUrl(file);
            if (url.isPresent()) {
                Engine engine = provider.create(new EngineSettings(url.get(), like.memoryLimit(), like.threads(), like.tempDir(),
                        java.util.Map.of()));
                if (engine.can(Capability.READ_FILES) && engine.files().isPresent()) {
                    return engine;
                }
                engine.close();
            }
        }
        throw AssayException.of(ErrorCode.INVALID_INPUT, "No installed engine can read files for this warehouse.")
                .hint("Put an engine that reads files (DuckDB, in the default build) on the class path.")
                .build();
    }

    /** A URL with any password or token parameter blanked, fit for messages and logs. */
    public static String redact(String url) {
        return url.replaceAll("(?i)((?:password|token)=)[^&;]*", "$1***");
    }
}
