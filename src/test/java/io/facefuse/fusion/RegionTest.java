package io.facefuse.fusion;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The region's filters against their definitions, computed the slow way. */
class RegionTest {

    private static final Random RANDOM = new Random(7);

    /** Each pass averages the pixels within r of each pixel along a row, then a column, those past the edge left out. */
    @Test
    void blurIsTwoPassesOfABoxAverageThatLeavesOutWhatLiesBeyondTheEdge() {
        for (int[] size : new int[][] {{37, 23}, {5, 40}, {1, 1}}) {
            int w = size[0];
            int h = size[1];
            float[] mask = random(w * h);
            for (int r : new int[] {1, 3, 50}) {
                float[] expected = mask.clone();
                for (int pass = 0; pass < 2; pass++) {
                    expected = boxAverage(expected, w, h, r, true);
                    expected = boxAverage(expected, w, h, r, false);
                }
                assertArrayEquals(expected, Region.blurred(mask, w, h, r), 1e-4f, w + "x" + h + ", radius " + r);
            }
        }
    }

    @Test
    void blurKeepsAnEvenFieldEven() {
        float[] even = new float[30 * 20];
        java.util.Arrays.fill(even, 0.25f);
        for (float v : Region.blurred(even, 30, 20, 6)) {
            assertEquals(0.25f, v, 1e-6f);
        }
    }

    /** Pixel centres map onto pixel centres, clamped at the edge, and each output is the bilinear mix of its four neighbours. */
    @Test
    void resampleIsBilinearBetweenPixelCentres() {
        int w = 19;
        int h = 11;
        float[] rgb = random(w * h * 3);
        int outW = 45;
        int outH = 7;
        float[] out = Region.resample(rgb, w, h, 3, outW, outH);
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                double fx = Math.clamp((x + 0.5) * w / outW - 0.5, 0, w - 1);
                double fy = Math.clamp((y + 0.5) * h / outH - 0.5, 0, h - 1);
                int x0 = (int) fx;
                int y0 = (int) fy;
                int x1 = Math.min(w - 1, x0 + 1);
                int y1 = Math.min(h - 1, y0 + 1);
                for (int c = 0; c < 3; c++) {
                    double top = rgb[(y0 * w + x0) * 3 + c] * (1 - (fx - x0)) + rgb[(y0 * w + x1) * 3 + c] * (fx - x0);
                    double bottom = rgb[(y1 * w + x0) * 3 + c] * (1 - (fx - x0)) + rgb[(y1 * w + x1) * 3 + c] * (fx - x0);
                    assertEquals(top * (1 - (fy - y0)) + bottom * (fy - y0), out[(y * outW + x) * 3 + c], 1e-3,
                            "pixel " + x + ", " + y);
                }
            }
        }
        assertArrayEquals(rgb, Region.resample(rgb, w, h, 3, w, h), 1e-4f, "the same size is the same picture");
    }

    private static float[] boxAverage(float[] in, int w, int h, int r, boolean alongRows) {
        float[] out = new float[in.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double sum = 0;
                int count = 0;
                for (int d = -r; d <= r; d++) {
                    int sx = alongRows ? x + d : x;
                    int sy = alongRows ? y : y + d;
                    if (sx >= 0 && sx < w && sy >= 0 && sy < h) {
                        sum += in[sy * w + sx];
                        count++;
                    }
                }
                out[y * w + x] = (float) (sum / count);
            }
        }
        return out;
    }

    private static float[] random(int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = RANDOM.nextFloat() * 255;
        }
        return values;
    }
}
