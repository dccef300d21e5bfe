package io.facefuse.moderation;

import io.smallrye.config.ConfigMapping;

/** The policy an app has until an operator sets one of its own. */
@ConfigMapping(prefix = "facefuse.moderation.defaults")
public interface ModerationDefaults {

    int reviewFrom();

    int blockFrom();

    int minFacePixels();

    int maxFaces();

    int maxYaw();

    int maxPitch();

    int minSharpness();

    int minorAge();

    ModerationPolicy.MinorAction minorAction();

    int inputRetentionHours();

    default ModerationPolicy policy() {
        return new ModerationPolicy(reviewFrom(), blockFrom(), minFacePixels(), maxFaces(), maxYaw(), maxPitch(),
                minSharpness(), minorAge(), minorAction(), inputRetentionHours());
    }
}
