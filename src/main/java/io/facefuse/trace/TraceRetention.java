package io.facefuse.trace;

import io.facefuse.housekeeping.HousekeepingJob;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;

/**
 * Purges trace entries older than the retention period ({@code facefuse.trace.retention}, default
 * three years; media retention is separate and much shorter). Part of the labelling function, which
 * owns the trace log. Deployed, the schedule is an EventBridge invocation (the deployment issue).
 */
@ApplicationScoped
@UnlessBuildProperty(name = "facefuse.function", stringValue = "fusion", enableIfMissing = true)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "moderation", enableIfMissing = true)
public class TraceRetention implements HousekeepingJob {

    private static final Logger LOG = Logger.getLogger(TraceRetention.class);

    private final TraceLog log;
    private final Duration retention;

    TraceRetention(TraceLog log, @ConfigProperty(name = "facefuse.trace.retention", defaultValue = "P1095D") Duration retention) {
        this.log = log;
        this.retention = retention;
    }

    @Override
    public String jobName() {
        return "trace-retention";
    }

    @Override
    public Uni<Void> runJob() {
        return purge();
    }

    @Scheduled(every = "${facefuse.trace.purge-every:24h}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return log.purgeBefore(Instant.now().minus(retention))
                .invoke(count -> LOG.infof("trace retention: %d entries older than %s purged", count, retention))
                .replaceWithVoid();
    }
}
