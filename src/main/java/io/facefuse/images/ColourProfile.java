package io.facefuse.images;

import org.apache.commons.imaging.Imaging;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.ColorConvertOp;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Colours as the file means them. A photo's embedded ICC profile (a phone's Display P3, a camera's
 * Adobe RGB) is applied on decoding: the pixels are converted to sRGB, which the models were trained
 * on and which facefuse's outputs, carrying no profile, are shown as. libjpeg-turbo and the JDK's PNG
 * reader ignore the profile, so without this a Display P3 JPEG or PNG read (and came out of a fusion or
 * a label) desaturated; the WebP reader applies its own.
 * A profile that cannot be read is ignored, as browsers do.
 */
final class ColourProfile {

    /** Larger profiles exist (printer LUTs), but not in photos; a PNG's compressed one is not inflated past this. */
    static final int MAX_PROFILE_BYTES = 4 << 20;

    /** Every channel at 0, 127 and 254: a profile that moves none of them by more than a level is sRGB already. */
    private static final byte[] PROBE = probe();

    /**
     * Profiles found to be sRGB, by digest: most photos that carry a profile carry one of a few sRGB
     * ones, and telling so costs 3 ms a decode (the colour management's set-up); remembered, nothing.
     */
    private static final Set<String> SRGB_ALREADY = ConcurrentHashMap.newKeySet();
    private static final int MAX_REMEMBERED = 256;

    private ColourProfile() {
    }

    /**
     * The conversion of the image's pixels to sRGB, or null where it needs none: no profile, a
     * profile that is not RGB (grey, CMYK) or cannot be read, or one that is sRGB already (cameras
     * embed one).
     */
    static ColorConvertOp toSrgb(byte[] encoded, Images.Format format) {
        if (format == null) {
            return null;
        }
        try {
            byte[] bytes = switch (format) {
                case JPEG -> Imaging.getIccProfileBytes(encoded);
                case PNG -> pngProfile(Images.pngChunk(encoded, "iCCP"));
                case WEBP -> null; // TwelveMonkeys' WebP reader applies a WebP's ICCP chunk itself
            };
            if (bytes == null || bytes.length > MAX_PROFILE_BYTES) {
                return null;
            }
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            if (SRGB_ALREADY.contains(digest)) {
                return null;
            }
            ICC_Profile profile = ICC_Profile.getInstance(bytes);
            if (profile.getColorSpaceType() != ColorSpace.TYPE_RGB || profile.getNumComponents() != 3) {
                return null;
            }
            ColorConvertOp op = new ColorConvertOp(new ICC_ColorSpace(profile),
                    ColorSpace.getInstance(ColorSpace.CS_sRGB), null);
            if (isIdentity(op)) {
                if (SRGB_ALREADY.size() < MAX_REMEMBERED) {
                    SRGB_ALREADY.add(digest);
                }
                return null;
            }
            return op;
        } catch (IOException | NoSuchAlgorithmException | RuntimeException e) {
            // a damaged profile, or one the colour management cannot use (CMMException)
            return null;
        }
    }

    /** Converts the raster's pixels (three bands: R, G, B) in place. */
    static void apply(ColorConvertOp op, WritableRaster raster) {
        WritableRaster converted = raster.createCompatibleWritableRaster();
        op.filter(raster, converted);
        raster.setRect(converted);
    }

    /** Interleaved R, G, B bytes (an {@code RgbImage}'s) as a raster over the same array. */
    static WritableRaster raster(byte[] rgb, int width, int height) {
        return Raster.createInterleavedRaster(new DataBufferByte(rgb, rgb.length), width, height, width * 3, 3,
                new int[] {0, 1, 2}, null);
    }

    private static boolean isIdentity(ColorConvertOp op) {
        byte[] probe = PROBE.clone();
        WritableRaster raster = raster(probe, probe.length / 3, 1);
        apply(op, raster);
        for (int i = 0; i < probe.length; i++) {
            if (Math.abs((probe[i] & 0xff) - (PROBE[i] & 0xff)) > 1) {
                return false;
            }
        }
        return true;
    }

    private static byte[] probe() {
        byte[] probe = new byte[27 * 3];
        int i = 0;
        for (int r = 0; r < 3; r++) {
            for (int g = 0; g < 3; g++) {
                for (int b = 0; b < 3; b++) {
                    probe[i++] = (byte) (r * 127);
                    probe[i++] = (byte) (g * 127);
                    probe[i++] = (byte) (b * 127);
                }
            }
        }
        return probe;
    }

    /**
     * An iCCP chunk's profile: a name of 1-79 bytes, a zero, the compression method (0: zlib), the
     * compressed profile; null where it is malformed or inflates past {@link #MAX_PROFILE_BYTES}.
     */
    private static byte[] pngProfile(byte[] chunk) {
        if (chunk == null) {
            return null;
        }
        int zero = 0;
        while (zero < chunk.length && chunk[zero] != 0) {
            zero++;
        }
        if (zero == 0 || zero > 79 || zero + 2 > chunk.length || chunk[zero + 1] != 0) {
            return null;
        }
        Inflater inflater = new Inflater();
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            inflater.setInput(Arrays.copyOfRange(chunk, zero + 2, chunk.length));
            byte[] buffer = new byte[64 * 1024];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    return null;
                }
                out.write(buffer, 0, n);
                if (out.size() > MAX_PROFILE_BYTES) {
                    return null;
                }
            }
            return out.toByteArray();
        } catch (DataFormatException | IOException e) {
            return null;
        } finally {
            inflater.end();
        }
    }
}
