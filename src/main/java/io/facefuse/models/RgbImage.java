package io.facefuse.models;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/** An 8-bit RGB image, row-major, three bytes a pixel: what the models' pre-processing works on. */
public record RgbImage(int width, int height, byte[] rgb) {

    public RgbImage {
        if (rgb.length != width * height * 3) {
            throw new IllegalArgumentException("expected " + width * height * 3 + " bytes, got " + rgb.length);
        }
    }

    public static RgbImage of(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR
                && image.getRaster().getDataBuffer() instanceof java.awt.image.DataBufferByte buffer
                && buffer.getData().length == w * h * 3 && image.getRaster().getParent() == null) {
            // what ImageIO's JPEG reader gives: swap the bytes in one pass, no per-pixel calls
            byte[] bgr = buffer.getData();
            byte[] rgb = new byte[bgr.length];
            for (int i = 0; i < bgr.length; i += 3) {
                rgb[i] = bgr[i + 2];
                rgb[i + 1] = bgr[i + 1];
                rgb[i + 2] = bgr[i];
            }
            return new RgbImage(w, h, rgb);
        }
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < argb.length; i++) {
            rgb[i * 3] = (byte) (argb[i] >> 16);
            rgb[i * 3 + 1] = (byte) (argb[i] >> 8);
            rgb[i * 3 + 2] = (byte) argb[i];
        }
        return new RgbImage(w, h, rgb);
    }

    /**
     * The colour at photo point {@code x, y} (pixel centres on integers), bilinear between the four
     * nearest pixels, into {@code out} from {@code at} (R, G, B, 0-255); points past the edge take the
     * edge's colour.
     */
    public void sample(double x, double y, float[] out, int at) {
        x = Math.max(0, Math.min(width - 1.001, x));
        y = Math.max(0, Math.min(height - 1.001, y));
        int x0 = (int) x;
        int y0 = (int) y;
        double fx = x - x0;
        double fy = y - y0;
        int i00 = (y0 * width + x0) * 3;
        int i01 = i00 + 3;
        int i10 = i00 + width * 3;
        int i11 = i10 + 3;
        for (int c = 0; c < 3; c++) {
            double top = (rgb[i00 + c] & 0xff) * (1 - fx) + (rgb[i01 + c] & 0xff) * fx;
            double bottom = (rgb[i10 + c] & 0xff) * (1 - fx) + (rgb[i11 + c] & 0xff) * fx;
            out[at + c] = (float) (top * (1 - fy) + bottom * fy);
        }
    }

    /** A BufferedImage of these pixels (TYPE_3BYTE_BGR, what ImageIO's encoders take fastest). */
    public BufferedImage toBufferedImage() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((java.awt.image.DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < rgb.length; i += 3) {
            bgr[i] = rgb[i + 2];
            bgr[i + 1] = rgb[i + 1];
            bgr[i + 2] = rgb[i];
        }
        return image;
    }

    public static RgbImage decode(byte[] encoded) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(encoded));
        if (image == null) {
            throw new IOException("not an image ImageIO can read");
        }
        return of(image);
    }

    /**
     * A square region of this image (given in this image's pixels, and allowed to extend past its
     * edges, which read as black) resampled bilinearly to {@code size}×{@code size}: the crop the
     * models take. A non-square region grows to a square at its bottom or right, so the whole
     * image ({@code 0, 0, width, height}) comes out letterboxed with black, as the detector expects.
     */
    public RgbImage squareCrop(double x, double y, double w, double h, int size) {
        double side = Math.max(w, h);
        byte[] out = new byte[size * size * 3];
        double step = side / size;
        // each column's source pixels and weight, once: the byte offsets of its two neighbours (-1 beyond
        // the photo, which reads as black), as for each row below; the arithmetic is the per-pixel one's
        int[] left = new int[size];
        int[] right = new int[size];
        double[] fxs = new double[size];
        for (int ox = 0; ox < size; ox++) {
            double sx = x + (ox + 0.5) * step - 0.5;
            int x0 = (int) Math.floor(sx);
            fxs[ox] = sx - x0;
            left[ox] = x0 >= 0 && x0 < width ? x0 * 3 : -1;
            right[ox] = x0 + 1 >= 0 && x0 + 1 < width ? (x0 + 1) * 3 : -1;
        }
        for (int oy = 0; oy < size; oy++) {
            double sy = y + (oy + 0.5) * step - 0.5;
            int y0 = (int) Math.floor(sy);
            double fy = sy - y0;
            int top = y0 >= 0 && y0 < height ? y0 * width * 3 : -1;
            int bottom = y0 + 1 >= 0 && y0 + 1 < height ? (y0 + 1) * width * 3 : -1;
            for (int ox = 0; ox < size; ox++) {
                double fx = fxs[ox];
                for (int c = 0; c < 3; c++) {
                    double upper = byteAt(top, left[ox], c) * (1 - fx) + byteAt(top, right[ox], c) * fx;
                    double lower = byteAt(bottom, left[ox], c) * (1 - fx) + byteAt(bottom, right[ox], c) * fx;
                    out[(oy * size + ox) * 3 + c] = (byte) Math.round(upper * (1 - fy) + lower * fy);
                }
            }
        }
        return new RgbImage(size, size, out);
    }

    /** The channel {@code c} of the pixel at byte offsets {@code row} + {@code column}; 0 where either is -1 (beyond the photo). */
    private int byteAt(int row, int column, int c) {
        return row < 0 || column < 0 ? 0 : rgb[row + column + c] & 0xff;
    }
}
