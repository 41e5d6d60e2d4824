package io.assay.platform.connect;

import java.time.Duration;
import java.util.Optional;

/**
 * The outcome of testing a connection that works.
 *
 * @param name          the connection's name
 * @param kind          the engine that handles it
 * @param roundTrip     how long a trivial query took, connection already open
 * @param serverVersion the server's own version text, when it answers one
 */
public record ConnectionCheck(String name, String kind, Duration roundTrip, Optional<String> serverVersion) {
}
