package io.facefuse.moderation;

/**
 * What moderation saw of one face, in the image's pixels. The quality fields are null where the
 * role does not measure them; {@code problem} is the reason code that makes the face unusable.
 */
public record FaceReport(int x, int y, int width, int height, double detectorScore, Double yaw, Double pitch,
                         Double sharpness, Double minorProbability, boolean usable, String problem) {
}
