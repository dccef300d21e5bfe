package io.facefuse.vision;

import io.facefuse.models.ModelRegistry;
import io.facefuse.models.ModelSpec;
import io.facefuse.models.RgbImage;

import java.io.IOException;
import java.io.InputStream;
import java.util.EnumSet;
import java.util.Optional;

/** One model registry for the vision tests of a JVM, and the sample photos. */
final class VisionModels {

    static final ModelRegistry REGISTRY = ModelRegistry.load(EnumSet.allOf(ModelSpec.class), Optional.empty());

    private VisionModels() {
    }

    static RgbImage photo(String name) throws IOException {
        try (InputStream in = VisionModels.class.getResourceAsStream("/photos/" + name + ".jpg")) {
            return RgbImage.decode(in.readAllBytes());
        }
    }
}
