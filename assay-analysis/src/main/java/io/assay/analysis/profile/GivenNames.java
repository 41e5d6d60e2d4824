package io.assay.analysis.profile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Common given names ({@code given-names.txt}), as one regular expression over lower-cased text that a value matches
 * when it begins with one ("maria garcia", "j. smith" does not) or has one after a comma ("garcia, maria").
 */
final class GivenNames {

    static final Set<String> NAMES = load();

    /** RE2 and POSIX compatible, like the other shapes the sample scan counts. */
    static final String PATTERN = "(" + String.join("|", NAMES) + ")([ .,-].*)?|[^,]+, ?(" + String.join("|", NAMES) + ")([ .-].*)?";

    private GivenNames() {
    }

    private static Set<String> load() {
        try (InputStream in = GivenNames.class.getResourceAsStream("given-names.txt")) {
            if (in == null) {
                throw new IllegalStateException("given-names.txt is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.startsWith("#"))
                    .flatMap(line -> Arrays.stream(line.trim().split("\\s+")))
                    .filter(w -> w.matches("[a-z]+"))
                    .collect(Collectors.toCollection(LinkedHashSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
