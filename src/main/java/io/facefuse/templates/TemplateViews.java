package io.facefuse.templates;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the template routes answer. */
public final class TemplateViews {

    private TemplateViews() {
    }

    /** A face of a template: the id a merge item targets, its rectangle, whether it can be fused into. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FaceView(int id, int x, int y, int width, int height, boolean usable, String problem,
                           boolean handsInFront, boolean glassesInFront) {
        static FaceView of(TemplateFace f) {
            return new FaceView(f.faceId, f.x, f.y, f.width, f.height, f.usable, f.problem, f.handsInFront,
                    f.glassesInFront);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TemplateView(UUID id, String name, Template.Status status, String reason, int width, int height,
                               int faceDegree, int profileDegree, Instant createdAt, Instant decidedAt,
                               List<FaceView> faces) {
        static TemplateView of(Template t, List<TemplateFace> faces) {
            return new TemplateView(t.id, t.name, t.status, t.statusReason, t.width, t.height, t.faceDegree,
                    t.profileDegree, t.createdAt, t.decidedAt, faces.stream().map(FaceView::of).toList());
        }
    }

    /** The moderation function's review decision on a pending template. */
    public record ReviewOutcome(boolean approved, String reason) {
    }
}
