package io.facefuse.vision;

/**
 * A face the detector found, in the photo's pixels: its box, the detector's confidence, and six
 * keypoints as x, y pairs (right eye, left eye, nose tip, mouth, right ear, left ear, as MediaPipe
 * orders them; "right" is the subject's).
 */
public record DetectedFace(double x, double y, double width, double height, double score, double[] keypoints) {

    public double area() {
        return width * height;
    }

    public double centerX() {
        return x + width / 2;
    }

    public double centerY() {
        return y + height / 2;
    }

    /** Intersection over union of two boxes. */
    public double iou(DetectedFace other) {
        double inter = intersection(other);
        return inter / (area() + other.area() - inter);
    }

    /** How much of the smaller box lies inside the other: 1 when one contains the other. */
    public double containment(DetectedFace other) {
        return intersection(other) / Math.min(area(), other.area());
    }

    private double intersection(DetectedFace other) {
        double x1 = Math.max(x, other.x);
        double y1 = Math.max(y, other.y);
        double x2 = Math.min(x + width, other.x + other.width);
        double y2 = Math.min(y + height, other.y + other.height);
        return Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
    }
}
