package io.facefuse.moderation;

import io.facefuse.security.Access;
import io.facefuse.security.Caller;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import java.util.UUID;

/**
 * A terminated app's purge, moderation's part: the images kept for reviewers go and no check keeps
 * a subject id. Verdicts and image hashes stay, as do actions on accounts.
 */
@Path("/internal/v1/moderation/apps/{appId}/erasure")
@Access(Caller.Kind.SERVICE)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "fusion", enableIfMissing = true)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "labelling", enableIfMissing = true)
public class InternalAppErasureResource {

    @POST
    public Uni<InternalSubjectResource.Erased> erase(@PathParam("appId") UUID appId) {
        return Panache.withTransaction(() -> ReviewTask.update("media = null, mediaType = null where appId = ?1 "
                        + "and media is not null", appId)
                .flatMap(images -> CheckRecord.update("subjectId = null where appId = ?1 and subjectId is not null", appId)
                        .map(checks -> new InternalSubjectResource.Erased(checks, images))));
    }
}
