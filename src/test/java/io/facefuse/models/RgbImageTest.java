package io.facefuse.models;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The square crop every model's input is cut with: bilinear between the photo's pixel centres, black
 * beyond the photo (a letterbox or a face at the edge), on a small photo whose every value is known.
 */
class RgbImageTest {

    /** A 7 × 5 photo whose channels differ at every pixel. */
    private static final RgbImage PHOTO = photo(7, 5);

    @Test
    void aCropAtTheSameScaleIsThePhotosPixels() {
        RgbImage crop = PHOTO.squareCrop(2, 1, 3, 3, 3);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 3; x++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(PHOTO.rgb()[((y + 1) * 7 + x + 2) * 3 + c], crop.rgb()[(y * 3 + x) * 3 + c],
                            "pixel " + x + "," + y + " channel " + c);
                }
            }
        }
    }

    @Test
    void aCropPastThePhotosEdgesIsBlackThereAndBilinearInside() {
        // a window from 3 pixels left of and above the photo to past its right and bottom edges, at 1.7 pixels
        // a step: samples fall between pixels, on the edge rows and columns, and beyond
        double x = -3;
        double y = -3;
        double side = 13.6;
        int size = 8;
        RgbImage crop = PHOTO.squareCrop(x, y, side, side, size);
        byte[] expected = new byte[size * size * 3];
        double step = side / size;
        for (int oy = 0; oy < size; oy++) {
            for (int ox = 0; ox < size; ox++) {
                double sx = x + (ox + 0.5) * step - 0.5;
                double sy = y + (oy + 0.5) * step - 0.5;
                for (int c = 0; c < 3; c++) {
                    expected[(oy * size + ox) * 3 + c] = (byte) Math.round(padded(sx, sy, c));
                }
            }
        }
        assertArrayEquals(expected, crop.rgb());
        // the first pixel samples (-2.65, -2.65): wholly beyond the photo
        assertEquals(0, crop.rgb()[0]);
    }

    /** The photo's channel {@code c} at {@code sx, sy}, bilinear, the photo set on a black plane. */
    private static double padded(double sx, double sy, int c) {
        int x0 = (int) Math.floor(sx);
        int y0 = (int) Math.floor(sy);
        double fx = sx - x0;
        double fy = sy - y0;
        return (value(x0, y0, c) * (1 - fx) + value(x0 + 1, y0, c) * fx) * (1 - fy)
                + (value(x0, y0 + 1, c) * (1 - fx) + value(x0 + 1, y0 + 1, c) * fx) * fy;
    }

    private static int value(int x, int y, int c) {
        boolean inside = x >= 0 && y >= 0 && x < PHOTO.width() && y < PHOTO.height();
        return inside ? PHOTO.rgb()[(y * PHOTO.width() + x) * 3 + c] & 0xff : 0;
    }

    private static RgbImage photo(int width, int height) {
        byte[] rgb = new byte[width * height * 3];
        for (int i = 0; i < width * height; i++) {
            rgb[3 * i] = (byte) (10 + 7 * i);
            rgb[3 * i + 1] = (byte) (250 - 5 * i);
            rgb[3 * i + 2] = (byte) (40 + 3 * (i % 7) + 20 * (i / 7));
        }
        return new RgbImage(width, height, rgb);
    }
}
