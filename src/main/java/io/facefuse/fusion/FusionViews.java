package io.facefuse.fusion;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What {@code POST /v1/fusion} takes and answers. */
public final class FusionViews {

    private FusionViews() {
    }

    /** A rectangle in an image's pixels. */
    public record Rect(@Min(0) int x, @Min(0) int y, @Min(1) int width, @Min(1) int height) {

        /** "x,y,width,height": how the other functions take a rectangle in a query. */
        public String asParameter() {
            return x + "," + y + "," + width + "," + height;
        }
    }

    /**
     * One face to merge: the user's photo (base64 JPEG, PNG or WebP), which of its faces (default the
     * largest), and which template face it goes onto (by id or rectangle; default the largest).
     */
    public record MergeItem(@NotBlank String image, @Valid Rect faceRect, @Min(0) Integer templateFaceId,
                            @Valid Rect templateFaceRect) {
    }

    /** The answer's format: {@code jpeg} (with a quality) or {@code png}. */
    public record Output(@Pattern(regexp = "jpeg|png") String format,
                         @DecimalMin("0.5") @DecimalMax("1.0") Double quality) {
    }

    /**
     * The labels' options, as the labelling function takes them: the visible label's corner and
     * language (or none, for an exempted app), and where in the output to draw the app's logo.
     */
    public record LabelOptions(Boolean visible, @Pattern(regexp = "top-left|top-right|bottom-left|bottom-right") String corner,
                               @Pattern(regexp = "zh|en") String language, @Valid Rect logo) {
    }

    /**
     * A stored template by {@code templateId}, or, for apps an operator allowed it, a
     * {@code templateImage} (base64) moderated and analysed on this call and never kept.
     * {@code faceDegree} and {@code profileDegree} (0-100) default to the template's; {@code alpha}
     * (0-1), when given, morphs the whole face, shape and features alike, and overrides both.
     * {@code delivery} is {@code inline} (the image in the answer) or {@code stored} (an id to fetch
     * until it expires).
     */
    public record FusionRequest(UUID templateId, String templateImage,
                                @NotNull @Pattern(regexp = "[A-Za-z0-9._:-]{1,128}") String subjectId,
                                @NotNull @Size(min = 1, max = 6) List<@Valid @NotNull MergeItem> items,
                                @Min(0) @Max(100) Integer faceDegree, @Min(0) @Max(100) Integer profileDegree,
                                @DecimalMin("0.0") @DecimalMax("1.0") Double alpha,
                                @Valid Output output, @Valid LabelOptions label,
                                @Pattern(regexp = "inline|stored") String delivery) {
    }

    /**
     * Which user face went onto which template face; {@code sunglasses}: moderation found sunglasses
     * over the user's eyes, which were fused with the face (the app may ask for a photo without them).
     */
    public record Mapping(int item, Rect userFace, int templateFaceId, boolean sunglasses) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FusionResult(UUID fusionId, String contentId, String mediaType, String image, String resultUrl,
                               Instant expiresAt, List<Mapping> faces, int faceDegree, int profileDegree,
                               Double alpha) {
    }
}
