package io.facefuse.numerics;

/** The smallest axis-aligned box holding points in the plane. */
public final class BoundingBox {

    private BoundingBox() {
    }

    /** Min x, min y, max x, max y over every point of {@code pointSets} (each x, y pairs). */
    public static double[] of(double[]... pointSets) {
        double[] box = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        for (double[] points : pointSets) {
            for (int i = 0; i < points.length; i += 2) {
                box[0] = Math.min(box[0], points[i]);
                box[1] = Math.min(box[1], points[i + 1]);
                box[2] = Math.max(box[2], points[i]);
                box[3] = Math.max(box[3], points[i + 1]);
            }
        }
        return box;
    }
}
