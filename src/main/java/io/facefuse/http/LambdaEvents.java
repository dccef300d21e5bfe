package io.facefuse.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.quarkus.vertx.http.runtime.QuarkusHttpHeaders;
import io.vertx.core.http.HttpServerRequest;

import java.util.Optional;

/**
 * What the Lambda event behind a request says about how it arrived. AWS writes
 * {@code requestContext.domainName} into every function URL event, and a caller cannot change it;
 * an event without one was sent by a direct {@code Invoke} call, which IAM authorises.
 */
public final class LambdaEvents {

    private LambdaEvents() {
    }

    /** The event, where the request came through the Lambda handler (not the internal listener). */
    public static Optional<APIGatewayV2HTTPEvent> event(HttpServerRequest request) {
        if (request != null && request.headers() instanceof QuarkusHttpHeaders headers) {
            return Optional.ofNullable(headers.getContextObject(APIGatewayV2HTTPEvent.class));
        }
        return Optional.empty();
    }

    /** The function URL's host the request came through, if it came through one. */
    public static Optional<String> urlDomain(HttpServerRequest request) {
        return event(request).map(APIGatewayV2HTTPEvent::getRequestContext)
                .map(APIGatewayV2HTTPEvent.RequestContext::getDomainName)
                .filter(domain -> !domain.isBlank());
    }

    /** A Lambda event that no function URL delivered: a direct invocation (EventBridge Scheduler). */
    public static boolean isDirectInvocation(HttpServerRequest request) {
        return event(request).isPresent() && urlDomain(request).isEmpty();
    }
}
