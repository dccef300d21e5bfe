package io.facefuse.models;

/**
 * The models facefuse runs, each a TorchScript file under {@code src/main/resources/models/}
 * converted from an npm package by {@code tools/models} (provenance beside each file). Every model
 * takes one square RGB image in NHWC layout, with bytes mapped to {@code byte * scale + offset}.
 */
public enum ModelSpec {
    /** MediaPipe BlazeFace (full range, 256 px): face boxes, scores and six keypoints. */
    BLAZEFACE("blazeface", 256, 1f / 127.5f, -1f),
    /** MediaPipe FaceMesh: 468 landmarks in input pixels and a face-presence score. */
    FACEMESH("facemesh", 192, 1f / 255f, 0f),
    /** Human's face descriptor (faceres): a 1024-d embedding for identity, from 0-255 pixel values. */
    FACERES("faceres", 224, 1f, 0f),
    /** GEAR, quantized to int8: age-bucket and gender probabilities (the model's race head is not converted). */
    GEAR("gear", 198, 1f / 255f, 0f),
    /** nsfwjs MobileNetV2: drawing, hentai, neutral, porn and sexy probabilities. */
    NSFW("nsfw", 224, 1f / 255f, 0f),
    /** MediaPipe selfie segmentation: person probability per pixel, for occlusion-aware masks. */
    SELFIE("selfie", 256, 1f / 255f, 0f),
    /** MediaPipe's palm detector: per anchor (2944) a score logit and a palm box with seven keypoints. */
    HANDDETECT("handdetect", 256, 1f / 127.5f, -1f),
    /** MediaPipe's hand landmarks (lite): 21 points in input pixels, a hand-presence probability, handedness. */
    HANDLANDMARK("handlandmark", 224, 1f / 255f, 0f),
    /**
     * Multi-band (Laplacian pyramid) blending of a warped face into a target, written in torch
     * operations by {@code tools/models/blend_model.py}. Three inputs: face and target (0-255) and
     * a one-channel mask (0-1); see {@code io.facefuse.vision.FaceBlender}.
     */
    BLEND("blend", 256, 1f, 0f);

    private final String fileName;
    private final int inputSize;
    private final float scale;
    private final float offset;

    ModelSpec(String fileName, int inputSize, float scale, float offset) {
        this.fileName = fileName;
        this.inputSize = inputSize;
        this.scale = scale;
        this.offset = offset;
    }

    public String fileName() {
        return fileName;
    }

    public int inputSize() {
        return inputSize;
    }

    /** The model's input tensor (NHWC, batch 1) for an image already at {@link #inputSize()}. */
    public float[] normalize(RgbImage image) {
        if (image.width() != inputSize || image.height() != inputSize) {
            throw new IllegalArgumentException(fileName + " takes " + inputSize + "x" + inputSize + ", not "
                    + image.width() + "x" + image.height());
        }
        byte[] rgb = image.rgb();
        float[] input = new float[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            input[i] = (rgb[i] & 0xff) * scale + offset;
        }
        return input;
    }
}
