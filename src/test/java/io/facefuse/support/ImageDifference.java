package io.facefuse.support;

import java.awt.image.BufferedImage;

/** How far apart two images of the same size are, channel by channel (R, G, B), in grey levels. */
public final class ImageDifference {

    private ImageDifference() {
    }

    /** The mean absolute difference over the whole image. */
    public static double mean(BufferedImage a, BufferedImage b) {
        return mean(a, b, 0, 0, a.getWidth(), a.getHeight());
    }

    /** The mean absolute difference over the box at {@code x}, {@code y}, {@code w} by {@code h}. */
    public static double mean(BufferedImage a, BufferedImage b, int x, int y, int w, int h) {
        double sum = 0;
        for (int j = y; j < y + h; j++) {
            for (int i = x; i < x + w; i++) {
                int p = a.getRGB(i, j);
                int q = b.getRGB(i, j);
                for (int shift = 0; shift <= 16; shift += 8) {
                    sum += Math.abs(((p >> shift) & 0xff) - ((q >> shift) & 0xff));
                }
            }
        }
        return sum / (3.0 * w * h);
    }

    /** The largest absolute difference of any channel anywhere. */
    public static int largest(BufferedImage a, BufferedImage b) {
        int most = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    most = Math.max(most, Math.abs(((p >> shift) & 0xff) - ((q >> shift) & 0xff)));
                }
            }
        }
        return most;
    }
}
