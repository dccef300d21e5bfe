package io.facefuse.support;

import io.facefuse.models.RgbImage;
import io.facefuse.vision.Glasses;

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

    /** The mean absolute difference over the pixels where {@code where} (row by row) holds; 0 where none does. */
    public static double mean(BufferedImage a, BufferedImage b, boolean[] where) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < where.length; i++) {
            if (!where[i]) {
                continue;
            }
            int p = a.getRGB(i % a.getWidth(), i / a.getWidth());
            int q = b.getRGB(i % a.getWidth(), i / a.getWidth());
            for (int shift = 0; shift <= 16; shift += 8) {
                sum += Math.abs(((p >> shift) & 0xff) - ((q >> shift) & 0xff));
            }
            n++;
        }
        return n == 0 ? 0 : sum / (3.0 * n);
    }

    /** The mean grey ((R + G + B) / 3) of {@code image} over the pixels where {@code where} (row by row) holds. */
    public static double meanGrey(RgbImage image, boolean[] where) {
        double sum = 0;
        int n = 0;
        byte[] rgb = image.rgb();
        for (int p = 0; p < where.length; p++) {
            if (where[p]) {
                sum += ((rgb[3 * p] & 0xff) + (rgb[3 * p + 1] & 0xff) + (rgb[3 * p + 2] & 0xff)) / 3.0;
                n++;
            }
        }
        return sum / n;
    }

    /**
     * The pixels of a {@code width} by {@code height} image over the eyes of the face whose landmarks
     * (x, y pairs) are {@code points}: discs of 0.12 eye distances about the eyes' centres (the lens
     * of a pair of sunglasses, the eye itself).
     */
    public static boolean[] eyeDiscs(int width, int height, double[] points) {
        double[] eyes = Glasses.eyeCentres(points);
        return discs(width, height, 0.12 * Math.hypot(eyes[2] - eyes[0], eyes[3] - eyes[1]), eyes);
    }

    /** The pixels of a {@code width} by {@code height} image within {@code radius} of any of {@code centres} (x, y pairs). */
    public static boolean[] discs(int width, int height, double radius, double... centres) {
        boolean[] out = new boolean[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < centres.length; c += 2) {
                    if (Math.hypot(x + 0.5 - centres[c], y + 0.5 - centres[c + 1]) <= radius) {
                        out[y * width + x] = true;
                    }
                }
            }
        }
        return out;
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
