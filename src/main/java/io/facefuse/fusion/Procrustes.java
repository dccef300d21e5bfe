package io.facefuse.fusion;

/** Similarity alignment (scale, rotation, translation) of one point set onto another, least squares. */
final class Procrustes {

    private Procrustes() {
    }

    /**
     * {@code moving} (x, y pairs) mapped by the similarity in the plane that best fits it onto
     * {@code fixed}: the classic landmark swap's alignment, which the quality harness compares
     * against (the engine aligns in space, {@link #align3d}).
     */
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

    /**
     * {@code moving} (x, y, z triples) mapped by the similarity in space (scale, rotation,
     * translation) that best fits it onto {@code fixed}: Horn's closed form, the rotation being the
     * unit quaternion that is the top eigenvector of a 4 × 4 matrix of the two sets' cross products.
     * Turning the whole face in space leaves only its proportions to differ.
     */
    static double[] align3d(double[] moving, double[] fixed) {
        int n = moving.length / 3;
        double[] mc = new double[3];
        double[] fc = new double[3];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 3; k++) {
                mc[k] += moving[3 * i + k] / n;
                fc[k] += fixed[3 * i + k] / n;
            }
        }
        double[][] s = new double[3][3];
        double norm = 0;
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < 3; r++) {
                double a = moving[3 * i + r] - mc[r];
                norm += a * a;
                for (int c = 0; c < 3; c++) {
                    s[r][c] += a * (fixed[3 * i + c] - fc[c]);
                }
            }
        }
        double[][] q = {
                {s[0][0] + s[1][1] + s[2][2], s[1][2] - s[2][1], s[2][0] - s[0][2], s[0][1] - s[1][0]},
                {s[1][2] - s[2][1], s[0][0] - s[1][1] - s[2][2], s[0][1] + s[1][0], s[2][0] + s[0][2]},
                {s[2][0] - s[0][2], s[0][1] + s[1][0], -s[0][0] + s[1][1] - s[2][2], s[1][2] + s[2][1]},
                {s[0][1] - s[1][0], s[2][0] + s[0][2], s[1][2] + s[2][1], -s[0][0] - s[1][1] + s[2][2]}};
        double[] u = topEigenvector(q);
        double w = u[0];
        double x = u[1];
        double y = u[2];
        double z = u[3];
        double[][] rotation = {
                {w * w + x * x - y * y - z * z, 2 * (x * y - w * z), 2 * (x * z + w * y)},
                {2 * (x * y + w * z), w * w - x * x + y * y - z * z, 2 * (y * z - w * x)},
                {2 * (x * z - w * y), 2 * (y * z + w * x), w * w - x * x - y * y + z * z}};
        double dot = 0;
        double[][] rotated = new double[n][3];
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 3; c++) {
                    rotated[i][r] += rotation[r][c] * (moving[3 * i + c] - mc[c]);
                }
                dot += rotated[i][r] * (fixed[3 * i + r] - fc[r]);
            }
        }
        double scale = dot / norm;
        double[] out = new double[moving.length];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 3; k++) {
                out[3 * i + k] = scale * rotated[i][k] + fc[k];
            }
        }
        return out;
    }

    /** The unit eigenvector of the largest eigenvalue of a symmetric 4 × 4 matrix (cyclic Jacobi rotations). */
    private static double[] topEigenvector(double[][] matrix) {
        double[][] a = new double[4][];
        for (int i = 0; i < 4; i++) {
            a[i] = matrix[i].clone();
        }
        double[][] v = {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}};
        for (int sweep = 0; sweep < 50; sweep++) {
            double off = 0;
            for (int p = 0; p < 4; p++) {
                for (int r = p + 1; r < 4; r++) {
                    off += a[p][r] * a[p][r];
                }
            }
            if (off < 1e-22) {
                break;
            }
            for (int p = 0; p < 4; p++) {
                for (int r = p + 1; r < 4; r++) {
                    if (a[p][r] == 0) {
                        continue;
                    }
                    double theta = (a[r][r] - a[p][p]) / (2 * a[p][r]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double sn = t * c;
                    for (int k = 0; k < 4; k++) {
                        double akp = a[k][p];
                        double akr = a[k][r];
                        a[k][p] = c * akp - sn * akr;
                        a[k][r] = sn * akp + c * akr;
                    }
                    for (int k = 0; k < 4; k++) {
                        double apk = a[p][k];
                        double ark = a[r][k];
                        a[p][k] = c * apk - sn * ark;
                        a[r][k] = sn * apk + c * ark;
                    }
                    for (int k = 0; k < 4; k++) {
                        double vkp = v[k][p];
                        double vkr = v[k][r];
                        v[k][p] = c * vkp - sn * vkr;
                        v[k][r] = sn * vkp + c * vkr;
                    }
                }
            }
        }
        int best = 0;
        for (int i = 1; i < 4; i++) {
            if (a[i][i] > a[best][best]) {
                best = i;
            }
        }
        double[] out = new double[4];
        for (int k = 0; k < 4; k++) {
            out[k] = v[k][best];
        }
        return out;
    }
}
