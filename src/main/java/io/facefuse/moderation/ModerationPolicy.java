package io.facefuse.moderation;

/**
 * What moderation checks for one app and where it draws the lines. Scores run 0 to 100: below
 * {@code reviewFrom} passes, from {@code blockFrom} is blocked, between goes to people.
 */
public record ModerationPolicy(int reviewFrom, int blockFrom, int minFacePixels, int maxFaces, int minorAge,
                               MinorAction minorAction) {

    /** What happens when a face is likely a minor's (seed 000 §3.2(1)). */
    public enum MinorAction {
        block, require_guardian_consent
    }
}
