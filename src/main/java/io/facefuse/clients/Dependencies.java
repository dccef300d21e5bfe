package io.facefuse.clients;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.facefuse.problem.ApiException;
import io.facefuse.problem.ErrorCode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.WebApplicationException;
import org.jboss.logging.Logger;

/**
 * Turns a failed call to another function into an answer for the caller: a refusal the other
 * function gave for the request's own content (a 4xx problem, such as a damaged image or a frozen
 * subject) passes through with its code; anything else is {@link ErrorCode#DependencyUnavailable}.
 */
public final class Dependencies {

    private static final Logger LOG = Logger.getLogger(Dependencies.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private Dependencies() {
    }

    public static <T> Uni<T> call(String function, Uni<T> call) {
        return call.onFailure(failure -> !(failure instanceof ApiException)).transform(failure -> {
            if (failure instanceof WebApplicationException web) {
                ApiException passed = passedThrough(web);
                if (passed != null) {
                    return passed;
                }
            }
            String why = failure instanceof WebApplicationException web
                    ? "answered " + web.getResponse().getStatus()
                    : failure.getClass().getSimpleName() + ": " + failure.getMessage();
            LOG.warnf("call to the %s function failed: %s", function, why);
            return new ApiException(ErrorCode.DependencyUnavailable, "the " + function + " function " + why);
        });
    }

    /** The other function's refusal, when it is a 4xx problem whose code is one of ours. */
    private static ApiException passedThrough(WebApplicationException web) {
        int status = web.getResponse().getStatus();
        if (status < 400 || status >= 500 || status == 401) {
            return null; // 401 between functions is our own misconfiguration, not the caller's fault
        }
        try {
            JsonNode problem = JSON.readTree(web.getResponse().readEntity(String.class));
            ErrorCode code = ErrorCode.valueOf(problem.path("code").asText());
            return code.status() == status ? new ApiException(code, problem.path("detail").asText(code.title())) : null;
        } catch (RuntimeException | java.io.IOException e) {
            return null;
        }
    }
}
