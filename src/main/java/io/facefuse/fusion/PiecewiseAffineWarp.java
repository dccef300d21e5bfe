package io.facefuse.fusion;

import io.facefuse.models.RgbImage;

/**
 * Moves an image's content from one set of landmarks to another, triangle by triangle: each
 * triangle of the destination takes its pixels from the matching triangle of the source, through
 * the affine map between the two, sampled bilinearly.
 */
final class PiecewiseAffineWarp {

    /** The warped pixels of the region, and per pixel whether any triangle covered it. */
    record Warped(float[] rgb, float[] covered) {
    }

    /** A pixel of the region inside triangle a, b, c of the destination, with its barycentric weights. */
    private interface PixelVisitor {
        void visit(int pixel, int a, int b, int c, double l1, double l2, double l3);
    }

    private PiecewiseAffineWarp() {
    }

    static Warped warp(RgbImage source, double[] from, double[] to, int[] triangles, Region region) {
        float[] rgb = new float[region.pixels() * 3];
        float[] covered = new float[region.pixels()];
        forEachPixel(to, triangles, region, (i, a, b, c, l1, l2, l3) -> {
            double sx = l1 * from[2 * a] + l2 * from[2 * b] + l3 * from[2 * c];
            double sy = l1 * from[2 * a + 1] + l2 * from[2 * b + 1] + l3 * from[2 * c + 1];
            if (sx < -0.5 || sy < -0.5 || sx > source.width() - 0.5 || sy > source.height() - 0.5) {
                // beyond the photo's edge (a face cropped tight): nothing to take there, so not covered
                // (the mask leaves the template), rather than the edge's pixels smeared inward
                return;
            }
            source.sample(sx, sy, rgb, i * 3);
            covered[i] = 1;
        });
        return new Warped(rgb, covered);
    }

    /** {@code values} (one per landmark) interpolated across each triangle of {@code to}, per pixel of the region; 0 outside. */
    static float[] interpolate(double[] to, int[] triangles, double[] values, Region region) {
        float[] out = new float[region.pixels()];
        forEachPixel(to, triangles, region,
                (i, a, b, c, l1, l2, l3) -> out[i] = (float) (l1 * values[a] + l2 * values[b] + l3 * values[c]));
        return out;
    }

    private static void forEachPixel(double[] to, int[] triangles, Region region, PixelVisitor visitor) {
        for (int t = 0; t < triangles.length; t += 3) {
            int a = triangles[t];
            int b = triangles[t + 1];
            int c = triangles[t + 2];
            double ax = to[2 * a] - region.x0;
            double ay = to[2 * a + 1] - region.y0;
            double bx = to[2 * b] - region.x0;
            double by = to[2 * b + 1] - region.y0;
            double cx = to[2 * c] - region.x0;
            double cy = to[2 * c + 1] - region.y0;
            double det = (by - cy) * (ax - cx) + (cx - bx) * (ay - cy);
            if (Math.abs(det) < 1e-9) {
                continue;
            }
            int minX = (int) Math.max(0, Math.floor(Math.min(ax, Math.min(bx, cx))));
            int maxX = (int) Math.min(region.width - 1, Math.ceil(Math.max(ax, Math.max(bx, cx))));
            int minY = (int) Math.max(0, Math.floor(Math.min(ay, Math.min(by, cy))));
            int maxY = (int) Math.min(region.height - 1, Math.ceil(Math.max(ay, Math.max(by, cy))));
            for (int y = minY; y <= maxY; y++) {
                for (int x = minX; x <= maxX; x++) {
                    double l1 = ((by - cy) * (x - cx) + (cx - bx) * (y - cy)) / det;
                    double l2 = ((cy - ay) * (x - cx) + (ax - cx) * (y - cy)) / det;
                    double l3 = 1 - l1 - l2;
                    if (l1 < -1e-6 || l2 < -1e-6 || l3 < -1e-6) {
                        continue;
                    }
                    visitor.visit(y * region.width + x, a, b, c, l1, l2, l3);
                }
            }
        }
    }
}
