package io.facefuse.moderation;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * What moderation checks for one app and where it draws the lines. Scores run 0 to 100: below
 * {@code reviewFrom} passes, from {@code blockFrom} is blocked, between goes to people. The face
 * limits say which faces are usable; {@code minorAge} is at most 20 because the age model's youngest
 * bucket is "under 20": asking about 18 is asking with a two-year margin. {@code inputRetentionHours}
 * is how long the app's inputs (images waiting for review) are kept.
 */
public record ModerationPolicy(
        @Min(0) @Max(100) int reviewFrom,
        @Min(0) @Max(100) int blockFrom,
        @Min(1) @Max(10_000) int minFacePixels,
        @Min(1) @Max(20) int maxFaces,
        @Min(0) @Max(90) int maxYaw,
        @Min(0) @Max(90) int maxPitch,
        @Min(0) @Max(10_000) int minSharpness,
        @Min(1) @Max(20) int minorAge,
        @NotNull MinorAction minorAction,
        @Min(1) @Max(720) int inputRetentionHours) {

    /** What happens when a face is likely a minor's (seed 000 §3.2(1)). */
    public enum MinorAction {
        block, require_guardian_consent
    }

    public Verdict verdictFor(int score) {
        return score >= blockFrom ? Verdict.block : score >= reviewFrom ? Verdict.review : Verdict.pass;
    }
}
