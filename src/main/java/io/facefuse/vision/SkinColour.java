package io.facefuse.vision;

import io.facefuse.models.RgbImage;

/**
 * The mean and spread of a face's colour in L*a*b*, over the inside of its outline: what colour
 * transfer matches a user's face to a template's.
 */
public record SkinColour(double meanL, double meanA, double meanB, double sdL, double sdA, double sdB) {

    public static SkinColour of(RgbImage photo, double[] landmarks) {
        double[] oval = FaceMesh.oval(landmarks);
        double minX = Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (int i = 0; i < oval.length; i += 2) {
            minX = Math.min(minX, oval[i]);
            maxX = Math.max(maxX, oval[i]);
            minY = Math.min(minY, oval[i + 1]);
            maxY = Math.max(maxY, oval[i + 1]);
        }
        // a sparse grid is enough for six numbers
        int step = Math.max(1, (int) ((maxX - minX) / 64));
        double[] sum = new double[3];
        double[] squares = new double[3];
        int n = 0;
        byte[] rgb = photo.rgb();
        for (int y = (int) Math.max(0, minY); y < Math.min(photo.height(), maxY); y += step) {
            for (int x = (int) Math.max(0, minX); x < Math.min(photo.width(), maxX); x += step) {
                if (!FaceMesh.inside(oval, x, y)) {
                    continue;
                }
                int i = (y * photo.width() + x) * 3;
                double[] lab = Lab.fromRgb(rgb[i] & 0xff, rgb[i + 1] & 0xff, rgb[i + 2] & 0xff);
                for (int c = 0; c < 3; c++) {
                    sum[c] += lab[c];
                    squares[c] += lab[c] * lab[c];
                }
                n++;
            }
        }
        if (n == 0) {
            return new SkinColour(0, 0, 0, 1, 1, 1);
        }
        double[] mean = new double[3];
        double[] sd = new double[3];
        for (int c = 0; c < 3; c++) {
            mean[c] = sum[c] / n;
            sd[c] = Math.sqrt(Math.max(1e-6, squares[c] / n - mean[c] * mean[c]));
        }
        return new SkinColour(mean[0], mean[1], mean[2], sd[0], sd[1], sd[2]);
    }
}
