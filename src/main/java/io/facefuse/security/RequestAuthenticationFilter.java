package io.facefuse.security;

import io.facefuse.http.LambdaEvents;
import io.facefuse.problem.ApiException;
import io.facefuse.problem.ErrorCode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authenticates every request to a resource method by the {@link Access} it declares. App requests
 * need the body to check the signature, hence {@code readBody}; the body is then handed on intact.
 */
public class RequestAuthenticationFilter {

    private static final Map<Method, Boolean> TAKES_BODY = new ConcurrentHashMap<>();

    private final SignedRequestVerifier signedRequests;
    private final TokenAuthenticator tokens;
    private final CurrentCaller currentCaller;
    private final SecurityConfig.Http http;
    private final SecurityConfig.Lambda lambda;

    RequestAuthenticationFilter(SignedRequestVerifier signedRequests, TokenAuthenticator tokens,
                                CurrentCaller currentCaller, SecurityConfig.Http http,
                                SecurityConfig.Lambda lambda) {
        this.signedRequests = signedRequests;
        this.tokens = tokens;
        this.currentCaller = currentCaller;
        this.http = http;
        this.lambda = lambda;
    }

    private Caller serviceCaller(ContainerRequestContext request) {
        return tokens.service(request.getHeaderString(TokenAuthenticator.SERVICE_HEADER));
    }

    @ServerRequestFilter(readBody = true, priority = Priorities.AUTHENTICATION)
    public Uni<Void> authenticate(ContainerRequestContext request, ResourceInfo resource, HttpServerRequest transport) {
        Caller.Kind required = requiredAccess(resource);
        if (required != Caller.Kind.PUBLIC && required != Caller.Kind.APP && arrivedOnPublicOnlyHost(transport)) {
            // As if the route did not exist: the public URL does not reveal the protected ones.
            throw new ApiException(ErrorCode.NotFound, "no such route on this URL");
        }
        return switch (required) {
            case PUBLIC -> Uni.createFrom().voidItem();
            // a scheduler's direct invocation, where allowed; otherwise the service token, as for SERVICE
            case SCHEDULER -> lambda.directHousekeeping() && LambdaEvents.isDirectInvocation(transport)
                    ? accept(Caller.scheduler())
                    : accept(serviceCaller(request));
            case OPERATOR -> accept(tokens.operator(request.getHeaderString(TokenAuthenticator.OPERATOR_HEADER)));
            case SERVICE -> accept(serviceCaller(request));
            case APP -> signedRequests.verify(new SignedRequestVerifier.SignedRequest(
                            request.getMethod(),
                            request.getUriInfo().getRequestUri().getRawPath(),
                            request.getUriInfo().getRequestUri().getRawQuery(),
                            request.getHeaderString(RequestSignature.KEY_ID_HEADER),
                            request.getHeaderString(RequestSignature.TIMESTAMP_HEADER),
                            request.getHeaderString(RequestSignature.NONCE_HEADER),
                            request.getHeaderString(RequestSignature.SIGNATURE_HEADER),
                            body(request, resource.getResourceMethod())))
                    .invoke(currentCaller::set)
                    .replaceWithVoid();
        };
    }

    private boolean arrivedOnPublicOnlyHost(HttpServerRequest transport) {
        List<String> hosts = http.publicOnlyHosts().orElse(List.of());
        return !hosts.isEmpty() && LambdaEvents.urlDomain(transport).map(hosts::contains).orElse(false);
    }

    private static boolean takesBody(Method endpoint) {
        // the entity parameter is the one that no JAX-RS or RESTEasy annotation binds to something else
        for (Annotation[] annotations : endpoint.getParameterAnnotations()) {
            boolean bound = Arrays.stream(annotations).map(a -> a.annotationType().getPackageName())
                    .anyMatch(p -> p.startsWith("jakarta.ws.rs") || p.startsWith("org.jboss.resteasy.reactive"));
            if (!bound) {
                return true;
            }
        }
        return false;
    }

    private Uni<Void> accept(Caller caller) {
        currentCaller.set(caller);
        return Uni.createFrom().voidItem();
    }

    /** Endpoints without an {@link Access} are treated as app endpoints: the strictest for outsiders. */
    static Caller.Kind requiredAccess(ResourceInfo resource) {
        Access access = resource.getResourceMethod().getAnnotation(Access.class);
        if (access == null) {
            access = resource.getResourceClass().getAnnotation(Access.class);
        }
        return access == null ? Caller.Kind.APP : access.value();
    }

    /**
     * The signed body. Endpoints that take one have it read in advance ({@code readBody}); for the
     * others the signature covers an empty body, and a request that sends one anyway is refused.
     */
    private byte[] body(ContainerRequestContext request, Method endpoint) {
        if (!TAKES_BODY.computeIfAbsent(endpoint, RequestAuthenticationFilter::takesBody)) {
            String length = request.getHeaderString("Content-Length");
            if (length != null && !length.trim().equals("0")) {
                throw new ApiException(ErrorCode.BadRequest, "this endpoint takes no request body");
            }
            return new byte[0];
        }
        try (InputStream in = request.getEntityStream()) {
            byte[] body = in.readNBytes(http.maxBodyBytes() + 1);
            if (body.length > http.maxBodyBytes()) {
                throw new ApiException(ErrorCode.PayloadTooLarge,
                        "the body may be at most " + http.maxBodyBytes() + " bytes");
            }
            request.setEntityStream(new ByteArrayInputStream(body));
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
