package io.facefuse.images;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.color.ICC_ProfileRGB;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.SinglePixelPackedSampleModel;
import java.awt.image.WritableRaster;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A matrix/TRC RGB profile's conversion to sRGB, done here: each channel's tone curve as a table to
 * linear light, one 3×3 matrix from the profile's primaries to sRGB's (both stored adapted to D50,
 * so no other adaptation is needed), and sRGB's curve as a table back. Display P3, Adobe RGB and
 * the profiles phones and cameras embed are of this kind. It gives what the JDK's colour
 * management gives (the caller checks, within two levels) in less time.
 */
final class MatrixProfile implements ColourProfile.Conversion {

    private static final int ENCODE_STEPS = 65_535;
    /** Linear light (0-1, in 65,535 steps) to sRGB's 8-bit values. */
    private static final byte[] ENCODE = encodeTable();
    private static final float[][] SRGB_TO_XYZ = ((ICC_ProfileRGB) ICC_Profile.getInstance(ColorSpace.CS_sRGB))
            .getMatrix();

    private final float[][] toLinear;
    private final float[] matrix;

    private MatrixProfile(float[][] toLinear, float[] matrix) {
        this.toLinear = toLinear;
        this.matrix = matrix;
    }

    /** The conversion, or null where the profile is not matrix/TRC or has a curve of a kind not read here. */
    static MatrixProfile of(ICC_Profile profile) {
        if (!(profile instanceof ICC_ProfileRGB rgb)) {
            return null;
        }
        int[] tags = {ICC_Profile.icSigRedTRCTag, ICC_Profile.icSigGreenTRCTag, ICC_Profile.icSigBlueTRCTag};
        float[][] toLinear = new float[3][];
        for (int c = 0; c < 3; c++) {
            byte[] tag = profile.getData(tags[c]);
            toLinear[c] = tag == null ? null : curve(ByteBuffer.wrap(tag));
            if (toLinear[c] == null) {
                return null;
            }
        }
        double[][] toSrgb = multiply(inverse(SRGB_TO_XYZ), rgb.getMatrix());
        float[] matrix = new float[9];
        for (int i = 0; i < 9; i++) {
            matrix[i] = (float) toSrgb[i / 3][i % 3];
        }
        return new MatrixProfile(toLinear, matrix);
    }

    /**
     * Converts the raster's pixels (three bands: R, G, B, 8 bits each) in place: straight on the array
     * where it is an {@code RgbImage}'s interleaved bytes or a packed RGB image's ints (through the
     * sample model, row by row, it took about half as long again), else a row at a time.
     */
    @Override
    public void apply(WritableRaster raster) {
        int pixels = raster.getWidth() * raster.getHeight();
        if (raster.getParent() == null && raster.getDataBuffer() instanceof DataBufferByte bytes
                && raster.getSampleModel() instanceof PixelInterleavedSampleModel model
                && model.getPixelStride() == 3 && model.getScanlineStride() == 3 * raster.getWidth()
                && Arrays.equals(model.getBandOffsets(), new int[] {0, 1, 2}) && bytes.getData().length == 3 * pixels) {
            byte[] rgb = bytes.getData();
            for (int i = 0; i < rgb.length; i += 3) {
                int converted = convert(rgb[i] & 0xff, rgb[i + 1] & 0xff, rgb[i + 2] & 0xff);
                rgb[i] = (byte) (converted >> 16);
                rgb[i + 1] = (byte) (converted >> 8);
                rgb[i + 2] = (byte) converted;
            }
            return;
        }
        if (raster.getParent() == null && raster.getDataBuffer() instanceof DataBufferInt ints
                && raster.getSampleModel() instanceof SinglePixelPackedSampleModel model
                && model.getScanlineStride() == raster.getWidth()
                && Arrays.equals(model.getBitMasks(), new int[] {0xff0000, 0xff00, 0xff}) && ints.getData().length == pixels) {
            int[] packed = ints.getData();
            for (int i = 0; i < packed.length; i++) {
                int p = packed[i];
                packed[i] = (p & 0xff000000) | convert(p >> 16 & 0xff, p >> 8 & 0xff, p & 0xff);
            }
            return;
        }
        int w = raster.getWidth();
        int[] row = new int[w * 3];
        for (int y = 0; y < raster.getHeight(); y++) {
            raster.getPixels(0, y, w, 1, row);
            for (int i = 0; i < row.length; i += 3) {
                int converted = convert(row[i], row[i + 1], row[i + 2]);
                row[i] = converted >> 16 & 0xff;
                row[i + 1] = converted >> 8 & 0xff;
                row[i + 2] = converted & 0xff;
            }
            raster.setPixels(0, y, w, 1, row);
        }
    }

