package io.facefuse.images;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Loads the JPEG codec's native library while the function starts (Lambda's init phase, and the
 * JVM image's AOT training run), not on the first request; every function decodes JPEG.
 */
@ApplicationScoped
public class CodecStartup {

    void load(@Observes StartupEvent event) {
        JpegCodec.load();
    }
}
