package io.facefuse.moderation;

import io.smallrye.config.ConfigMapping;

import java.time.Duration;

/** Moderation settings other than the per-app policy defaults. */
@ConfigMapping(prefix = "facefuse.moderation")
public interface ModerationConfig {

    long maxPixels();

    Review review();

    Library library();

    Actions actions();

    interface Review {
        double passSampleRate();
    }

    interface Library {
        double faceThreshold();

        int imageThreshold();
    }

    interface Actions {
        Duration window();

        int warnAfter();

        int restrictAfter();

        int suspendAfter();
    }
}
