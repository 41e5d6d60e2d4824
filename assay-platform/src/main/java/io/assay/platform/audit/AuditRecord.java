package io.assay.platform.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One audited event: who did what, to what, when, and how it went.
 *
 * @param actor      the user's name, empty for an anonymous caller
 * @param actorId    the user's stable id (empty for the local operator and anonymous callers)
 * @param tokenId    the id of the API token the actor used, if any
 * @param actorKind  {@code user}, {@code token}, {@code local} or {@code anonymous}
 * @param action     what was done, such as {@code query.run}, {@code dataset.import}, {@code user.create}
 * @param target     the dataset, user, token or job acted on
 * @param sql        the SQL text of a query
 * @param rows       rows returned or loaded
 * @param durationMs how long it took
 * @param outcome    {@code ok}, {@code denied} or {@code error}
 * @param detail     a short note: the error, the datasets a query read
 */
public record AuditRecord(long id, Instant at, Optional<String> actor, Optional<String> actorId, Optional<String> tokenId, String actorKind, String action, Optional<String> target,
                          Optional<String> sql, OptionalLong rows, OptionalLong durationMs, String outcome,
                          Optional<String> detail, Optional<String> requestId, Optional<String> remoteAddress) {

    public AuditRecord {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actorKind, "actorKind");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
    }
}
