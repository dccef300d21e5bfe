package io.facefuse.fusion;

import io.facefuse.security.Access;
import io.facefuse.security.Caller;
import io.facefuse.security.CurrentCaller;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import java.util.UUID;

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

    @POST
    public Uni<FusionViews.FusionResult> fuse(@Valid @NotNull FusionViews.FusionRequest request) {
        return fusion.fuse(caller.get(), request);
    }

    /** A stored result's labelled image, until it expires. */
    @GET
    @Path("/results/{id}")
    public Uni<Response> result(@PathParam("id") UUID id) {
        return fusion.result(caller.get().appId(), id);
    }
}
