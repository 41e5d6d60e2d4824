package io.assay.platform.task;

/** Receives progress of long work. Called from the working thread or a progress poller; keep it quick. */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = p -> { };

    void onProgress(Progress progress);
}
