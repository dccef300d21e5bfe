package io.facefuse.vision;

import io.facefuse.models.RgbImage;

/**
 * How usable a face is for fusion: its pose from the FaceMesh landmarks and its sharpness. Both
 * are cheap arithmetic on what the models already produced.
 */
public final class FaceQuality {

    /** FaceMesh indices: the cheek contour at the ears, forehead top and chin bottom. */
    private static final int RIGHT_CHEEK = 234;
    private static final int LEFT_CHEEK = 454;
    private static final int FOREHEAD = 10;
    private static final int CHIN = 152;
    private static final int SHARPNESS_SIZE = 112;

    /** Head rotation in degrees: yaw left-right, pitch up-down; 0, 0 looks into the camera. */
    public record Pose(double yaw, double pitch) {
    }

    private FaceQuality() {
    }

    /**
     * Yaw from the depth difference across the cheeks, pitch from that between forehead and chin.
     * FaceMesh's z is in the same units as x and y, so the angles come straight from atan2.
     */
    public static Pose pose(FaceAnalysis.Landmarks landmarks) {
        double[] p = landmarks.points();
        double yaw = Math.toDegrees(Math.atan2(p[LEFT_CHEEK * 3 + 2] - p[RIGHT_CHEEK * 3 + 2],
                p[LEFT_CHEEK * 3] - p[RIGHT_CHEEK * 3]));
        double pitch = Math.toDegrees(Math.atan2(p[CHIN * 3 + 2] - p[FOREHEAD * 3 + 2],
                p[CHIN * 3 + 1] - p[FOREHEAD * 3 + 1]));
        return new Pose(yaw, pitch);
    }

    /**
     * Variance of the Laplacian of the face's box resampled to 112 px grey: a standard focus
     * measure. Resampling first makes it independent of the face's size in the photo. Sharp faces
     * in the sample photos measure 40 to 830; the same faces blurred measure under 20.
     */
    public static double sharpness(RgbImage photo, DetectedFace face) {
        double[] crop = FaceAnalysis.cropAround(face, 1.0);
        byte[] rgb = photo.squareCrop(crop[0], crop[1], crop[2], crop[2], SHARPNESS_SIZE).rgb();
        int n = SHARPNESS_SIZE;
        double[] grey = new double[n * n];
        for (int i = 0; i < grey.length; i++) {
            grey[i] = 0.299 * (rgb[i * 3] & 0xff) + 0.587 * (rgb[i * 3 + 1] & 0xff) + 0.114 * (rgb[i * 3 + 2] & 0xff);
        }
        double sum = 0;
        double squares = 0;
        int count = 0;
        for (int y = 1; y < n - 1; y++) {
            for (int x = 1; x < n - 1; x++) {
                int i = y * n + x;
                double laplacian = 4 * grey[i] - grey[i - 1] - grey[i + 1] - grey[i - n] - grey[i + n];
                sum += laplacian;
                squares += laplacian * laplacian;
                count++;
            }
        }
        double mean = sum / count;
        return squares / count - mean * mean;
    }
}
