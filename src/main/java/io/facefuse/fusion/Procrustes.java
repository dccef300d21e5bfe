package io.facefuse.fusion;

/** Similarity alignment (scale, rotation, translation) of one point set onto another, least squares. */
final class Procrustes {

    private Procrustes() {
    }

    /** {@code moving} (x, y pairs) mapped by the similarity that best fits it onto {@code fixed}. */
    static double[] align(double[] moving, double[] fixed) {
        int n = moving.length / 2;
        double mx = 0;
        double my = 0;
        double fx = 0;
        double fy = 0;
        for (int i = 0; i < n; i++) {
            mx += moving[2 * i];
            my += moving[2 * i + 1];
            fx += fixed[2 * i];
            fy += fixed[2 * i + 1];
        }
        mx /= n;
        my /= n;
        fx /= n;
        fy /= n;
        double dot = 0;
        double cross = 0;
        double norm = 0;
        for (int i = 0; i < n; i++) {
            double ax = moving[2 * i] - mx;
            double ay = moving[2 * i + 1] - my;
            double bx = fixed[2 * i] - fx;
            double by = fixed[2 * i + 1] - fy;
            dot += ax * bx + ay * by;
            cross += ax * by - ay * bx;
            norm += ax * ax + ay * ay;
        }
        // the optimal rotation's cos and sin, times the optimal scale
        double a = dot / norm;
        double b = cross / norm;
        double[] out = new double[moving.length];
        for (int i = 0; i < n; i++) {
            double x = moving[2 * i] - mx;
            double y = moving[2 * i + 1] - my;
            out[2 * i] = a * x - b * y + fx;
            out[2 * i + 1] = b * x + a * y + fy;
        }
        return out;
    }
}
