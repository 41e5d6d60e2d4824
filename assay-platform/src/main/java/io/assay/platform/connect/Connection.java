package io.assay.platform.connect;

import java.time.Instant;
import java.util.Optional;

/**
 * A named connection to a user's database, as it may be shown: never with its password.
 *
 * @param name      the connection's name
 * @param kind      the engine that handles it, such as {@code postgresql} or {@code mysql}
 * @param url       the JDBC URL, with any password parameter blanked
 * @param user      the user it connects as, when one was given
 * @param createdAt when it was added
 */
public record Connection(String name, String kind, String url, Optional<String> user, Instant createdAt) {
}
