package io.facefuse.fusion;

/**
 * A rectangle of a canvas and float pixels for it: the working area around one face, so that a
 * fusion touches only the pixels it changes. Channels are RGB, 0-255, row-major.
 */
final class Region {

    final int x0;
    final int y0;
    final int width;
    final int height;

    Region(int x0, int y0, int width, int height) {
        this.x0 = x0;
        this.y0 = y0;
        this.width = width;
        this.height = height;
    }

    /** The box around x, y pairs, grown by {@code margin} of its size on each side and clipped to the canvas. */
    static Region around(double[] points, double margin, int canvasWidth, int canvasHeight) {
        double minX = Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (int i = 0; i < points.length; i += 2) {
            minX = Math.min(minX, points[i]);
            maxX = Math.max(maxX, points[i]);
            minY = Math.min(minY, points[i + 1]);
            maxY = Math.max(maxY, points[i + 1]);
        }
        double grow = Math.max(maxX - minX, maxY - minY) * margin;
        int x0 = (int) Math.max(0, Math.floor(minX - grow));
        int y0 = (int) Math.max(0, Math.floor(minY - grow));
        int x1 = (int) Math.min(canvasWidth, Math.ceil(maxX + grow));
        int y1 = (int) Math.min(canvasHeight, Math.ceil(maxY + grow));
        return new Region(x0, y0, Math.max(1, x1 - x0), Math.max(1, y1 - y0));
    }

    int pixels() {
        return width * height;
    }

    /** This region's pixels of an image, as floats. */
    float[] copyOf(byte[] rgb, int canvasWidth) {
        float[] out = new float[pixels() * 3];
        for (int y = 0; y < height; y++) {
            int source = ((y0 + y) * canvasWidth + x0) * 3;
            for (int i = 0; i < width * 3; i++) {
                out[y * width * 3 + i] = rgb[source + i] & 0xff;
            }
        }
        return out;
    }

    /** Writes region-sized float pixels back into an image's bytes, rounded: the inverse of {@link #copyOf}. */
    void writeInto(byte[] rgb, int canvasWidth, float[] pixels) {
        for (int y = 0; y < height; y++) {
            int target = ((y0 + y) * canvasWidth + x0) * 3;
            for (int i = 0; i < width * 3; i++) {
                rgb[target + i] = (byte) Math.round(pixels[y * width * 3 + i]);
            }
        }
    }

    /** Bilinear resampling of a region-sized array with {@code channels} to another size. */
    static float[] resample(float[] in, int w, int h, int channels, int outW, int outH) {
        float[] out = new float[outW * outH * channels];
        double sx = (double) w / outW;
        double sy = (double) h / outH;
        // each column's two source columns and weight, once for all rows
        int[] left = new int[outW];
        int[] right = new int[outW];
        double[] weights = new double[outW];
        for (int x = 0; x < outW; x++) {
            double fx = Math.max(0, Math.min(w - 1, (x + 0.5) * sx - 0.5));
            int x0 = (int) fx;
            left[x] = x0 * channels;
            right[x] = Math.min(w - 1, x0 + 1) * channels;
            weights[x] = fx - x0;
        }
        for (int y = 0; y < outH; y++) {
            double fy = Math.max(0, Math.min(h - 1, (y + 0.5) * sy - 0.5));
            int y0 = (int) fy;
            int top = y0 * w * channels;
            int bottom = Math.min(h - 1, y0 + 1) * w * channels;
            double wy = fy - y0;
            for (int x = 0; x < outW; x++) {
                double wx = weights[x];
                int at = (y * outW + x) * channels;
                for (int c = 0; c < channels; c++) {
                    double upper = in[top + left[x] + c] * (1 - wx) + in[top + right[x] + c] * wx;
                    double lower = in[bottom + left[x] + c] * (1 - wx) + in[bottom + right[x] + c] * wx;
                    out[at + c] = (float) (upper * (1 - wy) + lower * wy);
                }
            }
        }
        return out;
    }

    /** Two passes of a separable box blur of radius r: close to a Gaussian, linear in the pixel count. */
    static float[] blurred(float[] mask, int w, int h, int r) {
        float[] a = mask.clone();
        float[] b = new float[a.length];
        for (int pass = 0; pass < 2; pass++) {
            boxRows(a, b, w, h, r);
            boxColumns(b, a, w, h, r);
        }
        return a;
    }

    private static void boxRows(float[] in, float[] out, int w, int h, int r) {
        for (int y = 0; y < h; y++) {
            double sum = 0;
            int count = 0;
            for (int x = -r; x < w; x++) {
                int add = x + r;
                if (add < w) {
                    sum += in[y * w + add];
                    count++;
                }
                int drop = x - r - 1;
                if (drop >= 0) {
                    sum -= in[y * w + drop];
                    count--;
                }
                if (x >= 0) {
                    out[y * w + x] = (float) (sum / count);
                }
            }
        }
    }

    /**
     * The column pass, row by row: each column's running sum in {@code sums}, so the image is read
     * in memory order (column by column it jumped a row's width at every step); each column's sum
     * takes the same values in the same order, so the result is the same.
     */
    private static void boxColumns(float[] in, float[] out, int w, int h, int r) {
        double[] sums = new double[w];
        int count = 0;
        for (int y = -r; y < h; y++) {
            int add = y + r;
            if (add < h) {
                for (int x = 0; x < w; x++) {
                    sums[x] += in[add * w + x];
                }
                count++;
            }
            int drop = y - r - 1;
            if (drop >= 0) {
                for (int x = 0; x < w; x++) {
                    sums[x] -= in[drop * w + x];
                }
                count--;
            }
            if (y >= 0) {
                for (int x = 0; x < w; x++) {
                    out[y * w + x] = (float) (sums[x] / count);
                }
            }
        }
    }
}
