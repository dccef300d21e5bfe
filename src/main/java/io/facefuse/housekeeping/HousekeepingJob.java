package io.facefuse.housekeeping;

import io.smallrye.mutiny.Uni;

/**
 * A periodic job (a purge, a sweep). A long-running server runs it on its own timer
 * ({@code @Scheduled}); on Lambda, where a function runs only while it answers, a schedule calls
 * {@code POST /internal/v1/housekeeping}, which runs every job the function's build contains.
 * Each job must be safe to run at any time and any number of times.
 */
public interface HousekeepingJob {

    /** A stable name for the answer and the logs. */
    String jobName();

    Uni<Void> runJob();
}
