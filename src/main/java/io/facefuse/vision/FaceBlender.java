package io.facefuse.vision;

import io.facefuse.models.ModelRegistry;
import io.facefuse.models.ModelSpec;
import io.facefuse.models.RgbImage;

import java.util.List;

/**
 * Blends a face, already warped onto the target's geometry, into a 256×256 target region through
 * the multi-band blending model: detail switches at the mask's edge while colour and shading
 * blend over a wide band, so the seam does not show.
 */
public class FaceBlender {

    public static final int SIZE = ModelSpec.BLEND.inputSize();

    private final ModelRegistry models;

    public FaceBlender(ModelRegistry models) {
        this.models = models;
    }

    /** {@code mask} holds SIZE×SIZE weights in [0, 1]: 1 takes the face, 0 keeps the target. */
    public RgbImage blend(RgbImage face, RgbImage target, float[] mask) {
        if (mask.length != SIZE * SIZE) {
            throw new IllegalArgumentException("the mask must be " + SIZE + "x" + SIZE);
        }
        long[] image = {1, SIZE, SIZE, 3};
        float[] out = models.run(ModelSpec.BLEND, List.of(
                new ModelRegistry.Input(values(face), image),
                new ModelRegistry.Input(values(target), image),
                new ModelRegistry.Input(mask, new long[]{1, SIZE, SIZE, 1}))).get(0);
        byte[] rgb = new byte[out.length];
        for (int i = 0; i < out.length; i++) {
            rgb[i] = (byte) Math.round(out[i]);
        }
        return new RgbImage(SIZE, SIZE, rgb);
    }

    private static float[] values(RgbImage image) {
        if (image.width() != SIZE || image.height() != SIZE) {
            throw new IllegalArgumentException("blending works on " + SIZE + "x" + SIZE + " regions");
        }
        byte[] rgb = image.rgb();
        float[] values = new float[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            values[i] = rgb[i] & 0xff;
        }
        return values;
    }
}
