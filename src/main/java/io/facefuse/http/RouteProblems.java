package io.facefuse.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.facefuse.problem.ErrorCode;
import io.facefuse.problem.Problem;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Problems answered at the HTTP router, before or after the REST layer: a body announced larger than
 * allowed is refused before a byte of it is read, and paths that no resource serves (a typo, or a
 * route of a function this build does not contain) answer {@code NotFound}.
 */
@ApplicationScoped
public class RouteProblems {

    private final ObjectMapper json;
    private final long maxBodyBytes;

    RouteProblems(ObjectMapper json, @ConfigProperty(name = "facefuse.http.max-body-bytes") long maxBodyBytes) {
        this.json = json;
        this.maxBodyBytes = maxBodyBytes;
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(this::refuseOversizedBody);
        router.route().order(Integer.MAX_VALUE).handler(context ->
                write(context, Problem.of(ErrorCode.NotFound, "no resource at " + context.normalizedPath(),
                        context.normalizedPath())));
    }

    private void refuseOversizedBody(RoutingContext context) {
        String length = context.request().getHeader("Content-Length");
        if (length != null && isOver(length)) {
            write(context, Problem.of(ErrorCode.PayloadTooLarge,
                    "the body may be at most " + maxBodyBytes + " bytes", context.normalizedPath()));
            return;
        }
        context.next();
    }

    private boolean isOver(String length) {
        try {
            return Long.parseLong(length.trim()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return false; // the HTTP layer rejects a malformed length itself
        }
    }

    private void write(RoutingContext context, Problem problem) {
        try {
            context.response().setStatusCode(problem.status())
                    .putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .end(json.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            context.fail(e);
        }
    }
}
