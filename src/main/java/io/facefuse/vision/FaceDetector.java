package io.facefuse.vision;

import io.facefuse.models.ModelRegistry;
import io.facefuse.models.ModelSpec;
import io.facefuse.models.RgbImage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds faces with MediaPipe's full-range BlazeFace: the photo is letterboxed into 256×256, each of
 * the 896 SSD anchors predicts a score and a box with six keypoints, and overlapping boxes are
 * reduced by non-maximum suppression. The model needs a face to span about 12 input pixels, so a
 * whole 1920-pixel photo resolves faces from about 90 px; {@link #detect(RgbImage, double)} adds
 * overlapping tiles when smaller faces must be found.
 */
public class FaceDetector {

    static final int SIZE = 256;
    /** The smallest face, in model input pixels, that the detector reliably finds. */
    static final double MIN_FACE_INPUT_PIXELS = 12;
    /** MediaPipe's anchors for 256 px: stride 16 with 2 anchors a cell, then stride 32 with 6. */
    private static final double[][] ANCHORS = SsdAnchors.of(SIZE, new int[][]{{16, 2}, {32, 6}});

    private final ModelRegistry models;
    private final double minScore;
    private final double iouThreshold;

    public FaceDetector(ModelRegistry models) {
        this(models, 0.5, 0.3);
    }

    public FaceDetector(ModelRegistry models, double minScore, double iouThreshold) {
        this.models = models;
        this.minScore = minScore;
        this.iouThreshold = iouThreshold;
    }

    /** Faces in the photo's pixels, most confident first. */
    public List<DetectedFace> detect(RgbImage photo) {
        double side = Math.max(photo.width(), photo.height());
        List<DetectedFace> faces = detectInInput(photo.squareCrop(0, 0, photo.width(), photo.height(), SIZE));
        double scale = side / SIZE;
        return faces.stream().map(f -> scaled(f, scale)).toList();
    }

    /**
     * Faces down to {@code minFacePixels} wide: the whole photo, plus a grid of overlapping tiles
     * fine enough that such a face spans {@link #MIN_FACE_INPUT_PIXELS} of the model's input. Boxes
     * found twice are merged by the same suppression.
     */
    public List<DetectedFace> detect(RgbImage photo, double minFacePixels) {
        double side = Math.max(photo.width(), photo.height());
        // a tile of side t shows a face of f pixels at f * 256 / t input pixels
        double tile = Math.min(side, minFacePixels * SIZE / MIN_FACE_INPUT_PIXELS);
        List<DetectedFace> all = new ArrayList<>(detect(photo));
        if (tile < side) {
            double stride = tile * 0.75; // overlap, so a face on a tile edge is whole in a neighbour
            for (double ty = 0; ty < photo.height(); ty += stride) {
                for (double tx = 0; tx < photo.width(); tx += stride) {
                    double scale = tile / SIZE;
                    for (DetectedFace f : detectInInput(photo.squareCrop(tx, ty, tile, tile, SIZE))) {
                        DetectedFace inPhoto = scaled(f, scale);
                        all.add(translated(inPhoto, tx, ty));
                    }
                    if (tx + tile >= photo.width()) {
                        break;
                    }
                }
                if (ty + tile >= photo.height()) {
                    break;
                }
            }
        }
        // a face seen in a tile and in the whole photo may come out at two scales, one box
        // inside the other: merge those too
        return suppress(all, true);
    }

    /** Faces in the 256×256 model input's pixels. */
    public List<DetectedFace> detectInInput(RgbImage input) {
        List<float[]> out = models.run(ModelSpec.BLAZEFACE, input);
        // outputs: regressors and logits of the 16×16×2 anchors, then of the 8×8×6 anchors
        return decode(concat(out.get(0), out.get(2)), concat(out.get(1), out.get(3)));
    }

    List<DetectedFace> decode(float[] regressors, float[] logits) {
        List<DetectedFace> candidates = new ArrayList<>();
        for (int i = 0; i < ANCHORS.length; i++) {
            double score = sigmoid(logits[i]);
            if (score < minScore) {
                continue;
            }
            int r = i * 16;
            double ax = ANCHORS[i][0] * SIZE;
            double ay = ANCHORS[i][1] * SIZE;
            double cx = regressors[r] + ax;
            double cy = regressors[r + 1] + ay;
            double w = regressors[r + 2];
            double h = regressors[r + 3];
            double[] keypoints = new double[12];
            for (int k = 0; k < 6; k++) {
                keypoints[2 * k] = regressors[r + 4 + 2 * k] + ax;
                keypoints[2 * k + 1] = regressors[r + 5 + 2 * k] + ay;
            }
            candidates.add(new DetectedFace(cx - w / 2, cy - h / 2, w, h, score, keypoints));
        }
        return suppress(candidates, false);
    }

    /**
     * Non-maximum suppression: the most confident box of each overlapping group; with
     * {@code nested}, a box mostly inside a kept one counts as overlapping too.
     */
    private List<DetectedFace> suppress(List<DetectedFace> candidates, boolean nested) {
        List<DetectedFace> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingDouble(DetectedFace::score).reversed());
        List<DetectedFace> kept = new ArrayList<>();
        for (DetectedFace candidate : sorted) {
            if (kept.stream().allMatch(k -> k.iou(candidate) <= iouThreshold
                    && !(nested && k.containment(candidate) > 0.6))) {
                kept.add(candidate);
            }
        }
        return kept;
    }

    private static DetectedFace translated(DetectedFace f, double dx, double dy) {
        double[] keypoints = f.keypoints().clone();
        for (int i = 0; i < keypoints.length; i += 2) {
            keypoints[i] += dx;
            keypoints[i + 1] += dy;
        }
        return new DetectedFace(f.x() + dx, f.y() + dy, f.width(), f.height(), f.score(), keypoints);
    }

    private static DetectedFace scaled(DetectedFace f, double scale) {
        double[] keypoints = f.keypoints().clone();
        for (int i = 0; i < keypoints.length; i++) {
            keypoints[i] *= scale;
        }
        return new DetectedFace(f.x() * scale, f.y() * scale, f.width() * scale, f.height() * scale, f.score(), keypoints);
    }

    /** A logit as a probability; the logit clamped, so an extreme one cannot overflow. */
    static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-Math.max(-100, Math.min(100, v))));
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
