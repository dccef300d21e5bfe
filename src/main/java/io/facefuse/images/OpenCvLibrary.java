package io.facefuse.images;

import nu.pattern.OpenCV;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Optional;

/**
 * Loads OpenCV's native library once, for the JPEG codec and for the fusion engine's occlusion
 * masks (GrabCut): call {@link #ready()} before the first OpenCV call.
 */
public final class OpenCvLibrary {

    /**
     * Where a deployment keeps {@code libopencv_java490.so} unpacked (the container images set
     * {@code FACEFUSE_OPENCV_LIBRARY}); unset, it is unpacked from the OpenCV jar into a temporary
     * directory. For packaged builds, whose classes share one class loader: in tests and dev mode
     * leave it unset (see below).
     */
    static final String LIBRARY_PATH = "facefuse.opencv.library";

    static {
        Optional<String> path = ConfigProvider.getConfig().getOptionalValue(LIBRARY_PATH, String.class);
        if (path.isPresent()) {
            System.load(path.get());
        } else {
            // In tests and dev mode nu.pattern is loaded parent-first, so the library binds to the
            // class loader that also holds org.opencv, once for every application restart.
            OpenCV.loadLocally();
        }
    }

    private OpenCvLibrary() {
    }

    /** Loads the library if this is the first call; nothing after that. */
    public static void ready() {
    }
}
