package io.facefuse.housekeeping;

import io.facefuse.security.Access;
import io.facefuse.security.Caller;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.logging.Logger;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/**
 * Runs this function's housekeeping jobs, one after another, and says how each went. In every
 * build: each function has its own jobs (results in fusion, review images in moderation, trace
 * entries in labelling). A failing job is logged and reported; the others still run.
 */
@Path("/internal/v1/housekeeping")
@Access(Caller.Kind.SCHEDULER)
public class HousekeepingResource {

    private static final Logger LOG = Logger.getLogger(HousekeepingResource.class);

    public record Outcome(Map<String, String> jobs) {
    }

    private final List<HousekeepingJob> jobs;

    HousekeepingResource(@Any Instance<HousekeepingJob> jobs) {
        this.jobs = StreamSupport.stream(jobs.spliterator(), false)
                .sorted(Comparator.comparing(HousekeepingJob::jobName)).toList();
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Outcome> run() {
        Map<String, String> outcomes = new LinkedHashMap<>();
        return Multi.createFrom().iterable(jobs)
                .onItem().transformToUniAndConcatenate(job -> job.runJob()
                        .map(done -> "done")
                        .onFailure().recoverWithItem(failure -> {
                            LOG.errorf(failure, "housekeeping job %s failed", job.jobName());
                            return "failed: " + failure.getMessage();
                        })
                        .invoke(outcome -> outcomes.put(job.jobName(), outcome)))
                .collect().last()
                .map(last -> new Outcome(outcomes));
    }
}
