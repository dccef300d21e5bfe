package io.facefuse.vision;

import io.facefuse.models.ModelRegistry;
import io.facefuse.models.ModelSpec;
import io.facefuse.models.RgbImage;

/** The nsfwjs MobileNetV2 classifier on a whole image. */
public class ContentClassifier {

    /** nsfwjs's classes, in its output order. */
    public enum ContentClass { DRAWING, HENTAI, NEUTRAL, PORN, SEXY }

    /** Probabilities per class; {@code unsafe} sums the classes a consumer app must not show. */
    public record Classification(double drawing, double hentai, double neutral, double porn, double sexy) {
        public double unsafe() {
            return hentai + porn + sexy;
        }
    }

    private final ModelRegistry models;

    public ContentClassifier(ModelRegistry models) {
        this.models = models;
    }

    public Classification classify(RgbImage image) {
        int size = ModelSpec.NSFW.inputSize();
        float[] p = models.run(ModelSpec.NSFW, image.squareCrop(0, 0, image.width(), image.height(), size)).get(0);
        return new Classification(p[0], p[1], p[2], p[3], p[4]);
    }
}
