package io.assay.platform.jobs;

import io.assay.platform.task.Progress;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A long piece of work run in the background, and its record: imports, analyses, exports and long
 * queries. Records outlive the process; a job cut off by a crash is marked failed on the next start.
 *
 * @param result a small summary of what the job made (kind-specific: the dataset imported, the analysis id, ...)
 */
public record Job(String id, Kind kind, Status status, String owner, String description, Optional<Progress> progress,
                  Instant createdAt, Optional<Instant> startedAt, Optional<Instant> finishedAt, Optional<JobError> error,
                  Optional<Map<String, Object>> result) {

    public enum Kind {
        IMPORT, ANALYSIS, QUERY, EXPORT;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Status {
        QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

        public boolean finished() {
            return this == SUCCEEDED || this == FAILED || this == CANCELLED;
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Why a job failed, in the terms of the one error model. */
    public record JobError(String code, String message, Optional<String> hint, Map<String, Object> details) {
        public JobError {
            details = Map.copyOf(details);
        }
    }

    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(result, "result");
    }
}