    /** One pixel, packed as 0xRRGGBB. */
    private int convert(int red, int green, int blue) {
        float[] m = matrix;
        float r = toLinear[0][red];
        float g = toLinear[1][green];
        float b = toLinear[2][blue];
        return encode(m[0] * r + m[1] * g + m[2] * b) << 16 | encode(m[3] * r + m[4] * g + m[5] * b) << 8
                | encode(m[6] * r + m[7] * g + m[8] * b);
    }

    private static int encode(float linear) {
        int step = (int) (Math.min(1f, Math.max(0f, linear)) * ENCODE_STEPS + 0.5f);
        return ENCODE[step] & 0xff;
    }

    /**
     * A tone curve tag as a table of 256 values in linear light: 'curv' (none: identity; one entry: a
     * gamma; more: a table) or 'para' (ICC.1:2010 table 65, function types 0-4); null for any other.
     */
    private static float[] curve(ByteBuffer tag) {
        if (tag.remaining() < 12) {
            return null;
        }
        int type = tag.getInt(0);
        float[] out = new float[256];
        if (type == 0x63757276) { // 'curv'
            long count = tag.getInt(8) & 0xffffffffL;
            if (count > 1 && tag.remaining() < 12 + 2 * count) {
                return null;
            }
            for (int v = 0; v < 256; v++) {
                double x = v / 255.0;
                if (count == 0) {
                    out[v] = (float) x;
                } else if (count == 1) {
                    out[v] = (float) Math.pow(x, (tag.getShort(12) & 0xffff) / 256.0);
                } else {
                    double at = x * (count - 1);
                    int i = (int) Math.min(count - 2, Math.floor(at));
                    double a = (tag.getShort(12 + 2 * i) & 0xffff) / 65535.0;
                    double b = (tag.getShort(14 + 2 * i) & 0xffff) / 65535.0;
                    out[v] = (float) (a + (b - a) * (at - i));
                }
            }
            return out;
        }
        if (type != 0x70617261) { // 'para'
            return null;
        }
        int function = tag.getShort(8) & 0xffff;
        int[] counts = {1, 3, 4, 5, 7};
        if (function >= counts.length || tag.remaining() < 12 + 4 * counts[function]) {
            return null;
        }
        double[] p = new double[7];
        for (int i = 0; i < counts[function]; i++) {
            p[i] = tag.getInt(12 + 4 * i) / 65536.0;
        }
        double g = p[0];
        double a = p[1];
        double b = p[2];
        double c = p[3];
        double d = p[4];
        double e = p[5];
        double f = p[6];
        for (int v = 0; v < 256; v++) {
            double x = v / 255.0;
            double y = switch (function) {
                case 0 -> Math.pow(x, g);
                case 1 -> x >= -b / a ? Math.pow(a * x + b, g) : 0;
                case 2 -> x >= -b / a ? Math.pow(a * x + b, g) + c : c;
                case 3 -> x >= d ? Math.pow(a * x + b, g) : c * x;
                default -> x >= d ? Math.pow(a * x + b, g) + e : c * x + f;
            };
            out[v] = (float) Math.min(1, Math.max(0, y));
        }
        return out;
    }

    private static byte[] encodeTable() {
        byte[] table = new byte[ENCODE_STEPS + 1];
        for (int i = 0; i <= ENCODE_STEPS; i++) {
            double x = i / (double) ENCODE_STEPS;
            double v = x <= 0.0031308 ? 12.92 * x : 1.055 * Math.pow(x, 1 / 2.4) - 0.055;
            table[i] = (byte) Math.round(v * 255);
        }
        return table;
    }

    private static double[][] multiply(double[][] a, float[][] b) {
        double[][] out = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) {
                    out[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return out;
    }

    private static double[][] inverse(float[][] m) {
        double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
                - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
        double[][] out = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                // the cofactor of (j, i) over the determinant
                int r0 = (j + 1) % 3;
                int r1 = (j + 2) % 3;
                int c0 = (i + 1) % 3;
                int c1 = (i + 2) % 3;
                out[i][j] = (m[r0][c0] * m[r1][c1] - m[r0][c1] * m[r1][c0]) / det;
            }
        }
        return out;
    }
}
