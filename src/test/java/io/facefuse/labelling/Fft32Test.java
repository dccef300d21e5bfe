package io.facefuse.labelling;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The tile FFT the watermark detector correlates with: checked against the definitions it replaces. */
class Fft32Test {

    private static final int N = Fft32.N;

    @Test
    void oneLineMatchesTheDefinitionOfTheDft() {
        SplittableRandom random = new SplittableRandom(7);
        double[] re = new double[N];
        double[] im = new double[N];
        for (int n = 0; n < N; n++) {
            re[n] = random.nextDouble(-1, 1);
            im[n] = random.nextDouble(-1, 1);
        }
        double[] outRe = re.clone();
        double[] outIm = im.clone();
        Fft32.transform(outRe, outIm, false);
        for (int k = 0; k < N; k++) {
            double sumRe = 0;
            double sumIm = 0;
            for (int n = 0; n < N; n++) {
                double angle = -2 * Math.PI * k * n / N;
                sumRe += re[n] * Math.cos(angle) - im[n] * Math.sin(angle);
                sumIm += re[n] * Math.sin(angle) + im[n] * Math.cos(angle);
            }
            assertEquals(sumRe, outRe[k], 1e-9, "re " + k);
            assertEquals(sumIm, outIm[k], 1e-9, "im " + k);
        }
    }

    @Test
    void theInverseUndoesTheForwardTransform() {
        SplittableRandom random = new SplittableRandom(11);
        double[] re = new double[N * N];
        double[] im = new double[N * N];
        for (int c = 0; c < N * N; c++) {
            re[c] = random.nextDouble(-5, 5);
        }
        double[] original = re.clone();
        Fft32.transform2d(re, im, false);
        Fft32.transform2d(re, im, true);
        for (int c = 0; c < N * N; c++) {
            assertEquals(original[c], re[c], 1e-9);
            assertEquals(0, im[c], 1e-9);
        }
    }

    /** What the detector does with it: the circular cross-correlation at every shift, as the direct sum gives it. */
    @Test
    void theProductOfSpectraIsTheCircularCrossCorrelation() {
        SplittableRandom random = new SplittableRandom(13);
        double[] fold = new double[N * N];
        double[] pattern = new double[N * N];
        for (int c = 0; c < N * N; c++) {
            fold[c] = random.nextDouble(-3, 3);
            pattern[c] = random.nextBoolean() ? 1 : -1;
        }
        double[] foldRe = fold.clone();
        double[] foldIm = new double[N * N];
        double[] patternRe = pattern.clone();
        double[] patternIm = new double[N * N];
        Fft32.transform2d(foldRe, foldIm, false);
        Fft32.transform2d(patternRe, patternIm, false);
        double[] re = new double[N * N];
        double[] im = new double[N * N];
        for (int c = 0; c < N * N; c++) {
            re[c] = foldRe[c] * patternRe[c] + foldIm[c] * patternIm[c];
            im[c] = foldIm[c] * patternRe[c] - foldRe[c] * patternIm[c];
        }
        Fft32.transform2d(re, im, true);
        for (int dy = 0; dy < N; dy++) {
            for (int dx = 0; dx < N; dx++) {
                double direct = 0;
                for (int cy = 0; cy < N; cy++) {
                    for (int cx = 0; cx < N; cx++) {
                        direct += fold[((cy + dy) % N) * N + (cx + dx) % N] * pattern[cy * N + cx];
                    }
                }
                assertEquals(direct, re[dy * N + dx], 1e-8, "shift " + dx + "," + dy);
            }
        }
    }
}
