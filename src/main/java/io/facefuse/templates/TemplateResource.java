package io.facefuse.templates;

import io.facefuse.security.Access;
import io.facefuse.security.Caller;
import io.facefuse.security.CurrentCaller;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.UUID;

/** An app's templates. Part of the fusion function. The upload's body is the image. */
@Path("/v1/templates")
@Access(Caller.Kind.APP)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "moderation", enableIfMissing = true)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "labelling", enableIfMissing = true)
public class TemplateResource {

    private final TemplateService templates;
    private final CurrentCaller caller;

    TemplateResource(TemplateService templates, CurrentCaller caller) {
        this.templates = templates;
        this.caller = caller;
    }

    /** 201 with the template, whatever moderation decided: approved, pending review, or rejected with the reason. */
    @POST
    @Consumes({"image/jpeg", "image/png", "image/webp"})
    public Uni<Response> upload(byte[] image, @QueryParam("name") String name,
                                @QueryParam("faceDegree") Integer faceDegree,
                                @QueryParam("profileDegree") Integer profileDegree) {
        return templates.upload(caller.get(), image, name, faceDegree, profileDegree)
                .map(view -> Response.status(Response.Status.CREATED).entity(view).build());
    }

    @GET
    public Uni<List<TemplateViews.TemplateView>> list() {
        return templates.list(caller.get().appId());
    }

    @GET
    @Path("/{id}")
    public Uni<TemplateViews.TemplateView> get(@PathParam("id") UUID id) {
        return templates.get(caller.get().appId(), id);
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return templates.delete(caller.get(), id).map(ignored -> Response.noContent().build());
    }
}
