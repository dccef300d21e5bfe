package io.facefuse.clients;

import io.facefuse.problem.ApiException;
import io.facefuse.problem.ErrorCode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.WebApplicationException;
import org.jboss.logging.Logger;

/** Turns a failed call to another function into {@link ErrorCode#DependencyUnavailable}. */
public final class Dependencies {

    private static final Logger LOG = Logger.getLogger(Dependencies.class);

    private Dependencies() {
    }

    public static <T> Uni<T> call(String function, Uni<T> call) {
        return call.onFailure(failure -> !(failure instanceof ApiException)).transform(failure -> {
            String why = failure instanceof WebApplicationException web
                    ? "answered " + web.getResponse().getStatus()
                    : failure.getClass().getSimpleName() + ": " + failure.getMessage();
            LOG.warnf("call to the %s function failed: %s", function, why);
            return new ApiException(ErrorCode.DependencyUnavailable, "the " + function + " function " + why);
        });
    }
}
