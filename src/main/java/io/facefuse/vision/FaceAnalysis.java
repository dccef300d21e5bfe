package io.facefuse.vision;

import io.facefuse.models.ModelRegistry;
import io.facefuse.models.ModelSpec;
import io.facefuse.models.RgbImage;

import java.util.List;

/**
 * What the face models say about one detected face: dense landmarks, an identity embedding and an
 * age estimate. Each takes a square crop around the face at its own input size.
 */
public class FaceAnalysis {

    /** GEAR's age buckets: below 20, 21-25, 26-30, 31-40, 41-50, 51-60, above 60. */
    public static final double[] AGE_BUCKET_CENTERS = {15, 23, 28, 35.5, 45.5, 55.5, 65};

    /** 468 FaceMesh landmarks (x, y, z) in the photo's pixels, and the model's face-presence score. */
    public record Landmarks(double[] points, double faceScore) {
        public int count() {
            return points.length / 3;
        }
    }

    /** Age and gender estimates; {@code minorProbability} is the probability of the youngest bucket (under 20). */
    public record AgeEstimate(double years, double minorProbability, double[] buckets, double maleProbability) {
    }

    private final ModelRegistry models;

    public FaceAnalysis(ModelRegistry models) {
        this.models = models;
    }

    /** The square region the face models take: the box, enlarged by {@code margin}, around its centre. */
    public static double[] cropAround(DetectedFace face, double margin) {
        double side = Math.max(face.width(), face.height()) * margin;
        return new double[]{face.centerX() - side / 2, face.centerY() - side / 2, side};
    }

    public Landmarks landmarks(RgbImage photo, DetectedFace face) {
        double[] crop = cropAround(face, 1.5);
        int size = ModelSpec.FACEMESH.inputSize();
        List<float[]> out = models.run(ModelSpec.FACEMESH, photo.squareCrop(crop[0], crop[1], crop[2], crop[2], size));
        float[] mesh = out.get(0);
        double scale = crop[2] / size;
        double[] points = new double[mesh.length];
        for (int i = 0; i < mesh.length; i += 3) {
            points[i] = crop[0] + mesh[i] * scale;
            points[i + 1] = crop[1] + mesh[i + 1] * scale;
            points[i + 2] = mesh[i + 2] * scale;
        }
        return new Landmarks(points, out.get(1)[0]);
    }

    /** A unit-length identity embedding: cosine similarity compares two faces. */
    public float[] embedding(RgbImage photo, DetectedFace face) {
        double[] crop = cropAround(face, 1.5);
        float[] raw = models.run(ModelSpec.FACERES,
                photo.squareCrop(crop[0], crop[1], crop[2], crop[2], ModelSpec.FACERES.inputSize())).get(0);
        double norm = 0;
        for (float v : raw) {
            norm += v * v;
        }
        float inverse = (float) (1 / Math.sqrt(norm));
        float[] unit = new float[raw.length];
        for (int i = 0; i < raw.length; i++) {
            unit[i] = raw[i] * inverse;
        }
        return unit;
    }

    /**
     * GEAR's answer swings with the crop: the same adult face reads 16 years at one margin and 30 at
     * the next. The mean ({@link #mean}) over three crops, 1.2, 1.5 and 2 times the box, is what
     * moderation uses; on the sample photos it keeps every adult's under-20 probability below the
     * default review line of 0.70 (highest 0.654). Moderation runs the three crops side by side, on
     * the int8 GEAR (docs/models.md).
     */
    public static final double[] AGE_MARGINS = {1.2, 1.5, 2.0};

    public AgeEstimate age(RgbImage photo, DetectedFace face) {
        return age(photo, face, 1.5);
    }

    /** The mean of estimates from several crops of one face (see {@link #AGE_MARGINS}). */
    public static AgeEstimate mean(List<AgeEstimate> crops) {
        double years = 0;
        double male = 0;
        double[] buckets = new double[AGE_BUCKET_CENTERS.length];
        for (AgeEstimate one : crops) {
            years += one.years() / crops.size();
            male += one.maleProbability() / crops.size();
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] += one.buckets()[i] / crops.size();
            }
        }
        return new AgeEstimate(years, buckets[0], buckets, male);
    }

    /** The crop GEAR takes: {@code margin} times the face box, at GEAR's input size. */
    public static RgbImage ageCrop(RgbImage photo, DetectedFace face, double margin) {
        double[] crop = cropAround(face, margin);
        return photo.squareCrop(crop[0], crop[1], crop[2], crop[2], ModelSpec.GEAR.inputSize());
    }

    /** GEAR on one crop of {@code margin} times the face box. */
    public AgeEstimate age(RgbImage photo, DetectedFace face, double margin) {
        List<float[]> out = models.run(ModelSpec.GEAR, ageCrop(photo, face, margin));
        float[] buckets = out.get(0);
        double years = 0;
        double[] probabilities = new double[buckets.length];
        for (int i = 0; i < buckets.length; i++) {
            probabilities[i] = buckets[i];
            years += buckets[i] * AGE_BUCKET_CENTERS[i];
        }
        return new AgeEstimate(years, buckets[0], probabilities, out.get(1)[0]);
    }
}
