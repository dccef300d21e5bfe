package io.facefuse.numerics;

/** The fast Walsh-Hadamard transform: the moderation index's random rotation and the watermark's patterns. */
public final class WalshHadamard {

    private WalshHadamard() {
    }

    /**
     * In place and unnormalised, in Sylvester's order: entry r becomes the sum of the input times
     * row r of the Hadamard matrix. Applying it twice multiplies by the length. The length must be a
     * power of two.
     */
    public static void transform(float[] x) {
        for (int half = 1; half < x.length; half <<= 1) {
            for (int i = 0; i < x.length; i += half << 1) {
                for (int j = i; j < i + half; j++) {
                    float a = x[j];
                    float b = x[j + half];
                    x[j] = a + b;
                    x[j + half] = a - b;
                }
            }
        }
    }
}
