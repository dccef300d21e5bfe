package io.facefuse.moderation;

import io.facefuse.http.EventLoop;
import io.facefuse.problem.ApiException;
import io.facefuse.problem.ErrorCode;
import io.facefuse.security.Access;
import io.facefuse.security.Caller;
import io.facefuse.security.CurrentCaller;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Operators keep the feature library. A face entry keeps only the embedding of the image's largest
 * face and an image entry only its perceptual hashes: the uploaded image itself is not stored.
 */
@Path("/v1/ops/feature-library")
@Access(Caller.Kind.OPERATOR)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "fusion", enableIfMissing = true)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "labelling", enableIfMissing = true)
public class FeatureLibraryResource {

    /** An entry as listed: never the embedding or the hash. */
    public record EntryView(UUID id, FeatureEntry.Kind kind, FeatureEntry.Category category, String label,
                            double threshold, String reason, String addedBy, Instant addedAt, String retiredBy,
                            Instant retiredAt, String retireReason) {
        static EntryView of(FeatureEntry e) {
            return new EntryView(e.id, e.kind, e.category, e.label, e.threshold, e.reason, e.addedBy, e.addedAt,
                    e.retiredBy, e.retiredAt, e.retireReason);
        }
    }

    private final FeatureLibrary library;
    private final ImageModerator moderator;
    private final CurrentCaller caller;

    FeatureLibraryResource(FeatureLibrary library, ImageModerator moderator, CurrentCaller caller) {
        this.library = library;
        this.moderator = moderator;
        this.caller = caller;
    }

    @GET
    public Uni<List<EntryView>> list(@QueryParam("category") String category,
                                     @QueryParam("includeRetired") @DefaultValue("false") boolean includeRetired) {
        FeatureEntry.Category wanted = category == null ? null
                : ModerationViews.parse(FeatureEntry.Category.class, category, "category");
        return library.list(wanted, includeRetired).map(entries -> entries.stream().map(EntryView::of).toList());
    }

    /** Enrols the largest face of the image. {@code threshold}: the least cosine similarity that matches. */
    @POST
    @Path("/faces")
    @Consumes({"image/jpeg", "image/png", "image/webp"})
    public Uni<EntryView> addFace(byte[] image, @QueryParam("category") String category,
                                  @QueryParam("label") String label, @QueryParam("reason") String reason,
                                  @QueryParam("threshold") Double threshold) {
        FeatureEntry.Category checked = entryFields(category, label, reason);
        if (threshold != null && (threshold < 0.3 || threshold > 1)) {
            throw new ApiException(ErrorCode.ValidationFailed, "a face threshold is a cosine similarity from 0.3 to 1");
        }
        Caller operator = caller.get();
        return EventLoop.offload(() -> moderator.enrolmentEmbedding(moderator.decode(image)))
                .flatMap(embedding -> EventLoop.run(library.addFace(embedding, checked, label, reason, threshold, operator)))
                .map(EntryView::of);
    }

    /** Enrols a whole image. {@code threshold}: the most differing pHash bits (of 64) that still match. */
    @POST
    @Path("/images")
    @Consumes({"image/jpeg", "image/png", "image/webp"})
    public Uni<EntryView> addImage(byte[] image, @QueryParam("category") String category,
                                   @QueryParam("label") String label, @QueryParam("reason") String reason,
                                   @QueryParam("threshold") Double threshold) {
        FeatureEntry.Category checked = entryFields(category, label, reason);
        if (threshold != null && (threshold < 0 || threshold > 20)) {
            throw new ApiException(ErrorCode.ValidationFailed, "an image threshold is 0 to 20 differing bits");
        }
        Caller operator = caller.get();
        return EventLoop.offload(() -> moderator.decode(image))
                .flatMap(decoded -> EventLoop.run(library.addImage(decoded, checked, label, reason, threshold, operator)))
                .map(EntryView::of);
    }

    /** Takes an entry out of use; it stays on record with who retired it and why. */
    @POST
    @Path("/{id}/retirement")
    public Uni<EntryView> retire(@PathParam("id") UUID id, @Valid @NotNull ModerationViews.Reasoned why) {
        return library.retire(id, why.reason(), caller.get()).map(EntryView::of);
    }

    private static FeatureEntry.Category entryFields(String category, String label, String reason) {
        if (label == null || label.isBlank() || label.length() > 200 || reason == null || reason.isBlank()
                || reason.length() > 2000) {
            throw new ApiException(ErrorCode.ValidationFailed, "label (up to 200 characters) and reason (up to 2000) are required");
        }
        return ModerationViews.parse(FeatureEntry.Category.class, category, "category");
    }
}
