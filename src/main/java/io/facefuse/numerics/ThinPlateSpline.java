package io.facefuse.numerics;

/**
 * A thin-plate spline in the plane: the smoothest map (least bending energy) that takes each control
 * point's given value, here a 2D displacement. Used to carry a deformation from a face's outline
 * into its surroundings without creases. Fitting solves one dense system of the control points'
 * count plus three (a few dozen to a hundred points: well under a millisecond).
 */
public final class ThinPlateSpline {

    private static final double RIDGE = 1e-6;

    private final double[] centres;
    private final double[] weights;
    private final double originX;
    private final double originY;
    private final double scale;

    private ThinPlateSpline(double[] centres, double[] weights, double originX, double originY, double scale) {
        this.centres = centres;
        this.weights = weights;
        this.originX = originX;
        this.originY = originY;
        this.scale = scale;
    }

    /**
     * Fits the spline through {@code points} (x, y pairs) taking {@code values} (dx, dy pairs) there.
     * A tiny ridge on the kernel's diagonal keeps points that coincide solvable (it then passes
     * between their values); fewer than three points, or all on one line, answer an
     * {@link IllegalArgumentException}.
     */
    public static ThinPlateSpline fit(double[] points, double[] values) {
        int n = points.length / 2;
        if (n < 3 || values.length != points.length) {
            throw new IllegalArgumentException("a thin-plate spline needs at least three points, each with a value");
        }
        // centred and scaled to about unit size, so the kernel's entries stay well conditioned
        double ox = 0;
        double oy = 0;
        for (int i = 0; i < n; i++) {
            ox += points[2 * i];
            oy += points[2 * i + 1];
        }
        ox /= n;
        oy /= n;
        double spread = 0;
        for (int i = 0; i < n; i++) {
            spread = Math.max(spread, Math.hypot(points[2 * i] - ox, points[2 * i + 1] - oy));
        }
        double scale = spread > 0 ? 1 / spread : 1;
        double[] centres = new double[2 * n];
        for (int i = 0; i < n; i++) {
            centres[2 * i] = (points[2 * i] - ox) * scale;
            centres[2 * i + 1] = (points[2 * i + 1] - oy) * scale;
        }
        // [K P; Pt 0] [w; a] = [v; 0], with K_ij = U(|c_i - c_j|) and P_i = (1, x_i, y_i)
        int size = n + 3;
        double[][] system = new double[size][size + 2];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                system[i][j] = kernel(centres[2 * i] - centres[2 * j], centres[2 * i + 1] - centres[2 * j + 1]);
            }
            system[i][i] = RIDGE;
            double[] affine = {1, centres[2 * i], centres[2 * i + 1]};
            for (int k = 0; k < 3; k++) {
                system[i][n + k] = affine[k];
                system[n + k][i] = affine[k];
            }
            system[i][size] = values[2 * i];
            system[i][size + 1] = values[2 * i + 1];
        }
        double[][] solution = solve(system, size);
        double[] weights = new double[2 * size];
        for (int i = 0; i < size; i++) {
            weights[2 * i] = solution[i][0];
            weights[2 * i + 1] = solution[i][1];
        }
        return new ThinPlateSpline(centres, weights, ox, oy, scale);
    }

    /** The spline's value (dx, dy) at x, y, written to {@code out}. */
    public void evaluate(double x, double y, double[] out) {
        double u = (x - originX) * scale;
        double v = (y - originY) * scale;
        int n = centres.length / 2;
        double dx = weights[2 * n] + weights[2 * (n + 1)] * u + weights[2 * (n + 2)] * v;
        double dy = weights[2 * n + 1] + weights[2 * (n + 1) + 1] * u + weights[2 * (n + 2) + 1] * v;
        for (int i = 0; i < n; i++) {
            double k = kernel(u - centres[2 * i], v - centres[2 * i + 1]);
            dx += weights[2 * i] * k;
            dy += weights[2 * i + 1] * k;
        }
        out[0] = dx;
        out[1] = dy;
    }

    /** U(r) = r² log r, written with r² so that no square root is taken; U(0) = 0. */
    private static double kernel(double dx, double dy) {
        double r2 = dx * dx + dy * dy;
        return r2 == 0 ? 0 : 0.5 * r2 * Math.log(r2);
    }

    /**
     * Gaussian elimination with partial pivoting of an augmented {@code size} × ({@code size} + 2)
     * matrix; answers the two solution columns. Written here rather than taken from a linear-algebra
     * library: it is the project's only dense solve, of a hundred unknowns.
     */
    private static double[][] solve(double[][] a, int size) {
        for (int col = 0; col < size; col++) {
            int pivot = col;
            for (int row = col + 1; row < size; row++) {
                if (Math.abs(a[row][col]) > Math.abs(a[pivot][col])) {
                    pivot = row;
                }
            }
            if (Math.abs(a[pivot][col]) < 1e-12) {
                throw new IllegalArgumentException("the control points do not determine a spline (coincident or collinear)");
            }
            double[] swap = a[col];
            a[col] = a[pivot];
            a[pivot] = swap;
            for (int row = col + 1; row < size; row++) {
                double factor = a[row][col] / a[col][col];
                if (factor != 0) {
                    for (int k = col; k < size + 2; k++) {
                        a[row][k] -= factor * a[col][k];
                    }
                }
            }
        }
        double[][] x = new double[size][2];
        for (int row = size - 1; row >= 0; row--) {
            for (int c = 0; c < 2; c++) {
                double sum = a[row][size + c];
                for (int k = row + 1; k < size; k++) {
                    sum -= a[row][k] * x[k][c];
                }
                x[row][c] = sum / a[row][row];
            }
        }
        return x;
    }
}
