package io.facefuse.numerics;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ThinPlateSplineTest {

    @Test
    void passesThroughItsPoints() {
        Random random = new Random(7);
        double[] points = new double[2 * 60];
        double[] values = new double[points.length];
        for (int i = 0; i < points.length; i++) {
            points[i] = random.nextDouble() * 800 + 100;
            values[i] = random.nextGaussian() * 12;
        }
        ThinPlateSpline spline = ThinPlateSpline.fit(points, values);
        double[] at = new double[2];
        for (int i = 0; i < points.length; i += 2) {
            spline.evaluate(points[i], points[i + 1], at);
            assertEquals(values[i], at[0], 0.01, "dx at point " + i / 2);
            assertEquals(values[i + 1], at[1], 0.01, "dy at point " + i / 2);
        }
    }

    /** An affine field costs no bending: the spline is that field everywhere, not only at its points. */
    @Test
    void reproducesAnAffineFieldEverywhere() {
        Random random = new Random(11);
        double[] points = new double[2 * 20];
        double[] values = new double[points.length];
        for (int i = 0; i < points.length; i += 2) {
            points[i] = random.nextDouble() * 500;
            points[i + 1] = random.nextDouble() * 300;
            values[i] = 3 + 0.02 * points[i] - 0.01 * points[i + 1];
            values[i + 1] = -4 + 0.03 * points[i + 1];
        }
        ThinPlateSpline spline = ThinPlateSpline.fit(points, values);
        double[] at = new double[2];
        for (double x = -100; x <= 600; x += 70) {
            for (double y = -50; y <= 350; y += 45) {
                spline.evaluate(x, y, at);
                assertEquals(3 + 0.02 * x - 0.01 * y, at[0], 1e-4);
                assertEquals(-4 + 0.03 * y, at[1], 1e-4);
            }
        }
    }

    /** Between two points with different values it moves smoothly: no step, no overshoot beyond them. */
    @Test
    void isSmoothBetweenItsPoints() {
        double[] points = {0, 0, 100, 0, 0, 100, 100, 100, 50, 50};
        double[] values = {0, 0, 0, 0, 0, 0, 0, 0, 10, -5};
        ThinPlateSpline spline = ThinPlateSpline.fit(points, values);
        double[] at = new double[2];
        spline.evaluate(0, 50, at);
        double previous = at[0];
        double largestStep = 0;
        for (double x = 0; x <= 50; x += 1) {
            spline.evaluate(x, 50, at);
            largestStep = Math.max(largestStep, Math.abs(at[0] - previous));
            previous = at[0];
            assertTrue(at[0] > -0.5 && at[0] <= 10.01, "within the values at " + x + ": " + at[0]);
        }
        assertTrue(largestStep < 1, "no step along the way: " + largestStep);
    }

    @Test
    void pointsThatCoincideAreStillSolvable() {
        double[] points = {0, 0, 100, 0, 0, 100, 100, 100, 100, 100};
        double[] values = {0, 0, 0, 0, 0, 0, 4, 4, 4, 4};
        double[] at = new double[2];
        ThinPlateSpline.fit(points, values).evaluate(100, 100, at);
        assertEquals(4, at[0], 0.01);
    }

    @Test
    void fewerThanThreePointsOrPointsOnALineAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ThinPlateSpline.fit(new double[] {0, 0, 1, 1}, new double[4]));
        assertThrows(IllegalArgumentException.class,
                () -> ThinPlateSpline.fit(new double[] {0, 0, 1, 1, 2, 2, 3, 3}, new double[8]));
    }
}
