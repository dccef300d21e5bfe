package io.facefuse.templates;

import io.facefuse.security.Access;
import io.facefuse.security.Caller;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import java.util.UUID;

/** Where the moderation function sends people's decision on a pending template. Part of fusion. */
@Path("/internal/v1/templates/{id}/review")
@Access(Caller.Kind.SERVICE)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "moderation", enableIfMissing = true)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "labelling", enableIfMissing = true)
public class InternalTemplateResource {

    private final TemplateService templates;

    InternalTemplateResource(TemplateService templates) {
        this.templates = templates;
    }

    @POST
    public Uni<TemplateViews.TemplateView> review(@PathParam("id") UUID id, @NotNull TemplateViews.ReviewOutcome outcome) {
        return templates.review(id, outcome);
    }
}
