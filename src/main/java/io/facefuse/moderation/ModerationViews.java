package io.facefuse.moderation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.facefuse.consent.ConsentService;
import io.facefuse.problem.ApiException;
import io.facefuse.problem.ErrorCode;

import java.util.List;
import java.util.UUID;

/** What the moderation routes take and answer. */
public final class ModerationViews {

    private ModerationViews() {
    }

    /** "x,y,width,height" rectangles separated by ';', or null when absent. */
    public static int[][] rectangles(String value, String name) {
        if (value == null) {
            return null;
        }
        String[] rects = value.split(";");
        if (rects.length > 20) {
            throw new ApiException(ErrorCode.ValidationFailed, name + " names at most 20 rectangles");
        }
        int[][] out = new int[rects.length][];
        for (int r = 0; r < rects.length; r++) {
            String[] parts = rects[r].split(",");
            if (parts.length != 4) {
                throw new ApiException(ErrorCode.ValidationFailed, name + " is x,y,width,height[;x,y,width,height...]");
            }
            out[r] = new int[4];
            try {
                for (int i = 0; i < 4; i++) {
                    out[r][i] = Integer.parseInt(parts[i].trim());
                }
            } catch (NumberFormatException e) {
                throw new ApiException(ErrorCode.ValidationFailed, name + " is in whole pixels");
            }
            if (out[r][2] <= 0 || out[r][3] <= 0) {
                throw new ApiException(ErrorCode.ValidationFailed, name + " rectangles have a positive size");
            }
        }
        return out;
    }

    /** An enum from a query parameter, refusing unknown values with the accepted ones named. */
    public static <E extends Enum<E>> E parse(Class<E> type, String value, String name) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        throw new ApiException(ErrorCode.ValidationFailed, name + " is one of "
                + java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name).toList());
    }

    /** A reviewer's decision on a task. */
    public record Decision(@jakarta.validation.constraints.NotNull ReviewTask.Decision decision,
                           @jakarta.validation.constraints.NotBlank @jakarta.validation.constraints.Size(max = 2000)
                           String note) {
    }

    /** An operator's freeze or unfreeze of a subject, or retirement of an entry: always with a reason. */
    public record Reasoned(@jakarta.validation.constraints.NotBlank @jakarta.validation.constraints.Size(max = 2000)
                           String reason) {
    }

    /** Who and what an image is checked for. */
    public record CheckRequest(UUID appId, String subjectId, CheckRole role, String contentId, UUID templateId,
                               boolean guardianConsent, int[][] faceRects) {
        public CheckRequest {
            if (appId == null || role == null) {
                throw new ApiException(ErrorCode.ValidationFailed, "appId and role are required");
            }
            if (subjectId != null) {
                ConsentService.checkedSubjectId(subjectId);
            }
            if (faceRects != null && role == CheckRole.user_photo && faceRects.length != 1) {
                throw new ApiException(ErrorCode.ValidationFailed, "a user photo's faceRect names one face");
            }
            if (contentId != null && !contentId.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new ApiException(ErrorCode.ValidationFailed, "contentId is 1-64 letters, digits, '_' or '-'");
            }
        }
    }

    /** The verdict overall (the worst of the checks) and per check, with the faces seen. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CheckView(UUID checkId, CheckRole role, Verdict verdict, int score, String reason,
                            List<CheckOutcome> checks, List<FaceReport> faces, List<FeatureLibrary.Match> matches,
                            UUID reviewTaskId, AccountStanding.Level standing) {

        /** This answer with its faces' landmarks left out (see {@link FaceReport}). */
        public CheckView withoutLandmarks() {
            return faces == null ? this : new CheckView(checkId, role, verdict, score, reason, checks,
                    faces.stream().map(FaceReport::withoutLandmarks).toList(), matches, reviewTaskId, standing);
        }
    }
}
