package io.facefuse.fusion;

import io.facefuse.security.Access;
import io.facefuse.security.Caller;
import io.facefuse.security.CurrentCaller;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** Image fusion for apps. Part of the fusion function. */
@Path("/v1/fusion")
@Access(Caller.Kind.APP)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "moderation", enableIfMissing = true)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "labelling", enableIfMissing = true)
public class FusionResource {

    private final FusionService fusion;
    private final CurrentCaller caller;

    FusionResource(FusionService fusion, CurrentCaller caller) {
        this.fusion = fusion;
        this.caller = caller;
    }

    /**
     * The answer carries a Server-Timing header with the time of each pipeline stage. With an
     * {@code Idempotency-Key} (1-128 letters, digits, '_' or '-'), a retry gets the first answer
     * and is billed once.
     */
    @POST
    public Uni<Response> fuse(@Valid @NotNull FusionViews.FusionRequest request,
                              @HeaderParam("Idempotency-Key") String idempotencyKey) {
        Map<String, Double> millis = new ConcurrentHashMap<>();
        return fusion.fuse(caller.get(), request, idempotencyKey, millis).map(result -> Response.ok(result)
                .header("Server-Timing", millis.entrySet().stream()
                        .map(e -> String.format(Locale.ROOT, "%s;dur=%.1f", e.getKey(), e.getValue()))
                        .collect(Collectors.joining(",")))
                .build());
    }

    /** A stored result's labelled image, until it expires. */
    @GET
    @Path("/results/{id}")
    public Uni<Response> result(@PathParam("id") UUID id) {
        return fusion.result(caller.get().appId(), id);
    }
}
