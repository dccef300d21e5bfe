package io.facefuse.labelling;

/**
 * The discrete Fourier transform of a 32×32 tile, in place (radix-2, row-major real and imaginary
 * parts). The watermark's detector correlates a tile with its sync pattern at every circular shift
 * for each of some two hundred candidate grids; this makes that 1024·log2(1024) work instead of
 * 1024². Small and fixed in size, so written here rather than taken from a general FFT library.
 */
final class Fft32 {

    static final int N = 32;
    private static final int LOG_N = 5;
    private static final double[] COS = new double[N / 2];
    private static final double[] SIN = new double[N / 2];
    private static final int[] REVERSED = new int[N];

    static {
        for (int k = 0; k < N / 2; k++) {
            COS[k] = Math.cos(2 * Math.PI * k / N);
            SIN[k] = Math.sin(2 * Math.PI * k / N);
        }
        for (int i = 0; i < N; i++) {
            REVERSED[i] = Integer.reverse(i) >>> (Integer.SIZE - LOG_N);
        }
    }

    private Fft32() {
    }

    /** Transforms rows then columns; the inverse divides by N² so that inverse(forward(x)) = x. */
    static void transform2d(double[] re, double[] im, boolean inverse) {
        double[] rowRe = new double[N];
        double[] rowIm = new double[N];
        for (int pass = 0; pass < 2; pass++) {
            for (int line = 0; line < N; line++) {
                for (int k = 0; k < N; k++) {
                    int index = pass == 0 ? line * N + k : k * N + line;
                    rowRe[k] = re[index];
                    rowIm[k] = im[index];
                }
                transform(rowRe, rowIm, inverse);
                for (int k = 0; k < N; k++) {
                    int index = pass == 0 ? line * N + k : k * N + line;
                    re[index] = rowRe[k];
                    im[index] = rowIm[k];
                }
            }
        }
        if (inverse) {
            for (int c = 0; c < re.length; c++) {
                re[c] /= N * N;
                im[c] /= N * N;
            }
        }
    }

    /** One line: X[k] = Σ x[n]·e^(∓2πi·kn/N), minus sign forward. */
    static void transform(double[] re, double[] im, boolean inverse) {
        for (int i = 0; i < N; i++) {
            int j = REVERSED[i];
            if (j > i) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        double sign = inverse ? 1 : -1;
        for (int size = 2; size <= N; size <<= 1) {
            int half = size / 2;
            int step = N / size;
            for (int start = 0; start < N; start += size) {
                for (int k = 0; k < half; k++) {
                    double wr = COS[k * step];
                    double wi = sign * SIN[k * step];
                    int a = start + k;
                    int b = a + half;
                    double tr = re[b] * wr - im[b] * wi;
                    double ti = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
    }
}
